// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the llama-bench output parser (fs_llama_parse) in each
 * format and by detection. Besides memory errors and undefined behaviour,
 * it checks what a successful parse promises: at least one row, a known
 * kind that agrees with n_prompt/n_gen, finite non-negative rates.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "llama_output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_row(const struct fs_bench_row *row)
{
	int kind_ok;

	switch (row->kind) {
	case FS_TEST_PP:
		kind_ok = row->n_prompt > 0 && row->n_gen == 0;
		break;
	case FS_TEST_TG:
		kind_ok = row->n_prompt == 0 && row->n_gen > 0;
		break;
	case FS_TEST_PG:
		kind_ok = row->n_prompt > 0 && row->n_gen > 0;
		break;
	default:
		kind_ok = 0;
	}
	if (!kind_ok || row->n_threads < 0 || !isfinite(row->avg_ts) ||
	    row->avg_ts < 0 || !isfinite(row->stddev_ts) ||
	    row->stddev_ts < 0 || (row->n_samples && !row->samples_ts)) {
		fprintf(stderr,
			"fuzz_llama_output: bad row kind %d pp %d tg %d\n",
			(int)row->kind, row->n_prompt, row->n_gen);
		abort();
	}
	for (size_t i = 0; i < row->n_samples; i++) {
		if (!isfinite(row->samples_ts[i]) || row->samples_ts[i] < 0) {
			fprintf(stderr, "fuzz_llama_output: bad sample %zu\n",
				i);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum fs_llama_format formats[] = {
		FS_LLAMA_AUTO,
		FS_LLAMA_JSONL,
		FS_LLAMA_JSON,
		FS_LLAMA_MARKDOWN,
	};
	struct fs_bench_results res;
	char err[256];

	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		int ret = fs_llama_parse((const char *)data, size, formats[f],
					 &res, err, sizeof(err));

		if (!ret && !res.n_rows) {
			fprintf(stderr,
				"fuzz_llama_output: success, no rows\n");
			abort();
		}
		for (size_t i = 0; !ret && i < res.n_rows; i++)
			check_row(&res.rows[i]);
		fs_bench_results_require(&res, true, true, err, sizeof(err));
		fs_bench_results_free(&res);
	}
	return 0;
}
