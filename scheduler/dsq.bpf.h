/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which DSQ a task waits in, and which DSQs a CPU serves, in what order.
 *
 * A task whose previous CPU is not busy waits in that CPU's own DSQ; else
 * in its NUMA node's DSQ (one global DSQ with disable_numa). With
 * more_dsqs, shared waiting is split into a DSQ for the performance cores
 * and one per LLC. A CPU serves its own DSQ first, then the shared ones
 * nearest to it, then steals from the rest so that no queue is orphaned.
 */
#ifndef FLASHYSPARK_DSQ_BPF_H
#define FLASHYSPARK_DSQ_BPF_H

#include "state.bpf.h"

static __always_inline bool cpu_busy(s32 cpu)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);

	return cctx && cctx->util > busy_thresh;
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

/* Tasks waiting for @cpu: its own DSQ, its nearest shared one, the global. */
static __always_inline u64 nr_waiting(s32 cpu)
{
	u64 shared_id = shared_dsq(cpu);
	s32 own = scx_bpf_dsq_nr_queued(cpu);
	s32 shared = scx_bpf_dsq_nr_queued(shared_id);
	s32 global = shared_id == FS_DSQ_GLOBAL
			     ? 0
			     : scx_bpf_dsq_nr_queued(FS_DSQ_GLOBAL);

	return (own > 0 ? own : 0) + (shared > 0 ? shared : 0) +
	       (global > 0 ? global : 0);
}

static int create_dsqs(void)
{
	u32 i;
	s32 ret;

	bpf_for(i, 0, nr_cpus)
	{
		ret = scx_bpf_create_dsq(i, node_of(i));
		if (ret)
			return ret;
	}
	bpf_for(i, 0, nr_nodes)
	{
		ret = scx_bpf_create_dsq(FS_DSQ_NODE_BASE + i, i);
		if (ret)
			return ret;
	}
	bpf_for(i, 0, nr_llcs)
	{
		ret = scx_bpf_create_dsq(FS_DSQ_LLC_BASE + i, -1);
		if (ret)
			return ret;
	}
	ret = scx_bpf_create_dsq(FS_DSQ_GLOBAL, -1);
	if (ret)
		return ret;
	return scx_bpf_create_dsq(FS_DSQ_PERF, -1);
}

/* The shared DSQs, nearest first, then the others (stealing). */
static bool consume_shared(s32 cpu)
{
	u32 i;

	if (KNOB(more_dsqs)) {
		u32 own = KNOB(disable_l3) ? 0 : llc_of(cpu);

		if (perf_cpu(cpu) && scx_bpf_dsq_move_to_local(FS_DSQ_PERF))
			return true;
		if (scx_bpf_dsq_move_to_local(FS_DSQ_LLC_BASE + own))
			return true;
		bpf_for(i, 0, nr_llcs)
		{
			if (i != own &&
			    scx_bpf_dsq_move_to_local(FS_DSQ_LLC_BASE + i))
				return true;
		}
		return scx_bpf_dsq_move_to_local(FS_DSQ_PERF);
	}
	if (KNOB(disable_numa))
		return false; /* the global DSQ: served by consume() */
	if (scx_bpf_dsq_move_to_local(FS_DSQ_NODE_BASE + node_of(cpu)))
		return true;
	bpf_for(i, 0, nr_nodes)
	{
		if (i != node_of(cpu) &&
		    scx_bpf_dsq_move_to_local(FS_DSQ_NODE_BASE + i))
			return true;
	}
	return false;
}

/*
 * Serve @cpu: true once a task was moved to its local DSQ. The global DSQ
 * is always served last, whatever the knobs: tasks whose CPU left their
 * affinity mask wait there and must not be orphaned.
 */
static bool consume(s32 cpu)
{
	if (scx_bpf_dsq_move_to_local(cpu))
		return true;
	if (consume_shared(cpu))
		return true;
	return scx_bpf_dsq_move_to_local(FS_DSQ_GLOBAL);
}

#endif
