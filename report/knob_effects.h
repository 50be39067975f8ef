/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How much each knob moved the searched metric, estimated from a search's
 * own episodes: a ridge-regularised linear model of the episode's t/s on
 * the 20 knob indicators (successful episodes only), each coefficient
 * with a 95% interval. Ridge keeps the estimate sane when pg's episodes
 * make knobs move together; the interval is the model's (residual
 * variance over its effective degrees of freedom), so read it as "what
 * these episodes say", not as a controlled experiment: interactions and
 * drift between episodes are not modelled.
 */
#ifndef FS_REPORT_KNOB_EFFECTS_H
#define FS_REPORT_KNOB_EFFECTS_H

#include <stdbool.h>
#include <stddef.h>

#include "run_episodes.h"

/* The ridge penalty, in episodes' worth of shrinkage toward 0 per knob. */
#define FS_RIDGE_LAMBDA 1.0

struct fs_knob_effect {
	bool varied;   /* on in some successful episodes, off in others */
	int n_on;      /* successful episodes with it on */
	double effect; /* t/s when on, the other knobs held */
	double lo, hi; /* 95% interval */
};

struct fs_knob_effects {
	bool estimated; /* false: too few episodes (why in the fit's @why) */
	int n;		/* successful episodes used */
	double df;	/* the model's effective degrees of freedom */
	double sigma;	/* residual standard deviation, t/s */
	struct fs_knob_effect k[FS_NR_KNOBS];
};

/* Fit; 0 (estimated or not, see ->estimated and @why), -1 out of memory. */
int fs_knob_effects_fit(const struct fs_run_episodes *run,
			struct fs_knob_effects *out, char *why, size_t len);

#endif
