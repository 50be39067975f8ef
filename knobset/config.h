/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loader's effective configuration: the knobs, and one field per line of
 * scheduler/options.def, typed by its type column.
 */
#ifndef FS_KNOBSET_CONFIG_H
#define FS_KNOBSET_CONFIG_H

#include <stdbool.h>

#include "public.h"

#define FS_CPULIST_LEN 256
/* A workload_cgroup path as given, with its NUL (options.def: 255). */
#define FS_CGROUP_PATH_LEN 256

#define FS_CONFIG_FIELD_UINT(name)    unsigned long name;
#define FS_CONFIG_FIELD_PERCENT(name) unsigned long name;
#define FS_CONFIG_FIELD_CPUS(name)    char name[FS_CPULIST_LEN];
#define FS_CONFIG_FIELD_COMMS(name)               \
	char name[FS_MAX_GPU_COMMS][FS_COMM_LEN]; \
	int nr_##name;
#define FS_CONFIG_FIELD_PIDS(name)            \
	unsigned long name[FS_MAX_GPU_COMMS]; \
	int nr_##name;
#define FS_CONFIG_FIELD_CGROUPS(name)                    \
	char name[FS_MAX_GPU_COMMS][FS_CGROUP_PATH_LEN]; \
	int nr_##name;
#define FS_CONFIG_FIELD_SECS(name) double name;
#define FS_CONFIG_FIELD_FLAG(name) bool name;
#define FS_CONFIG_FIELD_PATH(name) const char *name;

struct fs_config {
	bool knobs[FS_NR_KNOBS];
#define FS_OPTION(name, type, min, max, def, unit, to, help) \
	FS_CONFIG_FIELD_##type(name)
#include "options.def"
#undef FS_OPTION
};

/* Every knob off, every option at its options.def default. */
void fs_config_defaults(struct fs_config *cfg);

/*
 * Whether @cfg names an inference workload (by name, process id or
 * cgroup): the scheduler's workload class is on.
 */
static inline bool fs_config_has_workload(const struct fs_config *cfg)
{
	return cfg->nr_workload_comm > 0 || cfg->nr_workload_pid > 0 ||
	       cfg->nr_workload_cgroup > 0;
}

#endif
