/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A benchmark's result rows (one per llama-bench test: pp, tg or both),
 * whatever output form they were read from.
 */
#ifndef FS_RUNTIME_BENCH_RESULTS_H
#define FS_RUNTIME_BENCH_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "error_codes.h"

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

/*
 * Derive row->kind from n_prompt/n_gen, then append the row; the results
 * take over row->samples_ts. where ("line 3") prefixes errors.
 */
int fs_results_append(struct fs_bench_results *res, struct fs_bench_row *row,
		      const char *where, char *err, size_t errlen);

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
