// SPDX-License-Identifier: GPL-2.0
/* llama-bench `-o jsonl` and `-o json` output, read with json-c. */
#include "llama_parsers.h"
#include "text_lines.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

static int field(json_object *obj, const char *key, const char *where,
		 json_object **val, char *err, size_t errlen)
{
	if (!json_object_object_get_ex(obj, key, val))
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: field %s is missing", where, key);
	return 0;
}

static int get_count(json_object *obj, const char *key, const char *where,
		     int *v, char *err, size_t errlen)
{
	json_object *f;
	int64_t x;
	int ret = field(obj, key, where, &f, err, errlen);

	if (ret)
		return ret;
	if (!json_object_is_type(f, json_type_int))
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: field %s is not an integer", where,
				     key);
	x = json_object_get_int64(f);
	if (x < 0 || x > INT_MAX)
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: field %s is out of range (%lld)",
				     where, key, (long long)x);
	*v = (int)x;
	return 0;
}

/* A finite, non-negative number (a rate or a deviation). */
static int get_rate(json_object *f, const char *key, const char *where,
		    double *v, char *err, size_t errlen)
{
	if (!json_object_is_type(f, json_type_double) &&
	    !json_object_is_type(f, json_type_int))
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: field %s is not a number", where,
				     key);
	*v = json_object_get_double(f);
	if (!isfinite(*v) || *v < 0)
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: field %s is not a finite "
				     "non-negative number",
				     where, key);
	return 0;
}

static int get_rate_field(json_object *obj, const char *key, const char *where,
			  double *v, char *err, size_t errlen)
{
	json_object *f;
	int ret = field(obj, key, where, &f, err, errlen);

	return ret ? ret : get_rate(f, key, where, v, err, errlen);
}

static int get_samples(json_object *obj, const char *where,
		       struct fs_bench_row *row, char *err, size_t errlen)
{
	json_object *arr;
	char name[48];
	size_t n;
	int ret = field(obj, "samples_ts", where, &arr, err, errlen);

	if (ret)
		return ret;
	if (!json_object_is_type(arr, json_type_array))
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: field samples_ts is not an array",
				     where);
	n = json_object_array_length(arr);
	if (!n)
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: field samples_ts is empty", where);
	row->samples_ts = calloc(n, sizeof(*row->samples_ts));
	if (!row->samples_ts)
		return fs_bench_fail(err, errlen, FS_BENCH_ENOMEM,
				     "out of memory");
	row->n_samples = n;
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "samples_ts[%zu]", i);
		ret = get_rate(json_object_array_get_idx(arr, i), name, where,
			       &row->samples_ts[i], err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_row(json_object *obj, const char *where,
		     struct fs_bench_results *out, char *err, size_t errlen)
{
	struct fs_bench_row row = {0};
	int ret;

	if (!json_object_is_type(obj, json_type_object))
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: not a JSON object", where);
	ret = get_count(obj, "n_prompt", where, &row.n_prompt, err, errlen);
	if (!ret)
		ret = get_count(obj, "n_gen", where, &row.n_gen, err, errlen);
	if (!ret)
		ret = get_count(obj, "n_threads", where, &row.n_threads, err,
				errlen);
	if (!ret)
		ret = get_rate_field(obj, "avg_ts", where, &row.avg_ts, err,
				     errlen);
	if (!ret)
		ret = get_rate_field(obj, "stddev_ts", where, &row.stddev_ts,
				     err, errlen);
	if (!ret)
		ret = get_samples(obj, where, &row, err, errlen);
	if (ret) {
		free(row.samples_ts);
		return ret;
	}
	return fs_results_append(out, &row, where, err, errlen);
}

/*
 * Parse one complete JSON value from text; what follows it may only be
 * blank. what ("line 3", "JSON output") prefixes errors.
 */
static int parse_value(struct json_tokener *tok, const char *text, size_t len,
		       const char *what, json_object **val, char *err,
		       size_t errlen)
{
	enum json_tokener_error jerr;
	const char *rest;
	size_t n;

	if (len > INT_MAX)
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: too long", what);
	json_tokener_reset(tok);
	*val = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_continue)
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: truncated JSON", what);
	if (!*val)
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: invalid JSON (%s)", what,
				     json_tokener_error_desc(jerr));
	rest = text + json_tokener_get_parse_end(tok);
	n = len - json_tokener_get_parse_end(tok);
	fs_trim(&rest, &n);
	if (n) {
		json_object_put(*val);
		*val = NULL;
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: unexpected text after the JSON value",
				     what);
	}
	return 0;
}

static int parse_jsonl_line(struct json_tokener *tok, int lineno,
			    const char *line, size_t len,
			    struct fs_bench_results *out, char *err,
			    size_t errlen)
{
	json_object *obj;
	char where[32];
	int ret;

	snprintf(where, sizeof(where), "line %d", lineno);
	if (*line != '{')
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: not a JSON object", where);
	ret = parse_value(tok, line, len, where, &obj, err, errlen);
	if (ret)
		return ret;
	ret = parse_row(obj, where, out, err, errlen);
	json_object_put(obj);
	return ret;
}

int fs_llama_parse_jsonl(const char *text, size_t len,
			 struct fs_bench_results *out, char *err, size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	struct fs_lines it;
	const char *line;
	size_t n;
	int ret = 0;

	if (!tok)
		return fs_bench_fail(err, errlen, FS_BENCH_ENOMEM,
				     "out of memory");
	fs_lines_init(&it, text, len);
	while (!ret && fs_lines_next(&it, &line, &n)) {
		fs_trim(&line, &n);
		if (n)
			ret = parse_jsonl_line(tok, it.lineno, line, n, out,
					       err, errlen);
	}
	json_tokener_free(tok);
	return ret;
}

int fs_llama_parse_json(const char *text, size_t len,
			struct fs_bench_results *out, char *err, size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *arr = NULL;
	char where[32];
	int ret;

	if (!tok)
		return fs_bench_fail(err, errlen, FS_BENCH_ENOMEM,
				     "out of memory");
	ret = parse_value(tok, text, len, "JSON output", &arr, err, errlen);
	if (!ret && !json_object_is_type(arr, json_type_array))
		ret = fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				    "JSON output is not an array");
	for (size_t i = 0; !ret && i < json_object_array_length(arr); i++) {
		snprintf(where, sizeof(where), "row %zu", i + 1);
		ret = parse_row(json_object_array_get_idx(arr, i), where, out,
				err, errlen);
	}
	json_object_put(arr);
	json_tokener_free(tok);
	return ret;
}
