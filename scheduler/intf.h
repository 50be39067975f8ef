/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the BPF scheduler and user space share: knob indices, counter
 * indices and the exit record. Plain C types only, so both sides include it.
 */
#ifndef FLASHYSPARK_INTF_H
#define FLASHYSPARK_INTF_H

#define FS_OPS_NAME "flashyspark"

enum fs_knob {
#define FS_KNOB(id, help) FS_KNOB_##id,
#include "knobs.def"
#undef FS_KNOB
	FS_NR_KNOBS,
};

/*
 * Event counters, one per-CPU slot each. The knob table in knobs.md names
 * the counter that proves each knob; the first group is always counted.
 */
#define FS_COUNTERS(X)                                                         \
	X(enqueues)                                                            \
	X(dispatches)                                                          \
	X(local_inserts)                                                       \
	X(node_dsq_inserts)                                                    \
	X(lag_scaled)                                                          \
	X(tickless_slices)                                                     \
	X(preempt_kicks)                                                       \
	X(rr_enqueues)                                                         \
	X(custom_idle_picks)                                                   \
	X(pcpu_local)                                                          \
	X(direct_dispatches)                                                   \
	X(sticky_hits)                                                         \
	X(native_weight)                                                       \
	X(kthread_direct)                                                      \
	X(wake_sync_ignored)                                                   \
	X(wake_sync_pulls)                                                     \
	X(kthread_stays)                                                       \
	X(gpu_task_placements)                                                 \
	X(classified_latency)                                                  \
	X(classified_cpu)                                                      \
	X(timer_kicks)                                                         \
	X(immediate_kicks)                                                     \
	X(extra_dsq_inserts)                                                   \
	X(l2_picks)                                                            \
	X(l3_picks)                                                            \
	X(idle_core_picks)                                                     \
	X(cpuperf_sets)

enum fs_counter {
#define FS_COUNTER_ENUM(name) FS_CNT_##name,
	FS_COUNTERS(FS_COUNTER_ENUM)
#undef FS_COUNTER_ENUM
	FS_NR_COUNTERS,
};

#define FS_EXIT_REASON_LEN 128
#define FS_EXIT_MSG_LEN 1024

/* Copied from the kernel's scx_exit_info in ops.exit; kind 0 = still running. */
struct fs_exit_record {
	int kind;
	long long exit_code;
	char reason[FS_EXIT_REASON_LEN];
	char msg[FS_EXIT_MSG_LEN];
};

#endif
