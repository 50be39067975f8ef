// SPDX-License-Identifier: GPL-2.0
/*
 * random: every knob on or off with probability 1/2, independently. The
 * baseline any smarter search must beat at equal budget; at about a
 * hundred evaluations it is a serious opponent.
 */
#include "algo.h"

#include <limits.h>
#include <stdlib.h>

struct rnd {
	int d;
};

static void *rnd_alloc(int d)
{
	struct rnd *r = calloc(1, sizeof(*r));

	if (r)
		r->d = d;
	return r;
}

static void rnd_propose(const void *st, gsl_rng *rng, bool *x)
{
	const struct rnd *r = st;
	int i;

	for (i = 0; i < r->d; i++)
		x[i] = gsl_rng_uniform_int(rng, 2);
}

static int rnd_observe(void *st, const bool *x, double reward, bool failed)
{
	(void)st, (void)x, (void)reward, (void)failed;
	return 0;
}

/* No proposal depends on any reward. */
static int rnd_batch(const void *st)
{
	(void)st;
	return INT_MAX;
}

static int rnd_save(const void *st, struct fs_vars *out)
{
	(void)st, (void)out;
	return 0;
}

static int rnd_load(void *st, const struct fs_vars *in, char *err,
		    size_t errlen)
{
	(void)st, (void)in, (void)err, (void)errlen;
	return 0;
}

static void rnd_free(void *st)
{
	free(st);
}

const struct fs_algo_ops fs_algo_random = {
	.name = "random",
	.help = "uniform random knob sets (the baseline)",
	.alloc = rnd_alloc,
	.propose = rnd_propose,
	.observe = rnd_observe,
	.batch = rnd_batch,
	.save = rnd_save,
	.load = rnd_load,
	.free = rnd_free,
};
