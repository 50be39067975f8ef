/* SPDX-License-Identifier: GPL-2.0 */
/* The command line of `flashyspark compare`. */
#ifndef FS_COMPARE_COMPARE_OPTS_H
#define FS_COMPARE_COMPARE_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define FS_COMPARE_MAX_PEERS 8

struct fs_compare_opts {
	const char *knobset; /* BEST.yaml */
	int rounds;	     /* --rounds, 5 */
	int until_cap;	     /* --until-significant N: rounds at most; 0 off */
	const char *model;   /* --model */
	const char *bench_cmd;	/* --bench-cmd: a shell command instead */
	const char *bench_args; /* --bench-args: replace -p -n -r */
	int threads;		/* --threads, the online CPUs */
	bool threads_set;	/* --threads given (else the scenario's) */
	const char *scenario;	/* --scenario, NULL: idle */
	const char *neighbour;	/* --neighbour CMD */
	const char *recipes;	/* --recipes LIST, NULL: the scenario's */
	const char *out_dir;	/* --out, NULL: runs/compare-<timestamp> */
	const char *peers[FS_COMPARE_MAX_PEERS];
	int n_peers;
	const char *scx;  /* --scx: the loader, NULL: found by sched_child */
	double timeout_s; /* --timeout per benchmark process, 600 */
	const char *sysfs_dir; /* --sysfs-dir (tests), NULL: the kernel's */
};

enum fs_compare_parse {
	FS_COMPARE_RUN,
	FS_COMPARE_HELP,
	FS_COMPARE_USAGE, /* err says why */
};

enum fs_compare_parse fs_compare_parse(int argc, char **argv,
				       struct fs_compare_opts *o, char *err,
				       size_t errlen);

void fs_compare_usage(FILE *f);

#endif
