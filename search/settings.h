/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one search run was asked to do. Saved in its checkpoint, so that
 * `flashyspark search --resume DIR` needs nothing else to carry on.
 */
#ifndef FS_SEARCH_SETTINGS_H
#define FS_SEARCH_SETTINGS_H

#include <stdbool.h>

#include "metric.h"

#define FS_SETTING_LEN 4096
/* The benchmark's time limit unless --bench-timeout says otherwise. */
#define FS_BENCH_TIMEOUT_S 600
/* Held-out re-test runs of the winner and of the runner-up (--retest). */
#define FS_RETEST_RUNS 3

struct fs_search_settings {
	char algorithm[32];
	enum fs_metric metric;
	int episodes;
	unsigned long seed;
	char model[FS_SETTING_LEN];	/* llama-bench -m, when no bench_cmd */
	char bench_cmd[FS_SETTING_LEN]; /* shell command, or "" */
	int threads;			/* llama-bench -t */
	int n_prompt, n_gen; /* llama-bench -p, -n; 0: size to the machine */
	char bench_args[FS_SETTING_LEN]; /* replace -p -n -r, or "" */
	int bench_timeout_s;		 /* per benchmark run */
	int retest;			 /* re-test runs per set, 0: none */
	bool no_scheduler;		 /* --scheduler none */
	char scx_binary[FS_SETTING_LEN]; /* "" = find scx_flashyspark */
	char scenario[32];		 /* runtime/scenario.h; "" = idle */
	char neighbour[FS_SETTING_LEN];	 /* --neighbour CMD, or "" */
	char workload[16]; /* --workload-comm for the scheduler, "" none */
};

#endif
