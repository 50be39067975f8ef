/* SPDX-License-Identifier: GPL-2.0 */
/* Reading and printing the scheduler's per-CPU event counters. */
#ifndef FS_LOADER_COUNTERS_H
#define FS_LOADER_COUNTERS_H

#include <stdint.h>
#include <stdio.h>

#include "intf.h"

extern const char *const fs_counter_names[FS_NR_COUNTERS];

/* Sum the per-CPU array map @map_fd into @out; 0 or -errno. */
int fs_stats_read(int map_fd, uint64_t out[FS_NR_COUNTERS]);

/* One line per counter, "name: total (+delta)" against @prev if given. */
void fs_stats_print(FILE *f, const uint64_t cur[FS_NR_COUNTERS],
		    const uint64_t *prev);

#endif
