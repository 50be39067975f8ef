/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The inference workload as a class of its own (option workload_comm).
 *
 * llama.cpp's threads meet at a barrier per graph node: one thread held
 * back by a neighbour holds back all. So the tasks of the named processes
 * (matched by name at fork and after an exec) wait in a DSQ of
 * their own that every CPU serves before anything else; a waking workload
 * task takes an idle CPU, else preempts a CPU running another task; a
 * workload runner is not preempted by other tasks' wake-ups, and when its
 * slice ends it goes on while only other tasks wait. Other tasks are not
 * starved: a CPU on which they have waited workload_guard_ms serves them
 * once by deadline (the guard). Off (no cost beyond one test) while no
 * name is given; the knobs' decisions apply to every other task.
 */
#ifndef FLASHYSPARK_WORKLOAD_BPF_H
#define FLASHYSPARK_WORKLOAD_BPF_H

#include "state.bpf.h"
#include "classify.bpf.h"
#include "dsq.bpf.h"
#include "idle.bpf.h"

#define WORKLOAD_ON	  (nr_workload_comm > 0)
#define WORKLOAD_GUARD_NS (workload_guard_ms * 1000000ULL)

/*
 * Whether @p belongs to the workload: its name is looked up at fork and
 * again only after an exec changed it (self_exec_id counts execs), not on
 * every wake-up (a loop over the names is kfunc calls).
 */
static __always_inline void workload_classify(const struct task_struct *p,
					      struct task_ctx *tctx, bool fresh)
{
	if (!WORKLOAD_ON || (!fresh && tctx->exec_id == p->self_exec_id))
		return;
	tctx->exec_id = p->self_exec_id;
	tctx->workload = comm_in(p, workload_comm, nr_workload_comm);
}

/* @cpu runs a task that is not the workload's (and not the idle task). */
static __always_inline bool runs_other(s32 cpu)
{
	struct cpu_ctx *c = cpu_ctx(cpu);

	return c && c->started_at && !c->cur_workload;
}

/*
 * Get a workload task just queued (its CPU @cpu) running: @cpu if idle,
 * else an idle CPU it may use, else preempt @cpu's or another allowed
 * CPU's runner if that is not the workload's. With every allowed CPU
 * running the workload, it waits for their slices to end (FIFO).
 */
static void workload_kick(struct task_struct *p, s32 cpu, bool searched)
{
	s32 target = -1;
	u32 j;

	if (scx_bpf_test_and_clear_cpu_idle(cpu))
		target = cpu;
	else if (!searched)
		target = pick_idle_cpu(p, cpu, NULL);
	if (target >= 0) {
		scx_bpf_kick_cpu(target, SCX_KICK_IDLE);
		count(FS_CNT_immediate_kicks);
		return;
	}
	if (!runs_other(cpu)) {
		bpf_for(j, 0, nr_cpus)
		{
			if ((s32)j != cpu &&
			    bpf_cpumask_test_cpu(j, p->cpus_ptr) &&
			    runs_other(j)) {
				target = j;
				break;
			}
		}
		if (target < 0)
			return;
		cpu = target;
	}
	scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
	count(FS_CNT_workload_preempts);
}

/* Queue workload task @p (it last ran on @cpu) and get it a CPU. */
static __always_inline void workload_enqueue(struct task_struct *p, s32 cpu,
					     bool searched, u64 enq_flags)
{
	/* Arrival order: its threads are alike, a barrier waits for all. */
	scx_bpf_dsq_insert_vtime(p, FS_DSQ_WORKLOAD, SLICE_MAX_NS, fs_now(),
				 enq_flags);
	workload_kick(p, cpu, searched);
}

enum workload_serve {
	WL_NONE,      /* serve the other tasks as usual */
	WL_MOVED,     /* a workload task was moved to @cpu */
	WL_KEEP_PREV, /* let the workload task @prev go on */
};

/*
 * What @cpu serves first: a waiting workload task, else the workload task
 * @prev whose slice ended, unless other tasks have waited here longer
 * than the guard (then they get one turn, by deadline, as usual).
 */
static __always_inline enum workload_serve
workload_dispatch(s32 cpu, struct task_struct *prev)
{
	struct cpu_ctx *c = cpu_ctx(cpu);
	struct task_ctx *ptctx;
	u64 now = fs_now();

	if (!c)
		return WL_NONE;
	if (!nr_waiting(cpu)) {
		c->other_ran_at = now; /* nobody else waits: nobody starves */
	} else if (now > c->other_ran_at + WORKLOAD_GUARD_NS) {
		count(FS_CNT_workload_yields);
		return WL_NONE;
	}
	if (nr_queued(FS_DSQ_WORKLOAD) && fs_move_to_local(FS_DSQ_WORKLOAD)) {
		c->served_at = now;
		return WL_MOVED;
	}
	if (!prev || !(prev->scx.flags & SCX_TASK_QUEUED))
		return WL_NONE;
	ptctx = task_ctx(prev);
	if (!ptctx || !ptctx->workload)
		return WL_NONE;
	c->served_at = now;
	count(FS_CNT_workload_kept);
	return WL_KEEP_PREV;
}

/*
 * A wake-up of another task may not preempt a workload runner on @c
 * (counted): the guard, not a wake-up, decides when the others run.
 */
static __always_inline bool workload_shields(const struct cpu_ctx *c)
{
	if (!c->cur_workload)
		return false;
	count(FS_CNT_workload_shielded);
	return true;
}

/* @p starts on @c at @now. */
static __always_inline void
workload_running(struct cpu_ctx *c, const struct task_ctx *tctx, u64 now)
{
	c->cur_workload = tctx->workload;
	if (!tctx->workload)
		c->other_ran_at = now;
}

#endif
