// SPDX-License-Identifier: GPL-2.0
/*
 * The search algorithms on synthetic objectives over 20 knobs (separable,
 * with pairwise interactions, with noise): pg must reach the optimum's
 * neighbourhood (Hamming distance <= 2) in fewer evaluations than random
 * search, on average over seeds; greedy must climb a separable objective
 * to its optimum; rank utilities; save/load round trips.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "algo.h"
#include "ranks.h"

#define D     20
#define SEEDS 10
#define CAP   3000 /* evaluations before giving up (counted as CAP) */

struct objective {
	double a[D];	 /* gain of knob i on */
	double b[D][D];	 /* interaction of knobs i < j both on */
	double noise_sd; /* absolute */
	bool opt[D];
};

static double f_true(const struct objective *o, const bool *x)
{
	double f = 0;
	int i, j;

	for (i = 0; i < D; i++) {
		if (!x[i])
			continue;
		f += o->a[i];
		for (j = i + 1; j < D; j++)
			if (x[j])
				f += o->b[i][j];
	}
	return f;
}

static void find_optimum(struct objective *o)
{
	double best = -INFINITY;
	uint32_t m, best_m = 0;
	bool x[D];
	int i;

	for (m = 0; m < (1u << D); m++) {
		double f;

		for (i = 0; i < D; i++)
			x[i] = (m >> i) & 1;
		f = f_true(o, x);
		if (f > best) {
			best = f;
			best_m = m;
		}
	}
	for (i = 0; i < D; i++)
		o->opt[i] = (best_m >> i) & 1;
}

/* Gains in [-3, 3]; with pairs, a few strong interactions (+-4). */
static void make_objective(struct objective *o, unsigned long seed, bool pairs,
			   double noise_sd)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int i, k;

	gsl_rng_set(r, seed + 1000);
	memset(o, 0, sizeof(*o));
	for (i = 0; i < D; i++) {
		o->a[i] = gsl_rng_uniform(r) * 6 - 3;
		if (fabs(o->a[i]) < 0.5)
			o->a[i] = o->a[i] < 0 ? -0.5 : 0.5;
	}
	if (pairs) {
		for (k = 0; k < 8; k++) {
			int p = (int)gsl_rng_uniform_int(r, D);
			int q = (int)gsl_rng_uniform_int(r, D);

			if (p == q)
				continue;
			o->b[p < q ? p : q][p < q ? q : p] =
				gsl_rng_uniform(r) < 0.5 ? 4 : -4;
		}
	}
	o->noise_sd = noise_sd;
	if (pairs)
		find_optimum(o);
	else
		for (i = 0; i < D; i++)
			o->opt[i] = o->a[i] > 0;
	gsl_rng_free(r);
}

static int hamming_to_opt(const struct objective *o, const bool *x)
{
	int i, h = 0;

	for (i = 0; i < D; i++)
		h += x[i] != o->opt[i];
	return h;
}

/* Evaluations until a proposal lies within distance 2 of the optimum. */
static int evals_to_neighbourhood(const char *algo, const struct objective *o,
				  unsigned long seed)
{
	struct fs_algo a;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	char err[128];
	bool x[D];
	int n;

	gsl_rng_set(rng, seed);
	assert_int_equal(fs_algo_new(algo, D, &a, err, sizeof(err)), 0);
	for (n = 1; n <= CAP; n++) {
		double f;

		a.ops->propose(a.st, rng, x);
		if (hamming_to_opt(o, x) <= 2)
			break;
		f = f_true(o, x);
		if (o->noise_sd > 0)
			f += gsl_ran_gaussian(rng, o->noise_sd);
		assert_int_equal(a.ops->observe(a.st, x, f, false), 0);
	}
	fs_algo_free(&a);
	gsl_rng_free(rng);
	return n > CAP ? CAP : n;
}

static void compare_pg_random(bool pairs, double noise_sd, const char *what)
{
	double pg = 0, rnd = 0;
	unsigned long s;

	for (s = 0; s < SEEDS; s++) {
		struct objective o;

		make_objective(&o, s, pairs, noise_sd);
		pg += evals_to_neighbourhood("pg", &o, s);
		rnd += evals_to_neighbourhood("random", &o, s);
	}
	pg /= SEEDS;
	rnd /= SEEDS;
	printf("%s: mean evaluations to distance <= 2 of the optimum: "
	       "pg %.1f, random %.1f (cap %d)\n",
	       what, pg, rnd, CAP);
	assert_true(pg < rnd);
	assert_true(pg < CAP / 4);
}

static void pg_beats_random_separable(void **state)
{
	(void)state;
	compare_pg_random(false, 0, "separable");
}

static void pg_beats_random_pairs(void **state)
{
	(void)state;
	compare_pg_random(true, 0, "pairwise interactions");
}

static void pg_beats_random_noisy(void **state)
{
	(void)state;
	/* Noise of sd 1.5, as large as a typical knob's effect. */
	compare_pg_random(false, 1.5, "separable + noise");
}

static void greedy_climbs_separable(void **state)
{
	struct objective o;
	struct fs_algo a;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	char err[128];
	bool x[D];
	int n, reached = -1;

	(void)state;
	make_objective(&o, 7, false, 0);
	assert_int_equal(fs_algo_new("greedy", D, &a, err, sizeof(err)), 0);
	/* First proposal: the defaults, all off. */
	a.ops->propose(a.st, rng, x);
	for (n = 0; n < D; n++)
		assert_false(x[n]);
	/* One pass, plus a re-test per accepted flip, reaches it. */
	for (n = 1; n <= 2 * (D + 1) + 1; n++) {
		a.ops->propose(a.st, rng, x);
		if (reached < 0 && hamming_to_opt(&o, x) == 0)
			reached = n;
		assert_int_equal(a.ops->observe(a.st, x, f_true(&o, x), false),
				 0);
	}
	printf("greedy: optimum first proposed at evaluation %d\n", reached);
	assert_true(reached > 0);
	fs_algo_free(&a);
	gsl_rng_free(rng);
}

static void greedy_rejects_failed_flip(void **state)
{
	struct fs_algo a;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	char err[128];
	bool x[D];

	(void)state;
	assert_int_equal(fs_algo_new("greedy", D, &a, err, sizeof(err)), 0);
	a.ops->propose(a.st, rng, x); /* base */
	a.ops->observe(a.st, x, 10, false);
	a.ops->propose(a.st, rng, x); /* flip 0 */
	assert_true(x[0]);
	a.ops->observe(a.st, x, 0, true);
	a.ops->propose(a.st, rng, x); /* flip 1 of the unchanged base */
	assert_false(x[0]);
	assert_true(x[1]);
	fs_algo_free(&a);
	gsl_rng_free(rng);
}

static void rank_utilities(void **state)
{
	double r4[4] = {3, 1, 2, 0}, w[8];
	double r6[6] = {5, 4, 3, 2, 1, 0};
	double tie[4] = {1, 1, 1, 1};
	double rf[4] = {2, 9, 1, 5};
	bool failed[4] = {false, true, false, false};
	double sum = 0;
	int i;

	(void)state;
	assert_int_equal(fs_rank_utilities(r4, NULL, 4, w), 0);
	assert_float_equal(w[0], 1, 1e-12);
	assert_float_equal(w[3], -1, 1e-12);
	assert_float_equal(w[1], 0, 1e-12);
	assert_float_equal(w[2], 0, 1e-12);
	/* mu = 1.5: the quarter edge is shared. */
	fs_rank_utilities(r6, NULL, 6, w);
	assert_float_equal(w[0], 2.0 / 3, 1e-12);
	assert_float_equal(w[1], 1.0 / 3, 1e-12);
	assert_float_equal(w[4], -1.0 / 3, 1e-12);
	assert_float_equal(w[5], -2.0 / 3, 1e-12);
	for (i = 0; i < 6; i++)
		sum += w[i];
	assert_float_equal(sum, 0, 1e-12);
	/* All tied: nothing to learn. */
	fs_rank_utilities(tie, NULL, 4, w);
	for (i = 0; i < 4; i++)
		assert_float_equal(w[i], 0, 1e-12);
	/* A failure ranks last whatever its reward field says. */
	fs_rank_utilities(rf, failed, 4, w);
	assert_float_equal(w[1], -1, 1e-12);
	assert_float_equal(w[3], 1, 1e-12);
}

/* Save after k steps, load into a fresh state: both go on identically. */
static void round_trip(const char *name)
{
	struct objective o;
	struct fs_algo a, b;
	struct fs_vars v;
	gsl_rng *ra = gsl_rng_alloc(gsl_rng_mt19937), *rb;
	char err[128];
	bool xa[D], xb[D];
	int n;

	make_objective(&o, 3, true, 0);
	gsl_rng_set(ra, 5);
	assert_int_equal(fs_algo_new(name, D, &a, err, sizeof(err)), 0);
	assert_int_equal(fs_algo_new(name, D, &b, err, sizeof(err)), 0);
	for (n = 0; n < 17; n++) {
		a.ops->propose(a.st, ra, xa);
		a.ops->observe(a.st, xa, f_true(&o, xa), n == 4);
	}
	fs_vars_init(&v);
	assert_int_equal(a.ops->save(a.st, &v), 0);
	assert_int_equal(b.ops->load(b.st, &v, err, sizeof(err)), 0);
	fs_vars_free(&v);
	rb = gsl_rng_clone(ra);
	for (n = 0; n < 60; n++) {
		a.ops->propose(a.st, ra, xa);
		b.ops->propose(b.st, rb, xb);
		assert_memory_equal(xa, xb, sizeof(xa));
		a.ops->observe(a.st, xa, f_true(&o, xa), false);
		b.ops->observe(b.st, xb, f_true(&o, xb), false);
	}
	fs_algo_free(&a);
	fs_algo_free(&b);
	gsl_rng_free(ra);
	gsl_rng_free(rb);
}

static void save_load_round_trip(void **state)
{
	(void)state;
	round_trip("pg");
	round_trip("random");
	round_trip("greedy");
}

static void unknown_algorithm(void **state)
{
	struct fs_algo a;
	char err[128];

	(void)state;
	assert_int_equal(fs_algo_new("ppo", D, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown algorithm 'ppo'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rank_utilities),
		cmocka_unit_test(unknown_algorithm),
		cmocka_unit_test(save_load_round_trip),
		cmocka_unit_test(greedy_climbs_separable),
		cmocka_unit_test(greedy_rejects_failed_flip),
		cmocka_unit_test(pg_beats_random_separable),
		cmocka_unit_test(pg_beats_random_pairs),
		cmocka_unit_test(pg_beats_random_noisy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
