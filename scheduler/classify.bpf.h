/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Task classes (workload_aware_scheduling) and GPU tasks.
 *
 * A task that wakes often and runs briefly is latency-sensitive: shorter
 * deadline and its previous CPU. One that runs long bursts is CPU-bound:
 * longer slices. GPU tasks are those the loader found holding a GPU device
 * or runtime (gpu_tgids), or whose name matches --gpu-comm.
 */
#ifndef FLASHYSPARK_CLASSIFY_BPF_H
#define FLASHYSPARK_CLASSIFY_BPF_H

#include "state.bpf.h"
#include "deadline.bpf.h"

#define LATENCY_WAKE_FREQ 100 /* wakeups per second */

/* Called on every wakeup: refresh the wake rate and, if on, the class. */
static __always_inline void classify_on_wakeup(struct task_ctx *tctx)
{
	u64 now = fs_now();

	if (tctx->last_woke_at && now > tctx->last_woke_at) {
		u64 freq = NSEC_PER_SEC / (now - tctx->last_woke_at);

		tctx->wake_freq = (tctx->wake_freq * 3 + freq) / 4;
	}
	tctx->last_woke_at = now;

	if (!KNOB(workload_aware_scheduling)) {
		tctx->class = CLASS_NONE;
		return;
	}
	if (tctx->wake_freq >= LATENCY_WAKE_FREQ &&
	    tctx->avg_runtime < SLICE_MIN_NS * 4) {
		tctx->class = CLASS_LATENCY;
		count(FS_CNT_classified_latency);
	} else if (tctx->avg_runtime >= SLICE_MAX_NS / 2) {
		tctx->class = CLASS_CPU;
		count(FS_CNT_classified_cpu);
	} else {
		tctx->class = CLASS_NONE;
	}
}

static __always_inline bool comm_eq(const char *a, const volatile char *b)
{
	int i;

	for (i = 0; i < FS_COMM_LEN; i++) {
		if (a[i] != b[i])
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

/* Whether @p's name is one of the first @nr of the loader's @names. */
static __always_inline bool comm_in(const struct task_struct *p,
				    const volatile char (*names)[FS_COMM_LEN],
				    u32 nr)
{
	u32 i;

	bpf_for(i, 0, nr)
	{
		if (i >= FS_MAX_GPU_COMMS)
			break;
		if (comm_eq(p->comm, names[i & (FS_MAX_GPU_COMMS - 1)]))
			return true;
	}
	return false;
}

/* Whether @p's process (thread group) is one of the first @nr @pids. */
static __always_inline bool tgid_in(const struct task_struct *p,
				    const volatile u32 *pids, u32 nr)
{
	u32 tgid = p->tgid, i;

	bpf_for(i, 0, nr)
	{
		if (i >= FS_MAX_GPU_COMMS)
			break;
		if (pids[i & (FS_MAX_GPU_COMMS - 1)] == tgid)
			return true;
	}
	return false;
}

/* How far up cgroup_in() climbs (a systemd hierarchy is ~5 deep). */
#define FS_CGROUP_MAX_DEPTH 64

/*
 * Whether @p is in one of the first @nr cgroups of @ids (cgroup v2 ids) or
 * below one: the ids of its cgroup and of each ancestor, climbed by plain
 * reads. Not bpf_cgroup_from_id() and bpf_cgroup_release(): that
 * reference, dropped here under the run queue's lock, can be the last of
 * a cgroup being removed, and its release queues work, a wake-up under
 * that lock. A cgroup removed since the load has no task left to match.
 */
static __always_inline bool cgroup_in(const struct task_struct *p,
				      const volatile u64 *ids, u32 nr)
{
	struct cgroup_subsys_state *css;
	struct cgroup *cg = BPF_CORE_READ(p, cgroups, dfl_cgrp);
	u64 id;
	u32 d, i;

	bpf_for(d, 0, FS_CGROUP_MAX_DEPTH)
	{
		if (!cg)
			break;
		id = BPF_CORE_READ(cg, kn, id);
		bpf_for(i, 0, nr)
		{
			if (i >= FS_MAX_GPU_COMMS)
				break;
			if (ids[i & (FS_MAX_GPU_COMMS - 1)] == id)
				return true;
		}
		/* The parent's own css is its cgroup's "self". */
		css = BPF_CORE_READ(cg, self.parent);
		cg = css ? (void *)css -
				     bpf_core_field_offset(struct cgroup, self)
			 : NULL;
	}
	return false;
}

/* The id of @p's cgroup v2 cgroup, its css_set read under RCU. */
static __always_inline u64 task_cgroup_id(const struct task_struct *p)
{
	return p->cgroups->dfl_cgrp->kn->id;
}

static __always_inline bool is_gpu_task(const struct task_struct *p)
{
	u32 tgid = p->tgid;

	if (bpf_map_lookup_elem(&gpu_tgids, &tgid))
		return true;
	return comm_in(p, gpu_comm, nr_gpu_comm);
}

#endif
