// SPDX-License-Identifier: GPL-2.0
/*
 * checkpoint.yaml round trip: settings, counts, every double bit for bit
 * (including negative zero, tiny and huge values) and the generator's
 * state, so that the draws after a reload equal those before; and clear
 * errors naming the file and line for a damaged checkpoint.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "checkpoint.h"

static void tmp_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "/tmp/fs-ckpt-%d-%s", (int)getpid(), name);
}

static void round_trip(void **state)
{
	double p[5] = {0.05, 0.95, 1.0 / 3, -0.0, 1e-300};
	double t[3] = {1048575, 123456.78901234567, -2.5e10};
	struct fs_checkpoint c, r;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937), *back;
	char path[256], err[512];
	const struct fs_var *v;
	int i;

	(void)state;
	tmp_path(path, sizeof(path), "rt.yaml");
	memset(&c, 0, sizeof(c));
	strcpy(c.settings.algorithm, "pg");
	c.settings.metric = FS_METRIC_TG;
	c.settings.episodes = 30;
	c.settings.seed = 4242;
	strcpy(c.settings.bench_cmd, "echo 'a: b' \"quoted\" # not a comment");
	c.settings.threads = 2;
	c.settings.bench_timeout_s = 45;
	c.settings.no_scheduler = true;
	c.done = 12;
	c.seconds = 181.25;
	fs_vars_put(&c.policy, "p", p, 5);
	fs_vars_put(&c.policy, "empty", NULL, 0);
	fs_vars_put(&c.engine, "sets", t, 3);
	gsl_rng_set(rng, 99);
	for (i = 0; i < 1000; i++)
		gsl_rng_get(rng);
	assert_int_equal(fs_checkpoint_write(path, &c, rng, err, sizeof(err)),
			 0);
	assert_int_equal(fs_checkpoint_read(path, &r, &back, err, sizeof(err)),
			 0);
	assert_string_equal(r.settings.algorithm, "pg");
	assert_int_equal(r.settings.metric, FS_METRIC_TG);
	assert_int_equal(r.settings.episodes, 30);
	assert_int_equal(r.settings.seed, 4242);
	assert_int_equal(r.settings.bench_timeout_s, 45);
	assert_string_equal(r.settings.bench_cmd, c.settings.bench_cmd);
	assert_string_equal(r.settings.model, "");
	assert_true(r.settings.no_scheduler);
	assert_int_equal(r.done, 12);
	assert_true(r.seconds == 181.25);
	v = fs_vars_find(&r.policy, "p");
	assert_non_null(v);
	assert_int_equal(v->n, 5);
	assert_memory_equal(v->v, p, sizeof(p)); /* bit for bit */
	v = fs_vars_find(&r.policy, "empty");
	assert_non_null(v);
	assert_int_equal(v->n, 0);
	v = fs_vars_find(&r.engine, "sets");
	assert_non_null(v);
	assert_memory_equal(v->v, t, sizeof(t));
	for (i = 0; i < 2000; i++)
		assert_int_equal(gsl_rng_get(rng), gsl_rng_get(back));
	fs_vars_free(&c.policy);
	fs_vars_free(&c.engine);
	fs_vars_free(&r.policy);
	fs_vars_free(&r.engine);
	gsl_rng_free(rng);
	gsl_rng_free(back);
	unlink(path);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void damaged(void **state)
{
	struct fs_checkpoint r;
	gsl_rng *back;
	char path[256], err[512];

	(void)state;
	tmp_path(path, sizeof(path), "bad.yaml");
	write_text(path, "version: 1\nsettings:\n  algorithm: pg\n"
			 "  metric: qq\n");
	assert_int_equal(fs_checkpoint_read(path, &r, &back, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, ":4: settings.metric"));
	write_text(path, "version: 1\nsettings: [\n");
	assert_int_equal(fs_checkpoint_read(path, &r, &back, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "malformed YAML"));
	unlink(path);
	assert_int_equal(fs_checkpoint_read(path, &r, &back, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "No such file"));
	assert_null(back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
