/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `flashyspark compare` measures and keeps: the arms (EEVDF, our
 * scheduler with default knobs, the given knob set, peer schedulers) and
 * every raw measurement, one llama-bench process each. The reports are
 * computed from this alone, so they can be tested on synthetic data.
 */
#ifndef FS_COMPARE_COMPARE_DATA_H
#define FS_COMPARE_COMPARE_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "public.h"
#include "metric.h"
#include "ratio_ci.h"
#include "recipe.h"

enum fs_arm_kind {
	FS_ARM_EEVDF,  /* no sched_ext scheduler: the kernel's fair class */
	FS_ARM_FLASHY, /* scx_flashyspark */
	FS_ARM_PEER,   /* another sched_ext scheduler binary */
	FS_ARM_RECIPE, /* EEVDF with an OS-tuning recipe (recipe.h) */
};

struct fs_arm {
	char id[64];	 /* short, for tables and compare.jsonl */
	char what[2048]; /* one line for a reader */
	enum fs_arm_kind kind;
	bool knobs[FS_NR_KNOBS];
	const char *binary;    /* scheduler to run (not EEVDF) */
	const char *config;    /* passed as --config FILE (may be NULL) */
	enum fs_recipe recipe; /* FS_ARM_RECIPE's */
};

struct fs_measurement {
	size_t arm;
	int round; /* 1-based */
	int slot;  /* position within the round, 1-based */
	bool ok;
	double v[FS_NR_METRICS]; /* t/s; NaN when the run had no such row */
	double seconds;		 /* wall time, scheduler start to stop */
	double neighbour_cpus;	 /* the neighbour's CPU share; NaN: none */
	char error[768];	 /* why not ok */
};

struct fs_compare_data {
	struct fs_arm *arms; /* arms[0] is the reference, EEVDF */
	size_t n_arms;
	struct fs_measurement *m;
	size_t n_m, cap_m;
	int rounds;		 /* planned */
	bool interrupted;	 /* stopped by a signal before the end */
	char knobset[512];	 /* the knob-set file */
	char knobset_desc[2100]; /* fs_knob_set_describe() of it */
	char bench[1024];	 /* the benchmark command */
	char scenario[1200];	 /* fs_scenario_describe() */
	char started[64];	 /* UTC date and time */
	char host[256];		 /* kernel, CPUs */
};

#define FS_COMPARE_LEVEL 0.95

/* Append a copy; -1 out of memory. */
int fs_compare_add(struct fs_compare_data *d, const struct fs_measurement *m);

/* The ok values of one arm and metric into out (room for d->n_m). */
size_t fs_compare_values(const struct fs_compare_data *d, size_t arm,
			 enum fs_metric k, double *out);

/* Measurements of an arm that failed. */
size_t fs_compare_failures(const struct fs_compare_data *d, size_t arm);

/* Some arm has a value for metric k. */
bool fs_compare_has_metric(const struct fs_compare_data *d, enum fs_metric k);

/* Mean neighbour CPU share of an arm's ok runs; NaN when it had none. */
double fs_compare_neighbour(const struct fs_compare_data *d, size_t arm);

/*
 * What one arm's numbers say about one metric: against arms[0], paired
 * by round (the geometric mean of the per-round ratios and its
 * t-interval: drift between rounds cancels) where both have two or more
 * rounds in common, else Welch's unpaired comparison.
 */
struct fs_arm_result {
	size_t n;
	struct fs_summary s;   /* valid when n >= 1 */
	bool has_ratio;	       /* ratio.ratio valid: both arms have data */
	bool has_interval;     /* ratio interval and p valid: n >= 2 on both */
	struct fs_ratio ratio; /* against arms[0] */
	bool paired;	       /* ratio is paired by round */
};

/* -1 out of memory. */
int fs_compare_analyse(const struct fs_compare_data *d, size_t arm,
		       enum fs_metric k, struct fs_arm_result *out);

/*
 * fs_compare_analyse against any arm @ref instead of arms[0] (out->ratio
 * is @arm over @ref): paired by round where two rounds have both, else
 * Welch/Fieller over all their values. -1 out of memory.
 */
int fs_compare_against(const struct fs_compare_data *d, size_t arm, size_t ref,
		       enum fs_metric k, struct fs_arm_result *out);

/*
 * @arm against any arm @ref, paired by round over the rounds where both
 * have an ok value; their count in *rounds. Two or more: out is the
 * geometric mean of the per-round ratios with its interval
 * (fs_stats_ratio_paired); one: out->ratio is that round's ratio, the
 * rest NaN; none: all NaN. fs_compare_analyse's paired ratio is this with
 * @ref 0. -1 out of memory.
 */
int fs_compare_paired(const struct fs_compare_data *d, size_t arm, size_t ref,
		      enum fs_metric k, size_t *rounds, struct fs_ratio *out);

const char *fs_metric_name(enum fs_metric k);  /* "pp" */
const char *fs_metric_title(enum fs_metric k); /* "prompt processing" */

void fs_compare_data_free(struct fs_compare_data *d);

#endif
