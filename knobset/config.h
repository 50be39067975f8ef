/* SPDX-License-Identifier: GPL-2.0 */
/* The loader's effective configuration: knobs, numeric options, run mode. */
#ifndef FS_KNOBSET_CONFIG_H
#define FS_KNOBSET_CONFIG_H

#include <stdbool.h>

#include "public.h"

struct fs_config {
	bool knobs[FS_NR_KNOBS];
	unsigned long slice_us;
	unsigned long slice_min_us;
	unsigned long slice_lag_us;
	unsigned long run_lag_us;
	unsigned long max_avg_nvcsw;
	int cpu_busy_thresh; /* percent; -1 = auto (75) */
	unsigned long watchdog_ms;
	double stats_secs; /* 0 = no periodic stats */
	bool print_config;
	bool restart;
	const char *config_file;
	const char *ready_file;
	char perf_cores[256]; /* CPU list, or "" to detect */
	char gpu_comms[FS_MAX_GPU_COMMS][FS_COMM_LEN];
	int nr_gpu_comms;
};

/* flash's defaults, all knobs off. */
void fs_config_defaults(struct fs_config *cfg);

#endif
