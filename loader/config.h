/* The loader's effective configuration: knobs, numeric options, run mode. */
#ifndef FLASHYSPARK_CONFIG_H
#define FLASHYSPARK_CONFIG_H

#include <stdbool.h>

#include "intf.h"

#define FS_MAX_GPU_COMMS 8
#define FS_COMM_LEN 16 /* the kernel's TASK_COMM_LEN */

struct fs_config {
	bool knobs[FS_NR_KNOBS];
	unsigned long slice_us;
	unsigned long slice_min_us;
	unsigned long slice_lag_us;
	unsigned long run_lag_us;
	unsigned long max_avg_nvcsw;
	int cpu_busy_thresh; /* percent; -1 = derive from the CPU count */
	unsigned long watchdog_ms;
	double stats_secs; /* 0 = no periodic stats */
	bool print_config;
	bool restart;
	const char *config_file;
	const char *ready_file;
	const char *perf_cores; /* CPU list, or NULL to detect */
	char gpu_comms[FS_MAX_GPU_COMMS][FS_COMM_LEN];
	int nr_gpu_comms;
};

/* flash's defaults, all knobs off. */
void fs_config_defaults(struct fs_config *cfg);

#endif
