/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMT spreading: two tasks on the siblings of one core while a whole core
 * idles share one core's execution units for nothing. Placement prefers
 * whole idle cores (idle.bpf.h), but a task that never sleeps is placed
 * once, and nothing parts such a pair later: a probe found two free hogs
 * on one core in 30 of 30 samples (EEVDF's load balancer: 0;
 * bench/data/knob-placement-probe-2026-12-04.txt). So the timer looks
 * for a task that has run a whole slice beside a busy sibling while a
 * core idles, and preempts it (spread_smt()); the scheduler then does not
 * let it go on (smt_spread_pending()), and its enqueue, with
 * SCX_OPS_ENQ_LAST also when it was its CPU's last task, puts it on the
 * idle core (smt_spread()). disable_smt turns this off with the rest of
 * the SMT preference. Tasks of the workload class and confined GPU tasks
 * are left where their own rules put them; pinned tasks cannot move.
 */
#ifndef FLASHYSPARK_SMT_BPF_H
#define FLASHYSPARK_SMT_BPF_H

#include "state.bpf.h"
#include "deadline.bpf.h"
#include "idle.bpf.h"

/* Task @p starts on @cpu (ops.running): whether the spread may move it. */
static __always_inline void smt_note_running(struct cpu_ctx *cctx,
					     const struct task_struct *p,
					     const struct task_ctx *tctx,
					     s32 cpu)
{
	cctx->cur_pid = p->pid;
	cctx->cur_free = smt_present && !tctx->workload &&
			 (u32)p->nr_cpus_allowed >= nr_cpus &&
			 gpu_home(p, cpu) < 0;
}

/* spread_smt() preempted @p on @cpu to move it: it must not go on there. */
static __always_inline bool smt_spread_pending(const struct task_struct *p,
					       s32 cpu)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);

	return cctx && cctx->spread_pid && cctx->spread_pid == p->pid;
}

/* A sibling of @cpu runs a task (at most 8 siblings are looked at). */
static bool sibling_runs(s32 cpu)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	s32 s = cctx ? cctx->sibling : -1;
	u32 i;

	bpf_for(i, 0, 8)
	{
		struct cpu_ctx *c;

		if (s < 0 || s == cpu)
			return false;
		c = cpu_ctx(s);
		if (!c)
			return false;
		if (c->started_at)
			return true;
		s = c->sibling;
	}
	return false;
}

/* Some SMT core has every sibling idle. */
static bool whole_core_idle(void)
{
	const struct cpumask *idle;
	bool any = false;
	u32 k;

	bpf_for(k, 0, nr_idle_masks())
	{
		idle = idle_mask_get(k, true);
		if (!bpf_cpumask_empty(idle))
			any = true;
		scx_bpf_put_idle_cpumask(idle);
	}
	return any;
}

/*
 * From the timer: preempt one task that has run a whole slice beside a
 * busy sibling while a core idles, marked so that its CPU lets it go. One
 * per tick: the next tick sees where the first went.
 */
static void spread_smt(u64 now)
{
	u32 cpu;

	if (!smt_present || KNOB(disable_smt) || !whole_core_idle())
		return;
	bpf_for(cpu, 0, nr_cpus)
	{
		struct cpu_ctx *cctx = cpu_ctx(cpu);
		u64 started;

		if (!cctx || !cctx->cur_free)
			continue;
		started = cctx->started_at;
		if (!started || now < started + SLICE_MAX_NS ||
		    !sibling_runs(cpu))
			continue;
		cctx->spread_pid = cctx->cur_pid;
		scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
		return;
	}
}

/*
 * ops.enqueue of @p, queued for @cpu: if spread_smt() preempted it, run it
 * on a whole idle core; false (queue it as usual) when there is none now.
 */
static bool smt_spread(struct task_struct *p, struct task_ctx *tctx, s32 cpu)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	s32 target;

	if (!smt_spread_pending(p, cpu) || !cctx)
		return false;
	cctx->spread_pid = 0;
	target = pick_idle_core(p, cpu, NULL);
	if (target < 0)
		return false;
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | target, task_slice(p, tctx, 0),
			   0);
	scx_bpf_kick_cpu(target, SCX_KICK_IDLE);
	count(FS_CNT_smt_spreads);
	return true;
}

#endif
