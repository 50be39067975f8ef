/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler's state as Prometheus text-format metrics in a file, for
 * node exporter's textfile collector (--openmetrics FILE). The file is
 * replaced whole each time, so the collector never reads half of it:
 *
 *   flashyspark_up 1                      enabled now (0 once it exited)
 *   flashyspark_sys_util 0.42             utilisation, 0..1
 *   flashyspark_knob{knob="tickless"} 1   one per knob, 1 when on
 *   flashyspark_enqueues_total 123        one counter per event counter
 */
#ifndef FS_LOADER_OPENMETRICS_H
#define FS_LOADER_OPENMETRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "stats_snapshot.h"

/* 0, or -1 with "PATH: why" in @err (the old file is kept). */
int fs_openmetrics_write(const char *path, const struct fs_stats_snapshot *s,
			 bool up, char *err, size_t errlen);

#endif
