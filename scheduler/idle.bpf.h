/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Idle-CPU selection over the topology.
 *
 * The search widens from the previous CPU's L2 domain to its LLC, its NUMA
 * node and finally every allowed CPU, first asking for a whole idle SMT
 * core, then for any idle CPU. disable_l2 / disable_l3 / disable_smt /
 * disable_numa drop a stage. The pick primitive is the kernel's idle
 * tracker (idle_mask.bpf.h: machine-wide, or per node on NUMA machines),
 * or with no_builtin_idle our own scan of the idle masks starting after
 * the previous CPU. GPU tasks are confined to
 * the performance cores with aggressive_gpu_tasks (gpu_home(): placed,
 * queued and woken only there), and others steered off them.
 */
#ifndef FLASHYSPARK_IDLE_BPF_H
#define FLASHYSPARK_IDLE_BPF_H

#include "state.bpf.h"
#include "idle_mask.bpf.h"

enum domain {
	DOM_L2,
	DOM_LLC,
	DOM_NODE,
	DOM_ALL,
};

/* Build one CPU's domain masks from the loader's topology ids. */
static int init_cpu_masks(s32 cpu)
{
	struct bpf_cpumask *l2, *llc, *node, *tmp;
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	s32 first = -1, after = -1;
	u32 j;
	int ret = 0;

	if (!cctx || cpu >= FS_MAX_CPUS) {
		fs_error("CPU %d: no context (nr_cpus %u)", cpu, nr_cpus);
		return -ENOENT;
	}
	l2 = bpf_cpumask_create();
	llc = bpf_cpumask_create();
	node = bpf_cpumask_create();
	tmp = bpf_cpumask_create();
	if (!l2 || !llc || !node || !tmp) {
		fs_error("CPU %d: allocating its topology masks failed", cpu);
		ret = -ENOMEM;
		goto fail;
	}
	bpf_for(j, 0, nr_cpus)
	{
		if (j >= FS_MAX_CPUS)
			break;
		if (cpu_l2_id[CPU_IDX(j)] == cpu_l2_id[CPU_IDX(cpu)])
			bpf_cpumask_set_cpu(j, l2);
		if (cpu_llc_id[CPU_IDX(j)] == cpu_llc_id[CPU_IDX(cpu)])
			bpf_cpumask_set_cpu(j, llc);
		if (cpu_node_id[CPU_IDX(j)] == cpu_node_id[CPU_IDX(cpu)])
			bpf_cpumask_set_cpu(j, node);
		if (j != (u32)cpu &&
		    cpu_core_id[CPU_IDX(j)] == cpu_core_id[CPU_IDX(cpu)]) {
			if (first < 0)
				first = j;
			if (j > (u32)cpu && after < 0)
				after = j;
		}
	}
	cctx->sibling = after >= 0 ? after : first;
	cctx->same_as[DOM_LLC] =
		bpf_cpumask_equal(cast_mask(llc), cast_mask(l2)) << DOM_L2;
	cctx->same_as[DOM_NODE] =
		(bpf_cpumask_equal(cast_mask(node), cast_mask(l2)) << DOM_L2) |
		(bpf_cpumask_equal(cast_mask(node), cast_mask(llc)) << DOM_LLC);
	cctx->same_as[DOM_ALL] =
		((bpf_cpumask_weight(cast_mask(l2)) == nr_cpus) << DOM_L2) |
		((bpf_cpumask_weight(cast_mask(llc)) == nr_cpus) << DOM_LLC) |
		((bpf_cpumask_weight(cast_mask(node)) == nr_cpus) << DOM_NODE);
	l2 = bpf_kptr_xchg(&cctx->l2_mask, l2);
	llc = bpf_kptr_xchg(&cctx->llc_mask, llc);
	node = bpf_kptr_xchg(&cctx->node_mask, node);
	tmp = bpf_kptr_xchg(&cctx->tmp_mask, tmp);
fail:
	if (l2)
		bpf_cpumask_release(l2);
	if (llc)
		bpf_cpumask_release(llc);
	if (node)
		bpf_cpumask_release(node);
	if (tmp)
		bpf_cpumask_release(tmp);
	return ret;
}

static int init_class_masks(void)
{
	struct bpf_cpumask *perf = bpf_cpumask_create(), *other;
	u32 j;

	if (!perf) {
		fs_error("allocating the performance-core mask failed");
		return -ENOMEM;
	}
	other = bpf_cpumask_create();
	if (!other) {
		bpf_cpumask_release(perf);
		fs_error("allocating the other-core mask failed");
		return -ENOMEM;
	}
	bpf_for(j, 0, nr_cpus)
	{
		if (j >= FS_MAX_CPUS)
			break;
		if (cpu_is_perf[CPU_IDX(j)])
			bpf_cpumask_set_cpu(j, perf);
		else
			bpf_cpumask_set_cpu(j, other);
	}
	perf = bpf_kptr_xchg(&perf_mask, perf);
	if (perf)
		bpf_cpumask_release(perf);
	other = bpf_kptr_xchg(&other_mask, other);
	if (other)
		bpf_cpumask_release(other);
	return 0;
}

/*
 * Our own scan: the first idle CPU of @mask after @prev, claimed; with
 * per-node tracking, @prev's node first, then the others in turn.
 */
static s32 scan_idle(const struct cpumask *mask, bool whole_core, s32 prev)
{
	u32 k, i, n = nr_idle_masks(), first = n > 1 ? node_of(prev) : 0;

	bpf_for(k, 0, n)
	{
		const struct cpumask *idle =
			idle_mask_get((first + k) % n, whole_core);
		s32 found = -EBUSY;

		bpf_for(i, 0, nr_cpus)
		{
			s32 cpu = (prev + 1 + i) % nr_cpus;

			if (!bpf_cpumask_test_cpu(cpu, mask) ||
			    !bpf_cpumask_test_cpu(cpu, idle))
				continue;
			if (scx_bpf_test_and_clear_cpu_idle(cpu)) {
				found = cpu;
				break;
			}
		}
		scx_bpf_put_idle_cpumask(idle);
		if (found >= 0)
			return found;
	}
	return -EBUSY;
}

/*
 * Idle CPU in (@dom of @cctx's CPU, or all allowed) & p's CPUs & the class
 * mask, or < 0. The result is claimed (its idle bit cleared). The
 * intersection is built in @scratch, the calling CPU's own mask.
 */
static s32 pick_in(const struct task_struct *p, struct cpu_ctx *cctx,
		   struct cpu_ctx *scratch, enum domain dom,
		   const struct cpumask *class_mask, bool whole_core, s32 prev)
{
	struct bpf_cpumask *tmp = scratch->tmp_mask, *dmask;
	const struct cpumask *mask;

	if (!tmp)
		return -ENOENT;
	switch (dom) {
	case DOM_L2:
		dmask = cctx->l2_mask;
		break;
	case DOM_LLC:
		dmask = cctx->llc_mask;
		break;
	case DOM_NODE:
		dmask = cctx->node_mask;
		break;
	default:
		dmask = NULL;
	}
	if (dom != DOM_ALL && !dmask)
		return -ENOENT;
	if (dmask)
		bpf_cpumask_and(tmp, cast_mask(dmask), p->cpus_ptr);
	else
		bpf_cpumask_and(tmp, p->cpus_ptr, p->cpus_ptr);
	if (class_mask)
		bpf_cpumask_and(tmp, cast_mask(tmp), class_mask);
	mask = cast_mask(tmp);
	if (KNOB(no_builtin_idle)) {
		s32 cpu = scan_idle(mask, whole_core, prev);

		if (cpu >= 0)
			count(FS_CNT_custom_idle_picks);
		return cpu;
	}
	return idle_pick(mask, node_of(prev),
			 whole_core ? SCX_PICK_IDLE_CORE : 0);
}

static __always_inline bool domain_enabled(enum domain dom)
{
	switch (dom) {
	case DOM_L2:
		return !KNOB(disable_l2);
	case DOM_LLC:
		return !KNOB(disable_l3);
	case DOM_NODE:
		return !KNOB(disable_numa) && nr_nodes > 1;
	default:
		return true;
	}
}

static __always_inline void count_domain(enum domain dom, bool whole_core)
{
	if (whole_core)
		count(FS_CNT_idle_core_picks);
	if (dom == DOM_L2)
		count(FS_CNT_l2_picks);
	else if (dom == DOM_LLC)
		count(FS_CNT_l3_picks);
}

/* The CPUs of @cpu's LLC, or NULL (then: no limit). */
static const struct cpumask *llc_mask_of(s32 cpu)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	struct bpf_cpumask *m;

	if (!cctx)
		return NULL;
	m = cctx->llc_mask;
	return m ? cast_mask(m) : NULL;
}

/*
 * One pass of the cascade over domains, narrowest first, skipping a domain
 * that holds the same CPUs as one already searched: for a whole idle SMT
 * core (@whole_core), or for any idle CPU; -1 when nothing is idle.
 */
static s32 pick_pass(const struct task_struct *p, s32 prev,
		     const struct cpumask *class_mask, bool whole_core)
{
	struct cpu_ctx *cctx = cpu_ctx(prev), *scratch = this_cpu_ctx();
	u8 searched = 0;
	int d;

	if (!cctx || !scratch)
		return -1;
	/*
	 * The previous CPU itself, if idle, before the L2 stage's mask is
	 * built: one kfunc call instead of two on most wakeups.
	 */
	if (!whole_core && !KNOB(disable_l2) && !KNOB(no_builtin_idle) &&
	    !class_mask && (u32)p->nr_cpus_allowed >= nr_cpus &&
	    scx_bpf_test_and_clear_cpu_idle(prev)) {
		count_domain(DOM_L2, false);
		return prev;
	}
	for (d = DOM_L2; d <= DOM_ALL; d++) {
		s32 cpu;

		if (!domain_enabled(d) || (cctx->same_as[d] & searched))
			continue;
		searched |= 1 << d;
		cpu = pick_in(p, cctx, scratch, d, class_mask, whole_core,
			      prev);
		if (cpu >= 0) {
			count_domain(d, whole_core);
			return cpu;
		}
	}
	return -1;
}

/* A whole idle SMT core for @p, nearest @prev first (claimed), or -1. */
static __always_inline s32 pick_idle_core(const struct task_struct *p, s32 prev,
					  const struct cpumask *class_mask)
{
	if (!smt_present || KNOB(disable_smt))
		return -1;
	return pick_pass(p, prev, class_mask, true);
}

/* An idle CPU for @p: a whole idle core first, then any; -1 if none. */
static s32 pick_idle_cpu(const struct task_struct *p, s32 prev,
			 const struct cpumask *class_mask)
{
	s32 cpu = pick_idle_core(p, prev, class_mask);

	return cpu >= 0 ? cpu : pick_pass(p, prev, class_mask, false);
}

/*
 * The mask a task's placement is confined to: with aggressive_gpu_tasks,
 * GPU tasks get the performance cores and everyone else the rest.
 */
static const struct cpumask *class_mask_of(const struct task_struct *p,
					   bool *gpu)
{
	struct bpf_cpumask *m;

	*gpu = false;
	if (!KNOB(aggressive_gpu_tasks))
		return NULL;
	*gpu = is_gpu_task(p);
	m = *gpu ? perf_mask : other_mask;
	if (!m || bpf_cpumask_empty(cast_mask(m)))
		return NULL;
	return cast_mask(m);
}

/*
 * With aggressive_gpu_tasks a GPU task runs only on the performance cores
 * it may use: its CPU there, @cpu if that is one, else any allowed one;
 * -1 when it is not confined (knob off, not a GPU task, no such CPU, or
 * every CPU it may use is one: a uniform machine).
 */
static s32 gpu_home(const struct task_struct *p, s32 cpu)
{
	struct bpf_cpumask *m, *o = other_mask;
	u32 home;

	if (!KNOB(aggressive_gpu_tasks) || !o ||
	    !bpf_cpumask_intersects(cast_mask(o), p->cpus_ptr) ||
	    !is_gpu_task(p))
		return -1;
	if (cpu >= 0 && perf_cpu(cpu) && bpf_cpumask_test_cpu(cpu, p->cpus_ptr))
		return cpu;
	m = perf_mask;
	if (!m)
		return -1;
	home = bpf_cpumask_any_and_distribute(cast_mask(m), p->cpus_ptr);
	return home < nr_cpus ? (s32)home : -1;
}

/* Where an idle search for @p may wake a CPU: perf cores if confined. */
static const struct cpumask *gpu_only(const struct task_struct *p)
{
	struct bpf_cpumask *m = perf_mask;

	if (!m || gpu_home(p, -1) < 0)
		return NULL;
	return cast_mask(m);
}

#endif
