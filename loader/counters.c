// SPDX-License-Identifier: GPL-2.0
/* The scheduler's event counters by name, and printed (counters.h). */
#include "counters.h"

/* Each knob's counter, as knobs.def names it, is one of the counters. */
#define FS_KNOB(id, counter, help)                        \
	_Static_assert(FS_CNT_##counter < FS_NR_COUNTERS, \
		       "knob " #id ": counter " #counter);
#include "knobs.def"
#undef FS_KNOB

const char *const fs_counter_names[FS_NR_COUNTERS] = {
#define FS_COUNTER_NAME(name) [FS_CNT_##name] = "nr_" #name,
	FS_COUNTERS(FS_COUNTER_NAME)
#undef FS_COUNTER_NAME
};

void fs_stats_print(FILE *f, const uint64_t cur[FS_NR_COUNTERS],
		    const uint64_t *prev)
{
	int i;

	for (i = 0; i < FS_NR_COUNTERS; i++) {
		if (prev)
			fprintf(f, "  %-24s %12llu (+%llu)\n",
				fs_counter_names[i], (unsigned long long)cur[i],
				(unsigned long long)(cur[i] - prev[i]));
		else
			fprintf(f, "  %-24s %12llu\n", fs_counter_names[i],
				(unsigned long long)cur[i]);
	}
	fflush(f);
}
