/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The inference workload as a class of its own (options workload_comm,
 * workload_pid and workload_cgroup).
 *
 * llama.cpp's threads meet at a barrier per graph node: one thread held
 * back by a neighbour holds back all. So the tasks of the named processes
 * (matched by name at fork and after an exec, by process id: every
 * thread of a process given by pid, or by cgroup: every task in a named
 * cgroup or below it, followed when it moves) wait in DSQs of their own,
 * one per CPU, that each CPU serves before anything else. A waking
 * workload task takes its last CPU if idle, else an idle CPU, else
 * preempts its last CPU's runner if that is another task (all decided in
 * ops.select_cpu), else waits on its last CPU (one with no workload task
 * waiting, if its own has one). A workload runner is not preempted by
 * other tasks' wake-ups, and when its slice ends it goes on while only
 * other tasks wait. A CPU with no workload task of its own takes one
 * waiting elsewhere before it serves others or idles. Per-CPU queues, not
 * one shared FIFO: with 4 threads on 2 CPUs, a shared FIFO moved a thread
 * to another CPU at nearly every wake-up (40,120 migrations in one
 * llama-bench run, SCHED_RR 5). Other tasks are not starved: a CPU on
 * which they have waited workload_guard_ms serves them, by deadline, for
 * a turn of half a slice (the guard), during which no workload wake-up
 * preempts them; per-CPU kthreads do not wait for turns at all: they go
 * to the head of their CPU (main.bpf.c, counted workload_kthreads). Off
 * (no cost beyond one test) while no name, pid or cgroup is given; the
 * knobs' decisions apply to every other task.
 */
#ifndef FLASHYSPARK_WORKLOAD_BPF_H
#define FLASHYSPARK_WORKLOAD_BPF_H

#include "state.bpf.h"
#include "classify.bpf.h"
#include "dsq.bpf.h"
#include "idle.bpf.h"

#define WORKLOAD_ON \
	(nr_workload_comm > 0 || nr_workload_pid > 0 || nr_workload_cgroup > 0)
#define WORKLOAD_GUARD_NS (workload_guard_ms * 1000000ULL)
/*
 * The others' turn after the guard: half a slice, which the task then
 * running may overrun by its own slice. With a whole slice, two plain
 * hogs beside two named ones got 118/1000 of the CPU time (one-task
 * turns: 56); a crowd of short tasks gets through many in half a slice.
 */
#define WORKLOAD_TURN_NS (SLICE_MAX_NS / 2)

/*
 * Whether @p belongs to the workload: its name, its process's id or a
 * cgroup it is in is one the loader was given. Looked up at fork and
 * again only after an exec changed the name (self_exec_id counts execs)
 * or the task moved to another cgroup, not on every wake-up (a loop over
 * the names is kfunc calls, over the cgroups three a cgroup). A process
 * keeps its id over an exec, and its new threads share it.
 *
 * A task moves without a fork or an exec (echo PID > cgroup.procs,
 * systemd-run --scope, a container runtime): with workload_cgroup the
 * class is decided again when the id of the task's cgroup differs from
 * the one it was decided for (three loads; not read at all without
 * workload_cgroup). The id, not the css_set pointer: a freed css_set's
 * memory may come back as another cgroup's, a cgroup id is never reused.
 * Not ops.cgroup_move: the kernel calls it only when a move changes the
 * task's cgroup of the cpu controller (CONFIG_EXT_GROUP_SCHED, and the
 * cpu controller enabled down to where it moves), so a move between
 * cgroups without that controller, which workload_cgroup accepts, would
 * go unseen. Checked in ops.runnable (a wake-up, main.bpf.c) and, with
 * workload_cgroup, in ops.enqueue (workload_follow()): a task that never
 * sleeps comes back there at the end of each slice it was not let keep.
 * A fork's class is decided at ops.init_task, before the kernel links the
 * new task to its creator's cgroups (it reads the root's id then): its
 * first ops.runnable sees another id and decides again, after its first
 * ops.select_cpu, which places it by the class it had.
 */
static __always_inline void workload_classify(struct task_struct *p,
					      struct task_ctx *tctx, bool fresh)
{
	u64 cgroup_id = nr_workload_cgroup ? task_cgroup_id(p) : 0;

	if (!WORKLOAD_ON || (!fresh && tctx->exec_id == p->self_exec_id &&
			     tctx->cgroup_id == cgroup_id))
		return;
	tctx->exec_id = p->self_exec_id;
	tctx->cgroup_id = cgroup_id;
	tctx->workload = comm_in(p, workload_comm, nr_workload_comm) ||
			 tgid_in(p, workload_pid, nr_workload_pid) ||
			 cgroup_in(p, workload_cgroup, nr_workload_cgroup);
}

/*
 * In ops.enqueue: with workload_cgroup, a task moved to or from a named
 * cgroup while it ran is classed anew before it is queued.
 */
static __always_inline void workload_follow(struct task_struct *p,
					    struct task_ctx *tctx)
{
	if (nr_workload_cgroup)
		workload_classify(p, tctx, false);
}

/* @c is in the others' guard turn at @now (workload_dispatch() starts it). */
static __always_inline bool in_turn(const struct cpu_ctx *c, u64 now)
{
	return now < READ_ONCE(c->turn_ends);
}

/*
 * @cpu runs a task that is not the workload's (and not the idle task),
 * outside the others' guard turn: a waking workload task may preempt it.
 * In a turn it may not: when each wake-up of the workload (a barrier's
 * threads wake by the hundred per second) ended the one task the turn
 * served, the others got microseconds per turn, and beside hackbench a
 * kworker waited 7.4 s in a queue ordered by deadline (the watchdog
 * ejected the scheduler: bench/data/scenario-bursty-tgid-final-*).
 */
static __always_inline bool runs_other(s32 cpu)
{
	struct cpu_ctx *c = cpu_ctx(cpu);

	return c && c->started_at && !c->cur_workload && !in_turn(c, fs_now());
}

static __always_inline u64 wl_dsq(s32 cpu)
{
	return FS_DSQ_WORKLOAD_BASE + cpu;
}

/* A workload task waits in @cpu's workload DSQ. */
static __always_inline bool wl_waiting(s32 cpu)
{
	return nr_queued(wl_dsq(cpu)) > 0;
}

/*
 * Workload tasks that may wait in the workload DSQs, known without a
 * kfunc call per CPU (an idle CPU's dispatch would query every CPU's DSQ
 * to find none): counted in when ops.enqueue inserts one, out once it
 * has left (it runs, comes back to ops.enqueue or leaves sched_ext). Never
 * below the DSQs' total; 0 means all are empty.
 */
u64 wl_queued_all;

static __always_inline void wl_count_in(struct task_ctx *tctx)
{
	if (tctx->wl_queued)
		return;
	tctx->wl_queued = true;
	__sync_fetch_and_add(&wl_queued_all, 1);
}

static __always_inline void wl_count_out(struct task_ctx *tctx)
{
	if (!tctx->wl_queued)
		return;
	tctx->wl_queued = false;
	__sync_fetch_and_add(&wl_queued_all, (u64)-1);
}

/* Whether a workload task may wait in any CPU's DSQ. */
static __always_inline bool workload_waiting(void)
{
	return WORKLOAD_ON && READ_ONCE(wl_queued_all);
}

/*
 * @cpu serves its DSQs: it dispatched within four slices. An offline CPU
 * or one an RT task holds does not, and a task queued there would wait
 * until the timer hands it back (requeue_stranded()).
 */
static __always_inline bool cpu_serving(s32 cpu, u64 now)
{
	struct cpu_ctx *c = cpu_ctx(cpu);
	u64 served = c ? READ_ONCE(c->served_at) : 0;

	return served && now < served + 4 * SLICE_MAX_NS;
}

enum workload_find {
	WF_RUNS_OTHER, /* a CPU running a task not the workload's */
	WF_NONE_WAITS, /* a CPU with no workload task waiting */
	WF_ANY,	       /* any */
};

/*
 * Among the CPUs @p may use, other than @cpu, the first (from @cpu on)
 * that is what @what asks for; -1 if none.
 */
static s32 workload_find(const struct task_struct *p, s32 cpu,
			 enum workload_find what)
{
	u64 now = fs_now();
	u32 k, j;

	bpf_for(k, 1, nr_cpus)
	{
		j = ((u32)cpu + k) % nr_cpus;
		if (!bpf_cpumask_test_cpu(j, p->cpus_ptr))
			continue;
		/* A runner of others is preempted; a queue must be served. */
		if (what != WF_RUNS_OTHER && !cpu_serving(j, now))
			continue;
		if (what == WF_ANY ||
		    (what == WF_RUNS_OTHER ? runs_other(j) : !wl_waiting(j)))
			return j;
	}
	return -1;
}

/*
 * Where workload task @p, waking, runs, decided in ops.select_cpu so that
 * the common cases skip ops.enqueue, the DSQs and a separate kick: the
 * CPU it last ran on if idle, else an idle CPU it may use, else its last
 * CPU at once when that runs another task
 * (SCX_ENQ_PREEMPT: the runner's slice ends now; under TCG the enqueue,
 * kick and dispatch this saves cost ~10 us per wake-up). -1: it waits
 * behind the workload (ops.enqueue; no idle CPU was found, *@searched).
 */
static __always_inline s32 workload_select(struct task_struct *p, s32 prev_cpu,
					   bool *searched)
{
	s32 cpu = -1;
	u64 flags = fs_immed();

	*searched = false;
	if (bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr) &&
	    scx_bpf_test_and_clear_cpu_idle(prev_cpu))
		cpu = prev_cpu;
	else
		cpu = pick_idle_cpu(p, prev_cpu, NULL);
	if (cpu < 0) {
		*searched = true;
		if (!bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr) ||
		    !runs_other(prev_cpu))
			return -1;
		cpu = prev_cpu;
		flags |= SCX_ENQ_PREEMPT;
		count(FS_CNT_workload_preempts);
	}
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SLICE_MAX_NS, flags);
	return cpu;
}

/*
 * Queue workload task @p (it last ran on @cpu) where it runs soonest and
 * moves least: @cpu if idle, else an idle CPU it may use, else a CPU
 * running another task (preempted), else @cpu behind its runner, or a CPU
 * with no workload task waiting if one already waits on @cpu. A task the
 * timer handed back (the CPU it waited on stopped serving: an RT task
 * holds it) goes to another CPU; only CPUs that serve their DSQs are
 * chosen for a queue (cpu_serving()).
 */
static __always_inline void workload_enqueue(struct task_struct *p,
					     struct task_ctx *tctx, s32 cpu,
					     bool searched, u64 enq_flags)
{
	bool away = enq_flags & SCX_ENQ_REENQ;
	u64 kick = SCX_KICK_IDLE;
	s32 target = -1, j;

	if (!away && scx_bpf_test_and_clear_cpu_idle(cpu))
		target = cpu;
	else if (!searched)
		target = pick_idle_cpu(p, cpu, NULL);
	if (target < 0) {
		kick = SCX_KICK_PREEMPT;
		if (!away && runs_other(cpu))
			target = cpu;
		else
			target = workload_find(p, cpu, WF_RUNS_OTHER);
	}
	if (target < 0) {
		kick = 0;
		target = cpu;
		if (away || wl_waiting(cpu)) {
			j = workload_find(p, cpu, WF_NONE_WAITS);
			if (j < 0 && away)
				j = workload_find(p, cpu, WF_ANY);
			if (j >= 0)
				target = j;
		}
	}
	/* Arrival order: its threads are alike, a barrier waits for all. */
	scx_bpf_dsq_insert_vtime(p, wl_dsq(target), SLICE_MAX_NS, fs_now(),
				 enq_flags);
	wl_count_in(tctx);
	if (kick == SCX_KICK_IDLE) {
		scx_bpf_kick_cpu(target, SCX_KICK_IDLE);
		count(FS_CNT_immediate_kicks);
	} else if (kick == SCX_KICK_PREEMPT) {
		scx_bpf_kick_cpu(target, SCX_KICK_PREEMPT);
		count(FS_CNT_workload_preempts);
	} else {
		preempt_if_tickless(target); /* an infinite slice never ends */
	}
}

/*
 * A workload task waiting on another CPU, for @cpu (counted): the first
 * found, or with @min_wait the first that has waited that long (its DSQ
 * key is its arrival time).
 */
static bool workload_steal(s32 cpu, u64 min_wait)
{
	u64 now = fs_now(), arrived;
	u32 k, j;

	if (!READ_ONCE(wl_queued_all))
		return false;
	bpf_for(k, 1, nr_cpus)
	{
		j = ((u32)cpu + k) % nr_cpus;
		if (!wl_waiting(j))
			continue;
		if (min_wait && (!dsq_head(wl_dsq(j), &arrived) ||
				 now < arrived + min_wait))
			continue;
		if (fs_move_to_local(wl_dsq(j))) {
			count(FS_CNT_workload_steals);
			return true;
		}
	}
	return false;
}

/* A workload task for @cpu: its own, else one waiting elsewhere. */
static bool workload_take(s32 cpu)
{
	return (wl_waiting(cpu) && fs_move_to_local(wl_dsq(cpu))) ||
	       workload_steal(cpu, 0);
}

enum workload_serve {
	WL_NONE,      /* serve the other tasks as usual */
	WL_MOVED,     /* a workload task was moved to @cpu */
	WL_KEEP_PREV, /* let the workload task @prev go on */
};

/*
 * What @cpu serves first: a workload task waiting for it, else the
 * workload task @prev whose slice ended (unless one has waited a slice on
 * another CPU: that one runs, so that more workload tasks than CPUs share
 * them evenly), else one waiting on another CPU; unless other tasks have
 * waited here longer than the guard: then they are served, by deadline as
 * usual, for a turn (WORKLOAD_TURN_NS) or until none waits. A
 * turn of time, not of one task: a turn that ended with the first task
 * served gave a crowd of short-running tasks (hackbench) one of them per
 * guard period, and the last of the crowd waited seconds.
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
		c->turn_ends = 0;      /* and the turn is over */
	} else if (in_turn(c, now)) {
		return WL_NONE; /* the others' turn goes on */
	} else if (now > c->other_ran_at + WORKLOAD_GUARD_NS) {
		WRITE_ONCE(c->turn_ends, now + WORKLOAD_TURN_NS);
		count(FS_CNT_workload_yields);
		return WL_NONE;
	}
	if (wl_waiting(cpu) && fs_move_to_local(wl_dsq(cpu))) {
		c->served_at = now;
		return WL_MOVED;
	}
	ptctx = prev && (prev->scx.flags & SCX_TASK_QUEUED) ? task_ctx(prev)
							    : NULL;
	if (ptctx && ptctx->workload) {
		/* Its turn to wait, if one has waited a slice elsewhere. */
		if (workload_steal(cpu, SLICE_MAX_NS)) {
			c->served_at = now;
			return WL_MOVED;
		}
		c->served_at = now;
		count(FS_CNT_workload_kept);
		return WL_KEEP_PREV;
	}
	if (!workload_steal(cpu, 0))
		return WL_NONE;
	c->served_at = now;
	return WL_MOVED;
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
