/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which DSQ a task waits in, and how a CPU finds work.
 *
 * A task whose CPU is not busy waits in that CPU's own DSQ; else in its
 * NUMA node's DSQ (one global DSQ with disable_numa). With more_dsqs,
 * shared waiting is split into a DSQ for the performance cores and one per
 * LLC. Every DSQ is ordered by deadline (by arrival time, FIFO, under
 * rr_sched): never a mix of vtime and FIFO inserts, which the kernel
 * refuses.
 *
 * A CPU serves whichever of its own and its shared DSQ holds the earlier
 * deadline, after another node's DSQ when that is much the longer; with
 * both empty it takes work anywhere it may run it, nearest
 * first (other CPUs' own DSQs by distance, then the other shared DSQs), so
 * no CPU idles while a task it could run waits (but for GPU tasks that
 * aggressive_gpu_tasks keeps on the performance cores: may_steal()).
 */
#ifndef FLASHYSPARK_DSQ_BPF_H
#define FLASHYSPARK_DSQ_BPF_H

#include "state.bpf.h"

/* classify.bpf.h, which needs this header's users first. */
static __always_inline bool is_gpu_task(const struct task_struct *p);

static __always_inline bool cpu_busy(s32 cpu)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);

	return cctx && cctx->util > BUSY_UTIL;
}

/*
 * Work just queued for @cpu: if its runner holds an infinite slice, make it
 * yield, or the work waits forever (a stall).
 */
static void preempt_if_tickless(s32 cpu)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);

	if (KNOB(tickless) && cctx && cctx->tickless) {
		scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
		count(FS_CNT_preempt_kicks);
	}
}

/* The shared DSQ a task last on @cpu waits in. */
static __always_inline u64 shared_dsq(s32 cpu)
{
	if (KNOB(more_dsqs))
		return perf_cpu(cpu)
			       ? FS_DSQ_PERF
			       : FS_DSQ_LLC_BASE +
					 (KNOB(disable_l3) ? 0 : llc_of(cpu));
	if (KNOB(disable_numa))
		return FS_DSQ_GLOBAL;
	return FS_DSQ_NODE_BASE + node_of(cpu);
}

/*
 * The slot of @cpu's shared DSQ among the shared DSQs, derived from its id
 * (family above 16 bits, index below): one vruntime clock per slot
 * (deadline.bpf.h), as every task in a DSQ must be placed against the same
 * clock.
 */
#define FS_NR_SHARED_SLOTS (4 * FS_MAX_CPUS)

static __always_inline u32 dsq_slot(u64 dsq)
{
	return (((dsq >> 16) - 1) * FS_MAX_CPUS + (dsq & 0xffff)) &
	       (FS_NR_SHARED_SLOTS - 1);
}

static __always_inline u32 shared_slot(s32 cpu)
{
	return dsq_slot(shared_dsq(cpu));
}

static __always_inline u64 nr_queued(u64 dsq)
{
	s32 n = scx_bpf_dsq_nr_queued(dsq);

	return n > 0 ? n : 0;
}

/*
 * How many tasks may wait in each CPU's own DSQ, known without a kfunc
 * call, so that an idle CPU's search for work costs memory reads, not a
 * DSQ query per CPU (under TCG the queries and loop steps made an empty
 * dispatch cost four times scx_simple's). A task is counted in when
 * ops.enqueue puts it in an own DSQ (the kernel completes that insert
 * only after ops.enqueue returns) and out only once it has left: when it
 * starts running, comes back to ops.enqueue, or leaves sched_ext. So the
 * count is never below the DSQ's length, and 0 means empty.
 */
u64 own_queued_all; /* the sum over every CPU */

static __always_inline void own_count_in(struct task_ctx *tctx, s32 cpu)
{
	struct cpu_ctx *c = cpu_ctx(cpu);

	if (!c || tctx->own_slot)
		return;
	__sync_fetch_and_add(&c->own_queued, 1);
	__sync_fetch_and_add(&own_queued_all, 1);
	tctx->own_slot = cpu + 1;
}

static __always_inline void own_count_out(struct task_ctx *tctx)
{
	struct cpu_ctx *c;

	if (!tctx->own_slot)
		return;
	c = cpu_ctx(tctx->own_slot - 1);
	tctx->own_slot = 0;
	if (!c)
		return;
	__sync_fetch_and_add(&c->own_queued, (u64)-1);
	__sync_fetch_and_add(&own_queued_all, (u64)-1);
}

/* Whether @c's own DSQ may hold a task (without a context: it may). */
static __always_inline bool own_may_hold(struct cpu_ctx *c)
{
	return !c || READ_ONCE(c->own_queued) > 0;
}

/* Tasks in @cpu's own DSQ; no query while the count says none. */
static __always_inline u64 own_nr_queued(s32 cpu, struct cpu_ctx *c)
{
	return own_may_hold(c) ? nr_queued(cpu) : 0;
}

/*
 * The same count for each shared DSQ, by dsq_slot(), so that the slice
 * sizing at every start and wake-up, each dispatch's head read and the
 * steal and node-balance passes skip their DSQ queries while it holds
 * nothing (on an idle machine nearly always: two llama-bench threads on
 * two CPUs made ~15,000 wake-ups a run, each paying kfunc calls under
 * TCG). A task inserted without a context is counted for good: the count
 * stays above the length.
 */
u64 shared_queued[FS_NR_SHARED_SLOTS];

static __always_inline void shared_count_in(struct task_ctx *tctx, s32 cpu)
{
	u32 slot;

	if (tctx && tctx->shared_slot)
		return;
	slot = shared_slot(cpu);
	__sync_fetch_and_add(&shared_queued[slot], 1);
	if (tctx)
		tctx->shared_slot = slot + 1;
}

static __always_inline void shared_count_out(struct task_ctx *tctx)
{
	u32 slot = tctx->shared_slot;

	if (!slot)
		return;
	tctx->shared_slot = 0;
	__sync_fetch_and_add(
		&shared_queued[(slot - 1) & (FS_NR_SHARED_SLOTS - 1)], (u64)-1);
}

/* Tasks in shared DSQ @dsq; no query while the count says none. */
static __always_inline u64 shared_nr_queued(u64 dsq)
{
	return READ_ONCE(shared_queued[dsq_slot(dsq)]) ? nr_queued(dsq) : 0;
}

/* Whether @cpu's shared DSQ may hold a task. */
static __always_inline bool shared_may_hold(s32 cpu)
{
	return READ_ONCE(shared_queued[shared_slot(cpu)]) > 0;
}

/* @tctx's task was inserted into @cpu's own DSQ or its shared one. */
static __always_inline void dsq_count_in(struct task_ctx *tctx, s32 cpu,
					 bool own)
{
	if (own)
		own_count_in(tctx, cpu);
	else
		shared_count_in(tctx, cpu);
}

/* A task left the DSQ it was counted in (own or shared). */
static __always_inline void dsq_count_out(struct task_ctx *tctx)
{
	own_count_out(tctx);
	shared_count_out(tctx);
}

/*
 * Tasks @cpu will serve next: its own DSQ and its share of the shared one
 * (the shared DSQ is drained by all of its CPUs at once, so a deep node
 * queue does not shrink every CPU's slice by its whole length).
 */
static __always_inline u64 nr_waiting(s32 cpu)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	u64 shared = shared_nr_queued(shared_dsq(cpu)),
	    n = cctx && cctx->shared_cpus ? cctx->shared_cpus : 1;

	return own_nr_queued(cpu, cctx) + (shared + n - 1) / n;
}

/* How many CPUs serve each CPU's shared DSQ, for nr_waiting(). */
static void init_shared_cpus(void)
{
	u32 i, j;

	bpf_for(i, 0, nr_cpus)
	{
		struct cpu_ctx *cctx = cpu_ctx(i);
		u32 n = 0;

		if (!cctx)
			continue;
		bpf_for(j, 0, nr_cpus)
		{
			if (shared_dsq(j) == shared_dsq(i))
				n++;
		}
		cctx->shared_cpus = n;
	}
}

static int create_dsqs(void)
{
	u32 i;
	s32 ret;

	bpf_for(i, 0, nr_cpus)
	{
		ret = scx_bpf_create_dsq(i, node_of(i));
		if (!ret) /* the workload's (workload.bpf.h) */
			ret = scx_bpf_create_dsq(FS_DSQ_WORKLOAD_BASE + i,
						 node_of(i));
		if (ret)
			goto fail;
	}
	bpf_for(i, 0, nr_nodes)
	{
		ret = scx_bpf_create_dsq(FS_DSQ_NODE_BASE + i, i);
		if (ret)
			goto fail;
	}
	bpf_for(i, 0, nr_llcs)
	{
		ret = scx_bpf_create_dsq(FS_DSQ_LLC_BASE + i, -1);
		if (ret)
			goto fail;
	}
	ret = scx_bpf_create_dsq(FS_DSQ_GLOBAL, -1);
	if (ret)
		goto fail;
	ret = scx_bpf_create_dsq(FS_DSQ_PERF, -1);
	if (ret)
		goto fail;
	return 0;
fail:
	fs_error("creating the DSQs failed: %d", ret);
	return ret;
}

/*
 * Insert @p into @dsq by @deadline; under rr_sched by arrival time, which
 * is FIFO order, so that a CPU can still tell which of its two DSQs holds
 * the task that has waited longest (a plain FIFO insert could not be
 * compared: CPUs whose own DSQ pinned tasks kept full never served the
 * shared one, and the tasks there stalled).
 */
static __always_inline void dsq_insert(struct task_struct *p, u64 dsq,
				       u64 slice, u64 deadline, u64 enq_flags)
{
	if (KNOB(rr_sched))
		deadline = fs_now();
	scx_bpf_dsq_insert_vtime(p, dsq, slice, deadline, enq_flags);
}

/*
 * The deadline at the head of @dsq; false if it is empty. One lockless
 * peek where the kernel has it (6.19+), else the DSQ iterator (four kfunc
 * calls: under TCG each dispatch paid for several).
 */
static bool dsq_head(u64 dsq, u64 *deadline)
{
	struct task_struct *p;

	if (bpf_ksym_exists(scx_bpf_dsq_peek)) {
		p = scx_bpf_dsq_peek(dsq);
		if (!p)
			return false;
		*deadline = p->scx.dsq_vtime;
		return true;
	}
	if (!nr_queued(dsq))
		return false;
	bpf_for_each(scx_dsq, p, dsq, 0)
	{
		*deadline = p->scx.dsq_vtime;
		return true;
	}
	return false;
}

/* The heads of the two DSQs a CPU serves, read once per dispatch. */
struct heads {
	u64 own_dl, shared_dl;
	bool own, shared;
};

static __always_inline void read_heads(s32 cpu, struct heads *h)
{
	struct cpu_ctx *c = cpu_ctx(cpu);

	h->own = own_may_hold(c) && dsq_head(cpu, &h->own_dl);
	h->shared = shared_may_hold(cpu) &&
		    dsq_head(shared_dsq(cpu), &h->shared_dl);
}

/*
 * @cpu's own DSQ and its shared one: the earlier deadline first. Only
 * those that looked non-empty: the kernel's move would look again without
 * the lock anyway (a task queued since is the enqueuer's to kick here).
 */
static bool consume_near(s32 cpu, const struct heads *h)
{
	u64 shared = shared_dsq(cpu);
	bool shared_first =
		h->shared && (!h->own || vtime_before(h->shared_dl, h->own_dl));

	if (shared_first && fs_move_to_local(shared))
		return true;
	if (h->own && fs_move_to_local(cpu))
		return true;
	return h->shared && !shared_first && fs_move_to_local(shared);
}

/*
 * Whether @cpu may take the head of CPU @j's own DSQ: not a GPU task
 * confined to the performance cores (aggressive_gpu_tasks) when @cpu is
 * not one. Only the head is checked: the kernel's move takes the first
 * task that may run here, which can be a GPU task behind a pinned head.
 * Without a peek (before 6.19) work conservation comes first: allowed.
 */
static bool may_steal(s32 cpu, s32 j)
{
	struct task_struct *p;

	if (!KNOB(aggressive_gpu_tasks) || perf_cpu(cpu) || !perf_cpu(j))
		return true;
	if (!bpf_ksym_exists(scx_bpf_dsq_peek))
		return true;
	p = scx_bpf_dsq_peek(j);
	return !p || !is_gpu_task(p);
}

/*
 * Nothing near: take work from the nearest CPU's own DSQ (one pass over
 * the CPUs, skipped while no own DSQ holds anything; its own included, as
 * a task may have come since read_heads()), the others in turn if the
 * kernel would not move that head here (a task not allowed on @cpu); then
 * from the other shared DSQs that the knobs use at all.
 */
static bool steal(s32 cpu)
{
	u64 own_shared = shared_dsq(cpu);
	u32 j, d, best_d = 4;
	s32 best = -1;

	if (READ_ONCE(own_queued_all)) {
		bpf_for(j, 0, nr_cpus)
		{
			if (!own_may_hold(cpu_ctx(j)) || !may_steal(cpu, j))
				continue;
			d = cpu_distance(cpu, j);
			if (d < best_d && nr_queued(j)) {
				best_d = d;
				best = j;
				if (!d)
					break;
			}
		}
	}
	if (best >= 0) {
		if (fs_move_to_local(best))
			return true;
		bpf_for(j, 0, nr_cpus)
		{
			if (j != (u32)best && own_may_hold(cpu_ctx(j)) &&
			    may_steal(cpu, j) && fs_move_to_local(j))
				return true;
		}
	}
	if (!KNOB(more_dsqs) && !KNOB(disable_numa) && nr_nodes > 1) {
		bpf_for(j, 0, nr_nodes)
		{
			u64 dsq = FS_DSQ_NODE_BASE + j;

			if (dsq != own_shared && shared_nr_queued(dsq) &&
			    fs_move_to_local(dsq))
				return true;
		}
	}
	if (!KNOB(more_dsqs))
		return false; /* GLOBAL is then own_shared or unused */
	bpf_for(j, 0, nr_llcs)
	{
		u64 dsq = FS_DSQ_LLC_BASE + j;

		if (dsq != own_shared && shared_nr_queued(dsq) &&
		    fs_move_to_local(dsq))
			return true;
	}
	return own_shared != FS_DSQ_PERF && shared_nr_queued(FS_DSQ_PERF) &&
	       fs_move_to_local(FS_DSQ_PERF);
}

/*
 * A node's DSQ is served by that node's CPUs, and one can grow far deeper
 * than another: sync wake-ups keep wakees on the waker's node (hackbench on
 * two nodes: 64 tasks waiting in one, 9 in the other, and the deep side's
 * tasks waited seven times as long). A CPU whose node DSQ is much shorter
 * than another node's serves the longer one first.
 */
static bool balance_nodes(s32 cpu)
{
	u64 own = shared_dsq(cpu), most, best = 0, dsq, depth;
	u32 j;

	if (KNOB(more_dsqs) || KNOB(disable_numa) || nr_nodes < 2)
		return false;
	most = 2 * shared_nr_queued(own) + 2;
	bpf_for(j, 0, nr_nodes)
	{
		dsq = FS_DSQ_NODE_BASE + j;
		if (dsq == own)
			continue;
		depth = shared_nr_queued(dsq);
		if (depth > most) {
			most = depth;
			best = dsq;
		}
	}
	if (!best || !fs_move_to_local(best))
		return false;
	count(FS_CNT_node_balances);
	return true;
}

/*
 * Serve @cpu: true once a task was moved to its local DSQ. @h: the heads
 * of its own and shared DSQ as fs_dispatch read them.
 */
static bool consume(s32 cpu, const struct heads *h)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);

	if (cctx)
		cctx->served_at = fs_now();
	if (balance_nodes(cpu))
		return true;
	if (consume_near(cpu, h))
		return true;
	if (steal(cpu)) {
		count(FS_CNT_steals);
		return true;
	}
	return false;
}

#endif
