/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a user does about contention without a custom scheduler, as arms
 * of `flashyspark compare` (all under EEVDF): the benchmark under
 * `nice -n -10`, under SCHED_RR (`chrt -r 1`), pinned (`taskset`) to its
 * first T CPUs (T threads, at most the online CPUs) with a neighbour kept on
 * the CPUs left, if any, EEVDF's base slice raised
 * to 3 ms (debugfs sched/base_slice_ns), or the performance governor (cpufreq).
 * The machine-wide ones are set before their measurement and put back after.
 */
#ifndef FS_COMPARE_RECIPE_H
#define FS_COMPARE_RECIPE_H

#include <stdbool.h>
#include <stddef.h>

#include "runner.h"

enum fs_recipe {
	FS_RECIPE_NICE,
	FS_RECIPE_RR,
	FS_RECIPE_PIN,
	FS_RECIPE_SLICE,
	FS_RECIPE_GOVERNOR,
	FS_NR_RECIPES,
};

#define FS_RECIPE_NAMES "nice, rr, pin, slice, governor"

const char *fs_recipe_name(enum fs_recipe r); /* "nice" */

/* One line for a reader: "EEVDF, the benchmark under nice -n -10". */
void fs_recipe_describe(enum fs_recipe r, int threads, char *buf, size_t len);

/*
 * "nice,rr" (or "all", or "none") into @on; -1 with err naming the bad
 * word.
 */
int fs_recipe_parse(const char *list, bool on[FS_NR_RECIPES], char *err,
		    size_t errlen);

/*
 * Whether this machine can apply @r (debugfs for slice, cpufreq for
 * governor; root for rr and slice is checked when it runs): false with
 * why. @sys: "/sys", or a test's stand-in.
 */
bool fs_recipe_available(enum fs_recipe r, const char *sys, char *why,
			 size_t len);

/* @cmd run under recipe @r: the prefix words and the command. */
struct fs_recipe_cmd {
	const char *argv[64];
	char cpus[32];
	struct fs_command cmd;
};

/* -1 when @cmd's argv is too long to wrap. */
int fs_recipe_wrap(enum fs_recipe r, int threads, const struct fs_command *cmd,
		   struct fs_recipe_cmd *out);

/*
 * The neighbour's shell command under recipe @r on a machine of @cpus
 * CPUs (0: the online ones): pin keeps it on the CPUs the benchmark's
 * @threads leave (T to
 * cpus-1). 1 with the wrapped command in @out; 0 where it runs as it is
 * (another recipe, no neighbour, no CPU left); -1 when @len is too short.
 */
int fs_recipe_neighbour(enum fs_recipe r, int threads, int cpus,
			const char *neighbour, char *out, size_t len);

/* A machine-wide setting changed for one measurement, to put back. */
struct fs_recipe_undo {
	int n;
	char path[64][128];
	char old[64][32];
};

/*
 * Set what @r changes machine-wide (nothing for nice, rr, pin) under @sys,
 * keeping the old values in @u; -1 with err (anything already set is put
 * back).
 */
int fs_recipe_apply(enum fs_recipe r, const char *sys, struct fs_recipe_undo *u,
		    char *err, size_t errlen);

/* Put back what fs_recipe_apply set; -1 with err if some write failed. */
int fs_recipe_undo(struct fs_recipe_undo *u, char *err, size_t errlen);

#endif
