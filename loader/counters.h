/* SPDX-License-Identifier: GPL-2.0 */
/* The scheduler's event counters by name, and printed (no BPF here). */
#ifndef FS_LOADER_COUNTERS_H
#define FS_LOADER_COUNTERS_H

#include <stdint.h>
#include <stdio.h>

#include "intf.h"

extern const char *const fs_counter_names[FS_NR_COUNTERS];

/* One line per counter, "name: total (+delta)" against @prev if given. */
void fs_stats_print(FILE *f, const uint64_t cur[FS_NR_COUNTERS],
		    const uint64_t *prev);

#endif
