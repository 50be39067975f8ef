// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the knob-set YAML reader (fs_config_yaml_load_buffer,
 * which fs_config_yaml_load feeds from a file). Besides memory errors and
 * undefined behaviour, it checks that whatever the reader accepts survives
 * a round trip: --print-config's YAML of it reads back to the same
 * configuration.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *err, const char *yaml)
{
	fprintf(stderr, "fuzz_config_yaml: %s: %s\n%s", what, err,
		yaml ? yaml : "");
	abort();
}

/* The fields a knob-set file can set. */
static int same_config(const struct fs_config *a, const struct fs_config *b)
{
	return !memcmp(a->knobs, b->knobs, sizeof(a->knobs)) &&
	       a->slice_us == b->slice_us &&
	       a->slice_min_us == b->slice_min_us &&
	       a->slice_lag_us == b->slice_lag_us &&
	       a->run_lag_us == b->run_lag_us &&
	       a->max_avg_nvcsw == b->max_avg_nvcsw &&
	       a->cpu_busy_thresh == b->cpu_busy_thresh &&
	       a->watchdog_ms == b->watchdog_ms &&
	       !strcmp(a->perf_cores, b->perf_cores) &&
	       a->nr_gpu_comm == b->nr_gpu_comm &&
	       !memcmp(a->gpu_comm, b->gpu_comm, sizeof(a->gpu_comm)) &&
	       a->nr_workload_comm == b->nr_workload_comm &&
	       !memcmp(a->workload_comm, b->workload_comm,
		       sizeof(a->workload_comm)) &&
	       a->nr_workload_pid == b->nr_workload_pid &&
	       !memcmp(a->workload_pid, b->workload_pid,
		       sizeof(a->workload_pid)) &&
	       a->nr_workload_cgroup == b->nr_workload_cgroup &&
	       !memcmp(a->workload_cgroup, b->workload_cgroup,
		       sizeof(a->workload_cgroup));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fs_config cfg, again;
	char err[512], *yaml = NULL;
	size_t yaml_len = 0;
	FILE *out;

	fs_config_defaults(&cfg);
	if (fs_config_yaml_load_buffer("fuzz", (const char *)data, size, &cfg,
				       err, sizeof(err)))
		return 0;

	out = open_memstream(&yaml, &yaml_len);
	if (!out)
		return 0;
	fs_config_yaml_print(out, &cfg);
	if (fclose(out))
		die("printing the configuration failed", "", NULL);
	fs_config_defaults(&again);
	if (fs_config_yaml_load_buffer("printed", yaml, yaml_len, &again, err,
				       sizeof(err)))
		die("the printed configuration does not load", err, yaml);
	if (!same_config(&cfg, &again))
		die("the printed configuration loads differently", "", yaml);
	free(yaml);
	return 0;
}
