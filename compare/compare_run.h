/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The measuring loop of `flashyspark compare`: rounds of every arm in a
 * rotated order, each measurement its own scheduler start (for a
 * scheduler arm) and its own benchmark process.
 */
#ifndef FS_COMPARE_COMPARE_RUN_H
#define FS_COMPARE_COMPARE_RUN_H

#include <stdio.h>

#include "compare_data.h"
#include "runner.h"
#include "scenario.h"

struct fs_compare_env {
	const struct fs_command *bench;
	double bench_timeout_s;
	int sigfd;		/* signalfd checked between steps; -1: none */
	const char *sysfs_dir;	/* NULL: /sys/kernel/sched_ext */
	const char *jsonl_path; /* rewritten after each measurement; or NULL */
	FILE *progress;		/* progress lines (stderr); or NULL */
	const struct fs_scenario *scenario; /* NULL: idle */
	int threads;	     /* the benchmark's threads (the pin recipe) */
	const char *sys_dir; /* NULL: /sys (recipes that write there) */
	int until_cap;	     /* --until-significant: rounds at most; 0 off */
	size_t decide_arm;   /* the arm whose verdict ends it early */
	bool quiet; /* wait for the CPUs to go quiet before each run (quiet.h)
		     */
};

/*
 * Whether @arm's ratio to arms[0] is significant on every metric that has
 * data (false while any has no interval). -1 out of memory.
 */
int fs_compare_decided(const struct fs_compare_data *d, size_t arm);

/* Arm of slot i (0-based) in round r (0-based): A B C, C A B, B C A ... */
size_t fs_compare_arm_at(size_t n_arms, int round, size_t slot);

/*
 * Measure d->rounds rounds into d. Returns 0 when done, the number of the
 * signal that interrupted it (d->interrupted set; no scheduler is left
 * running), or -1 with err when compare.jsonl cannot be written.
 */
int fs_compare_run(const struct fs_compare_env *env, struct fs_compare_data *d,
		   char *err, size_t errlen);

#endif
