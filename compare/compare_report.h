/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The outputs of `flashyspark compare`, all computed from the raw
 * measurements: a plain table (stdout), report.md, chart.svg (bars of the
 * mean with 95% whiskers, one panel per metric) and compare.jsonl (every
 * measurement). Each writer returns 0 or -1 (a write error) and has the
 * fs_fill_fn shape, so it can go through fs_atomic_write.
 */
#ifndef FS_COMPARE_COMPARE_REPORT_H
#define FS_COMPARE_COMPARE_REPORT_H

#include <stdio.h>

#include "compare_data.h"

/* arg: const struct fs_compare_data *. */
int fs_report_table(FILE *f, const void *arg);
int fs_report_markdown(FILE *f, const void *arg);
int fs_report_svg(FILE *f, const void *arg);
int fs_report_jsonl(FILE *f, const void *arg);

#endif
