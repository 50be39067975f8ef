/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's idle-CPU tracking, machine-wide or per NUMA node. With
 * several nodes the loader asks for per-node tracking
 * (SCX_OPS_BUILTIN_IDLE_PER_NODE): every search then starts in a node and
 * widens by distance, and no CPU contends on one machine-wide mask; the
 * kernel then refuses the machine-wide kfuncs, so every idle query in the
 * scheduler goes through here.
 */
#ifndef FLASHYSPARK_IDLE_MASK_BPF_H
#define FLASHYSPARK_IDLE_MASK_BPF_H

#include "state.bpf.h"

static __always_inline bool per_node_idle(void)
{
	return idle_per_node && bpf_ksym_exists(scx_bpf_pick_idle_cpu_node) &&
	       bpf_ksym_exists(scx_bpf_pick_any_cpu_node) &&
	       bpf_ksym_exists(scx_bpf_get_idle_cpumask_node) &&
	       bpf_ksym_exists(scx_bpf_get_idle_smtmask_node);
}

/* Claim an idle CPU of @mask (from @node outward when tracked per node). */
static __always_inline s32 idle_pick(const struct cpumask *mask, s32 node,
				     u64 flags)
{
	if (per_node_idle())
		return scx_bpf_pick_idle_cpu_node(mask, node, flags);
	return scx_bpf_pick_idle_cpu(mask, flags);
}

/* An idle CPU of @mask if there is one (claimed), else any of @mask. */
static __always_inline s32 any_pick(const struct cpumask *mask, s32 node)
{
	if (per_node_idle())
		return scx_bpf_pick_any_cpu_node(mask, node, 0);
	return scx_bpf_pick_any_cpu(mask, 0);
}

/* How many idle masks cover the machine: one per node, or one. */
static __always_inline u32 nr_idle_masks(void)
{
	return per_node_idle() ? nr_nodes : 1;
}

/*
 * Idle mask @i of nr_idle_masks() (node @i's, or the machine's): its idle
 * CPUs, or with @whole_core the CPUs whose SMT siblings are all idle.
 * Release with scx_bpf_put_idle_cpumask().
 */
static __always_inline const struct cpumask *idle_mask_get(u32 i,
							   bool whole_core)
{
	if (per_node_idle())
		return whole_core ? scx_bpf_get_idle_smtmask_node(i)
				  : scx_bpf_get_idle_cpumask_node(i);
	return whole_core ? scx_bpf_get_idle_smtmask()
			  : scx_bpf_get_idle_cpumask();
}

#endif
