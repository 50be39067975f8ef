// SPDX-License-Identifier: GPL-2.0
/* Reading and printing the scheduler's per-CPU event counters (counters.h). */
#include "counters.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const fs_counter_names[FS_NR_COUNTERS] = {
#define FS_COUNTER_NAME(name) [FS_CNT_##name] = "nr_" #name,
	FS_COUNTERS(FS_COUNTER_NAME)
#undef FS_COUNTER_NAME
};

int fs_stats_read(int map_fd, uint64_t out[FS_NR_COUNTERS])
{
	int nr_cpus = libbpf_num_possible_cpus();
	uint64_t *vals;
	uint32_t key;

	if (nr_cpus <= 0)
		return -EINVAL;
	vals = calloc((size_t)nr_cpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	memset(out, 0, sizeof(uint64_t) * FS_NR_COUNTERS);
	for (key = 0; key < FS_NR_COUNTERS; key++) {
		int cpu;

		if (bpf_map_lookup_elem(map_fd, &key, vals)) {
			int err = -errno;

			free(vals);
			return err;
		}
		for (cpu = 0; cpu < nr_cpus; cpu++)
			out[key] += vals[cpu];
	}
	free(vals);
	return 0;
}

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
