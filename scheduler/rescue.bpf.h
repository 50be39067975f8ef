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
 * waited RESCUE_WAIT_NS to the head of a CPU it may run on, preempting
 * what runs there (counted: starve_rescues). The wait is the task's own:
 * since ops.enqueue last queued it, a preemption included.
 */
#ifndef FLASHYSPARK_RESCUE_BPF_H
#define FLASHYSPARK_RESCUE_BPF_H

#include "state.bpf.h"
#include "dsq.bpf.h"

/* The struct_ops watchdog the loader set (option watchdog_ms). */
const volatile u32 watchdog_ms = 5000;

/* A quarter of the watchdog, and never more than half a second. */
#define RESCUE_WAIT_NS (min_u64(watchdog_ms / 4, 500) * 1000000ULL)

/* How many tasks from a DSQ's tail one tick looks at. */
#define RESCUE_SCAN 16

/*
 * In @dsq (with @cpu its CPU for an own DSQ, -1 for a shared one), the
 * first task from the tail that has waited RESCUE_WAIT_NS at @now: to
 * the local DSQ of @cpu, or of the CPU it last ran on if it may run
 * there. At most one a tick for each DSQ.
 */
static void rescue_from(u64 dsq, s32 cpu, u64 now)
{
	struct bpf_iter_scx_dsq it;
	struct task_struct *p;
	struct task_ctx *tctx;
	u32 seen = 0;
	s32 target;

	if (bpf_iter_scx_dsq_new(&it, dsq, SCX_DSQ_ITER_REV))
		goto out;
	while ((p = bpf_iter_scx_dsq_next(&it)) && seen++ < RESCUE_SCAN) {
		tctx = task_ctx(p);
		if (!tctx || !tctx->queued_at || now < tctx->queued_at ||
		    now - tctx->queued_at < RESCUE_WAIT_NS)
			continue;
		target = cpu >= 0 ? cpu : scx_bpf_task_cpu(p);
		if (!bpf_cpumask_test_cpu(target, p->cpus_ptr))
			continue;
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
	u32 i;

	if (!bpf_ksym_exists(scx_bpf_dsq_move))
		return;
	if (shared_nr_queued(FS_DSQ_GLOBAL))
		rescue_from(FS_DSQ_GLOBAL, -1, now);
	if (shared_nr_queued(FS_DSQ_PERF))
		rescue_from(FS_DSQ_PERF, -1, now);
	bpf_for(i, 0, nr_nodes)
	{
		if (shared_nr_queued(FS_DSQ_NODE_BASE + i))
			rescue_from(FS_DSQ_NODE_BASE + i, -1, now);
	}
	bpf_for(i, 0, nr_llcs)
	{
		if (shared_nr_queued(FS_DSQ_LLC_BASE + i))
			rescue_from(FS_DSQ_LLC_BASE + i, -1, now);
	}
	if (!READ_ONCE(own_queued_all))
		return;
	bpf_for(i, 0, nr_cpus)
	{
		if (own_nr_queued(i, cpu_ctx(i)))
			rescue_from(i, i, now);
	}
}

#endif
