// SPDX-License-Identifier: GPL-2.0
/*
 * The engine's incumbent: a set that failed even once cannot stay the best
 * (the incumbent failing when explored again, or in its own race), the best
 * set that never failed takes over, and with none there is no best. And
 * the held-out re-test that ends a search. And issuing for machines that
 * share a search: on one machine it is the sequence fs_engine_next()
 * gives; pg's generation goes out whole, greedy one at a time, races
 * while explores are out.
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

/* A fixed landscape: knob k is worth k % 5 - 2, and noise-free. */
static double landscape(const bool *x)
{
	double r = 50;
	int k;

	for (k = 0; k < D; k++)
		r += x[k] ? k % 5 - 2 : 0;
	return r;
}

static struct fs_engine *engine_of(const char *algo)
{
	struct fs_algo a;
	char err[256];

	assert_int_equal(fs_algo_new(algo, D, &a, err, sizeof(err)), 0);
	return fs_engine_new(&a);
}

/*
 * Issued and recorded one at a time, pg gives the very sequence (sets,
 * roles, races, re-test) that fs_engine_next() gives: one machine in a
 * study runs what `search` runs.
 */
static void test_issue_alone_is_next(void **state)
{
	struct fs_engine *e = engine_of("pg"), *f = engine_of("pg");
	gsl_rng *r1 = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng *r2 = gsl_rng_alloc(gsl_rng_mt19937);
	enum fs_role ra, rb;
	bool a[D], b[D];
	int n, races = 0;

	(void)state;
	for (n = 0; n < 80; n++) {
		if (n == 72) {
			assert_int_equal(fs_engine_begin_retest(e, 8, 80), 8);
			assert_int_equal(fs_engine_begin_retest(f, 8, 80), 8);
		}
		fs_engine_next(e, r1, a, &ra);
		assert_int_equal(fs_engine_issue(f, r2, b, &rb), 1);
		assert_int_equal(ra, rb);
		assert_memory_equal(a, b, sizeof(a));
		races += ra == FS_ROLE_RACE_CHALLENGER;
		fs_engine_record(e, a, ra, false, landscape(a), NAN);
		fs_engine_record(f, b, rb, false, landscape(b), NAN);
	}
	assert_true(races > 0); /* the comparison covered races */
	assert_int_equal(fs_engine_incumbent(e)->mask,
			 fs_engine_incumbent(f)->mask);
	gsl_rng_free(r1);
	gsl_rng_free(r2);
	fs_engine_free(e);
	fs_engine_free(f);
}

/* pg's whole generation (6) goes out at once, not a 7th; greedy one. */
static void test_issue_batches(void **state)
{
	struct fs_engine *e = engine_of("pg"), *g = engine_of("greedy");
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	bool x[6][D], y[D];
	enum fs_role role[6], r;
	int k;

	(void)state;
	for (k = 0; k < 6; k++)
		assert_int_equal(fs_engine_issue(e, rng, x[k], &role[k]), 1);
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 0);
	/* The first result is the incumbent, the second beats it: its race
	 * may go out while the generation's other four are still out. */
	fs_engine_record(e, x[0], role[0], false, 10, NAN);
	fs_engine_record(e, x[1], role[1], false, 20, NAN);
	if (fs_mask_of(x[0], D) != fs_mask_of(x[1], D)) {
		assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
		assert_int_equal(r, FS_ROLE_RACE_INCUMBENT);
		assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
		assert_int_equal(r, FS_ROLE_RACE_CHALLENGER);
		assert_int_equal(fs_mask_of(y, D), fs_mask_of(x[1], D));
	}
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 0);
	assert_int_equal(fs_engine_issue(g, rng, y, &r), 1);
	assert_int_equal(fs_engine_issue(g, rng, y, &r), 0);
	fs_engine_record(g, y, r, false, 1, NAN);
	assert_int_equal(fs_engine_issue(g, rng, y, &r), 1);
	gsl_rng_free(rng);
	fs_engine_free(e);
	fs_engine_free(g);
}

/*
 * Explores that beat the incumbent while a race is on: the best waits and
 * is raced next; what is in flight survives a save and load.
 */
static void test_issue_waiting_challenger(void **state)
{
	struct fs_engine *e = engine_of("random"), *f = engine_of("random");
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct fs_vars ev = {0}, pv = {0};
	bool x[4][D], y[D], z[D];
	enum fs_role role[4], r, rz;
	char err[256];
	int k;

	(void)state;
	for (k = 0; k < 4; k++)
		assert_int_equal(fs_engine_issue(e, rng, x[k], &role[k]), 1);
	fs_engine_record(e, x[0], role[0], false, 10, NAN);
	fs_engine_record(e, x[1], role[1], false, 20, NAN); /* races x[0] */
	fs_engine_record(e, x[2], role[2], false, 30, NAN); /* waits */
	fs_engine_record(e, x[3], role[3], false, 25, NAN); /* not better */
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
	assert_int_equal(r, FS_ROLE_RACE_INCUMBENT);
	assert_int_equal(fs_engine_save(e, &ev, &pv), 0);
	assert_int_equal(fs_engine_load(f, &ev, &pv, err, sizeof(err)), 0);
	/* Both carry on the same: the challenger's re-run, not the
	 * incumbent's again. */
	assert_int_equal(fs_engine_issue(f, rng, z, &rz), 1);
	assert_int_equal(rz, FS_ROLE_RACE_CHALLENGER);
	assert_int_equal(fs_engine_issue(e, rng, z, &rz), 1);
	assert_int_equal(rz, FS_ROLE_RACE_CHALLENGER);
	assert_int_equal(fs_mask_of(z, D), fs_mask_of(x[1], D));
	fs_engine_record(e, y, r, false, 10, NAN);
	fs_engine_record(e, z, rz, false, 20, NAN);
	assert_int_equal(fs_engine_incumbent(e)->mask, fs_mask_of(x[1], D));
	/* The waiting one (30) beats the new incumbent: raced next. */
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
	assert_int_equal(r, FS_ROLE_RACE_INCUMBENT);
	assert_int_equal(fs_mask_of(y, D), fs_mask_of(x[1], D));
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
	assert_int_equal(r, FS_ROLE_RACE_CHALLENGER);
	assert_int_equal(fs_mask_of(y, D), fs_mask_of(x[2], D));
	fs_vars_free(&ev);
	fs_vars_free(&pv);
	gsl_rng_free(rng);
	fs_engine_free(e);
	fs_engine_free(f);
}

/*
 * A race called off while its re-runs are out (the incumbent failed in
 * an explore): the next race issues its own re-runs, and the old ones,
 * recorded later, do not move it.
 */
static void test_issue_race_called_off(void **state)
{
	struct fs_engine *e = engine_of("random");
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	bool x[D], a[D], b[D], c[D], d[D], y[D];
	enum fs_role r;
	int k;

	(void)state;
	set_only(a, 6);
	set_only(b, 7);
	set_only(c, 8);
	set_only(d, 9);
	for (k = 0; k < 6; k++)
		assert_int_equal(fs_engine_issue(e, rng, x, &r), 1);
	fs_engine_record(e, a, FS_ROLE_EXPLORE, false, 10, NAN);
	fs_engine_record(e, c, FS_ROLE_EXPLORE, false, 8, NAN);
	fs_engine_record(e, b, FS_ROLE_EXPLORE, false, 20, NAN); /* races a */
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
	assert_int_equal(r, FS_ROLE_RACE_INCUMBENT);
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
	assert_int_equal(r, FS_ROLE_RACE_CHALLENGER);
	/* a fails in an explore: b (never failed) is the best, no race. */
	fs_engine_record(e, a, FS_ROLE_EXPLORE, true, 0, NAN);
	assert_int_equal(fs_engine_incumbent(e)->mask, fs_mask_of(b, D));
	fs_engine_record(e, d, FS_ROLE_EXPLORE, false, 30, NAN); /* races b */
	/* The new race's own incumbent re-run goes out. */
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
	assert_int_equal(r, FS_ROLE_RACE_INCUMBENT);
	assert_int_equal(fs_mask_of(y, D), fs_mask_of(b, D));
	assert_int_equal(fs_engine_in_flight(e), 4);
	/* The old re-runs come in first (order of issue): stats only. */
	fs_engine_record(e, a, FS_ROLE_RACE_INCUMBENT, false, 10, NAN);
	fs_engine_record(e, b, FS_ROLE_RACE_CHALLENGER, false, 20, NAN);
	assert_int_equal(fs_engine_issue(e, rng, y, &r), 1);
	assert_int_equal(r, FS_ROLE_RACE_CHALLENGER);
	assert_int_equal(fs_mask_of(y, D), fs_mask_of(d, D));
	fs_engine_record(e, b, FS_ROLE_RACE_INCUMBENT, false, 20, NAN);
	fs_engine_record(e, d, FS_ROLE_RACE_CHALLENGER, false, 30, NAN);
	assert_int_equal(fs_engine_incumbent(e)->mask, fs_mask_of(d, D));
	assert_int_equal(fs_engine_in_flight(e), 1); /* the 6th explore */
	gsl_rng_free(rng);
	fs_engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failed_incumbent_replaced),
		cmocka_unit_test(test_incumbent_fails_its_race),
		cmocka_unit_test(test_retest_runner_up_wins),
		cmocka_unit_test(test_retest_winner_fails),
		cmocka_unit_test(test_retest_save_load),
		cmocka_unit_test(test_issue_alone_is_next),
		cmocka_unit_test(test_issue_batches),
		cmocka_unit_test(test_issue_waiting_challenger),
		cmocka_unit_test(test_issue_race_called_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
