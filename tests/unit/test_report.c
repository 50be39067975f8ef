// SPDX-License-Identifier: GPL-2.0
/*
 * The search report's numbers: knob effects recovered from episodes whose
 * effects are known (with intervals that exclude 0 exactly where an
 * effect exists), knobs that never varied left out, too few episodes
 * refused; and the best-so-far curve that, like the search, never keeps
 * a set that failed.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "knob_effects.h"
#include "report_plots.h"

/* A deterministic pseudo-random bit / noise stream. */
static uint32_t next(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static struct fs_run_episodes *make_run(size_t n)
{
	struct fs_run_episodes *run = calloc(1, sizeof(*run));

	assert_non_null(run);
	run->ep = calloc(n, sizeof(*run->ep));
	assert_non_null(run->ep);
	run->n = n;
	return run;
}

static void free_run(struct fs_run_episodes *run)
{
	fs_run_episodes_free(run);
	free(run);
}

static void test_effects_recovered(void **state)
{
	struct fs_run_episodes *run = make_run(80);
	struct fs_knob_effects fx;
	uint32_t s = 7;
	char why[256];

	(void)state;
	for (size_t i = 0; i < run->n; i++) {
		struct fs_run_episode *e = &run->ep[i];

		for (int k = 0; k < FS_NR_KNOBS - 1; k++) /* last: always off */
			e->knobs[k] = next(&s) & 1;
		e->ok = true;
		/* +5 for knob 0, -3 for knob 1, nothing else; noise +-0.2. */
		e->value = 100 + 5.0 * e->knobs[0] - 3.0 * e->knobs[1] +
			   0.4 * ((next(&s) % 1000) / 1000.0 - 0.5);
	}
	run->ep[3].ok = false; /* a failed one is left out */
	run->ep[3].value = NAN;
	assert_int_equal(fs_knob_effects_fit(run, &fx, why, sizeof(why)), 0);
	assert_true(fx.estimated);
	assert_int_equal(fx.n, 79);
	assert_true(fx.k[0].lo > 4.5 && fx.k[0].hi < 5.5);
	assert_true(fx.k[1].lo > -3.5 && fx.k[1].hi < -2.5);
	for (int k = 2; k < FS_NR_KNOBS - 1; k++) {
		assert_true(fx.k[k].varied);
		if (!(fx.k[k].lo < 0 && fx.k[k].hi > 0))
			fail_msg("knob %d has no effect but [%g, %g]", k,
				 fx.k[k].lo, fx.k[k].hi);
	}
	assert_int_equal(fs_knob_effect_sign(&fx.k[0]), 1);
	assert_int_equal(fs_knob_effect_sign(&fx.k[1]), -1);
	assert_int_equal(fx.k[0].confounded, -1);
	assert_false(fx.k[FS_NR_KNOBS - 1].varied);
	assert_true(isnan(fx.k[FS_NR_KNOBS - 1].effect));
	free_run(run);
}

/* Two knobs always on together: neither is credited with their effect. */
static void test_effects_confounded(void **state)
{
	struct fs_run_episodes *run = make_run(60);
	struct fs_knob_effects fx;
	uint32_t s = 11;
	char why[256];

	(void)state;
	for (size_t i = 0; i < run->n; i++) {
		struct fs_run_episode *e = &run->ep[i];

		for (int k = 0; k < FS_NR_KNOBS; k++)
			e->knobs[k] = next(&s) & 1;
		e->knobs[1] = e->knobs[0];  /* pg moved them together */
		e->knobs[3] = !e->knobs[2]; /* or against each other */
		e->ok = true;
		e->value = 100 + 10.0 * e->knobs[0] + 4.0 * e->knobs[2] +
			   0.2 * ((next(&s) % 1000) / 1000.0 - 0.5);
	}
	assert_int_equal(fs_knob_effects_fit(run, &fx, why, sizeof(why)), 0);
	assert_true(fx.estimated);
	assert_int_equal(fx.k[0].confounded, 1);
	assert_int_equal(fx.k[1].confounded, 0);
	assert_int_equal(fx.k[2].confounded, 3);
	assert_int_equal(fx.k[3].confounded, 2);
	for (int k = 0; k < 4; k++)
		assert_int_equal(fs_knob_effect_sign(&fx.k[k]), 0);
	assert_int_equal(fx.k[4].confounded, -1);
	free_run(run);
}

static void test_effects_too_few(void **state)
{
	struct fs_run_episodes *run = make_run(5);
	struct fs_knob_effects fx;
	char why[256] = "";
	uint32_t s = 3;

	(void)state;
	/* Five episodes, twenty knobs: no degrees of freedom left. */
	for (size_t i = 0; i < run->n; i++) {
		for (int k = 0; k < FS_NR_KNOBS; k++)
			run->ep[i].knobs[k] = next(&s) & 1;
		run->ep[i].ok = true;
		run->ep[i].value = 50 + (double)i;
	}
	assert_int_equal(fs_knob_effects_fit(run, &fx, why, sizeof(why)), 0);
	assert_false(fx.estimated);
	assert_non_null(strstr(why, "too few"));
	free_run(run);
}

static void test_best_so_far(void **state)
{
	struct fs_run_episodes *run = make_run(5);
	double best[5];

	(void)state;
	/* A = {} 10; B = {knob 0} 20; B fails; A 12; B 30 (still out). */
	run->ep[0] = (struct fs_run_episode){.ok = true, .value = 10};
	run->ep[1] = (struct fs_run_episode){.ok = true, .value = 20};
	run->ep[1].knobs[0] = true;
	run->ep[2] = (struct fs_run_episode){.ok = false, .value = NAN};
	run->ep[2].knobs[0] = true;
	run->ep[3] = (struct fs_run_episode){.ok = true, .value = 12};
	run->ep[4] = (struct fs_run_episode){.ok = true, .value = 30};
	run->ep[4].knobs[0] = true;
	fs_report_best_so_far(run, best);
	assert_float_equal(best[0], 10, 1e-9);
	assert_float_equal(best[1], 20, 1e-9);
	assert_float_equal(best[2], 10, 1e-9); /* B failed: out for good */
	assert_float_equal(best[3], 11, 1e-9); /* A's mean */
	assert_float_equal(best[4], 11, 1e-9);
	free_run(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_effects_recovered),
		cmocka_unit_test(test_effects_confounded),
		cmocka_unit_test(test_effects_too_few),
		cmocka_unit_test(test_best_so_far),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
