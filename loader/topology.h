/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine's CPU topology, read from sysfs for the BPF side: per CPU its
 * SMT core, L2 domain, LLC, NUMA node and whether it is a performance core.
 */
#ifndef FS_LOADER_TOPOLOGY_H
#define FS_LOADER_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>

#include "intf.h"

struct fs_topology {
	int nr_cpus; /* possible CPUs */
	int nr_nodes;
	int nr_llcs;
	bool smt;
	unsigned short l2_id[FS_MAX_CPUS];   /* first CPU of the L2 domain */
	unsigned short core_id[FS_MAX_CPUS]; /* first of its SMT siblings */
	unsigned short llc_id[FS_MAX_CPUS];  /* dense LLC index */
	unsigned short node_id[FS_MAX_CPUS];
	bool perf[FS_MAX_CPUS];
};

/*
 * Read the topology under @sysfs_root (normally "/sys"). @perf_cores, if
 * not NULL, lists the performance cores; else the CPUs with the highest
 * cpu_capacity or cpuinfo_max_freq are (all of them on uniform machines).
 * 0, or -1 with @err set.
 */
int fs_topology_read(const char *sysfs_root, const char *perf_cores,
		     struct fs_topology *topo, char *err, size_t errlen);

#endif
