// SPDX-License-Identifier: GPL-2.0
/* Result rows: kinds, appending, finding (runtime/bench_results.h). */
#include "bench_results.h"

#include <stdlib.h>
#include <string.h>

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
