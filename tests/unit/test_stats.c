// SPDX-License-Identifier: GPL-2.0
/*
 * bench/stats against values computed independently: python3 with numpy
 * only (the t distribution by Simpson integration of its density, its
 * quantile by bisection, Fieller's limits by bisection on the t-test it
 * inverts), see the numbers' comments. Nothing here comes from GSL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include <gsl/gsl_rng.h>

#include "ratio_ci.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const double eevdf[] = {100.0, 102.0, 98.0, 101.0, 99.5};
static const double faster[] = {105.0, 107.5, 104.0, 106.0, 108.0};
static const double same[] = {99.0, 103.0, 97.0, 102.0, 100.0, 101.5};

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.10g, want %.10g (+- %g)", got, want, tol);
}

static void test_summary(void **state)
{
	struct fs_summary s;

	(void)state;
	assert_int_equal(fs_stats_summary(eevdf, N(eevdf), 0.95, &s), 0);
	assert_int_equal(s.n, 5);
	assert_near(s.mean, 100.1, 1e-12);
	assert_near(s.sd, 1.516575089, 1e-8);
	/* 100.1 -+ t(0.975, 4) * sd / sqrt(5) */
	assert_near(s.ci_lo, 98.21692331, 1e-6);
	assert_near(s.ci_hi, 101.9830767, 1e-6);
}

static void test_summary_two_and_one(void **state)
{
	const double two[] = {20.5, 21.5}, one[] = {7};
	struct fs_summary s;

	(void)state;
	assert_int_equal(fs_stats_summary(two, 2, 0.95, &s), 0);
	/* t(0.975, 1) = 12.706...: two runs give a wide interval. */
	assert_near(s.ci_lo, 14.64689763, 1e-6);
	assert_near(s.ci_hi, 27.35310237, 1e-6);
	assert_int_equal(fs_stats_summary(one, 1, 0.95, &s), 0);
	assert_near(s.mean, 7, 0);
	assert_true(isnan(s.sd) && isnan(s.ci_lo) && isnan(s.ci_hi));
}

static void test_summary_rejects(void **state)
{
	const double bad[] = {1, NAN};
	struct fs_summary s;

	(void)state;
	assert_int_equal(fs_stats_summary(eevdf, 0, 0.95, &s), FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_summary(bad, 2, 0.95, &s), FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_summary(eevdf, 5, 1.0, &s), FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_summary(eevdf, 5, NAN, &s), FS_BENCH_EINVAL);
}

static void test_ratio_significant(void **state)
{
	struct fs_ratio r;

	(void)state;
	assert_int_equal(
		fs_stats_ratio(eevdf, N(eevdf), faster, N(faster), 0.95, &r),
		0);
	assert_near(r.ratio, 1.05994006, 1e-8);
	assert_near(r.t, 5.940885258, 1e-8);
	assert_near(r.df, 7.923838538, 1e-8);
	assert_near(r.p, 0.0003585215966, 1e-8);
	assert_near(r.lo, 1.036282766, 1e-7);
	assert_near(r.hi, 1.084115283, 1e-7);
	assert_true(r.bounded);
	assert_true(r.significant);
}

static void test_ratio_not_significant(void **state)
{
	struct fs_ratio r;

	(void)state;
	assert_int_equal(
		fs_stats_ratio(eevdf, N(eevdf), same, N(same), 0.95, &r), 0);
	assert_near(r.ratio, 1.003163503, 1e-8);
	assert_near(r.t, 0.2813348705, 1e-8);
	assert_near(r.df, 8.764985849, 1e-8);
	assert_near(r.p, 0.7849821083, 1e-7);
	assert_near(r.lo, 0.9778298939, 1e-7);
	assert_near(r.hi, 1.028972304, 1e-7);
	assert_false(r.significant);
}

static void test_ratio_slower(void **state)
{
	const double a[] = {20.0, 20.4, 19.8}, b[] = {18.1, 18.5, 18.0};
	struct fs_ratio r;

	(void)state;
	assert_int_equal(fs_stats_ratio(a, 3, b, 3, 0.95, &r), 0);
	assert_near(r.ratio, 0.9069767442, 1e-9);
	assert_near(r.t, -8, 1e-9);
	assert_near(r.df, 3.92, 1e-9);
	assert_near(r.p, 0.001440454925, 1e-8);
	assert_near(r.lo, 0.8768742415, 1e-7);
	assert_near(r.hi, 0.9381620736, 1e-7);
	assert_true(r.significant);
}

/* A reference that could be zero gives no upper bound, and no verdict. */
static void test_ratio_unbounded(void **state)
{
	const double a[] = {0.1, 2.0, 0.05}, b[] = {1.0, 1.1, 0.9};
	struct fs_ratio r;

	(void)state;
	assert_int_equal(fs_stats_ratio(a, 3, b, 3, 0.95, &r), 0);
	assert_false(r.bounded);
	assert_true(isinf(r.lo) && r.lo < 0 && isinf(r.hi) && r.hi > 0);
	assert_false(r.significant);
}

static void test_ratio_constant(void **state)
{
	const double a[] = {10, 10}, b[] = {12, 12}, c[] = {10, 10, 10};
	struct fs_ratio r;

	(void)state;
	assert_int_equal(fs_stats_ratio(a, 2, b, 2, 0.95, &r), 0);
	assert_near(r.ratio, 1.2, 1e-15);
	assert_near(r.lo, 1.2, 1e-15);
	assert_near(r.hi, 1.2, 1e-15);
	assert_near(r.p, 0, 0);
	assert_true(r.significant);
	assert_int_equal(fs_stats_ratio(a, 2, c, 3, 0.95, &r), 0);
	assert_near(r.p, 1, 0);
	assert_false(r.significant);
}

static void test_ratio_rejects(void **state)
{
	const double one[] = {1}, neg[] = {-1, -2}, inf[] = {1, INFINITY};
	struct fs_ratio r;

	(void)state;
	assert_int_equal(fs_stats_ratio(one, 1, eevdf, 5, 0.95, &r),
			 FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_ratio(eevdf, 5, one, 1, 0.95, &r),
			 FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_ratio(neg, 2, eevdf, 5, 0.95, &r),
			 FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_ratio(eevdf, 5, inf, 2, 0.95, &r),
			 FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_ratio(eevdf, 5, faster, 5, 0, &r),
			 FS_BENCH_EINVAL);
}

/*
 * Rounds that drift 4x (10, 20, 40 s) with the arm 8-12% faster in each:
 * paired by round the gain is clear. Expected values (python3, math and
 * statistics only): the geometric mean of 0.9, 0.92, 0.88 and
 * exp(mean log ratio -+ t(0.975, 2) se) with t = 4.302652729911275.
 * Unpaired, the same samples show nothing (the drift swamps the gain).
 */
static void test_ratio_paired(void **state)
{
	const double a[] = {10, 20, 40}, b[] = {9, 18.4, 35.2};
	struct fs_ratio r;

	(void)state;
	assert_int_equal(fs_stats_ratio_paired(a, b, 3, 0.95, &r), 0);
	assert_near(r.ratio, 0.8998518274586328, 1e-9);
	assert_near(r.lo, 0.8515147544111213, 1e-7);
	assert_near(r.hi, 0.9509328020283396, 1e-7);
	assert_near(r.t, -8.223349357646494, 1e-6);
	assert_near(r.df, 2, 0);
	assert_true(r.p < 0.05);
	assert_true(r.bounded && r.significant);
	assert_int_equal(fs_stats_ratio(a, 3, b, 3, 0.95, &r), 0);
	assert_false(r.significant);
}

static void test_ratio_paired_exact_and_rejects(void **state)
{
	const double a[] = {10, 20}, b[] = {12, 24}, zero[] = {0, 1},
		     inf[] = {1, INFINITY};
	struct fs_ratio r;

	(void)state;
	assert_int_equal(fs_stats_ratio_paired(a, b, 2, 0.95, &r), 0);
	assert_near(r.ratio, 1.2, 1e-12);
	assert_near(r.lo, 1.2, 1e-12);
	assert_near(r.hi, 1.2, 1e-12);
	assert_true(r.significant);
	assert_int_equal(fs_stats_ratio_paired(a, a, 2, 0.95, &r), 0);
	assert_false(r.significant);
	assert_int_equal(fs_stats_ratio_paired(a, b, 1, 0.95, &r),
			 FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_ratio_paired(zero, b, 2, 0.95, &r),
			 FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_ratio_paired(a, inf, 2, 0.95, &r),
			 FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_ratio_paired(a, b, 2, 1, &r),
			 FS_BENCH_EINVAL);
}

/*
 * Every b is above every a, so any resampled ratio is at least
 * 104 / 102: the bootstrap interval must lie above that, hold the
 * observed ratio, and repeat exactly with the same seed.
 */
static void test_bootstrap(void **state)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double lo, hi, lo2, hi2;

	(void)state;
	assert_non_null(rng);
	gsl_rng_set(rng, 42);
	assert_int_equal(fs_stats_ratio_bootstrap(eevdf, 5, faster, 5, 0.95,
						  4000, rng, &lo, &hi),
			 0);
	assert_true(lo >= 104.0 / 102.0);
	assert_true(hi <= 108.0 / 98.0);
	assert_true(lo < 1.05994006 && 1.05994006 < hi);
	gsl_rng_set(rng, 42);
	assert_int_equal(fs_stats_ratio_bootstrap(eevdf, 5, faster, 5, 0.95,
						  4000, rng, &lo2, &hi2),
			 0);
	assert_true(lo == lo2 && hi == hi2);
	assert_int_equal(fs_stats_ratio_bootstrap(eevdf, 5, faster, 5, 0.95, 10,
						  rng, &lo, &hi),
			 FS_BENCH_EINVAL);
	assert_int_equal(fs_stats_ratio_bootstrap(eevdf, 5, faster, 5, 0.95,
						  1000, NULL, &lo, &hi),
			 FS_BENCH_EINVAL);
	gsl_rng_free(rng);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_two_and_one),
		cmocka_unit_test(test_summary_rejects),
		cmocka_unit_test(test_ratio_significant),
		cmocka_unit_test(test_ratio_not_significant),
		cmocka_unit_test(test_ratio_slower),
		cmocka_unit_test(test_ratio_unbounded),
		cmocka_unit_test(test_ratio_constant),
		cmocka_unit_test(test_ratio_rejects),
		cmocka_unit_test(test_ratio_paired),
		cmocka_unit_test(test_ratio_paired_exact_and_rejects),
		cmocka_unit_test(test_bootstrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
