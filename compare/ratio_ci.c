// SPDX-License-Identifier: GPL-2.0
/*
 * Why Fieller and not the delta method: with the few runs a VM episode
 * affords (2..10 per arm) the delta method's symmetric interval around
 * the ratio is too narrow on one side; Fieller's interval comes from
 * inverting the t-test of mean_b - theta * mean_a = 0, so it is exact
 * under normality and turns unbounded (honestly) when the reference mean
 * is not clearly away from zero.
 *
 * GSL's default error handler aborts the program, so every argument is
 * checked before it reaches GSL.
 */
#include "ratio_ci.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

static bool all_finite(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return false;
	return true;
}

static bool level_ok(double level)
{
	return isfinite(level) && level > 0 && level < 1;
}

/* Upper (1 + level) / 2 quantile of Student's t with df degrees. */
static double t_quantile(double level, double df)
{
	return gsl_cdf_tdist_Pinv(0.5 + level / 2, df);
}

int fs_stats_summary(const double *x, size_t n, double level,
		     struct fs_summary *out)
{
	double half;

	if (!x || !out || !n || !all_finite(x, n) || !level_ok(level))
		return FS_BENCH_EINVAL;
	out->n = n;
	out->mean = gsl_stats_mean(x, 1, n);
	out->sd = out->ci_lo = out->ci_hi = NAN;
	if (n < 2)
		return 0;
	out->sd = gsl_stats_sd_m(x, 1, n, out->mean);
	half = t_quantile(level, (double)(n - 1)) * out->sd / sqrt((double)n);
	out->ci_lo = out->mean - half;
	out->ci_hi = out->mean + half;
	return 0;
}

/* Both samples constant: the ratio is known exactly. */
static void ratio_exact(double ma, double mb, size_t na, size_t nb,
			struct fs_ratio *out)
{
	out->lo = out->hi = out->ratio;
	out->t = mb == ma ? 0 : copysign(INFINITY, mb - ma);
	out->df = (double)(na + nb - 2);
	out->p = mb == ma ? 1 : 0;
	out->bounded = true;
	out->significant = out->ratio != 1;
}

/*
 * Fieller: the theta with (mb - theta ma)^2 <= q^2 (sb2 + theta^2 sa2),
 * a quadratic A theta^2 - 2 B theta + C <= 0 that is a finite interval
 * exactly when A > 0, i.e. when mean_a is significantly non-zero.
 */
static void ratio_fieller(double ma, double mb, double sa2, double sb2,
			  size_t na, size_t nb, double level,
			  struct fs_ratio *out)
{
	double r = out->ratio, var = sb2 + r * r * sa2;
	/* Welch-Satterthwaite for mb - r ma, the statistic being inverted. */
	double df = var * var /
		    (sb2 * sb2 / (double)(nb - 1) +
		     pow(r, 4) * sa2 * sa2 / (double)(na - 1));
	double q = t_quantile(level, df), q2 = q * q;
	double A = ma * ma - q2 * sa2, B = ma * mb;
	double disc = q2 * (ma * ma * sb2 + mb * mb * sa2 - q2 * sa2 * sb2);

	out->bounded = A > 0;
	if (out->bounded) {
		out->lo = (B - sqrt(fmax(disc, 0))) / A;
		out->hi = (B + sqrt(fmax(disc, 0))) / A;
	} else {
		out->lo = -INFINITY;
		out->hi = INFINITY;
	}
	out->significant = out->bounded && (out->lo > 1 || out->hi < 1);
}

int fs_stats_ratio(const double *a, size_t na, const double *b, size_t nb,
		   double level, struct fs_ratio *out)
{
	double ma, mb, sa2, sb2, se;

	if (!a || !b || !out || na < 2 || nb < 2 || !all_finite(a, na) ||
	    !all_finite(b, nb) || !level_ok(level))
		return FS_BENCH_EINVAL;
	ma = gsl_stats_mean(a, 1, na);
	mb = gsl_stats_mean(b, 1, nb);
	if (!(ma > 0))
		return FS_BENCH_EINVAL;
	sa2 = gsl_stats_variance_m(a, 1, na, ma) / (double)na;
	sb2 = gsl_stats_variance_m(b, 1, nb, mb) / (double)nb;
	out->ratio = mb / ma;
	if (sa2 + sb2 == 0) {
		ratio_exact(ma, mb, na, nb, out);
		return 0;
	}
	se = sqrt(sa2 + sb2);
	out->t = (mb - ma) / se;
	out->df = (sa2 + sb2) * (sa2 + sb2) /
		  (sa2 * sa2 / (double)(na - 1) + sb2 * sb2 / (double)(nb - 1));
	out->p = fmin(1, 2 * gsl_cdf_tdist_Q(fabs(out->t), out->df));
	ratio_fieller(ma, mb, sa2, sb2, na, nb, level, out);
	return 0;
}

int fs_stats_ratio_paired(const double *a, const double *b, size_t n,
			  double level, struct fs_ratio *out)
{
	double *lr, m, se, half;

	if (!a || !b || !out || n < 2 || !all_finite(a, n) ||
	    !all_finite(b, n) || !level_ok(level))
		return FS_BENCH_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!(a[i] > 0) || !(b[i] > 0))
			return FS_BENCH_EINVAL;
	lr = malloc(n * sizeof(*lr));
	if (!lr)
		return FS_BENCH_ENOMEM;
	for (size_t i = 0; i < n; i++)
		lr[i] = log(b[i] / a[i]);
	m = gsl_stats_mean(lr, 1, n);
	se = gsl_stats_sd_m(lr, 1, n, m) / sqrt((double)n);
	free(lr);
	out->ratio = exp(m);
	out->df = (double)(n - 1);
	out->bounded = true;
	if (se == 0) {
		out->lo = out->hi = out->ratio;
		out->t = m == 0 ? 0 : copysign(INFINITY, m);
		out->p = m == 0 ? 1 : 0;
		out->significant = m != 0;
		return 0;
	}
	half = t_quantile(level, out->df) * se;
	out->lo = exp(m - half);
	out->hi = exp(m + half);
	out->t = m / se;
	out->p = fmin(1, 2 * gsl_cdf_tdist_Q(fabs(out->t), out->df));
	out->significant = out->lo > 1 || out->hi < 1;
	return 0;
}

static double resampled_mean(const double *x, size_t n, gsl_rng *rng)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += x[gsl_rng_uniform_int(rng, n)];
	return sum / (double)n;
}

int fs_stats_ratio_bootstrap(const double *a, size_t na, const double *b,
			     size_t nb, double level, size_t reps, gsl_rng *rng,
			     double *lo, double *hi)
{
	double *r;

	if (!a || !b || !rng || !lo || !hi || na < 2 || nb < 2 || reps < 100 ||
	    !all_finite(a, na) || !all_finite(b, nb) || !level_ok(level))
		return FS_BENCH_EINVAL;
	/* Every resample of a must keep a positive mean. */
	for (size_t i = 0; i < na; i++)
		if (!(a[i] > 0))
			return FS_BENCH_EINVAL;
	r = malloc(reps * sizeof(*r));
	if (!r)
		return FS_BENCH_ENOMEM;
	for (size_t i = 0; i < reps; i++) {
		double ma = resampled_mean(a, na, rng);

		r[i] = resampled_mean(b, nb, rng) / ma;
	}
	gsl_sort(r, 1, reps);
	*lo = gsl_stats_quantile_from_sorted_data(r, 1, reps, (1 - level) / 2);
	*hi = gsl_stats_quantile_from_sorted_data(r, 1, reps, (1 + level) / 2);
	free(r);
	return 0;
}
