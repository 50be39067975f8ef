// SPDX-License-Identifier: GPL-2.0
/*
 * The objectives bench/search-efficiency searches over d boolean knobs, all
 * of the form f(x) = base + sum_i a_i x_i + sum_{i<j} b_ij x_i x_j,
 * observed with Gaussian noise of sd noise_sd (eff_objective.h).
 */
#include "eff_objective.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_randist.h>

static const char *const kind_names[EFF_NR_KINDS] = {
	[EFF_SEPARABLE] = "separable", [EFF_PAIRS] = "pairs",
	[EFF_NOISY] = "noisy",	       [EFF_TABLE_TG] = "table-tg",
	[EFF_TABLE_PP] = "table-pp",
};

const char *eff_kind_name(enum eff_kind k)
{
	return kind_names[k];
}

int eff_kind_parse(const char *s, enum eff_kind *k)
{
	int i;

	for (i = 0; i < EFF_NR_KINDS; i++)
		if (!strcmp(s, kind_names[i])) {
			*k = (enum eff_kind)i;
			return 0;
		}
	return -1;
}

bool eff_kind_is_table(enum eff_kind k)
{
	return k == EFF_TABLE_TG || k == EFF_TABLE_PP;
}

double eff_true(const struct eff_objective *o, const bool *x)
{
	double f = o->base;
	int i, j;

	for (i = 0; i < EFF_D; i++) {
		if (!x[i])
			continue;
		f += o->a[i];
		if (!o->has_pairs)
			continue;
		for (j = i + 1; j < EFF_D; j++)
			if (x[j])
				f += o->b[i][j];
	}
	return f;
}

double eff_sample(const struct eff_objective *o, const bool *x, gsl_rng *rng)
{
	double f = eff_true(o, x);

	return o->noise_sd > 0 ? f + gsl_ran_gaussian(rng, o->noise_sd) : f;
}

/* Change in f when knob k flips in x (x not yet flipped). */
static double flip_delta(const struct eff_objective *o, const bool *x, int k)
{
	double d = o->a[k];
	int j;

	for (j = 0; j < EFF_D; j++) {
		if (j == k || !x[j])
			continue;
		d += j < k ? o->b[j][k] : o->b[k][j];
	}
	return x[k] ? -d : d;
}

void eff_objective_solve(struct eff_objective *o)
{
	bool x[EFF_D] = {false};
	uint32_t n, gray = 0, best_gray = 0;
	double f, best;
	int i;

	if (!o->has_pairs) {
		for (i = 0; i < EFF_D; i++)
			o->opt[i] = o->a[i] > 0;
		o->opt_value = eff_true(o, o->opt);
		return;
	}
	/* Every set once, in Gray-code order: one flip per step. */
	f = best = o->base;
	for (n = 1; n < (1u << EFF_D); n++) {
		int k = __builtin_ctz(n);

		f += flip_delta(o, x, k);
		x[k] = !x[k];
		gray ^= 1u << k;
		if (f > best) {
			best = f;
			best_gray = gray;
		}
	}
	for (i = 0; i < EFF_D; i++)
		o->opt[i] = (best_gray >> i) & 1;
	o->opt_value = eff_true(o, o->opt);
}

void eff_objective_synthetic(enum eff_kind kind, unsigned long seed,
			     struct eff_objective *o)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int i, k;

	/* As make_objective() in tests/unit/test_search_algos.c. */
	gsl_rng_set(r, seed + 1000);
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->base = 100;
	for (i = 0; i < EFF_D; i++) {
		o->a[i] = gsl_rng_uniform(r) * 6 - 3;
		if (fabs(o->a[i]) < 0.5)
			o->a[i] = o->a[i] < 0 ? -0.5 : 0.5;
	}
	if (kind == EFF_PAIRS) {
		o->has_pairs = true;
		for (k = 0; k < 8; k++) {
			int p = (int)gsl_rng_uniform_int(r, EFF_D);
			int q = (int)gsl_rng_uniform_int(r, EFF_D);

			if (p == q)
				continue;
			o->b[p < q ? p : q][p < q ? q : p] =
				gsl_rng_uniform(r) < 0.5 ? 4 : -4;
		}
	}
	if (kind == EFF_NOISY)
		o->noise_sd = 1.5;
	eff_objective_solve(o);
	gsl_rng_free(r);
}
