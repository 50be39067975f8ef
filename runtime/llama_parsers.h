/* SPDX-License-Identifier: GPL-2.0 */
/* The three llama-bench output parsers, one file each (llama_output.c picks).
 */
#ifndef FS_RUNTIME_LLAMA_PARSERS_H
#define FS_RUNTIME_LLAMA_PARSERS_H

#include <stddef.h>

#include "bench_results.h"

int fs_llama_parse_jsonl(const char *text, size_t len,
			 struct fs_bench_results *out, char *err,
			 size_t errlen);
int fs_llama_parse_json(const char *text, size_t len,
			struct fs_bench_results *out, char *err, size_t errlen);
int fs_llama_parse_markdown(const char *text, size_t len,
			    struct fs_bench_results *out, char *err,
			    size_t errlen);

#endif
