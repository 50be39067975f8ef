// SPDX-License-Identifier: GPL-2.0
/* pp and tg: names, parsing, values (metric.h). */
#include "metric.h"

#include <math.h>
#include <string.h>

const char *fs_metric_name(enum fs_metric m)
{
	return m == FS_METRIC_PP ? "pp" : "tg";
}

const char *fs_metric_title(enum fs_metric m)
{
	return m == FS_METRIC_PP ? "prompt processing" : "text generation";
}

int fs_metric_parse(const char *s, enum fs_metric *m)
{
	if (!strcmp(s, "pp"))
		*m = FS_METRIC_PP;
	else if (!strcmp(s, "tg"))
		*m = FS_METRIC_TG;
	else
		return -1;
	return 0;
}

enum fs_metric fs_metric_other(enum fs_metric m)
{
	return m == FS_METRIC_PP ? FS_METRIC_TG : FS_METRIC_PP;
}

enum fs_test_kind fs_metric_kind(enum fs_metric m)
{
	return m == FS_METRIC_PP ? FS_TEST_PP : FS_TEST_TG;
}

double fs_metric_value(const struct fs_bench_results *res, enum fs_metric m)
{
	const struct fs_bench_row *row =
		fs_bench_results_find(res, fs_metric_kind(m));

	return row ? row->avg_ts : NAN;
}
