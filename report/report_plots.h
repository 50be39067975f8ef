/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The search report's three charts, each an fs_fill_fn (atomic_file.h)
 * over a struct fs_report_data:
 *   values.svg   every episode's t/s by role, whiskers spanning the runs
 *                of the same knob set, failed episodes in red along the
 *                bottom, and the best-so-far curve;
 *   policy.svg   pg's probability of each knob being on, per episode;
 *   effects.svg  each knob's estimated effect with its 95% interval.
 */
#ifndef FS_REPORT_REPORT_PLOTS_H
#define FS_REPORT_REPORT_PLOTS_H

#include <stdbool.h>
#include <stdio.h>

#include "knob_effects.h"
#include "run_episodes.h"

struct fs_report_data {
	const struct fs_run_episodes *run;
	const struct fs_knob_effects *fx;
	/* best_so_far[i]: the best set's mean after episode i (NaN: none). */
	const double *best_so_far;
};

/*
 * The incumbent after each episode, as the search defines it: the knob
 * set with the best mean over its successful runs among the sets that
 * never failed. @out has run->n entries.
 */
void fs_report_best_so_far(const struct fs_run_episodes *run, double *out);

/* Whether any episode carries the algorithm's knob probabilities. */
bool fs_report_has_policy(const struct fs_run_episodes *run);

int fs_plot_values(FILE *f, const void *arg);
int fs_plot_policy(FILE *f, const void *arg);
int fs_plot_effects(FILE *f, const void *arg);

#endif
