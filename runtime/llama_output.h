/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llama-bench output -> result rows. Accepts the three forms users meet:
 * `-o jsonl` (one object per line), `-o json` (an array) and the default
 * markdown table. Anything missing, truncated or non-numeric is an error
 * naming what was wrong; no value is ever guessed.
 */
#ifndef FS_RUNTIME_LLAMA_OUTPUT_H
#define FS_RUNTIME_LLAMA_OUTPUT_H

#include <stddef.h>

#include "bench_results.h"

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

#endif
