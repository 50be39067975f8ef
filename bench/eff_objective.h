/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The objectives bench/search-efficiency searches over d boolean knobs,
 * all of the form f(x) = base + sum_i a_i x_i + sum_{i<j} b_ij x_i x_j,
 * observed with Gaussian noise of sd noise_sd:
 *
 *   separable  base 100, gains a_i in [-3, 3] (|a_i| >= 0.5), no pairs,
 *              no noise: a tg-like rate where each knob moves it by up to
 *              3 %. The recipe of tests/unit/test_search_algos.c, seed
 *              for seed, with the base added.
 *   pairs      the same gains plus 8 strong pairwise interactions (+-4).
 *   noisy      separable, observed with noise of sd 1.5 (1.5 %, as large
 *              as a typical knob's effect).
 *   table-tg   the additive model fitted to llama-bench runs measured in
 *   table-pp   the VM (eff_table.h), observed with the measured noise;
 *              the same landscape for every seed.
 *
 * The optimum is exact: by sign for additive objectives, by enumerating
 * all 2^d sets (Gray code) when there are pairs.
 */
#ifndef FS_BENCH_EFF_OBJECTIVE_H
#define FS_BENCH_EFF_OBJECTIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_rng.h>

#define EFF_D 20

enum eff_kind {
	EFF_SEPARABLE,
	EFF_PAIRS,
	EFF_NOISY,
	EFF_TABLE_TG,
	EFF_TABLE_PP,
	EFF_NR_KINDS,
};

struct eff_objective {
	enum eff_kind kind;
	double base;
	double a[EFF_D];
	double b[EFF_D][EFF_D]; /* i < j only */
	bool has_pairs;
	double noise_sd;
	double opt_value; /* the noise-free maximum */
	bool opt[EFF_D];
};

const char *eff_kind_name(enum eff_kind k);
/* 0 with *k set, -1 for an unknown name. */
int eff_kind_parse(const char *s, enum eff_kind *k);
bool eff_kind_is_table(enum eff_kind k);

/*
 * Make a synthetic objective (the instance depends on seed). Table kinds
 * are made by eff_table_objective() instead.
 */
void eff_objective_synthetic(enum eff_kind kind, unsigned long seed,
			     struct eff_objective *o);

/* Set o's optimum from its coefficients. */
void eff_objective_solve(struct eff_objective *o);

/* The noise-free value of x. */
double eff_true(const struct eff_objective *o, const bool *x);

/* One noisy observation of x, the noise drawn from rng. */
double eff_sample(const struct eff_objective *o, const bool *x, gsl_rng *rng);

#endif
