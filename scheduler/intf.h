/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the BPF scheduler and user space share: knob indices, counter
 * indices and the exit record. Plain C types only, so both sides include it.
 */
#ifndef FLASHYSPARK_INTF_H
#define FLASHYSPARK_INTF_H

#include "public.h"

/*
 * Event counters, one per-CPU slot each. The knob table in knobs.md names
 * the counter that proves each knob; the first group is always counted.
 */
#define FS_COUNTERS(X)         \
	X(enqueues)            \
	X(dispatches)          \
	X(local_inserts)       \
	X(node_dsq_inserts)    \
	X(lag_scaled)          \
	X(tickless_slices)     \
	X(preempt_kicks)       \
	X(rr_enqueues)         \
	X(custom_idle_picks)   \
	X(pcpu_local)          \
	X(direct_dispatches)   \
	X(sticky_hits)         \
	X(native_weight)       \
	X(kthread_direct)      \
	X(wake_sync_ignored)   \
	X(wake_sync_pulls)     \
	X(kthread_stays)       \
	X(gpu_task_placements) \
	X(classified_latency)  \
	X(classified_cpu)      \
	X(timer_kicks)         \
	X(immediate_kicks)     \
	X(extra_dsq_inserts)   \
	X(l2_picks)            \
	X(l3_picks)            \
	X(idle_core_picks)     \
	X(cpuperf_sets)        \
	X(wakeup_preempts)     \
	X(same_tgid_wakeups)   \
	X(steals)              \
	X(affinity_moves)      \
	X(reenqueues)          \
	X(stranded_requeues)   \
	X(prev_kept)           \
	X(idle_rescues)        \
	X(node_balances)       \
	X(workload_preempts)   \
	X(workload_shielded)   \
	X(workload_kept)       \
	X(workload_yields)     \
	X(workload_steals)     \
	X(workload_kthreads)   \
	X(smt_spreads)         \
	X(starve_rescues)

enum fs_counter {
#define FS_COUNTER_ENUM(name) FS_CNT_##name,
	FS_COUNTERS(FS_COUNTER_ENUM)
#undef FS_COUNTER_ENUM
		FS_NR_COUNTERS,
};

/* Sizes of the topology arrays the loader fills before load. */
#define FS_MAX_CPUS 512

/*
 * DSQ ids: per-CPU DSQs are the CPU number; the others sit above any CPU.
 * Per-node and per-LLC DSQs add the node / LLC id to their base.
 */
#define FS_DSQ_GLOBAL	     0x10000 /* the shared DSQ under disable_numa */
#define FS_DSQ_PERF	     0x10001
#define FS_DSQ_NODE_BASE     0x20000
#define FS_DSQ_LLC_BASE	     0x30000
#define FS_DSQ_WORKLOAD_BASE 0x40000 /* per CPU: the workload's tasks */

#define FS_EXIT_REASON_LEN 128
#define FS_EXIT_MSG_LEN	   1024
/*
 * How much of the kernel's dump at an error exit (each CPU, each runnable
 * task and where it waits) ops.exit keeps for the loader to print.
 */
#define FS_EXIT_DUMP_LEN 16384

/* Copied from the kernel's scx_exit_info in ops.exit; kind 0 = still running.
 */
struct fs_exit_record {
	int kind;
	long long exit_code;
	char reason[FS_EXIT_REASON_LEN];
	char msg[FS_EXIT_MSG_LEN];
};

#endif
