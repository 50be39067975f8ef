// SPDX-License-Identifier: GPL-2.0
/* Ridge estimate of each knob's effect, with intervals (knob_effects.h). */
#include "knob_effects.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The fit on n episodes and the m varied knobs in cols[]. */
static int fit(const struct fs_run_episodes *run, const int *cols, int m, int n,
	       struct fs_knob_effects *out)
{
	gsl_matrix *x = gsl_matrix_alloc((size_t)n, (size_t)m);
	gsl_matrix *a = gsl_matrix_alloc((size_t)m, (size_t)m);
	gsl_matrix *xtx = gsl_matrix_alloc((size_t)m, (size_t)m);
	gsl_matrix *tmp = gsl_matrix_alloc((size_t)m, (size_t)m);
	gsl_matrix *cov = gsl_matrix_alloc((size_t)m, (size_t)m);
	gsl_vector *y = gsl_vector_alloc((size_t)n);
	gsl_vector *xty = gsl_vector_alloc((size_t)m);
	gsl_vector *beta = gsl_vector_alloc((size_t)m);
	gsl_vector *fitted = gsl_vector_alloc((size_t)n);
	double ymean = 0, rss = 0, t, dof;
	int i, j, r = 0, ret = -1;

	if (!x || !a || !xtx || !tmp || !cov || !y || !xty || !beta || !fitted)
		goto out;
	for (size_t e = 0; e < run->n; e++) {
		if (!run->ep[e].ok)
			continue;
		gsl_vector_set(y, (size_t)r, run->ep[e].value);
		ymean += run->ep[e].value / n;
		for (j = 0; j < m; j++)
			gsl_matrix_set(x, (size_t)r, (size_t)j,
				       run->ep[e].knobs[cols[j]]);
		r++;
	}
	/* Centre: the intercept is the mean and carries no penalty. */
	gsl_vector_add_constant(y, -ymean);
	for (j = 0; j < m; j++) {
		gsl_vector_view c = gsl_matrix_column(x, (size_t)j);
		double mean = 0;

		for (i = 0; i < n; i++)
			mean += gsl_vector_get(&c.vector, (size_t)i) / n;
		gsl_vector_add_constant(&c.vector, -mean);
	}
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, x, x, 0, xtx);
	gsl_matrix_memcpy(a, xtx);
	for (j = 0; j < m; j++)
		gsl_matrix_set(a, (size_t)j, (size_t)j,
			       gsl_matrix_get(a, (size_t)j, (size_t)j) +
				       FS_RIDGE_LAMBDA);
	/* a = (X'X + lambda I)^-1, positive definite for lambda > 0. */
	if (gsl_linalg_cholesky_decomp1(a) || gsl_linalg_cholesky_invert(a))
		goto out;
	gsl_blas_dgemv(CblasTrans, 1, x, y, 0, xty);
	gsl_blas_dgemv(CblasNoTrans, 1, a, xty, 0, beta);
	gsl_blas_dgemv(CblasNoTrans, 1, x, beta, 0, fitted);
	for (i = 0; i < n; i++) {
		double d = gsl_vector_get(y, (size_t)i) -
			   gsl_vector_get(fitted, (size_t)i);

		rss += d * d;
	}
	/*
	 * With S = (X'X + lambda I)^-1 X'X: the model's degrees of freedom are
	 * tr(H) = tr(S), and the residuals have n - 1 - tr(2H - H^2) of them
	 * (tr(H^2) = tr(S^2)), the variance estimate's divisor.
	 */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, a, xtx, 0, tmp);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, tmp, tmp, 0, cov);
	out->df = 0;
	dof = n - 1;
	for (j = 0; j < m; j++) {
		out->df += gsl_matrix_get(tmp, (size_t)j, (size_t)j);
		dof -= 2 * gsl_matrix_get(tmp, (size_t)j, (size_t)j) -
		       gsl_matrix_get(cov, (size_t)j, (size_t)j);
	}
	out->n = n;
	if (dof < 2) {
		ret = 1;
		goto out;
	}
	out->sigma = sqrt(rss / dof);
	/*
	 * The ridge posterior's covariance, sigma^2 (X'X + lambda I)^-1: unlike
	 * the sampling covariance sigma^2 A X'X A it stays wide (sigma^2 /
	 * lambda) along what the episodes cannot tell apart, such as two knobs
	 * pg always switched together, instead of claiming both effects.
	 */
	gsl_matrix_memcpy(cov, a);
	t = gsl_cdf_tdist_Pinv(0.975, dof);
	for (j = 0; j < m; j++) {
		struct fs_knob_effect *k = &out->k[cols[j]];
		double b = gsl_vector_get(beta, (size_t)j);
		double se = out->sigma *
			    sqrt(fmax(gsl_matrix_get(cov, (size_t)j, (size_t)j),
				      0));

		k->effect = b;
		k->lo = b - t * se;
		k->hi = b + t * se;
	}
	out->estimated = true;
	ret = 0;
out:
	gsl_matrix_free(x);
	gsl_matrix_free(a);
	gsl_matrix_free(xtx);
	gsl_matrix_free(tmp);
	gsl_matrix_free(cov);
	gsl_vector_free(y);
	gsl_vector_free(xty);
	gsl_vector_free(beta);
	gsl_vector_free(fitted);
	return ret;
}

/* Knob @j and @k: the same (or opposite) in every successful episode. */
static bool confounded(const struct fs_run_episodes *run, int j, int k)
{
	bool same = true, opposite = true;

	for (size_t e = 0; e < run->n && (same || opposite); e++) {
		if (!run->ep[e].ok)
			continue;
		same &= run->ep[e].knobs[j] == run->ep[e].knobs[k];
		opposite &= run->ep[e].knobs[j] != run->ep[e].knobs[k];
	}
	return same || opposite;
}

int fs_knob_effects_fit(const struct fs_run_episodes *run,
			struct fs_knob_effects *out, char *why, size_t len)
{
	int cols[FS_NR_KNOBS], m = 0, n = 0, k, rc;

	memset(out, 0, sizeof(*out));
	for (size_t e = 0; e < run->n; e++) {
		if (!run->ep[e].ok)
			continue;
		n++;
		for (k = 0; k < FS_NR_KNOBS; k++)
			out->k[k].n_on += run->ep[e].knobs[k];
	}
	for (k = 0; k < FS_NR_KNOBS; k++) {
		out->k[k].varied = out->k[k].n_on > 0 && out->k[k].n_on < n;
		out->k[k].effect = out->k[k].lo = out->k[k].hi = NAN;
		out->k[k].confounded = -1;
		if (out->k[k].varied)
			cols[m++] = k;
	}
	for (int a = 0; a < m; a++)
		for (int b = a + 1; b < m; b++)
			if (confounded(run, cols[a], cols[b])) {
				out->k[cols[a]].confounded = cols[b];
				out->k[cols[b]].confounded = cols[a];
			}
	out->n = n;
	if (m == 0 || n < 4) {
		snprintf(why, len,
			 "%d successful episodes and %d knobs that varied: "
			 "nothing to estimate",
			 n, m);
		return 0;
	}
	gsl_set_error_handler_off();
	rc = fit(run, cols, m, n, out);
	if (rc < 0) {
		snprintf(why, len,
			 "the linear algebra failed (out of memory?)");
		return -1;
	}
	if (rc > 0)
		snprintf(why, len,
			 "%d successful episodes are too few for %d knobs "
			 "(effective degrees of freedom %.1f)",
			 n, m, out->df);
	return 0;
}
