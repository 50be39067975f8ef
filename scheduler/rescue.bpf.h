/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bound in time on how long any task waits in a DSQ, whatever its
 * deadline. Deadlines bound a wait only in virtual time: a task's lead is
 * paid off as fast as the clock moves, and a crowd of short runners moves
 * it by their own short runs, under TCG a few microseconds of vruntime
 * for each switch that costs tens. A nice-19 spinner beside a hackbench
 * loop and two hogs waited up to 3 s; khugepaged once 6.3 s, and the
 * kernel's watchdog ejected the scheduler (it allows watchdog_ms).
 *
 * So the timer looks, every quarter of that bound, through every DSQ
 * that holds a task (from the tail: the latest deadlines, where a
 * starving task sits, for later arrivals keep sorting ahead of it; but
 * a task can wait as long in the middle of a crowd, behind later
 * arrivals), and moves each task that has waited rescue_wait_ns(), a
 * few a DSQ a pass, to the local DSQ of a CPU it may run on, preempting what
 * runs there (counted: starve_rescues). The wait is the one the
 * kernel's watchdog measures: since the task last ran or woke; a
 * re-queue that did not run it (SCX_ENQ_REENQ, an affinity change, a
 * renice) does not start it again.
 */
#ifndef FLASHYSPARK_RESCUE_BPF_H
#define FLASHYSPARK_RESCUE_BPF_H

#include "state.bpf.h"
#include "dsq.bpf.h"
#include "workload.bpf.h"

/* The struct_ops watchdog the loader set (option watchdog_ms). */
const volatile u32 watchdog_ms = 5000;

/*
 * An eighth of the watchdog, never more than half a second; never less
 * than two ticks, nor, beside the workload class, than its guard and the
 * others' turn (which decide when those others run). An eighth, for the
 * kernel's watchdog work is itself a task that waits: it notes the time
 * as it starts, queues itself again half the watchdog later, and may
 * wait at its wake-up and again at each CPU it checks (it yields between
 * them), and all of that must fit in the other half ("watchdog failed to
 * check in" after 2.004 s under a 2 s watchdog, with a quarter, on CI).
 */
static __always_inline u64 rescue_wait_ns(void)
{
	u64 wait = min_u64(watchdog_ms / 8, 500) * 1000000ULL;

	wait = max_u64(wait, 2 * SLICE_MAX_NS);
	if (WORKLOAD_ON)
		wait = max_u64(wait, WORKLOAD_GUARD_NS + WORKLOAD_TURN_NS);
	return wait;
}

/*
 * How many tasks one pass moves from a DSQ at most. It looks at all the
 * others (the iterator ends at the last task queued when it began; a
 * count of those seen would have the verifier walk each value of it).
 */
#define RESCUE_MOVES 4

/* When the timer last looked through the DSQs. */
static u64 rescue_scanned_at;

/*
 * Where rescued @p runs: @want if it may and that CPU serves its DSQs
 * (an RT task may hold it), else the first such CPU from @want on
 * (workload_find()); -1 if none.
 */
static __always_inline s32 rescue_target(const struct task_struct *p, s32 want,
					 u64 now)
{
	if (bpf_cpumask_test_cpu(want, p->cpus_ptr) && cpu_serving(want, now))
		return want;
	return workload_find(p, want, WF_ANY);
}

/*
 * In @dsq (with @cpu its CPU for an own DSQ, -1 for a shared one), from
 * the tail (the head under rr_sched, whose DSQs are in arrival order),
 * each task that has waited @wait at @now: to the local DSQ of @cpu, or
 * of the CPU it last ran on, or of another it may use that serves its
 * DSQs (rescue_target()). At most RESCUE_MOVES a pass.
 */
static void rescue_from(u64 dsq, s32 cpu, u64 now, u64 wait)
{
	struct bpf_iter_scx_dsq it;
	struct task_struct *p;
	struct task_ctx *tctx;
	u32 moved = 0;
	s32 target;

	if (bpf_iter_scx_dsq_new(&it, dsq,
				 KNOB(rr_sched) ? 0 : SCX_DSQ_ITER_REV))
		goto out;
	while (moved < RESCUE_MOVES && (p = bpf_iter_scx_dsq_next(&it))) {
		tctx = task_ctx(p);
		if (!tctx || !tctx->queued_at || now < tctx->queued_at ||
		    now - tctx->queued_at < wait)
			continue;
		target = rescue_target(p, cpu >= 0 ? cpu : scx_bpf_task_cpu(p),
				       now);
		if (target < 0)
			continue;
		/*
		 * Not SCX_ENQ_IMMED: inserted beside a runner, the task would
		 * come straight back to ops.enqueue, be rescued again at the
		 * next tick, and never run (seen: 561 rescues in 11 s, and the
		 * kernel's own watchdog work never ran). Not SCX_ENQ_HEAD
		 * either: in a crowd many are rescued, and each at the head
		 * pushed back the ones rescued before it, which no pass sees
		 * again (local DSQs are not scanned). At the tail, behind
		 * the few tasks a local DSQ holds, they run in turn.
		 */
		if (scx_bpf_dsq_move(&it, p, SCX_DSQ_LOCAL_ON | target, 0)) {
			scx_bpf_kick_cpu(target, SCX_KICK_PREEMPT);
			count(FS_CNT_starve_rescues);
			moved++;
		}
	}
out:
	bpf_iter_scx_dsq_destroy(&it);
}

/*
 * Every quarter of the bound, every DSQ where a task waits: the tasks
 * due. A task is moved at most a quarter of the bound late, unless more
 * than RESCUE_MOVES of its DSQ fell due in one quarter (then RESCUE_MOVES
 * each pass: in the heaviest crowd measured, about 100 a second in all).
 */
static void rescue_starved(u64 now)
{
	u64 wait = rescue_wait_ns();
	u32 i;

	if (!bpf_ksym_exists(scx_bpf_dsq_move))
		return;
	if (now >= rescue_scanned_at && now - rescue_scanned_at < wait / 4)
		return;
	rescue_scanned_at = now;
	if (shared_nr_queued(FS_DSQ_GLOBAL))
		rescue_from(FS_DSQ_GLOBAL, -1, now, wait);
	if (shared_nr_queued(FS_DSQ_PERF))
		rescue_from(FS_DSQ_PERF, -1, now, wait);
	bpf_for(i, 0, nr_nodes)
	{
		if (shared_nr_queued(FS_DSQ_NODE_BASE + i))
			rescue_from(FS_DSQ_NODE_BASE + i, -1, now, wait);
	}
	bpf_for(i, 0, nr_llcs)
	{
		if (shared_nr_queued(FS_DSQ_LLC_BASE + i))
			rescue_from(FS_DSQ_LLC_BASE + i, -1, now, wait);
	}
	if (!READ_ONCE(own_queued_all))
		return;
	bpf_for(i, 0, nr_cpus)
	{
		if (own_nr_queued(i, cpu_ctx(i)))
			rescue_from(i, i, now, wait);
	}
}

#endif
