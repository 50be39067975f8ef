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
 * So the timer looks, at each tick, at the tail of every DSQ that holds
 * a task (the latest deadlines: where a starving task sits, for later
 * arrivals keep sorting ahead of it), and moves a task that has
 * waited rescue_wait_ns() to the head of a CPU it may run on, preempting
 * what runs there (counted: starve_rescues). The wait is the one the
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
 * A quarter of the watchdog, never more than half a second; never less
 * than two ticks, nor, beside the workload class, than its guard and the
 * others' turn (which decide when those others run).
 */
static __always_inline u64 rescue_wait_ns(void)
{
	u64 wait = min_u64(watchdog_ms / 4, 500) * 1000000ULL;

	wait = max_u64(wait, 2 * SLICE_MAX_NS);
	if (WORKLOAD_ON)
		wait = max_u64(wait, WORKLOAD_GUARD_NS + WORKLOAD_TURN_NS);
	return wait;
}

/* How many tasks from a DSQ's tail one tick looks at. */
#define RESCUE_SCAN 16

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
 * In @dsq (with @cpu its CPU for an own DSQ, -1 for a shared one), the
 * first task from the tail (the head under rr_sched, whose DSQs are in
 * arrival order) that has waited @wait at @now: to the local DSQ of @cpu,
 * or of the CPU it last ran on, or of another it may use that serves its
 * DSQs (rescue_target()). At most one a tick for each DSQ.
 */
static void rescue_from(u64 dsq, s32 cpu, u64 now, u64 wait)
{
	struct bpf_iter_scx_dsq it;
	struct task_struct *p;
	struct task_ctx *tctx;
	u32 seen = 0;
	s32 target;

	if (bpf_iter_scx_dsq_new(&it, dsq,
				 KNOB(rr_sched) ? 0 : SCX_DSQ_ITER_REV))
		goto out;
	while ((p = bpf_iter_scx_dsq_next(&it)) && seen++ < RESCUE_SCAN) {
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
		 * kernel's own watchdog work never ran).
		 */
		if (scx_bpf_dsq_move(&it, p, SCX_DSQ_LOCAL_ON | target,
				     SCX_ENQ_HEAD)) {
			scx_bpf_kick_cpu(target, SCX_KICK_PREEMPT);
			count(FS_CNT_starve_rescues);
		}
		break;
	}
out:
	bpf_iter_scx_dsq_destroy(&it);
}

/* Every DSQ where a task waits: its longest waiter, if due. */
static void rescue_starved(u64 now)
{
	u64 wait = rescue_wait_ns();
	u32 i;

	if (!bpf_ksym_exists(scx_bpf_dsq_move))
		return;
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
