/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flashyspark report: a search directory made readable. From its
 * checkpoint.yaml and episodes.jsonl it writes, into the same directory
 * (or another): report.md (the run, the best set, the charts, each knob's
 * estimated effect, the failed episodes and why), values.svg,
 * effects.svg, policy.svg (pg only) and episodes.csv. Every file is
 * written whole; the search writes the report when it finishes.
 */
#ifndef FS_REPORT_RUN_REPORT_H
#define FS_REPORT_RUN_REPORT_H

#include <stddef.h>

/*
 * Write the report of the search in @run_dir into @out_dir (NULL: the
 * same). 0, or -1 with "FILE:LINE: what" / "PATH: why" in @err.
 */
int fs_run_report_write(const char *run_dir, const char *out_dir, char *err,
			size_t errlen);

#endif
