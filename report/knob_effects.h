/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How much each knob moved the searched metric, estimated from a search's
 * own episodes: a ridge-regularised linear model of the episode's t/s on
 * the 20 knob indicators (successful episodes only), each coefficient
 * with a 95% interval. Ridge keeps the estimate sane when pg's episodes
 * make knobs move together; the interval is the ridge posterior's
 * (residual variance times (X'X + lambda I)^-1), wide where the episodes
 * cannot tell knobs apart. Read it as "what these episodes say", not as a
 * controlled experiment: interactions and drift are not modelled.
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
	/*
	 * Another knob that was on exactly when this one was (or exactly when
	 * it was off) in every successful episode, or -1: the episodes cannot
	 * tell their effects apart, so neither is called significant.
	 */
	int confounded;
};

struct fs_knob_effects {
	bool estimated; /* false: too few episodes (why in the fit's @why) */
	int n;		/* successful episodes used */
	double df;	/* the model's effective degrees of freedom */
	double sigma;	/* residual standard deviation, t/s */
	struct fs_knob_effect k[FS_NR_KNOBS];
};

/* Whether the interval excludes 0 and no other knob is confounded with it. */
static inline int fs_knob_effect_sign(const struct fs_knob_effect *e)
{
	if (!e->varied || e->confounded >= 0)
		return 0;
	return e->lo > 0 ? 1 : e->hi < 0 ? -1 : 0;
}

/* Fit; 0 (estimated or not, see ->estimated and @why), -1 out of memory. */
int fs_knob_effects_fit(const struct fs_run_episodes *run,
			struct fs_knob_effects *out, char *why, size_t len);

#endif
