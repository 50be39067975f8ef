// SPDX-License-Identifier: GPL-2.0
/* Which form llama-bench wrote, and the parser for it. */
#include "llama_output.h"

#include <string.h>

#include "llama_parsers.h"

static enum fs_llama_format detect(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (strchr(" \t\r\n", text[i]) && text[i])
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
