/* SPDX-License-Identifier: GPL-2.0 */
/* Linux CPU-list strings ("0-3,8,10-11") as boolean arrays. */
#ifndef FS_LOADER_CPULIST_H
#define FS_LOADER_CPULIST_H

#include <stdbool.h>

/*
 * Parse @s into @set[0..nr) (cleared first). Returns the number of CPUs
 * set, or -1 for a malformed list or a CPU >= @nr.
 */
int fs_cpulist_parse(const char *s, bool *set, int nr);

#endif
