// SPDX-License-Identifier: GPL-2.0
/*
 * greedy: one-flip coordinate ascent from the defaults (all knobs off).
 * A pass evaluates the base set, then each single-knob flip of it in
 * turn (d + 1 evaluations). A flip that beats the base's mean is run
 * again at once, and is kept only if the mean of both runs still beats
 * the base: one lucky sample of a noisy benchmark must not move the base.
 * The search goes on from the new base with the next knob; each pass
 * re-evaluates the base, so its mean sharpens as the search runs.
 */
#include "algo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum phase {
	PH_BASE,   /* evaluate the base set */
	PH_FLIP,   /* evaluate the base with knob i flipped */
	PH_RETEST, /* run that flip again before accepting it */
};

struct greedy {
	int d;
	bool base[FS_ALGO_MAX_D];
	double base_sum;
	int base_n; /* successful runs of the base */
	enum phase phase;
	int i;
	double flip_r;
	int passes;
};

static void *greedy_alloc(int d)
{
	struct greedy *g = calloc(1, sizeof(*g));

	if (g)
		g->d = d;
	return g;
}

static double base_mean(const struct greedy *g)
{
	return g->base_n ? g->base_sum / g->base_n : -INFINITY;
}

static void greedy_propose(const void *st, gsl_rng *rng, bool *x)
{
	const struct greedy *g = st;
	int i;

	(void)rng;
	for (i = 0; i < g->d; i++)
		x[i] = g->base[i];
	if (g->phase != PH_BASE)
		x[g->i] = !x[g->i];
}

static void next_flip(struct greedy *g)
{
	g->phase = PH_FLIP;
	if (++g->i < g->d)
		return;
	g->phase = PH_BASE;
	g->i = 0;
	g->passes++;
}

static int greedy_observe(void *st, const bool *x, double reward, bool failed)
{
	struct greedy *g = st;

	(void)x;
	switch (g->phase) {
	case PH_BASE:
		if (!failed) {
			g->base_sum += reward;
			g->base_n++;
		}
		g->phase = PH_FLIP;
		g->i = 0;
		break;
	case PH_FLIP:
		if (!failed && reward > base_mean(g)) {
			g->flip_r = reward;
			g->phase = PH_RETEST;
		} else {
			next_flip(g);
		}
		break;
	case PH_RETEST:
		if (!failed && (g->flip_r + reward) / 2 > base_mean(g)) {
			g->base[g->i] = !g->base[g->i];
			g->base_sum = g->flip_r + reward;
			g->base_n = 2;
		}
		next_flip(g);
		break;
	}
	return 0;
}

/* Whether a flip is re-tested, or the base moves, depends on its reward. */
static int greedy_batch(const void *st)
{
	(void)st;
	return 1;
}

static int greedy_save(const void *st, struct fs_vars *out)
{
	const struct greedy *g = st;
	double base[FS_ALGO_MAX_D];
	double scal[6] = {g->base_sum, g->base_n, g->phase,
			  g->i,	       g->flip_r, g->passes};
	int i;

	for (i = 0; i < g->d; i++)
		base[i] = g->base[i];
	return fs_vars_put(out, "base", base, g->d) ||
			       fs_vars_put(out, "sum_n_phase_i_flipr_passes",
					   scal, 6)
		       ? -1
		       : 0;
}

static int greedy_load(void *st, const struct fs_vars *in, char *err,
		       size_t errlen)
{
	struct greedy *g = st;
	double base[FS_ALGO_MAX_D], scal[6];
	int i;

	if (fs_vars_get(in, "base", base, g->d, err, errlen) ||
	    fs_vars_get(in, "sum_n_phase_i_flipr_passes", scal, 6, err, errlen))
		return -1;
	if (scal[1] < 0 || scal[2] < PH_BASE || scal[2] > PH_RETEST ||
	    scal[3] < 0 || scal[3] >= g->d) {
		snprintf(err, errlen,
			 "sum_n_phase_i_flipr_passes: out of range");
		return -1;
	}
	for (i = 0; i < g->d; i++)
		g->base[i] = base[i] != 0;
	g->base_sum = scal[0];
	g->base_n = (int)scal[1];
	g->phase = (enum phase)scal[2];
	g->i = (int)scal[3];
	g->flip_r = scal[4];
	g->passes = (int)scal[5];
	return 0;
}

static void greedy_free(void *st)
{
	free(st);
}

const struct fs_algo_ops fs_algo_greedy = {
	.name = "greedy",
	.help = "one-flip coordinate ascent from the defaults, "
		"a flip kept only if it wins a re-test",
	.alloc = greedy_alloc,
	.propose = greedy_propose,
	.observe = greedy_observe,
	.batch = greedy_batch,
	.save = greedy_save,
	.load = greedy_load,
	.free = greedy_free,
};
