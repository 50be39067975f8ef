// SPDX-License-Identifier: GPL-2.0
/*
 * llama-bench's default markdown table:
 *   | model | size | params | backend | threads | test | t/s |
 *   | ----- | ---: | ...
 *   | llama 7B Q4_0 | 3.56 GiB | 6.74 B | CPU | 16 | pp512 | 257.21 ± 10.67 |
 * Columns are found by their header names, since llama-bench adds columns
 * for non-default parameters. Lines before the header (logs) are skipped.
 */
#include "llama_parsers.h"
#include "text_lines.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS 64

struct cells {
	const char *s[MAX_CELLS];
	size_t n[MAX_CELLS];
	size_t count;
};

struct columns {
	size_t count;
	int test, ts, threads; /* -1: absent */
};

static bool cell_is(const struct cells *c, size_t i, const char *name)
{
	return c->n[i] == strlen(name) && !memcmp(c->s[i], name, c->n[i]);
}

/* Split "| a | b |" into trimmed cells; -1 if not a closed table row. */
static int split_row(const char *line, size_t len, struct cells *c)
{
	const char *p, *bar;

	fs_trim(&line, &len);
	if (len < 2 || line[0] != '|' || line[len - 1] != '|')
		return -1;
	c->count = 0;
	for (p = line + 1; p < line + len; p = bar + 1) {
		bar = memchr(p, '|', (size_t)(line + len - p));
		if (c->count == MAX_CELLS)
			return -1;
		c->s[c->count] = p;
		c->n[c->count] = (size_t)(bar - p);
		fs_trim(&c->s[c->count], &c->n[c->count]);
		c->count++;
	}
	return 0;
}

static bool starts_row(const char *line, size_t len)
{
	fs_trim(&line, &len);
	return len && line[0] == '|';
}

static bool find_header(struct fs_lines *it, struct columns *col)
{
	struct cells c;
	const char *line;
	size_t len;

	while (fs_lines_next(it, &line, &len)) {
		if (split_row(line, len, &c))
			continue;
		col->count = c.count;
		col->test = col->ts = col->threads = -1;
		for (size_t i = 0; i < c.count; i++) {
			if (cell_is(&c, i, "test"))
				col->test = (int)i;
			else if (cell_is(&c, i, "t/s"))
				col->ts = (int)i;
			else if (cell_is(&c, i, "threads"))
				col->threads = (int)i;
		}
		if (col->test >= 0 && col->ts >= 0)
			return true;
	}
	return false;
}

static bool is_separator(const char *line, size_t len)
{
	struct cells c;

	if (split_row(line, len, &c))
		return false;
	for (size_t i = 0; i < c.count; i++) {
		if (!c.n[i] || strspn(c.s[i], "-:") < c.n[i])
			return false;
	}
	return true;
}

/* Decimal digits at *p (advanced past them) into *v; false if none. */
static bool take_uint(const char **p, const char *end, int *v)
{
	long x = 0;

	if (*p >= end || !isdigit((unsigned char)**p))
		return false;
	while (*p < end && isdigit((unsigned char)**p)) {
		x = x * 10 + (**p - '0');
		if (x > INT_MAX)
			return false;
		(*p)++;
	}
	*v = (int)x;
	return true;
}

/* "pp512", "tg128", "pp512+tg128", each optionally followed by " @ d512". */
static bool parse_test(const char *s, size_t n, struct fs_bench_row *row)
{
	const char *p = s, *end = s + n;
	int depth;

	row->n_prompt = row->n_gen = 0;
	if (n > 2 && !memcmp(p, "pp", 2)) {
		p += 2;
		if (!take_uint(&p, end, &row->n_prompt))
			return false;
		/* "pp512+" must go on with a tg part */
		if (p < end && *p == '+' && end - p > 3 && !memcmp(p, "+tg", 3))
			p++;
	}
	if (end - p > 2 && !memcmp(p, "tg", 2)) {
		p += 2;
		if (!take_uint(&p, end, &row->n_gen))
			return false;
	}
	if (end - p > 4 && !memcmp(p, " @ d", 4)) {
		p += 4;
		if (!take_uint(&p, end, &depth))
			return false;
	}
	return p == end && p != s;
}

/* A finite non-negative decimal number at *p; false if none. */
static bool take_number(const char **p, const char *end, double *v)
{
	char buf[64];
	size_t n = 0;
	char *stop;

	while (*p + n < end && n < sizeof(buf) - 1 &&
	       (isdigit((unsigned char)(*p)[n]) || (*p)[n] == '.' ||
		(*p)[n] == 'e' || (*p)[n] == 'E' ||
		((*p)[n] == '-' && n && ((*p)[n - 1] | 32) == 'e') ||
		((*p)[n] == '+' && n && ((*p)[n - 1] | 32) == 'e')))
		n++;
	if (!n || !isdigit((unsigned char)**p))
		return false;
	memcpy(buf, *p, n);
	buf[n] = '\0';
	errno = 0;
	*v = strtod(buf, &stop);
	if (errno || *stop || !isfinite(*v))
		return false;
	*p += n;
	return true;
}

static void skip_spaces(const char **p, const char *end)
{
	while (*p < end && **p == ' ')
		(*p)++;
}

/* "257.21 ± 10.67" (also "+-" or "+/-" for the ±). */
static bool parse_rate(const char *s, size_t n, struct fs_bench_row *row)
{
	static const char *const pm[] = {"\xc2\xb1", "+/-", "+-"};
	const char *p = s, *end = s + n;
	size_t i;

	if (!take_number(&p, end, &row->avg_ts))
		return false;
	skip_spaces(&p, end);
	for (i = 0; i < sizeof(pm) / sizeof(pm[0]); i++) {
		size_t len = strlen(pm[i]);

		if ((size_t)(end - p) >= len && !memcmp(p, pm[i], len)) {
			p += len;
			break;
		}
	}
	if (i == sizeof(pm) / sizeof(pm[0]))
		return false;
	skip_spaces(&p, end);
	return take_number(&p, end, &row->stddev_ts) && p == end;
}

static int parse_md_row(const struct cells *c, const struct columns *col,
			const char *where, struct fs_bench_results *out,
			char *err, size_t errlen)
{
	struct fs_bench_row row = {0};
	size_t t = (size_t)col->test, r = (size_t)col->ts;

	if (c->count != col->count)
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: row has %zu cells, the header %zu "
				     "(truncated?)",
				     where, c->count, col->count);
	if (!parse_test(c->s[t], c->n[t], &row))
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: test '%.*s' is not ppN, tgN or "
				     "ppN+tgM",
				     where, (int)c->n[t], c->s[t]);
	if (!parse_rate(c->s[r], c->n[r], &row))
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "%s: t/s '%.*s' is not 'MEAN ± STDDEV'",
				     where, (int)c->n[r], c->s[r]);
	if (col->threads >= 0) {
		size_t h = (size_t)col->threads;
		const char *p = c->s[h];

		if (!take_uint(&p, p + c->n[h], &row.n_threads) ||
		    p != c->s[h] + c->n[h] || !row.n_threads)
			return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
					     "%s: threads '%.*s' is not a "
					     "positive integer",
					     where, (int)c->n[h], c->s[h]);
	}
	return fs_results_append(out, &row, where, err, errlen);
}

int fs_llama_parse_markdown(const char *text, size_t len,
			    struct fs_bench_results *out, char *err,
			    size_t errlen)
{
	struct columns col;
	struct fs_lines it;
	struct cells c;
	const char *line;
	char where[32];
	size_t n;
	int ret = 0;

	fs_lines_init(&it, text, len);
	if (!find_header(&it, &col))
		return fs_bench_fail(err, errlen, FS_BENCH_ENOROWS,
				     "no rows in output (no llama-bench table "
				     "header with 'test' and 't/s' columns)");
	if (!fs_lines_next(&it, &line, &n) || !is_separator(line, n))
		return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				     "line %d: expected the table's separator "
				     "line after the header",
				     it.lineno);
	while (!ret && fs_lines_next(&it, &line, &n) && starts_row(line, n)) {
		snprintf(where, sizeof(where), "line %d", it.lineno);
		if (split_row(line, n, &c))
			return fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
					     "%s: table row is not closed by "
					     "'|' (truncated?)",
					     where);
		ret = parse_md_row(&c, &col, where, out, err, errlen);
	}
	return ret;
}
