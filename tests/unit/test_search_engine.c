// SPDX-License-Identifier: GPL-2.0
/*
 * The engine's incumbent: a set that failed even once cannot stay the best
 * (the incumbent failing when explored again, or in its own race), the best
 * set that never failed takes over, and with none there is no best. And
 * the held-out re-test that ends a search.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "engine.h"
#include "vars.h"

#define D 20

/* The set with only knob @k on (k < 0: all off). */
static void set_only(bool *x, int k)
{
	memset(x, 0, D * sizeof(*x));
	if (k >= 0)
		x[k] = true;
}

static struct fs_engine *new_engine(void)
{
	struct fs_algo a;
	char err[256];

	assert_int_equal(fs_algo_new("random", D, &a, err, sizeof(err)), 0);
	return fs_engine_new(&a);
}

static uint64_t incumbent_mask(const struct fs_engine *e)
{
	const struct fs_set_stats *s = fs_engine_incumbent(e);

	return s ? s->mask : UINT64_MAX;
}

static void test_failed_incumbent_replaced(void **state)
{
	struct fs_engine *e = new_engine();
	bool a[D], b[D];

	(void)state;
	set_only(a, 0);
	set_only(b, 1);
	assert_int_equal(
		fs_engine_record(e, a, FS_ROLE_EXPLORE, false, 10, NAN), 0);
	assert_int_equal(incumbent_mask(e), fs_mask_of(a, D));
	assert_int_equal(fs_engine_record(e, b, FS_ROLE_EXPLORE, false, 5, NAN),
			 0);
	assert_int_equal(incumbent_mask(e), fs_mask_of(a, D));
	/* The incumbent explored again and it stalls: b is the best now. */
	assert_int_equal(fs_engine_record(e, a, FS_ROLE_EXPLORE, true, 0, NAN),
			 0);
	assert_int_equal(incumbent_mask(e), fs_mask_of(b, D));
	/* b fails too: no set is fit to be written as the best. */
	assert_int_equal(fs_engine_record(e, b, FS_ROLE_EXPLORE, true, 0, NAN),
			 0);
	assert_null(fs_engine_incumbent(e));
	fs_engine_free(e);
}

/* The incumbent fails its race re-run: the challenger wins at once. */
static void test_incumbent_fails_its_race(void **state)
{
	struct fs_engine *e = new_engine();
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	enum fs_role role;
	bool a[D], c[D], x[D];

	(void)state;
	set_only(a, 2);
	set_only(c, 3);
	assert_int_equal(
		fs_engine_record(e, a, FS_ROLE_EXPLORE, false, 10, NAN), 0);
	assert_int_equal(
		fs_engine_record(e, c, FS_ROLE_EXPLORE, false, 20, NAN), 0);
	fs_engine_next(e, rng, x, &role);
	assert_int_equal(role, FS_ROLE_RACE_INCUMBENT);
	assert_int_equal(fs_mask_of(x, D), fs_mask_of(a, D));
	assert_int_equal(fs_engine_record(e, x, role, true, 0, NAN), 0);
	assert_int_equal(incumbent_mask(e), fs_mask_of(c, D));
	/* The race is off: nothing left to re-run. */
	fs_engine_next(e, rng, x, &role);
	assert_int_equal(role, FS_ROLE_EXPLORE);
	gsl_rng_free(rng);
	fs_engine_free(e);
}

/* Record what fs_engine_next asks for, with @reward per mask bit set. */
static enum fs_role step(struct fs_engine *e, gsl_rng *rng, bool *x,
			 double reward_a, double reward_b, bool fail_a)
{
	enum fs_role role;
	bool is_a;

	fs_engine_next(e, rng, x, &role);
	is_a = x[4];
	assert_int_equal(fs_engine_record(e, x, role, is_a && fail_a,
					  is_a ? reward_a : reward_b, NAN),
			 0);
	return role;
}

/*
 * The re-test alternates winner and runner-up, keeps their runs apart from
 * the runs that selected them, and the better held-out mean wins.
 */
static void test_retest_runner_up_wins(void **state)
{
	struct fs_engine *e = new_engine();
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	const struct fs_set_stats *w, *u;
	enum fs_role role;
	bool a[D], b[D], x[D];
	int i;

	(void)state;
	set_only(a, 4); /* lucky once: 30 */
	set_only(b, 5); /* 20 */
	assert_int_equal(
		fs_engine_record(e, b, FS_ROLE_EXPLORE, false, 20, NAN), 0);
	assert_int_equal(
		fs_engine_record(e, a, FS_ROLE_EXPLORE, false, 30, NAN), 0);
	/* a's race: it wins again on its one lucky run's mean. */
	assert_int_equal(step(e, rng, x, 30, 20, false),
			 FS_ROLE_RACE_INCUMBENT);
	assert_int_equal(step(e, rng, x, 30, 20, false),
			 FS_ROLE_RACE_CHALLENGER);
	assert_int_equal(incumbent_mask(e), fs_mask_of(a, D));
	assert_int_equal(fs_engine_begin_retest(e, 6, 100), 6);
	assert_int_equal(fs_engine_begin_retest(e, 6, 100), 6); /* once */
	/* Fresh runs: a is really 10, b 20. */
	for (i = 0; i < 6; i++)
		assert_int_equal(step(e, rng, x, 10, 20, false),
				 i % 2 ? FS_ROLE_RETEST_RUNNER_UP
				       : FS_ROLE_RETEST_WINNER);
	assert_int_equal(fs_engine_retest_left(e), 0);
	w = fs_engine_retest(e, FS_RETEST_WINNER);
	u = fs_engine_retest(e, FS_RETEST_RUNNER_UP);
	assert_non_null(w);
	assert_non_null(u);
	assert_int_equal(w->mask, fs_mask_of(a, D));
	assert_int_equal(w->n, 3);
	assert_true(fs_set_mean(w) == 10);
	assert_int_equal(u->n, 3);
	assert_true(fs_set_mean(u) == 20);
	/* Selection runs untouched: a's own table still says 30. */
	assert_true(fs_set_mean(fs_engine_stats(e, a)) == 30);
	assert_int_equal(incumbent_mask(e), fs_mask_of(b, D));
	/* Exploring goes on after it (a resume with more episodes). */
	fs_engine_next(e, rng, x, &role);
	assert_int_equal(role, FS_ROLE_EXPLORE);
	gsl_rng_free(rng);
	fs_engine_free(e);
}

/* The winner fails in its re-test: the runner-up is the result. */
static void test_retest_winner_fails(void **state)
{
	struct fs_engine *e = new_engine();
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	bool a[D], b[D], x[D];
	int i;

	(void)state;
	set_only(a, 4);
	set_only(b, 5);
	assert_int_equal(
		fs_engine_record(e, a, FS_ROLE_EXPLORE, false, 30, NAN), 0);
	assert_int_equal(
		fs_engine_record(e, b, FS_ROLE_EXPLORE, false, 20, NAN), 0);
	assert_int_equal(fs_engine_begin_retest(e, 4, 50), 4);
	for (i = 0; i < 4; i++)
		step(e, rng, x, 30, 20, i == 2);
	assert_int_equal(incumbent_mask(e), fs_mask_of(b, D));
	assert_int_equal(fs_engine_retest(e, FS_RETEST_WINNER)->n_fail, 1);
	gsl_rng_free(rng);
	fs_engine_free(e);
}

/* Saved mid-re-test and loaded: it carries on where it was. */
static void test_retest_save_load(void **state)
{
	struct fs_engine *e = new_engine(), *f = new_engine();
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct fs_vars ev = {0}, pv = {0};
	enum fs_role role;
	bool a[D], b[D], x[D];
	char err[256];

	(void)state;
	set_only(a, 4);
	set_only(b, 5);
	fs_engine_record(e, a, FS_ROLE_EXPLORE, false, 30, NAN);
	fs_engine_record(e, b, FS_ROLE_EXPLORE, false, 20, NAN);
	fs_engine_begin_retest(e, 4, 50);
	step(e, rng, x, 30, 20, false);
	assert_int_equal(fs_engine_save(e, &ev, &pv), 0);
	assert_int_equal(fs_engine_load(f, &ev, &pv, err, sizeof(err)), 0);
	assert_int_equal(fs_engine_retest_left(f), 3);
	assert_int_equal(fs_engine_begin_retest(f, 4, 50), 3);
	fs_engine_next(f, rng, x, &role);
	assert_int_equal(role, FS_ROLE_RETEST_RUNNER_UP);
	assert_int_equal(fs_engine_retest(f, FS_RETEST_WINNER)->n, 1);
	fs_vars_free(&ev);
	fs_vars_free(&pv);
	gsl_rng_free(rng);
	fs_engine_free(e);
	fs_engine_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failed_incumbent_replaced),
		cmocka_unit_test(test_incumbent_fails_its_race),
		cmocka_unit_test(test_retest_runner_up_wins),
		cmocka_unit_test(test_retest_winner_fails),
		cmocka_unit_test(test_retest_save_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
