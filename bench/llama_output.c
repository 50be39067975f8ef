// SPDX-License-Identifier: GPL-2.0
/* Result rows, format detection and the pieces every parser shares. */
#include "llama_output.h"
#include "llama_output_priv.h"

#include <stdlib.h>
#include <string.h>

void fs_lines_init(struct fs_lines *it, const char *text, size_t len)
{
	it->p = text;
	it->end = text + len;
	it->lineno = 0;
}

bool fs_lines_next(struct fs_lines *it, const char **line, size_t *len)
{
	const char *nl;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	*line = it->p;
	*len = (size_t)((nl ? nl : it->end) - it->p);
	it->p = nl ? nl + 1 : it->end;
	it->lineno++;
	if (*len && (*line)[*len - 1] == '\r')
		(*len)--;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void fs_trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

const char *fs_test_kind_name(enum fs_test_kind kind)
{
	switch (kind) {
	case FS_TEST_PP:
		return "pp";
	case FS_TEST_TG:
		return "tg";
	case FS_TEST_PG:
		return "pp+tg";
	}
	return "?";
}

static int set_kind(struct fs_bench_row *row, const char *where, char *err,
		    size_t errlen)
{
	if (row->n_prompt > 0 && row->n_gen == 0)
		row->kind = FS_TEST_PP;
	else if (row->n_prompt == 0 && row->n_gen > 0)
		row->kind = FS_TEST_TG;
	else if (row->n_prompt > 0 && row->n_gen > 0)
		row->kind = FS_TEST_PG;
	else
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: test has no prompt and no generated "
				     "tokens",
				     where);
	return 0;
}

int fs_results_append(struct fs_bench_results *res, struct fs_bench_row *row,
		      const char *where, char *err, size_t errlen)
{
	struct fs_bench_row *rows;
	int ret = set_kind(row, where, err, errlen);

	if (ret)
		goto drop;
	rows = realloc(res->rows, (res->n_rows + 1) * sizeof(*rows));
	if (!rows) {
		ret = fs_bench_fail(err, errlen, FS_BENCH_ENOMEM,
				    "out of memory");
		goto drop;
	}
	res->rows = rows;
	res->rows[res->n_rows++] = *row;
	return 0;
drop:
	free(row->samples_ts);
	row->samples_ts = NULL;
	return ret;
}

static enum fs_llama_format detect(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (is_blank(text[i]))
			continue;
		if (text[i] == '[')
			return FS_LLAMA_JSON;
		if (text[i] == '{')
			return FS_LLAMA_JSONL;
		break;
	}
	return FS_LLAMA_MARKDOWN;
}

int fs_llama_parse(const char *text, size_t len, enum fs_llama_format format,
		   struct fs_bench_results *out, char *err, size_t errlen)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if (!text)
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL, "no text");
	if (format == FS_LLAMA_AUTO)
		format = detect(text, len);
	switch (format) {
	case FS_LLAMA_JSONL:
		ret = fs_llama_parse_jsonl(text, len, out, err, errlen);
		break;
	case FS_LLAMA_JSON:
		ret = fs_llama_parse_json(text, len, out, err, errlen);
		break;
	default:
		ret = fs_llama_parse_markdown(text, len, out, err, errlen);
		break;
	}
	if (!ret && !out->n_rows)
		ret = fs_bench_fail(err, errlen, FS_BENCH_ENOROWS,
				    "no rows in output");
	return ret;
}

void fs_bench_results_free(struct fs_bench_results *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n_rows; i++)
		free(res->rows[i].samples_ts);
	free(res->rows);
	memset(res, 0, sizeof(*res));
}

const struct fs_bench_row *
fs_bench_results_find(const struct fs_bench_results *res,
		      enum fs_test_kind kind)
{
	for (size_t i = 0; i < res->n_rows; i++) {
		if (res->rows[i].kind == kind)
			return &res->rows[i];
	}
	return NULL;
}

int fs_bench_results_require(const struct fs_bench_results *res, bool pp,
			     bool tg, char *err, size_t errlen)
{
	if (pp && !fs_bench_results_find(res, FS_TEST_PP))
		return fs_bench_fail(err, errlen, FS_BENCH_EMISSING,
				     "missing pp (prompt processing) row");
	if (tg && !fs_bench_results_find(res, FS_TEST_TG))
		return fs_bench_fail(err, errlen, FS_BENCH_EMISSING,
				     "missing tg (text generation) row");
	return 0;
}
