// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing llama-bench output. The good files in tests/data are real output
 * of llama-bench on a `flashyspark-mkmodel --preset tiny` model, captured
 * in the test root; the bad-* files are cut or edited copies of them.
 * Expected numbers are the ones in those files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "llama_output.h"
#include "test_data.h"

#define EPS 1e-9

struct parsed {
	struct fs_bench_results res;
	char err[256];
	int ret;
};

static void parse_file(const char *name, enum fs_llama_format fmt,
		       struct parsed *p)
{
	size_t len;
	char *text = test_data_read(name, &len);

	assert_non_null(text);
	p->err[0] = '\0';
	p->ret =
		fs_llama_parse(text, len, fmt, &p->res, p->err, sizeof(p->err));
	free(text);
}

static void parse_string(const char *text, struct parsed *p)
{
	p->err[0] = '\0';
	p->ret = fs_llama_parse(text, strlen(text), FS_LLAMA_AUTO, &p->res,
				p->err, sizeof(p->err));
}

static void assert_row(const struct fs_bench_row *r, enum fs_test_kind kind,
		       int n_prompt, int n_gen, int threads, double avg,
		       double sd)
{
	assert_non_null(r);
	assert_int_equal(r->kind, kind);
	assert_int_equal(r->n_prompt, n_prompt);
	assert_int_equal(r->n_gen, n_gen);
	assert_int_equal(r->n_threads, threads);
	assert_double_equal(r->avg_ts, avg, EPS);
	assert_double_equal(r->stddev_ts, sd, EPS);
}

static void assert_error(const struct parsed *p, int code, const char *what)
{
	assert_int_equal(p->ret, code);
	if (!strstr(p->err, what))
		fail_msg("error '%s' does not mention '%s'", p->err, what);
}

static void test_jsonl(void **state)
{
	struct parsed p;
	const struct fs_bench_row *r;

	(void)state;
	parse_file("llama-bench-tiny.jsonl", FS_LLAMA_AUTO, &p);
	assert_int_equal(p.ret, 0);
	assert_int_equal(p.res.n_rows, 2);
	r = fs_bench_results_find(&p.res, FS_TEST_PP);
	assert_row(r, FS_TEST_PP, 16, 0, 2, 36.816085, 0.519614);
	assert_int_equal(r->n_samples, 3);
	assert_double_equal(r->samples_ts[0], 36.6996, EPS);
	assert_double_equal(r->samples_ts[2], 37.3841, EPS);
	r = fs_bench_results_find(&p.res, FS_TEST_TG);
	assert_row(r, FS_TEST_TG, 0, 8, 2, 4.773116, 2.794910);
	assert_int_equal(r->n_samples, 3);
	assert_double_equal(r->samples_ts[1], 4.2239, EPS);
	assert_int_equal(fs_bench_results_require(&p.res, true, true, p.err,
						  sizeof(p.err)),
			 0);
	fs_bench_results_free(&p.res);
	assert_null(p.res.rows);
}

static void test_json(void **state)
{
	struct parsed p;
	const struct fs_bench_row *r;

	(void)state;
	parse_file("llama-bench-tiny.json", FS_LLAMA_AUTO, &p);
	assert_int_equal(p.ret, 0);
	assert_int_equal(p.res.n_rows, 2);
	r = &p.res.rows[0];
	assert_row(r, FS_TEST_PP, 16, 0, 2, 164.194838, 22.315076);
	assert_int_equal(r->n_samples, 3);
	assert_double_equal(r->samples_ts[1], 186.772, EPS);
	r = &p.res.rows[1];
	assert_row(r, FS_TEST_TG, 0, 8, 2, 8.270972, 0.288570);
	assert_double_equal(r->samples_ts[2], 7.95933, EPS);
	fs_bench_results_free(&p.res);
}

static void test_markdown(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("llama-bench-tiny.md", FS_LLAMA_AUTO, &p);
	assert_int_equal(p.ret, 0);
	assert_int_equal(p.res.n_rows, 4);
	assert_row(&p.res.rows[0], FS_TEST_PP, 16, 0, 1, 8609.41, 5533.49);
	assert_row(&p.res.rows[1], FS_TEST_TG, 0, 8, 1, 6702.44, 1471.59);
	assert_row(&p.res.rows[2], FS_TEST_PP, 16, 0, 2, 86.11, 10.30);
	assert_row(&p.res.rows[3], FS_TEST_TG, 0, 8, 2, 7.01, 1.21);
	/* The table carries no per-repetition samples: none invented. */
	assert_int_equal(p.res.rows[0].n_samples, 0);
	assert_null(p.res.rows[0].samples_ts);
	fs_bench_results_free(&p.res);
}

static void test_markdown_ascii_plus_minus(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("llama-bench-tiny-ascii.md", FS_LLAMA_MARKDOWN, &p);
	assert_int_equal(p.ret, 0);
	assert_int_equal(p.res.n_rows, 4);
	assert_row(&p.res.rows[3], FS_TEST_TG, 0, 8, 2, 7.01, 1.21);
	fs_bench_results_free(&p.res);
}

/* stdout and stderr together: a log line before the table. */
static void test_markdown_after_log(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("llama-bench-tiny-log.md", FS_LLAMA_AUTO, &p);
	assert_int_equal(p.ret, 0);
	assert_int_equal(p.res.n_rows, 2);
	assert_row(&p.res.rows[0], FS_TEST_PP, 16, 0, 2, 18392.08, 776.46);
	assert_row(&p.res.rows[1], FS_TEST_TG, 0, 8, 2, 6375.85, 106.57);
	fs_bench_results_free(&p.res);
}

static void test_markdown_pg_and_no_threads(void **state)
{
	struct parsed p;

	(void)state;
	parse_string("| model | backend | ngl | test | t/s |\n"
		     "| --- | --- | --: | ---: | ---: |\n"
		     "| llama 7B | CUDA | 99 | pp512+tg128 | 1234.5 ± 6.7 |\n"
		     "| llama 7B | CUDA | 99 | tg128 @ d512 | 98.7 ± 0.1 |\n",
		     &p);
	assert_int_equal(p.ret, 0);
	assert_int_equal(p.res.n_rows, 2);
	assert_row(&p.res.rows[0], FS_TEST_PG, 512, 128, 0, 1234.5, 6.7);
	assert_row(&p.res.rows[1], FS_TEST_TG, 0, 128, 0, 98.7, 0.1);
	fs_bench_results_free(&p.res);
}

static void test_truncated_jsonl(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("bad-truncated.jsonl", FS_LLAMA_AUTO, &p);
	assert_error(&p, FS_BENCH_EPARSE, "line 2: truncated JSON");
	fs_bench_results_free(&p.res);
}

static void test_truncated_json(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("bad-truncated.json", FS_LLAMA_AUTO, &p);
	assert_error(&p, FS_BENCH_EPARSE, "JSON output: truncated JSON");
	fs_bench_results_free(&p.res);
}

static void test_truncated_markdown(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("bad-truncated.md", FS_LLAMA_AUTO, &p);
	assert_error(&p, FS_BENCH_EPARSE,
		     "line 5: row has 3 cells, the header 7 (truncated?)");
	fs_bench_results_free(&p.res);
	/* Cut inside a cell rather than after a '|'. */
	parse_string("| threads | test | t/s |\n"
		     "| ---: | ---: | ---: |\n"
		     "| 2 | pp16 | 86.11 ± 10.30 |\n"
		     "| 2 | tg8 | 7.0",
		     &p);
	assert_error(&p, FS_BENCH_EPARSE, "line 4: table row is not closed");
	assert_int_equal(p.res.n_rows, 1);
	fs_bench_results_free(&p.res);
}

static void test_non_numeric(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("bad-non-numeric.jsonl", FS_LLAMA_AUTO, &p);
	assert_error(&p, FS_BENCH_EPARSE,
		     "line 2: field avg_ts is not a number");
	fs_bench_results_free(&p.res);
}

static void test_missing_field(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("bad-missing-field.jsonl", FS_LLAMA_AUTO, &p);
	assert_error(&p, FS_BENCH_EPARSE, "line 2: field stddev_ts is missing");
	fs_bench_results_free(&p.res);
}

static void test_markdown_bad_rate(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("bad-rate.md", FS_LLAMA_AUTO, &p);
	assert_error(&p, FS_BENCH_EPARSE, "line 5: t/s '86.11 ± n/a'");
	fs_bench_results_free(&p.res);
}

static void test_missing_tg_row(void **state)
{
	struct parsed p;
	int ret;

	(void)state;
	parse_file("bad-no-tg.jsonl", FS_LLAMA_AUTO, &p);
	assert_int_equal(p.ret, 0);
	assert_int_equal(p.res.n_rows, 1);
	assert_row(&p.res.rows[0], FS_TEST_PP, 16, 0, 2, 36.816085, 0.519614);
	assert_null(fs_bench_results_find(&p.res, FS_TEST_TG));
	ret = fs_bench_results_require(&p.res, true, true, p.err,
				       sizeof(p.err));
	p.ret = ret;
	assert_error(&p, FS_BENCH_EMISSING, "missing tg");
	assert_int_equal(fs_bench_results_require(&p.res, true, false, p.err,
						  sizeof(p.err)),
			 0);
	fs_bench_results_free(&p.res);
}

static void test_garbage(void **state)
{
	struct parsed p;

	(void)state;
	parse_file("bad-garbage.txt", FS_LLAMA_AUTO, &p);
	assert_error(&p, FS_BENCH_ENOROWS, "no rows in output");
	assert_int_equal(p.res.n_rows, 0);
	fs_bench_results_free(&p.res);
	/* Forced formats fail on it too, each in its own words. */
	parse_file("bad-garbage.txt", FS_LLAMA_JSONL, &p);
	assert_error(&p, FS_BENCH_EPARSE, "line 1: not a JSON object");
	fs_bench_results_free(&p.res);
	parse_file("bad-garbage.txt", FS_LLAMA_JSON, &p);
	assert_error(&p, FS_BENCH_EPARSE, "JSON output: invalid JSON");
	fs_bench_results_free(&p.res);
}

static void test_empty(void **state)
{
	struct parsed p;

	(void)state;
	parse_string("", &p);
	assert_error(&p, FS_BENCH_ENOROWS, "no rows in output");
	parse_string("[]\n", &p);
	assert_error(&p, FS_BENCH_ENOROWS, "no rows in output");
	parse_string("\n\n", &p);
	assert_error(&p, FS_BENCH_ENOROWS, "no rows in output");
}

static void test_bad_values(void **state)
{
	struct parsed p;

	(void)state;
	parse_string("{\"n_prompt\": 16, \"n_gen\": 0, \"n_threads\": 2, "
		     "\"avg_ts\": -1, \"stddev_ts\": 0, \"samples_ts\": [1]}",
		     &p);
	assert_error(&p, FS_BENCH_EPARSE,
		     "line 1: field avg_ts is not a "
		     "finite non-negative number");
	fs_bench_results_free(&p.res);
	parse_string("{\"n_prompt\": 0, \"n_gen\": 0, \"n_threads\": 2, "
		     "\"avg_ts\": 1, \"stddev_ts\": 0, \"samples_ts\": [1]}",
		     &p);
	assert_error(&p, FS_BENCH_EPARSE, "no prompt and no generated");
	fs_bench_results_free(&p.res);
	parse_string("{\"n_prompt\": 1.5, \"n_gen\": 0, \"n_threads\": 2, "
		     "\"avg_ts\": 1, \"stddev_ts\": 0, \"samples_ts\": [1]}",
		     &p);
	assert_error(&p, FS_BENCH_EPARSE, "field n_prompt is not an integer");
	fs_bench_results_free(&p.res);
	parse_string("{\"n_prompt\": 1, \"n_gen\": 0, \"n_threads\": 2, "
		     "\"avg_ts\": 1, \"stddev_ts\": 0, \"samples_ts\": [1, "
		     "null]}",
		     &p);
	assert_error(&p, FS_BENCH_EPARSE, "field samples_ts[1] is not a");
	fs_bench_results_free(&p.res);
	parse_string("{\"n_prompt\": 1, \"n_gen\": 0, \"n_threads\": 2, "
		     "\"avg_ts\": 1, \"stddev_ts\": 0, \"samples_ts\": [1]} x",
		     &p);
	assert_error(&p, FS_BENCH_EPARSE, "unexpected text after");
	fs_bench_results_free(&p.res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_ascii_plus_minus),
		cmocka_unit_test(test_markdown_after_log),
		cmocka_unit_test(test_markdown_pg_and_no_threads),
		cmocka_unit_test(test_truncated_jsonl),
		cmocka_unit_test(test_truncated_json),
		cmocka_unit_test(test_truncated_markdown),
		cmocka_unit_test(test_non_numeric),
		cmocka_unit_test(test_missing_field),
		cmocka_unit_test(test_markdown_bad_rate),
		cmocka_unit_test(test_missing_tg_row),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bad_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
