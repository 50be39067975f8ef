/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the llama-bench output parsers; not part of the public API. */
#ifndef FS_BENCH_LLAMA_OUTPUT_PRIV_H
#define FS_BENCH_LLAMA_OUTPUT_PRIV_H

#include "llama_output.h"

/* Walks text line by line; line numbers start at 1. */
struct fs_lines {
	const char *p, *end;
	int lineno;
};

void fs_lines_init(struct fs_lines *it, const char *text, size_t len);
/* Next line without its newline (and trailing \r); false at the end. */
bool fs_lines_next(struct fs_lines *it, const char **line, size_t *len);
/* Skip leading and trailing blanks of [*s, *s + *n). */
void fs_trim(const char **s, size_t *n);

/*
 * Derive row->kind from n_prompt/n_gen, then append the row; the results
 * take over row->samples_ts. where ("line 3") prefixes errors.
 */
int fs_results_append(struct fs_bench_results *res, struct fs_bench_row *row,
		      const char *where, char *err, size_t errlen);

int fs_llama_parse_jsonl(const char *text, size_t len,
			 struct fs_bench_results *out, char *err,
			 size_t errlen);
int fs_llama_parse_json(const char *text, size_t len,
			struct fs_bench_results *out, char *err, size_t errlen);
int fs_llama_parse_markdown(const char *text, size_t len,
			    struct fs_bench_results *out, char *err,
			    size_t errlen);

#endif
