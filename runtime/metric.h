/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two throughputs a user optimises or compares: llama-bench prompt
 * processing (pp) and text generation (tg) tokens/s. The one place that
 * names them, parses them and reads them out of a benchmark's rows.
 */
#ifndef FS_RUNTIME_METRIC_H
#define FS_RUNTIME_METRIC_H

#include "bench_results.h"

enum fs_metric {
	FS_METRIC_PP, /* prompt processing t/s */
	FS_METRIC_TG, /* text generation t/s */
	FS_NR_METRICS,
};

/* "pp" or "tg". */
const char *fs_metric_name(enum fs_metric m);
/* "prompt processing" or "text generation". */
const char *fs_metric_title(enum fs_metric m);
/* 0 with *m set, -1 if s is neither "pp" nor "tg". */
int fs_metric_parse(const char *s, enum fs_metric *m);
/* The other one of the two. */
enum fs_metric fs_metric_other(enum fs_metric m);
/* The row kind that measures @m. */
enum fs_test_kind fs_metric_kind(enum fs_metric m);
/* @m's mean tokens/s in @res, or NaN when it has no such row. */
double fs_metric_value(const struct fs_bench_results *res, enum fs_metric m);

#endif
