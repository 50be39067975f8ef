/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llama-bench output -> result rows. Accepts the three forms users meet:
 * `-o jsonl` (one object per line), `-o json` (an array) and the default
 * markdown table. Anything missing, truncated or non-numeric is an error
 * naming what was wrong; no value is ever guessed.
 */
#ifndef FS_BENCH_LLAMA_OUTPUT_H
#define FS_BENCH_LLAMA_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

enum fs_test_kind {
	FS_TEST_PP, /* prompt processing: n_gen == 0 */
	FS_TEST_TG, /* text generation: n_prompt == 0 */
	FS_TEST_PG, /* both in one test (llama-bench -pg) */
};

struct fs_bench_row {
	enum fs_test_kind kind;
	int n_prompt;
	int n_gen;
	int n_threads; /* 0: the markdown table had no threads column */
	double avg_ts; /* mean tokens/s over the repetitions */
	double stddev_ts;
	double *samples_ts; /* per repetition; none in markdown */
	size_t n_samples;
};

struct fs_bench_results {
	struct fs_bench_row *rows;
	size_t n_rows;
};

enum fs_llama_format {
	FS_LLAMA_AUTO, /* by the first non-blank character: [ { or other */
	FS_LLAMA_JSONL,
	FS_LLAMA_JSON,
	FS_LLAMA_MARKDOWN,
};

/*
 * Parse len bytes of text (need not be NUL-terminated) into out, which the
 * caller frees with fs_bench_results_free (also after an error). Returns 0,
 * FS_BENCH_EPARSE, FS_BENCH_ENOROWS or FS_BENCH_ENOMEM.
 */
int fs_llama_parse(const char *text, size_t len, enum fs_llama_format format,
		   struct fs_bench_results *out, char *err, size_t errlen);

void fs_bench_results_free(struct fs_bench_results *res);

/* First row of that kind, or NULL. */
const struct fs_bench_row *
fs_bench_results_find(const struct fs_bench_results *res,
		      enum fs_test_kind kind);

/* FS_BENCH_EMISSING naming the absent kind unless each wanted one is there. */
int fs_bench_results_require(const struct fs_bench_results *res, bool pp,
			     bool tg, char *err, size_t errlen);

const char *fs_test_kind_name(enum fs_test_kind kind);

#endif
