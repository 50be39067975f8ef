// SPDX-License-Identifier: GPL-2.0
/*
 * pg: natural policy gradient over independent Bernoulli knobs.
 *
 * The policy is one probability p_i per knob. It samples a population of
 * LAMBDA knob sets, ranks their rewards into utilities w_k (ranks.h) and
 * moves p along the natural gradient G = sum_k w_k (x_k - p), which for a
 * Bernoulli family is simply "towards the winners, away from the losers".
 *
 * The step is not a fixed learning rate: as in the adaptive stochastic
 * natural gradient (ASNG), each step has length delta in the Fisher
 * metric, and delta grows while successive normalised updates point the
 * same way (signal) and shrinks while they cancel (noise), judged by an
 * accumulated update s and its expected squared length gamma under pure
 * noise. p stays inside [1/d, 1 - 1/d] so no knob ever freezes.
 */
#include "algo.h"
#include "ranks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAMBDA	   6
#define ALPHA	   1.5 /* ||s||^2 above gamma * ALPHA means signal */
#define DELTA_INIT 1.0
#define DELTA_MIN  1e-3
#define DELTA_MAX  2.0

struct pg {
	int d;
	double p[FS_ALGO_MAX_D];
	double s[FS_ALGO_MAX_D]; /* accumulated normalised update */
	double delta, gamma, beta;
	double updates;
	/* The population so far in this generation. */
	int n_pop;
	double pop_x[LAMBDA][FS_ALGO_MAX_D];
	double pop_r[LAMBDA];
	bool pop_failed[LAMBDA];
};

static void *pg_alloc(int d)
{
	struct pg *pg = calloc(1, sizeof(*pg));
	int i;

	if (!pg)
		return NULL;
	pg->d = d;
	for (i = 0; i < d; i++)
		pg->p[i] = 0.5;
	pg->delta = DELTA_INIT;
	/* Accumulate over about sqrt(d) updates, as ASNG does. */
	pg->beta = DELTA_INIT / sqrt((double)d);
	return pg;
}

static void pg_propose(const void *st, gsl_rng *rng, bool *x)
{
	const struct pg *pg = st;
	int i;

	for (i = 0; i < pg->d; i++)
		x[i] = gsl_rng_uniform(rng) < pg->p[i];
}

static void pg_update(struct pg *pg)
{
	double w[LAMBDA], g[FS_ALGO_MAX_D], fnorm = 0, s2 = 0, eps, b;
	double lo = 1.0 / pg->d, hi = 1.0 - 1.0 / pg->d;
	int i, k;

	fs_rank_utilities(pg->pop_r, pg->pop_failed, LAMBDA, w);
	for (i = 0; i < pg->d; i++) {
		double pv = pg->p[i];

		g[i] = 0;
		for (k = 0; k < LAMBDA; k++)
			g[i] += w[k] * (pg->pop_x[k][i] - pv);
		fnorm += g[i] * g[i] / (pv * (1 - pv));
	}
	fnorm = sqrt(fnorm);
	if (fnorm < 1e-12)
		return; /* all tied: nothing learnt */
	b = pg->beta;
	for (i = 0; i < pg->d; i++) {
		double pv = pg->p[i];

		pg->s[i] = (1 - b) * pg->s[i] + sqrt(b * (2 - b)) * g[i] /
							sqrt(pv * (1 - pv)) /
							fnorm;
		s2 += pg->s[i] * pg->s[i];
	}
	pg->gamma = (1 - b) * (1 - b) * pg->gamma + b * (2 - b);
	eps = pg->delta / fnorm;
	for (i = 0; i < pg->d; i++) {
		double pv = pg->p[i] + eps * g[i];

		pg->p[i] = pv < lo ? lo : pv > hi ? hi : pv;
	}
	pg->delta *= exp(b * (s2 / ALPHA - pg->gamma));
	if (pg->delta < DELTA_MIN)
		pg->delta = DELTA_MIN;
	if (pg->delta > DELTA_MAX)
		pg->delta = DELTA_MAX;
	pg->updates++;
}

static int pg_observe(void *st, const bool *x, double reward, bool failed)
{
	struct pg *pg = st;
	int i;

	for (i = 0; i < pg->d; i++)
		pg->pop_x[pg->n_pop][i] = x[i];
	pg->pop_r[pg->n_pop] = failed ? 0 : reward;
	pg->pop_failed[pg->n_pop] = failed;
	if (++pg->n_pop == LAMBDA) {
		pg_update(pg);
		pg->n_pop = 0;
	}
	return 0;
}

/* The rest of the generation is drawn from the same probabilities. */
static int pg_batch(const void *st)
{
	const struct pg *pg = st;

	return LAMBDA - pg->n_pop;
}

static int pg_save(const void *st, struct fs_vars *out)
{
	const struct pg *pg = st;
	double scal[4] = {pg->delta, pg->gamma, pg->updates, pg->n_pop};
	double x[LAMBDA * FS_ALGO_MAX_D], r[LAMBDA * 2];
	int k, i, n = 0;

	for (k = 0; k < pg->n_pop; k++) {
		for (i = 0; i < pg->d; i++)
			x[n++] = pg->pop_x[k][i];
		r[2 * k] = pg->pop_r[k];
		r[2 * k + 1] = pg->pop_failed[k];
	}
	return fs_vars_put(out, "p", pg->p, pg->d) ||
			       fs_vars_put(out, "s", pg->s, pg->d) ||
			       fs_vars_put(out, "delta_gamma_updates_npop",
					   scal, 4) ||
			       fs_vars_put(out, "population_x", x, n) ||
			       fs_vars_put(out, "population_reward_failed", r,
					   2 * pg->n_pop)
		       ? -1
		       : 0;
}

static int pg_load(void *st, const struct fs_vars *in, char *err, size_t errlen)
{
	struct pg *pg = st;
	double scal[4], x[LAMBDA * FS_ALGO_MAX_D], r[LAMBDA * 2];
	int k, i, n_pop;

	if (fs_vars_get(in, "p", pg->p, pg->d, err, errlen) ||
	    fs_vars_get(in, "s", pg->s, pg->d, err, errlen) ||
	    fs_vars_get(in, "delta_gamma_updates_npop", scal, 4, err, errlen))
		return -1;
	n_pop = (int)scal[3];
	if (n_pop < 0 || n_pop >= LAMBDA || scal[0] <= 0) {
		snprintf(err, errlen, "delta_gamma_updates_npop: out of range");
		return -1;
	}
	if (fs_vars_get(in, "population_x", x, (size_t)(n_pop * pg->d), err,
			errlen) ||
	    fs_vars_get(in, "population_reward_failed", r, (size_t)(2 * n_pop),
			err, errlen))
		return -1;
	pg->delta = scal[0];
	pg->gamma = scal[1];
	pg->updates = scal[2];
	pg->n_pop = n_pop;
	for (k = 0; k < n_pop; k++) {
		for (i = 0; i < pg->d; i++)
			pg->pop_x[k][i] = x[k * pg->d + i];
		pg->pop_r[k] = r[2 * k];
		pg->pop_failed[k] = r[2 * k + 1] != 0;
	}
	return 0;
}

static void pg_free(void *st)
{
	free(st);
}

const struct fs_algo_ops fs_algo_pg = {
	.name = "pg",
	.help = "natural policy gradient over knob probabilities, "
		"rank utilities, adaptive step (default)",
	.alloc = pg_alloc,
	.propose = pg_propose,
	.observe = pg_observe,
	.batch = pg_batch,
	.save = pg_save,
	.load = pg_load,
	.free = pg_free,
};
