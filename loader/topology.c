// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's CPU topology, read from sysfs for the BPF side
 * (topology.h).
 */
#include "topology.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "sysfs.h"

/* First CPU of the list in @path, or @fallback if it cannot be read. */
static int first_cpu_of(const char *path, int nr, int fallback)
{
	bool set[FS_MAX_CPUS];
	char buf[4096];
	int c;

	if (!fs_read_first_line(path, buf, sizeof(buf)) ||
	    fs_cpulist_parse(buf, set, nr) <= 0)
		return fallback;
	for (c = 0; c < nr; c++)
		if (set[c])
			return c;
	return fallback;
}

static long read_long(const char *path)
{
	char buf[64];

	return fs_read_first_line(path, buf, sizeof(buf))
		       ? strtol(buf, NULL, 10)
		       : -1;
}

/*
 * NUMA nodes: every nodeN directory, whatever the gaps between ids (a node
 * can be absent, e.g. memory-only nodes offlined); nr_nodes is the highest
 * id + 1.
 */
static void read_nodes(const char *root, struct fs_topology *t)
{
	char path[512], buf[4096];
	bool set[FS_MAX_CPUS];
	struct dirent *e;
	DIR *d;
	int node, c;

	t->nr_nodes = 1;
	snprintf(path, sizeof(path), "%s/devices/system/node", root);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		char *end;

		if (strncmp(e->d_name, "node", 4) || !e->d_name[4])
			continue;
		node = (int)strtol(e->d_name + 4, &end, 10);
		if (*end || node < 0 || node >= FS_MAX_CPUS)
			continue;
		snprintf(path, sizeof(path),
			 "%s/devices/system/node/node%d/cpulist", root, node);
		if (!fs_read_first_line(path, buf, sizeof(buf)) ||
		    fs_cpulist_parse(buf, set, t->nr_cpus) < 0)
			continue;
		for (c = 0; c < t->nr_cpus; c++)
			if (set[c])
				t->node_id[c] = (unsigned short)node;
		if (node + 1 > t->nr_nodes)
			t->nr_nodes = node + 1;
	}
	closedir(d);
}

/*
 * The shared_cpu_list of CPU @c's data or unified cache of @level into
 * @path, found by each cache's level file (index2 is not always L2); false
 * if it has none.
 */
static bool cache_of_level(const char *root, int c, int level, char *path,
			   size_t len)
{
	char dir[384], type[32];
	int i;

	for (i = 0; i < 10; i++) {
		snprintf(dir, sizeof(dir),
			 "%s/devices/system/cpu/cpu%d/cache/index%d", root, c,
			 i);
		snprintf(path, len, "%s/level", dir);
		if (read_long(path) != level)
			continue;
		snprintf(path, len, "%s/type", dir);
		if (fs_read_first_line(path, type, sizeof(type)) &&
		    !strcmp(type, "Instruction"))
			continue;
		snprintf(path, len, "%s/shared_cpu_list", dir);
		return true;
	}
	return false;
}

/* Performance cores: the highest capacity (or max frequency) wins. */
static void detect_perf(const char *root, struct fs_topology *t)
{
	static const char *const keys[] = {"cpu_capacity",
					   "cpufreq/cpuinfo_max_freq"};
	long val[FS_MAX_CPUS], best;
	char path[512];
	size_t k;
	int c;

	for (k = 0; k < 2; k++) {
		best = -1;
		for (c = 0; c < t->nr_cpus; c++) {
			snprintf(path, sizeof(path),
				 "%s/devices/system/cpu/cpu%d/%s", root, c,
				 keys[k]);
			val[c] = read_long(path);
			if (val[c] > best)
				best = val[c];
		}
		if (best <= 0)
			continue;
		for (c = 0; c < t->nr_cpus; c++)
			t->perf[c] = val[c] == best;
		return;
	}
	for (c = 0; c < t->nr_cpus; c++)
		t->perf[c] = true;
}

int fs_topology_read(const char *root, const char *perf_cores,
		     struct fs_topology *t, char *err, size_t errlen)
{
	char path[512], buf[4096];
	int llc_first[FS_MAX_CPUS];
	bool set[FS_MAX_CPUS];
	int c, i;

	memset(t, 0, sizeof(*t));
	snprintf(path, sizeof(path), "%s/devices/system/cpu/possible", root);
	if (!fs_read_first_line(path, buf, sizeof(buf)) ||
	    fs_cpulist_parse(buf, set, FS_MAX_CPUS) <= 0) {
		snprintf(err, errlen, "%s: unreadable, or more than %d CPUs",
			 path, FS_MAX_CPUS);
		return -1;
	}
	for (c = 0; c < FS_MAX_CPUS; c++)
		if (set[c])
			t->nr_cpus = c + 1;

	for (c = 0; c < t->nr_cpus; c++) {
		int llc;

		t->l2_id[c] =
			(unsigned short)(cache_of_level(root, c, 2, path,
							sizeof(path))
						 ? first_cpu_of(path,
								t->nr_cpus, c)
						 : c);
		llc = cache_of_level(root, c, 3, path, sizeof(path))
			      ? first_cpu_of(path, t->nr_cpus, 0)
			      : 0;
		/* Dense LLC ids: the BPF side makes one DSQ per LLC. */
		for (i = 0; i < t->nr_llcs && llc_first[i] != llc; i++)
			;
		if (i == t->nr_llcs)
			llc_first[t->nr_llcs++] = llc;
		t->llc_id[c] = (unsigned short)i;
		snprintf(path, sizeof(path),
			 "%s/devices/system/cpu/cpu%d/topology/"
			 "thread_siblings_list",
			 root, c);
		if (fs_read_first_line(path, buf, sizeof(buf)) &&
		    fs_cpulist_parse(buf, set, t->nr_cpus) > 1)
			t->smt = true;
		t->core_id[c] =
			(unsigned short)first_cpu_of(path, t->nr_cpus, c);
	}
	read_nodes(root, t);
	if (perf_cores) {
		int n = fs_cpulist_parse(perf_cores, t->perf, t->nr_cpus);

		if (n <= 0) {
			snprintf(err, errlen,
				 "--perf-cores: '%s' is not a CPU list within "
				 "0-%d",
				 perf_cores, t->nr_cpus - 1);
			return -1;
		}
	} else {
		detect_perf(root, t);
	}
	return 0;
}
