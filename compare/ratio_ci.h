/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics for comparing schedulers on noisy benchmark runs: the mean of
 * one arm with its t-interval, and the ratio of two arms' means with an
 * interval (Fieller's, for two independent samples with unequal
 * variances) and Welch's t-test, or, when the arms were measured in the
 * same rounds, the geometric mean of the per-round ratios with a paired
 * t-interval (drift between rounds cancels). A percentile bootstrap of the
 * ratio is there as a distribution-free cross-check; its gsl_rng is the
 * caller's. Every function validates its input instead of letting GSL abort.
 */
#ifndef FS_COMPARE_RATIO_CI_H
#define FS_COMPARE_RATIO_CI_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "error_codes.h"

struct fs_summary {
	size_t n;
	double mean;
	double sd; /* sample standard deviation (n - 1); NaN if n < 2 */
	double ci_lo,
		ci_hi; /* interval of the mean at the level; NaN if n < 2 */
};

/*
 * Summary of x[0..n) with a level (0.95) t-interval of the mean.
 * FS_BENCH_EINVAL when n == 0, a value is not finite or level not in (0,1).
 */
int fs_stats_summary(const double *x, size_t n, double level,
		     struct fs_summary *out);

/* Welch's comparison of b against a reference a, as the ratio mean_b/mean_a. */
struct fs_ratio {
	double ratio;	  /* mean_b / mean_a */
	double lo, hi;	  /* Fieller interval; -inf/+inf when unbounded */
	double t;	  /* Welch's t of mean_b - mean_a */
	double df;	  /* its Welch-Satterthwaite degrees of freedom */
	double p;	  /* two-sided p-value of mean_b == mean_a */
	bool bounded;	  /* mean_a is clearly non-zero: lo/hi are finite */
	bool significant; /* the interval excludes 1 */
};

/*
 * Needs n >= 2 in both samples and mean_a > 0. Zero variance in both
 * gives the exact ratio as its interval and p = 1 or 0.
 */
int fs_stats_ratio(const double *a, size_t na, const double *b, size_t nb,
		   double level, struct fs_ratio *out);

/*
 * Paired by round: a[i] and b[i] were measured in round i. The ratio is
 * the geometric mean of b[i] / a[i], its interval the t-interval of the
 * mean log ratio (n - 1 degrees), t and p those of the log ratios against
 * 0 (df = n - 1). Needs n >= 2 and every value > 0. Identical log ratios
 * give the exact ratio as its interval.
 */
int fs_stats_ratio_paired(const double *a, const double *b, size_t n,
			  double level, struct fs_ratio *out);

/*
 * Percentile bootstrap interval of mean_b/mean_a: resample each sample
 * with replacement `reps` times (>= 100) using rng. Same checks as above.
 */
int fs_stats_ratio_bootstrap(const double *a, size_t na, const double *b,
			     size_t nb, double level, size_t reps, gsl_rng *rng,
			     double *lo, double *hi);

#endif
