/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The periodic timer: every slice it samples each CPU's utilisation (for
 * the busy test, slice_lag_scaling and cpufreq) and notes the performance
 * target the kernel holds for it, re-queues work stranded in
 * the own and local DSQs of a CPU that has stopped serving them, wakes an
 * idle CPU whose DSQs hold work and, with timer_kick, kicks idle CPUs while
 * work waits anywhere instead of kicking at every enqueue; and it parts
 * tasks that share an SMT core while a whole core idles (smt.bpf.h); and it
 * runs a task that has waited too long at once (rescue.bpf.h).
 */
#ifndef FLASHYSPARK_TIMER_BPF_H
#define FLASHYSPARK_TIMER_BPF_H

#include "state.bpf.h"
#include "dsq.bpf.h"
#include "idle_mask.bpf.h"
#include "smt.bpf.h"
#include "workload.bpf.h"
#include "rescue.bpf.h"

struct tick_timer {
	struct bpf_timer timer;
	u64 last_at;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct tick_timer);
} tick_timers SEC(".maps");

/*
 * The performance target the kernel records for each CPU (its run queue's
 * cpuperf_target, which schedutil reads), as the timer last saw it. The
 * loader reports it, so that cpufreq shows what it asked for even where no
 * cpufreq driver acts on it (a VM): the kernel's value, not our own note.
 */
u32 kernel_perf_targets[FS_MAX_CPUS];
extern struct rq runqueues __ksym;

static __always_inline void record_perf_target(u32 cpu)
{
	struct rq *rq = bpf_per_cpu_ptr(&runqueues, cpu);

	if (rq)
		kernel_perf_targets[CPU_IDX(cpu)] = rq->scx.cpuperf_target;
}

static __always_inline u64 timer_period(void)
{
	return SLICE_MAX_NS;
}

/* Fold the CPU's busy time since the last sample into its smoothed util. */
static __always_inline u64 sample_util(struct cpu_ctx *cctx, u64 now,
				       u64 elapsed)
{
	u64 started = cctx->started_at, busy = cctx->busy_ns, delta, sample;

	if (started && now > started)
		busy += now - started;
	delta = busy > cctx->busy_seen ? busy - cctx->busy_seen : 0;
	cctx->busy_seen = busy;
	sample = elapsed ? min_u64(delta * 1024 / elapsed, 1024) : 0;
	cctx->util = (cctx->util * 3 + sample) / 4;
	return cctx->util;
}

/*
 * @cpu has not served its DSQs for four slices (an RT task holds it, or a
 * long runner): queue again what waits in its own DSQ, its workload DSQ
 * and its local DSQ (a task an RT task preempted stays there unless it was
 * inserted with SCX_ENQ_IMMED; under tickless one was seen getting 4% of a
 * CPU for 3 s while another CPU it may use sat idle). ops.enqueue sends a
 * re-enqueued task to the shared DSQ (a workload task to another CPU's
 * workload DSQ) and kicks an idle CPU for it.
 */
static __always_inline void requeue_stranded(s32 cpu, struct cpu_ctx *cctx,
					     u64 now)
{
	u64 served = cctx->served_at;
	bool requeued = false;

	if (!bpf_ksym_exists(scx_bpf_dsq_reenq) || now < served ||
	    now - served < 4 * SLICE_MAX_NS)
		return;
	if (nr_queued(cpu)) {
		scx_bpf_dsq_reenq(cpu, 0);
		requeued = true;
	}
	if (nr_queued(SCX_DSQ_LOCAL_ON | cpu)) {
		scx_bpf_dsq_reenq(SCX_DSQ_LOCAL_ON | cpu, 0);
		requeued = true;
	}
	if (WORKLOAD_ON && wl_waiting(cpu)) {
		scx_bpf_dsq_reenq(wl_dsq(cpu), 0);
		requeued = true;
	}
	cctx->served_at = now; /* once per stale period */
	if (requeued)
		count(FS_CNT_stranded_requeues);
}

/*
 * Whether a task waits in any DSQ. The DSQs' counts (dsq.bpf.h) answer
 * for the DSQs that hold nothing, so an idle machine's tick with
 * timer_kick asks the kernel nothing; a count above 0 is confirmed by a
 * query, as it may stay above the length.
 */
static bool work_waiting(void)
{
	u32 i;

	if (shared_nr_queued(FS_DSQ_GLOBAL) || shared_nr_queued(FS_DSQ_PERF) ||
	    workload_waiting())
		return true;
	if (READ_ONCE(own_queued_all))
		bpf_for(i, 0, nr_cpus)
		{
			if (own_nr_queued(i, cpu_ctx(i)))
				return true;
		}
	bpf_for(i, 0, nr_nodes)
	{
		if (shared_nr_queued(FS_DSQ_NODE_BASE + i))
			return true;
	}
	bpf_for(i, 0, nr_llcs)
	{
		if (shared_nr_queued(FS_DSQ_LLC_BASE + i))
			return true;
	}
	return false;
}

/*
 * Wake idle CPUs to look for work. With timer_kick (@anywhere) this is how
 * queued work gets an idle CPU: every idle CPU while work waits anywhere.
 * Otherwise it is the backstop for a race: a CPU that found its DSQs empty
 * and went idle while another CPU, seeing no idle CPU to kick, queued a
 * task there; only an idle CPU whose own or shared DSQ holds work is woken
 * (seen: an idle CPU beside 70 tasks in its node's DSQ until the watchdog
 * fired), or any while a workload task waits (any CPU it may run on
 * takes one). The DSQs' counts (dsq.bpf.h) spare the queries for the
 * idle CPUs of an idle machine, at every tick.
 */
static void kick_idle_cpus(bool anywhere)
{
	const struct cpumask *idle;
	bool workload;
	u32 k, cpu;

	if (anywhere && !work_waiting())
		return;
	workload = !anywhere && workload_waiting();
	bpf_for(k, 0, nr_idle_masks())
	{
		idle = idle_mask_get(k, false);
		bpf_for(cpu, 0, nr_cpus)
		{
			if (!bpf_cpumask_test_cpu(cpu, idle) ||
			    (!anywhere && !own_nr_queued(cpu, cpu_ctx(cpu)) &&
			     !shared_nr_queued(shared_dsq(cpu)) && !workload))
				continue;
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
			count(anywhere ? FS_CNT_timer_kicks
				       : FS_CNT_idle_rescues);
		}
		scx_bpf_put_idle_cpumask(idle);
	}
}

/*
 * cpufreq: ask for performance in proportion to recent utilisation; at
 * each task's start and at each tick (a CPU that runs one task for long
 * has no starts: its target stayed what it was when the task began).
 */
static __always_inline void steer_cpufreq(s32 cpu, struct cpu_ctx *cctx)
{
	u64 perf;

	if (!KNOB(cpufreq) || !bpf_ksym_exists(scx_bpf_cpuperf_set))
		return;
	/* Headroom: a CPU 75% busy asks for full speed. */
	perf = min_u64(cctx->util * 4 / 3, SCX_CPUPERF_ONE);
	if (perf + 32 > cctx->last_perf && perf < cctx->last_perf + 32 &&
	    cctx->last_perf)
		return;
	scx_bpf_cpuperf_set(cpu, perf);
	cctx->last_perf = perf ? perf : 1;
	count(FS_CNT_cpuperf_sets);
}

static int tick_timer_fn(void *map, int *key, struct tick_timer *t)
{
	u64 now = fs_now(), elapsed = now - t->last_at, sum = 0;
	const struct cpumask *online;
	u32 cpu, nr_online;

	t->last_at = now;
	bpf_for(cpu, 0, nr_cpus)
	{
		struct cpu_ctx *cctx = cpu_ctx(cpu);

		if (!cctx)
			continue;
		sum += sample_util(cctx, now, elapsed);
		steer_cpufreq(cpu, cctx);
		record_perf_target(cpu);
		requeue_stranded(cpu, cctx, now);
		/*
		 * An infinite (tickless) slice ends once a task waits for
		 * this CPU: an enqueue kicks only the task's last CPU, and a
		 * task in a shared DSQ waits for every CPU of it. Seen:
		 * beside the workload class one CPU ran the workload, the
		 * other a hog with an infinite slice, and rcu_preempt waited
		 * in the shared DSQ until the watchdog (5 s). A workload
		 * task waiting on this CPU counts too (nr_waiting() counts
		 * the others only).
		 */
		if (cctx->tickless &&
		    (nr_waiting(cpu) || (WORKLOAD_ON && wl_waiting(cpu))))
			preempt_if_tickless(cpu);
	}
	kick_idle_cpus(KNOB(timer_kick));
	rescue_starved(now);
	spread_smt(now);
	/* Over the CPUs that can run anything: offline ones add nothing. */
	online = scx_bpf_get_online_cpumask();
	nr_online = bpf_cpumask_weight(online);
	scx_bpf_put_cpumask(online);
	sys_util = sum / (nr_online ? nr_online : 1);
	bpf_timer_start(&t->timer, timer_period(), 0);
	return 0;
}

static int start_tick_timer(void)
{
	u32 key = 0;
	struct tick_timer *t = bpf_map_lookup_elem(&tick_timers, &key);
	int ret;

	if (!t)
		return -ENOENT;
	t->last_at = fs_now();
	ret = bpf_timer_init(&t->timer, &tick_timers, CLOCK_MONOTONIC);
	if (ret)
		return ret;
	ret = bpf_timer_set_callback(&t->timer, tick_timer_fn);
	if (ret)
		return ret;
	return bpf_timer_start(&t->timer, timer_period(), 0);
}

#endif
