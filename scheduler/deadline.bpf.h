/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deadlines and slices.
 *
 * A task's deadline is its vruntime plus the runtime it has used since it
 * last slept, both scaled by its weight, so short bursts after a sleep sort
 * first. Sleepers get credit: on wakeup their vruntime may lag their CPU's
 * clock by up to slice_lag x log2(voluntary switch rate), so tasks that
 * sleep often and run briefly (the latency-bound ones) win; with
 * slice_lag_scaling the credit shrinks as the whole system gets busier.
 * Runnable tasks are never clamped, so CPU time follows weight. The slice
 * shrinks with the number of waiting tasks so a deep queue still turns over
 * quickly.
 */
#ifndef FLASHYSPARK_DEADLINE_BPF_H
#define FLASHYSPARK_DEADLINE_BPF_H

#include "state.bpf.h"
#include "dsq.bpf.h"

#define NSEC_PER_SEC	1000000000ULL
#define NVCSW_WINDOW_NS (100ULL * 1000 * 1000)

/* Weight and its base: normalised 1..128 around 64, or the kernel's raw. */
static __always_inline u64 task_weight(const struct task_struct *p)
{
	u64 w = p->scx.weight;

	if (KNOB(native_priority))
		return w;
	w = w * 64 / 100;
	return w < 1 ? 1 : (w > 128 ? 128 : w);
}

/*
 * Whether the normalised range clamps @p's weight (above nice -3, or the
 * lowest): only then does native_priority change its share.
 */
static __always_inline bool weight_clamped(const struct task_struct *p)
{
	u64 w = p->scx.weight;

	return w * 64 / 100 > 128 || w * 64 / 100 < 1;
}

static __always_inline u64 weight_base(void)
{
	return KNOB(native_priority) ? 100 : 64;
}

static __always_inline u64 scale_inverse_weight(const struct task_struct *p,
						u64 ns)
{
	return ns * weight_base() / task_weight(p);
}

/*
 * floor(log2(v)), 0 for v <= 1, by halving in six fixed steps: no loop, as
 * a bpf_for here cost one kfunc call per bit on every wakeup.
 */
static __always_inline u64 log2_u64(u64 v)
{
	u64 r = 0;

	if (v >> 32) {
		v >>= 32;
		r += 32;
	}
	if (v >> 16) {
		v >>= 16;
		r += 16;
	}
	if (v >> 8) {
		v >>= 8;
		r += 8;
	}
	if (v >> 4) {
		v >>= 4;
		r += 4;
	}
	if (v >> 2) {
		v >>= 2;
		r += 2;
	}
	if (v >> 1)
		r += 1;
	return r;
}

/*
 * The slice each of @nr_waiting waiters gets (slice_max when none waits):
 * the queue turns over in about slice_max, never faster than slice_min.
 */
static __always_inline u64 queue_slice(u64 nr_waiting)
{
	return nr_waiting ? max_u64(SLICE_MAX_NS / nr_waiting, SLICE_MIN_NS)
			  : SLICE_MAX_NS;
}

/*
 * How far apart deadlines in one queue may spread: SPREAD_SLICES of the
 * slice its waiters get. A task whose deadline lies D behind the newest
 * arrivals' waits until every earlier one has run D, about N x D for N
 * waiters; so with N waiters the sleep credit, the lag a runnable task
 * keeps and the runtime charged into a deadline are each bounded by this
 * window. With few waiters it is at or above the options' own caps (the
 * defaults: 8 x 4096 us = run_lag); 160 hackbench tasks on 4 CPUs without
 * it left senders waiting 1.5 s behind a stream of woken receivers.
 */
#define SPREAD_SLICES 8

static __always_inline u64 spread_window(u64 nr_waiting)
{
	return SPREAD_SLICES * queue_slice(nr_waiting);
}

/* How far behind its CPU's clock a sleeper's vruntime may start. */
static __always_inline u64 lag_cap(const struct task_ctx *tctx, bool scaled)
{
	u64 cap = SLICE_LAG_NS * max_u64(log2_u64(tctx->avg_nvcsw), 1);

	/* Busy system: less credit; idle system: full credit. */
	if (scaled)
		cap = cap * (1024 - min_u64(sys_util, 1023)) / 1024;
	return min_u64(cap, tctx->window);
}

/*
 * Each shared DSQ's clock: the furthest vruntime a task started with on
 * one of its CPUs. Every task queued for those CPUs is placed against it:
 * with one clock per CPU, CPUs of one node drifted hundreds of ms apart and
 * the tasks one had placed starved behind the other's in their common DSQ.
 */
u64 shared_clocks[FS_NR_SHARED_SLOTS];

static __always_inline u64 *clock_of(s32 cpu)
{
	return &shared_clocks[shared_slot(cpu)];
}

/*
 * Place @tctx's vruntime in the window of the tasks it will compete with
 * on @cpu. A waking task keeps at most its sleep credit (lag_cap); a
 * runnable task keeps the spread window, wide enough that the lead a heavy
 * task's weight earns is not clamped away, and narrow enough that a CPU
 * crowded by pinned tasks takes a newcomer in soon; a task moving in from
 * another shared DSQ's CPUs starts at most one slice ahead. @nr_waiting:
 * the tasks queued for @cpu (they set the window).
 */
static __always_inline void place_vruntime(struct task_ctx *tctx, s32 cpu,
					   bool wakeup, u64 nr_waiting)
{
	u64 clock, cap, lo, hi;

	tctx->window = spread_window(nr_waiting);
	clock = READ_ONCE(*clock_of(cpu));
	cap = wakeup ? lag_cap(tctx, KNOB(slice_lag_scaling)) : tctx->window;
	lo = clock - cap;
	if (vtime_before(tctx->vruntime, lo)) {
		/* Counted only when the scaled cap decided the start. */
		if (wakeup && KNOB(slice_lag_scaling) &&
		    cap != lag_cap(tctx, false))
			count(FS_CNT_lag_scaled);
		tctx->vruntime = lo;
		return;
	}
	hi = clock + SLICE_MAX_NS;
	if (shared_slot(tctx->last_cpu) != shared_slot(cpu) &&
	    vtime_before(hi, tctx->vruntime))
		tctx->vruntime = hi;
}

/*
 * The key the task is ordered by in a vtime DSQ, as it will be once the
 * @ran ns it has run since it last started are charged (0: as it is).
 */
static __always_inline u64 task_deadline_after(const struct task_struct *p,
					       const struct task_ctx *tctx,
					       u64 ran)
{
	u64 window = tctx->window ? tctx->window : spread_window(0),
	    runtime = min_u64(tctx->exec_runtime + ran,
			      min_u64(RUN_LAG_NS, window));

	if (tctx->class == CLASS_LATENCY)
		runtime /= 4; /* latency tasks sort ahead of their peers */
	/*
	 * The burst, scaled by weight, stays within the window too: a nice 19
	 * task's is charged 64x, and a 2 ms burst put its deadline 128 ms
	 * ahead of the clock, which a crowd of short runners advances by
	 * their own short runs only (beside a hackbench loop a nice-19
	 * spinner waited up to 1 s, EEVDF 44 ms; khugepaged once 6.3 s, past
	 * the watchdog). Its weight still shows in its vruntime.
	 */
	return tctx->vruntime + scale_inverse_weight(p, ran) +
	       min_u64(scale_inverse_weight(p, runtime), window);
}

static __always_inline u64 task_deadline(const struct task_struct *p,
					 const struct task_ctx *tctx)
{
	return task_deadline_after(p, tctx, 0);
}

/*
 * A task starts on @cpu: advance its shared DSQ's clock. CPUs race here; a
 * lost update leaves the clock a little behind, which the next start fixes.
 */
static __always_inline void advance_clock(s32 cpu, u64 vruntime)
{
	u64 *clock = clock_of(cpu);

	if (vtime_before(READ_ONCE(*clock), vruntime))
		WRITE_ONCE(*clock, vruntime);
}

/* slice_max when nothing waits, else divided among the waiters. */
static __always_inline u64 task_slice(const struct task_struct *p,
				      struct task_ctx *tctx, u64 nr_waiting)
{
	u64 slice;

	/* The workload's never infinite: the guard must get to decide. */
	if (KNOB(rr_sched) || (tctx && tctx->workload))
		return SLICE_MAX_NS;
	if (!nr_waiting && KNOB(tickless)) {
		count(FS_CNT_tickless_slices);
		return SCX_SLICE_INF;
	}
	slice = queue_slice(nr_waiting);
	if (tctx && tctx->class == CLASS_CPU)
		slice *= 2; /* CPU-bound: fewer switches, better caches */
	return slice;
}

/* Account a run that just ended: vruntime, burst length, switch rate. */
static __always_inline void charge_runtime(struct task_struct *p,
					   struct task_ctx *tctx, bool runnable)
{
	u64 now = fs_now(), delta;

	if (!tctx->last_run_at || now < tctx->last_run_at)
		return;
	delta = now - tctx->last_run_at;
	tctx->vruntime += scale_inverse_weight(p, delta);
	tctx->exec_runtime += delta;
	tctx->avg_runtime = (tctx->avg_runtime * 3 + delta) / 4;
	if (runnable)
		return;
	/* A voluntary switch: count it toward the task's sleep rate. */
	tctx->nvcsw++;
	if (now - tctx->nvcsw_window_at >= NVCSW_WINDOW_NS) {
		u64 rate = tctx->nvcsw * NSEC_PER_SEC /
			   (now - tctx->nvcsw_window_at);

		tctx->avg_nvcsw =
			min_u64((tctx->avg_nvcsw + rate) / 2, max_avg_nvcsw);
		tctx->nvcsw = 0;
		tctx->nvcsw_window_at = now;
	}
}

#endif
