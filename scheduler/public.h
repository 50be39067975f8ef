/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What programs other than the loader may know of the scheduler: its ops
 * name, its knobs (ids from knobs.def) and the sizes of what a knob set
 * configures. The BPF interface itself (counters, DSQ ids, the exit
 * record) is intf.h, for the scheduler and its loader only.
 */
#ifndef FLASHYSPARK_PUBLIC_H
#define FLASHYSPARK_PUBLIC_H

#define FS_OPS_NAME "flashyspark"

enum fs_knob {
#define FS_KNOB(id, counter, help) FS_KNOB_##id,
#include "knobs.def"
#undef FS_KNOB
	FS_NR_KNOBS,
};

/* Process names a knob set may mark as GPU feeders, and their length. */
#define FS_MAX_GPU_COMMS 8
#define FS_COMM_LEN	 16

#endif
