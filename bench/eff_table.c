// SPDX-License-Identifier: GPL-2.0
/* The real objective of bench/search-efficiency (eff_table.h). */
#include "eff_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_multifit.h>

#define MAX_RUNS 4096

struct run {
	unsigned mask;
	double y;
};

/* Parse one data line; 1 kept, 0 a failed run, -1 malformed. */
static int parse_line(const char *line, enum eff_kind kind, struct run *r)
{
	char bits[64], status[64];
	double tg, pp, sec;
	int idx, i;

	if (sscanf(line, "%d %63s %lf %lf %63s %lf", &idx, bits, &tg, &pp,
		   status, &sec) != 6 ||
	    strlen(bits) != EFF_D)
		return -1;
	r->mask = 0;
	for (i = 0; i < EFF_D; i++) {
		if (bits[i] != '0' && bits[i] != '1')
			return -1;
		if (bits[i] == '1')
			r->mask |= 1u << i;
	}
	r->y = kind == EFF_TABLE_PP ? pp : tg;
	return strcmp(status, "ok") || !isfinite(r->y) ? 0 : 1;
}

static int read_runs(const char *path, enum eff_kind kind, struct run *runs,
		     int *n, int *failed, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int lineno = 0;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	*n = *failed = 0;
	while (fgets(line, sizeof(line), f)) {
		int k;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (*n == MAX_RUNS) {
			snprintf(err, errlen, "%s:%d: more than %d runs", path,
				 lineno, MAX_RUNS);
			fclose(f);
			return -1;
		}
		k = parse_line(line, kind, &runs[*n]);
		if (k < 0) {
			snprintf(err, errlen,
				 "%s:%d: expected 'index knobs tg pp status "
				 "seconds'",
				 path, lineno);
			fclose(f);
			return -1;
		}
		if (k)
			(*n)++;
		else
			(*failed)++;
	}
	fclose(f);
	return 0;
}

/* Pooled within-set sd over sets run more than once. */
static void repeats(const struct run *runs, int n, struct eff_table_fit *fit)
{
	double ss = 0;
	int dof = 0, i, j;

	fit->distinct = fit->repeated_sets = 0;
	for (i = 0; i < n; i++) {
		double sum = 0, sq = 0;
		int c = 0;

		for (j = 0; j < i; j++)
			if (runs[j].mask == runs[i].mask)
				break;
		if (j < i)
			continue; /* counted with its first run */
		fit->distinct++;
		for (j = i; j < n; j++)
			if (runs[j].mask == runs[i].mask) {
				sum += runs[j].y;
				c++;
			}
		if (c < 2)
			continue;
		fit->repeated_sets++;
		for (j = i; j < n; j++)
			if (runs[j].mask == runs[i].mask)
				sq += (runs[j].y - sum / c) *
				      (runs[j].y - sum / c);
		ss += sq;
		dof += c - 1;
	}
	fit->repeat_dof = dof;
	fit->repeat_sd = dof ? sqrt(ss / dof) : NAN;
}

static int fit_additive(const struct run *runs, int n, struct eff_objective *o,
			struct eff_table_fit *fit)
{
	gsl_matrix *X = gsl_matrix_alloc(n, EFF_D + 1);
	gsl_matrix *cov = gsl_matrix_alloc(EFF_D + 1, EFF_D + 1);
	gsl_vector *y = gsl_vector_alloc(n), *c = gsl_vector_alloc(EFF_D + 1);
	gsl_multifit_linear_workspace *w =
		gsl_multifit_linear_alloc(n, EFF_D + 1);
	double chisq;
	int i, k, ret = -1;

	if (!X || !cov || !y || !c || !w)
		goto out;
	for (i = 0; i < n; i++) {
		gsl_matrix_set(X, i, 0, 1);
		for (k = 0; k < EFF_D; k++)
			gsl_matrix_set(X, i, k + 1, (runs[i].mask >> k) & 1);
		gsl_vector_set(y, i, runs[i].y);
	}
	if (gsl_multifit_linear(X, y, c, cov, &chisq, w))
		goto out;
	o->base = gsl_vector_get(c, 0);
	for (k = 0; k < EFF_D; k++) {
		o->a[k] = gsl_vector_get(c, k + 1);
		fit->a_se[k] = sqrt(gsl_matrix_get(cov, k + 1, k + 1) * chisq /
				    (n - EFF_D - 1));
	}
	fit->residual_sd = sqrt(chisq / (n - EFF_D - 1));
	ret = 0;
out:
	gsl_multifit_linear_free(w);
	gsl_vector_free(c);
	gsl_vector_free(y);
	gsl_matrix_free(cov);
	gsl_matrix_free(X);
	return ret;
}

int eff_table_objective(const char *path, enum eff_kind kind,
			struct eff_objective *o, struct eff_table_fit *fit,
			char *err, size_t errlen)
{
	struct run *runs = malloc(MAX_RUNS * sizeof(*runs));
	int n, failed, ret = -1;

	memset(o, 0, sizeof(*o));
	memset(fit, 0, sizeof(*fit));
	if (!runs) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (read_runs(path, kind, runs, &n, &failed, err, errlen))
		goto out;
	fit->runs = n;
	fit->failed = failed;
	if (n < EFF_D + 2) {
		snprintf(err, errlen,
			 "%s: %d successful runs; the additive fit needs at "
			 "least %d",
			 path, n, EFF_D + 2);
		goto out;
	}
	repeats(runs, n, fit);
	o->kind = kind;
	if (fit_additive(runs, n, o, fit)) {
		snprintf(err, errlen, "%s: the least-squares fit failed", path);
		goto out;
	}
	o->noise_sd = isnan(fit->repeat_sd) ? fit->residual_sd : fit->repeat_sd;
	eff_objective_solve(o);
	ret = 0;
out:
	free(runs);
	return ret;
}
