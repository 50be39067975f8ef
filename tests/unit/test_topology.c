// SPDX-License-Identifier: GPL-2.0
/* CPU topology from fake sysfs trees: caches, SMT, NUMA, perf cores. */
#include "test_tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "topology.h"

#define CPU "devices/system/cpu"

struct fixture {
	char root[256];
	char err[512];
	struct fs_topology topo;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || !tree_new(f->root, sizeof(f->root))) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int ret = tree_remove(f->root);

	free(f);
	return ret;
}

static int read_topo(struct fixture *f, const char *perf_cores)
{
	memset(&f->topo, 0xa5, sizeof(f->topo));
	strcpy(f->err, "untouched");
	return fs_topology_read(f->root, perf_cores, &f->topo, f->err,
				sizeof(f->err));
}

static void set_cpu_value(struct fixture *f, int cpu, const char *file,
			  long val)
{
	char text[32];

	snprintf(text, sizeof(text), "%ld\n", val);
	assert_int_equal(tree_write(f->root, text, CPU "/cpu%d/%s", cpu, file),
			 0);
}

/* Cache index@idx of @cpu: its level, type and shared CPUs. */
static void set_cache(struct fixture *f, int cpu, int idx, int level,
		      const char *type, const char *shared)
{
	char text[16];

	snprintf(text, sizeof(text), "%d\n", level);
	assert_int_equal(tree_write(f->root, text,
				    CPU "/cpu%d/cache/index%d/level", cpu, idx),
			 0);
	assert_int_equal(tree_write(f->root, type,
				    CPU "/cpu%d/cache/index%d/type", cpu, idx),
			 0);
	assert_int_equal(tree_write(f->root, shared,
				    CPU "/cpu%d/cache/index%d/shared_cpu_list",
				    cpu, idx),
			 0);
}

static void assert_perf(const struct fs_topology *t, const char *want)
{
	int c;

	assert_int_equal((int)strlen(want), t->nr_cpus);
	for (c = 0; c < t->nr_cpus; c++)
		if (t->perf[c] != (want[c] == 'P'))
			fail_msg("cpu%d: perf %d, want %c", c, t->perf[c],
				 want[c]);
}

/*
 * Two sockets of two cores with two threads each, Intel-style numbering:
 * core k of socket s is CPUs 2s+k and 2s+k+4. One L2 per core, one LLC and
 * one NUMA node per socket.
 */
static void test_two_sockets_smt_numa(void **state)
{
	struct fixture *f = *state;
	static const unsigned short l2[] = {0, 1, 2, 3, 0, 1, 2, 3};
	static const unsigned short llc[] = {0, 0, 1, 1, 0, 0, 1, 1};
	int c;

	assert_int_equal(tree_write(f->root, "0-7\n", CPU "/possible"), 0);
	for (c = 0; c < 8; c++) {
		char core[16];
		const char *sock = c % 4 < 2 ? "0-1,4-5\n" : "2-3,6-7\n";

		snprintf(core, sizeof(core), "%d,%d\n", c % 4, c % 4 + 4);
		set_cache(f, c, 0, 1, "Data\n", core);
		set_cache(f, c, 1, 1, "Instruction\n", core);
		set_cache(f, c, 2, 2, "Unified\n", core);
		set_cache(f, c, 3, 3, "Unified\n", sock);
		assert_int_equal(
			tree_write(f->root, core,
				   CPU "/cpu%d/topology/thread_siblings_list",
				   c),
			0);
		set_cpu_value(f, c, "cpufreq/cpuinfo_max_freq", 3600000);
	}
	assert_int_equal(tree_write(f->root, "0-1,4-5\n",
				    "devices/system/node/node0/cpulist"),
			 0);
	assert_int_equal(tree_write(f->root, "2-3,6-7\n",
				    "devices/system/node/node1/cpulist"),
			 0);

	assert_int_equal(read_topo(f, NULL), 0);
	assert_string_equal(f->err, "untouched");
	assert_int_equal(f->topo.nr_cpus, 8);
	assert_int_equal(f->topo.nr_nodes, 2);
	assert_int_equal(f->topo.nr_llcs, 2);
	assert_true(f->topo.smt);
	for (c = 0; c < 8; c++) {
		assert_int_equal(f->topo.l2_id[c], l2[c]);
		assert_int_equal(f->topo.core_id[c], c % 4);
		assert_int_equal(f->topo.llc_id[c], llc[c]);
		assert_int_equal(f->topo.node_id[c], llc[c]);
	}
	assert_perf(&f->topo, "PPPPPPPP");
}

/* Nothing but the possible CPUs: each its own L2, one LLC, one node. */
static void test_uniform_without_caches(void **state)
{
	struct fixture *f = *state;
	int c;

	assert_int_equal(tree_write(f->root, "0-3\n", CPU "/possible"), 0);
	for (c = 0; c < 4; c++) {
		char self[8];

		snprintf(self, sizeof(self), "%d\n", c);
		assert_int_equal(
			tree_write(f->root, self,
				   CPU "/cpu%d/topology/thread_siblings_list",
				   c),
			0);
	}
	assert_int_equal(read_topo(f, NULL), 0);
	assert_int_equal(f->topo.nr_cpus, 4);
	assert_int_equal(f->topo.nr_nodes, 1);
	assert_int_equal(f->topo.nr_llcs, 1);
	assert_false(f->topo.smt);
	for (c = 0; c < 4; c++) {
		assert_int_equal(f->topo.l2_id[c], c);
		assert_int_equal(f->topo.core_id[c], c);
		assert_int_equal(f->topo.llc_id[c], 0);
		assert_int_equal(f->topo.node_id[c], 0);
	}
	assert_perf(&f->topo, "PPPP");
}

/*
 * Caches are found by level, not by index: here index1 is a unified L2 and
 * index2 the L3 (no separate instruction cache), so taking index2 as L2
 * would put a whole socket in one L2.
 */
static void test_cache_levels_by_level_file(void **state)
{
	struct fixture *f = *state;
	int c;

	assert_int_equal(tree_write(f->root, "0-3\n", CPU "/possible"), 0);
	for (c = 0; c < 4; c++) {
		char pair[16];

		snprintf(pair, sizeof(pair), "%d-%d\n", c / 2 * 2,
			 c / 2 * 2 + 1);
		set_cache(f, c, 0, 1, "Data\n", pair);
		set_cache(f, c, 1, 2, "Unified\n", pair);
		set_cache(f, c, 2, 3, "Unified\n", "0-3\n");
	}
	assert_int_equal(read_topo(f, NULL), 0);
	assert_int_equal(f->topo.nr_llcs, 1);
	for (c = 0; c < 4; c++) {
		assert_int_equal(f->topo.l2_id[c], c / 2 * 2);
		assert_int_equal(f->topo.llc_id[c], 0);
	}
}

/* Node ids with a gap (node1 absent): node2's CPUs are node 2. */
static void test_nodes_with_gap(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(tree_write(f->root, "0-3\n", CPU "/possible"), 0);
	assert_int_equal(tree_write(f->root, "0-1\n",
				    "devices/system/node/node0/cpulist"),
			 0);
	assert_int_equal(tree_write(f->root, "2-3\n",
				    "devices/system/node/node2/cpulist"),
			 0);
	assert_int_equal(
		tree_write(f->root, "0-3\n", "devices/system/node/online"), 0);
	assert_int_equal(read_topo(f, NULL), 0);
	assert_int_equal(f->topo.nr_nodes, 3);
	assert_int_equal(f->topo.node_id[0], 0);
	assert_int_equal(f->topo.node_id[1], 0);
	assert_int_equal(f->topo.node_id[2], 2);
	assert_int_equal(f->topo.node_id[3], 2);
}

/* Sparse possible mask: CPU ids up to the highest one. */
static void test_sparse_possible(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(tree_write(f->root, "0-1,5\n", CPU "/possible"), 0);
	assert_int_equal(read_topo(f, NULL), 0);
	assert_int_equal(f->topo.nr_cpus, 6);
	assert_int_equal(f->topo.nr_llcs, 1);
}

/* ARM big.LITTLE: four little cores (446) then four big ones (1024). */
static void test_big_little_by_capacity(void **state)
{
	struct fixture *f = *state;
	int c;

	assert_int_equal(tree_write(f->root, "0-7\n", CPU "/possible"), 0);
	for (c = 0; c < 8; c++) {
		set_cpu_value(f, c, "cpu_capacity", c < 4 ? 446 : 1024);
		/* capacity wins over frequency when both are there */
		set_cpu_value(f, c, "cpufreq/cpuinfo_max_freq",
			      c < 4 ? 2000000 : 1800000);
	}
	assert_int_equal(read_topo(f, NULL), 0);
	assert_perf(&f->topo, "....PPPP");
}

/* Hybrid x86 without cpu_capacity: the highest max frequency wins. */
static void test_perf_by_max_freq(void **state)
{
	struct fixture *f = *state;
	int c;

	assert_int_equal(tree_write(f->root, "0-5\n", CPU "/possible"), 0);
	for (c = 0; c < 6; c++)
		set_cpu_value(f, c, "cpufreq/cpuinfo_max_freq",
			      c < 2 ? 5400000 : 4100000);
	assert_int_equal(read_topo(f, NULL), 0);
	assert_perf(&f->topo, "PP....");
}

/* Uniform capacity: every CPU is a performance core. */
static void test_uniform_capacity(void **state)
{
	struct fixture *f = *state;
	int c;

	assert_int_equal(tree_write(f->root, "0-3\n", CPU "/possible"), 0);
	for (c = 0; c < 4; c++)
		set_cpu_value(f, c, "cpu_capacity", 1024);
	assert_int_equal(read_topo(f, NULL), 0);
	assert_perf(&f->topo, "PPPP");
}

static void test_perf_cores_override(void **state)
{
	struct fixture *f = *state;
	int c;

	assert_int_equal(tree_write(f->root, "0-7\n", CPU "/possible"), 0);
	for (c = 0; c < 8; c++)
		set_cpu_value(f, c, "cpu_capacity", c < 4 ? 446 : 1024);
	assert_int_equal(read_topo(f, "0,2-3"), 0);
	assert_perf(&f->topo, "P.PP....");
	assert_int_equal(read_topo(f, "7\n"), 0);
	assert_perf(&f->topo, ".......P");
}

static void test_perf_cores_bad(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {"0-8", "8", "big", "3-1", ""};
	size_t i;

	assert_int_equal(tree_write(f->root, "0-7\n", CPU "/possible"), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[128];

		assert_int_equal(read_topo(f, bad[i]), -1);
		snprintf(want, sizeof(want),
			 "--perf-cores: '%s' is not a CPU list within 0-7",
			 bad[i]);
		assert_string_equal(f->err, want);
	}
}

static void test_possible_unreadable(void **state)
{
	struct fixture *f = *state;
	char want[512], path[512];

	snprintf(want, sizeof(want),
		 "%s/" CPU "/possible: unreadable, or more than 512 CPUs",
		 f->root);
	/* missing */
	assert_int_equal(read_topo(f, NULL), -1);
	assert_string_equal(f->err, want);
	/* empty, garbage, too many CPUs, a directory */
	assert_int_equal(tree_write(f->root, "", CPU "/possible"), 0);
	assert_int_equal(read_topo(f, NULL), -1);
	assert_string_equal(f->err, want);
	assert_int_equal(tree_write(f->root, "zero\n", CPU "/possible"), 0);
	assert_int_equal(read_topo(f, NULL), -1);
	assert_string_equal(f->err, want);
	assert_int_equal(tree_write(f->root, "0-512\n", CPU "/possible"), 0);
	assert_int_equal(read_topo(f, NULL), -1);
	assert_string_equal(f->err, want);
	snprintf(path, sizeof(path), "%s/" CPU "/possible", f->root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(read_topo(f, NULL), -1);
	assert_string_equal(f->err, want);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_two_sockets_smt_numa),
		T(test_uniform_without_caches),
		T(test_sparse_possible),
		T(test_big_little_by_capacity),
		T(test_perf_by_max_freq),
		T(test_uniform_capacity),
		T(test_perf_cores_override),
		T(test_perf_cores_bad),
		T(test_possible_unreadable),
		T(test_cache_levels_by_level_file),
		T(test_nodes_with_gap),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
