// SPDX-License-Identifier: GPL-2.0
/* Knob-set YAML files: loading, printing, and FILE:LINE errors. */
#include "test_tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config_yaml.h"
#include "knobs.h"
#include "test_data.h"

struct loaded {
	char path[4096];
	struct fs_config cfg;
	char err[1024];
	int ret;
};

/* Load tests/data/config/@name over the defaults. */
static void load(struct loaded *l, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "config/%s", name);
	assert_non_null(test_data_path(rel, l->path, sizeof(l->path)));
	fs_config_defaults(&l->cfg);
	l->err[0] = '\0';
	l->ret = fs_config_yaml_load(l->path, &l->cfg, l->err, sizeof(l->err));
}

/* Load @name and expect exactly "PATH:@line: @what". */
static void expect_error(const char *name, int line, const char *what)
{
	struct loaded *l = malloc(sizeof(*l));
	char want[5120];

	assert_non_null(l);
	load(l, name);
	snprintf(want, sizeof(want), "%s:%d: %s", l->path, line, what);
	if (l->ret != -1 || strcmp(l->err, want))
		fail_msg("%s: ret %d, error\n  '%s', want\n  '%s'", name,
			 l->ret, l->err, want);
	free(l);
}

static void assert_config_equal(const struct fs_config *a,
				const struct fs_config *b)
{
	int k;

	for (k = 0; k < FS_NR_KNOBS; k++)
		if (a->knobs[k] != b->knobs[k])
			fail_msg("knob %s: %d != %d", fs_knob_table[k].name,
				 a->knobs[k], b->knobs[k]);
	assert_int_equal(a->slice_us, b->slice_us);
	assert_int_equal(a->slice_min_us, b->slice_min_us);
	assert_int_equal(a->slice_lag_us, b->slice_lag_us);
	assert_int_equal(a->run_lag_us, b->run_lag_us);
	assert_int_equal(a->max_avg_nvcsw, b->max_avg_nvcsw);
	assert_int_equal(a->cpu_busy_thresh, b->cpu_busy_thresh);
	assert_int_equal(a->watchdog_ms, b->watchdog_ms);
	assert_string_equal(a->perf_cores, b->perf_cores);
	assert_int_equal(a->nr_gpu_comm, b->nr_gpu_comm);
	for (k = 0; k < a->nr_gpu_comm; k++)
		assert_string_equal(a->gpu_comm[k], b->gpu_comm[k]);
	assert_int_equal(a->nr_workload_comm, b->nr_workload_comm);
	for (k = 0; k < a->nr_workload_comm; k++)
		assert_string_equal(a->workload_comm[k], b->workload_comm[k]);
	assert_int_equal(a->nr_workload_pid, b->nr_workload_pid);
	for (k = 0; k < a->nr_workload_pid; k++)
		assert_int_equal(a->workload_pid[k], b->workload_pid[k]);
	assert_int_equal(a->nr_workload_cgroup, b->nr_workload_cgroup);
	for (k = 0; k < a->nr_workload_cgroup; k++)
		assert_string_equal(a->workload_cgroup[k],
				    b->workload_cgroup[k]);
	assert_true(a->stats == b->stats);
	assert_int_equal(a->print_config, b->print_config);
	assert_int_equal(a->restart, b->restart);
	assert_ptr_equal(a->config, b->config);
	assert_ptr_equal(a->ready_file, b->ready_file);
}

static void test_all_knobs(void **state)
{
	/* as in all-knobs.yaml, in knob order */
	static const char want[FS_NR_KNOBS + 1] = "11010101010101010101";
	struct loaded l;
	struct fs_config defaults;
	int k;

	(void)state;
	load(&l, "all-knobs.yaml");
	assert_int_equal(l.ret, 0);
	assert_string_equal(l.err, "");
	for (k = 0; k < FS_NR_KNOBS; k++)
		if (l.cfg.knobs[k] != (want[k] == '1'))
			fail_msg("knob %s: %d", fs_knob_table[k].name,
				 l.cfg.knobs[k]);
	/* nothing else moves */
	fs_config_defaults(&defaults);
	memcpy(defaults.knobs, l.cfg.knobs, sizeof(defaults.knobs));
	assert_config_equal(&l.cfg, &defaults);
}

/* Missing knobs keep what @cfg had; the search's own keys are not read. */
static void test_subset_over_existing(void **state)
{
	struct loaded l;
	int k;

	(void)state;
	assert_non_null(
		test_data_path("config/subset.yaml", l.path, sizeof(l.path)));
	fs_config_defaults(&l.cfg);
	l.cfg.knobs[FS_KNOB_cpufreq] = true;
	l.cfg.knobs[FS_KNOB_disable_numa] = false;
	assert_int_equal(
		fs_config_yaml_load(l.path, &l.cfg, l.err, sizeof(l.err)), 0);
	for (k = 0; k < FS_NR_KNOBS; k++)
		assert_int_equal(l.cfg.knobs[k],
				 k == FS_KNOB_tickless ||
					 k == FS_KNOB_disable_numa ||
					 k == FS_KNOB_cpufreq);
	assert_int_equal(l.cfg.slice_us, 4096);
}

static void test_options(void **state)
{
	struct loaded l;

	(void)state;
	load(&l, "options.yaml");
	assert_int_equal(l.ret, 0);
	assert_true(l.cfg.knobs[FS_KNOB_cpufreq]);
	assert_int_equal(l.cfg.slice_us, 2000);
	assert_int_equal(l.cfg.slice_min_us, 64);
	assert_int_equal(l.cfg.slice_lag_us, 0);
	assert_int_equal(l.cfg.run_lag_us, 10000);
	assert_int_equal(l.cfg.max_avg_nvcsw, 32);
	assert_int_equal(l.cfg.cpu_busy_thresh, 60);
	assert_int_equal(l.cfg.watchdog_ms, 30000);
	assert_string_equal(l.cfg.perf_cores, "0-3,8");
	assert_int_equal(l.cfg.nr_gpu_comm, 2);
	assert_string_equal(l.cfg.gpu_comm[0], "llama-bench");
	assert_string_equal(l.cfg.gpu_comm[1], "python3");
}

/* slice_us and slice_min_us are checked together, whichever comes first. */
static void test_slice_order(void **state)
{
	struct loaded l;

	(void)state;
	load(&l, "options-small-slice.yaml");
	assert_string_equal(l.err, "");
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.cfg.slice_us, 250);
	assert_int_equal(l.cfg.slice_min_us, 50);
	load(&l, "options-min-first.yaml");
	assert_string_equal(l.err, "");
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.cfg.slice_us, 8000);
	assert_int_equal(l.cfg.slice_min_us, 5000);
}

/* A config in a temporary file, printed then loaded back over defaults. */
static void round_trip(const struct fs_config *in)
{
	char dir[256], path[512], err[1024];
	struct fs_config out;
	FILE *f;

	assert_non_null(tree_new(dir, sizeof(dir)));
	snprintf(path, sizeof(path), "%s/printed.yaml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fs_config_yaml_print(f, in);
	assert_int_equal(fclose(f), 0);
	fs_config_defaults(&out);
	err[0] = '\0';
	if (fs_config_yaml_load(path, &out, err, sizeof(err)))
		fail_msg("printed config rejected: %s", err);
	assert_config_equal(&out, in);
	assert_int_equal(tree_remove(dir), 0);
}

static void test_round_trip(void **state)
{
	struct fs_config cfg;
	int k;

	(void)state;
	fs_config_defaults(&cfg);
	round_trip(&cfg);

	for (k = 0; k < FS_NR_KNOBS; k++)
		cfg.knobs[k] = true;
	round_trip(&cfg);

	for (k = 0; k < FS_NR_KNOBS; k++)
		cfg.knobs[k] = k % 3 == 1;
	cfg.slice_us = 250; /* the floors */
	cfg.slice_min_us = 50;
	cfg.slice_lag_us = 0;
	cfg.run_lag_us = 10000000;
	cfg.max_avg_nvcsw = 1;
	cfg.cpu_busy_thresh = 0;
	cfg.watchdog_ms = 1;
	strcpy(cfg.perf_cores, "0-3,8,10-11");
	cfg.nr_gpu_comm = FS_MAX_GPU_COMMS;
	strcpy(cfg.gpu_comm[0], "llama-bench");
	strcpy(cfg.gpu_comm[1], "it's");
	strcpy(cfg.gpu_comm[2], "true");
	strcpy(cfg.gpu_comm[3], "a: b #c");
	strcpy(cfg.gpu_comm[4], "- [x] {y}");
	strcpy(cfg.gpu_comm[5], "\"q\" \\n");
	strcpy(cfg.gpu_comm[6], " 15-characters ");
	strcpy(cfg.gpu_comm[7], "'");
	round_trip(&cfg);

	cfg.slice_us = 1000000;
	cfg.slice_min_us = 1000000;
	cfg.cpu_busy_thresh = 100;
	cfg.watchdog_ms = 30000;
	round_trip(&cfg);

	/* a workload needs the guard under half of the watchdog */
	cfg.nr_workload_comm = 1;
	strcpy(cfg.workload_comm[0], "llama-server");
	cfg.nr_workload_pid = FS_MAX_GPU_COMMS;
	for (k = 0; k < FS_MAX_GPU_COMMS; k++)
		cfg.workload_pid[k] = k ? 4194304 - (unsigned long)k : 1;
	round_trip(&cfg);

	/* paths as given, quoted: spaces, YAML's own characters, 255 long */
	cfg.nr_workload_cgroup = FS_MAX_GPU_COMMS;
	strcpy(cfg.workload_cgroup[0], "llama.slice");
	strcpy(cfg.workload_cgroup[1], "/sys/fs/cgroup/a b/c: d");
	strcpy(cfg.workload_cgroup[2], "- x #y");
	strcpy(cfg.workload_cgroup[3], "true");
	strcpy(cfg.workload_cgroup[4], "../up");
	strcpy(cfg.workload_cgroup[5], "\"q\"\\");
	strcpy(cfg.workload_cgroup[6], "1234");
	memset(cfg.workload_cgroup[7], 'c', FS_CGROUP_PATH_LEN - 1);
	cfg.workload_cgroup[7][FS_CGROUP_PATH_LEN - 1] = '\0';
	round_trip(&cfg);
}

/*
 * workload_cgroup as a sequence, a flow list or one scalar, kept as text
 * (the loader finds the cgroups); lists add up, and print as given.
 */
static void test_workload_cgroup(void **state)
{
	static const char text[] = "options:\n"
				   "  workload_cgroup:\n"
				   "    - llama.slice\n"
				   "    - /sys/fs/cgroup/inference\n"
				   "  workload_pid: [42]\n";
	char dir[256], path[512], err[1024], *printed = NULL;
	struct fs_config cfg;
	size_t size = 0;
	FILE *out;

	(void)state;
	assert_non_null(tree_new(dir, sizeof(dir)));
	assert_int_equal(tree_write(dir, text, "cg.yaml"), 0);
	assert_int_equal(tree_write(dir,
				    "options: {workload_cgroup: [a, b/c]}\n",
				    "flow.yaml"),
			 0);
	assert_int_equal(
		tree_write(dir, "options:\n  workload_cgroup: x\n", "one.yaml"),
		0);
	fs_config_defaults(&cfg);
	snprintf(path, sizeof(path), "%s/cg.yaml", dir);
	assert_int_equal(fs_config_yaml_load(path, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.nr_workload_cgroup, 2);
	assert_string_equal(cfg.workload_cgroup[0], "llama.slice");
	assert_string_equal(cfg.workload_cgroup[1], "/sys/fs/cgroup/inference");
	assert_int_equal(cfg.nr_workload_pid, 1);
	assert_true(fs_config_has_workload(&cfg));
	snprintf(path, sizeof(path), "%s/flow.yaml", dir);
	assert_int_equal(fs_config_yaml_load(path, &cfg, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/one.yaml", dir);
	assert_int_equal(fs_config_yaml_load(path, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.nr_workload_cgroup, 5);
	assert_string_equal(cfg.workload_cgroup[2], "a");
	assert_string_equal(cfg.workload_cgroup[3], "b/c");
	assert_string_equal(cfg.workload_cgroup[4], "x");
	out = open_memstream(&printed, &size);
	assert_non_null(out);
	fs_config_yaml_print(out, &cfg);
	assert_int_equal(fclose(out), 0);
	assert_non_null(strstr(printed, "  workload_cgroup:\n"
					"    - \"llama.slice\"\n"
					"    - \"/sys/fs/cgroup/inference\"\n"
					"    - \"a\"\n"
					"    - \"b/c\"\n"
					"    - \"x\"\n"));
	free(printed);
	assert_int_equal(tree_remove(dir), 0);
}

/* workload_pid as a sequence, a flow list or one scalar; lists add up. */
static void test_workload_pid(void **state)
{
	static const char text[] = "options:\n"
				   "  workload_pid:\n"
				   "    - 1234\n"
				   "    - 99\n"
				   "  workload_comm: [llama-bench]\n";
	char dir[256], path[512], err[1024];
	struct fs_config cfg;

	(void)state;
	assert_non_null(tree_new(dir, sizeof(dir)));
	assert_int_equal(tree_write(dir, text, "pids.yaml"), 0);
	assert_int_equal(tree_write(dir, "options: {workload_pid: [7, 8]}\n",
				    "flow.yaml"),
			 0);
	assert_int_equal(
		tree_write(dir, "options:\n  workload_pid: 42\n", "one.yaml"),
		0);
	fs_config_defaults(&cfg);
	snprintf(path, sizeof(path), "%s/pids.yaml", dir);
	assert_int_equal(fs_config_yaml_load(path, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.nr_workload_pid, 2);
	assert_int_equal(cfg.workload_pid[0], 1234);
	assert_int_equal(cfg.workload_pid[1], 99);
	assert_int_equal(cfg.nr_workload_comm, 1);
	snprintf(path, sizeof(path), "%s/flow.yaml", dir);
	assert_int_equal(fs_config_yaml_load(path, &cfg, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/one.yaml", dir);
	assert_int_equal(fs_config_yaml_load(path, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.nr_workload_pid, 5);
	assert_int_equal(cfg.workload_pid[2], 7);
	assert_int_equal(cfg.workload_pid[3], 8);
	assert_int_equal(cfg.workload_pid[4], 42);
	assert_int_equal(tree_remove(dir), 0);
}

static void test_unknown_knob(void **state)
{
	(void)state;
	expect_error("bad-unknown-knob.yaml", 5, "knobs.tickles: unknown knob");
}

static void test_bad_bool(void **state)
{
	(void)state;
	expect_error("bad-bool.yaml", 4,
		     "knobs.disable_smt: expected true or false, got 'maybe'");
}

static void test_knobs_not_mapping(void **state)
{
	(void)state;
	expect_error("bad-knobs-list.yaml", 3,
		     "knobs: expected a mapping of knob: true|false");
}

static void test_unknown_option(void **state)
{
	(void)state;
	expect_error("bad-unknown-option.yaml", 5,
		     "options.slice_ms: unknown option");
}

static void test_option_out_of_range(void **state)
{
	(void)state;
	expect_error("bad-option-range.yaml", 4,
		     "options.watchdog_ms: expected an integer in 1..30000, "
		     "got 30001");
	expect_error("bad-min-above-max.yaml", 4,
		     "options.slice_min_us: slice_min_us 2000 exceeds "
		     "slice_us 1000");
}

static void test_malformed(void **state)
{
	(void)state;
	expect_error("bad-unclosed-bracket.yaml", 5,
		     "malformed YAML: did not find expected ',' or ']'");
	expect_error("bad-indent.yaml", 3,
		     "malformed YAML: mapping values are not allowed in this "
		     "context");
}

static void test_not_a_mapping(void **state)
{
	(void)state;
	expect_error("bad-empty.yaml", 1,
		     "expected a mapping with a 'knobs' key");
	expect_error("bad-top-list.yaml", 1,
		     "expected a mapping with a 'knobs' key");
}

static void test_missing_file(void **state)
{
	struct loaded l;
	char want[4200];

	(void)state;
	load(&l, "no-such-file.yaml");
	assert_int_equal(l.ret, -1);
	snprintf(want, sizeof(want), "%s: No such file or directory", l.path);
	assert_string_equal(l.err, want);
}

/* Errors from files written here: value shapes the data files lack. */
static void test_bad_shapes(void **state)
{
	static const struct {
		const char *text;
		int line;
		const char *what;
	} bad[] = {
		{"knobs:\n  tickless:\n    - true\n", 3,
		 "knobs.tickless: expected true or false, got '(not a "
		 "scalar)'"},
		{"knobs:\n  tickless: \n", 2,
		 "knobs.tickless: expected true or false, got ''"},
		{"knobs:\n", 1,
		 "knobs: expected a mapping of knob: true|false"},
		{"knobs: {}\noptions: [slice_us]\n", 2,
		 "options: expected a mapping"},
		{"options:\n  slice_us: {a: 1}\n", 2,
		 "options.slice_us: expected a value"},
		{"options:\n  slice_us: 12x\n", 2,
		 "options.slice_us: expected an integer in 250..1000000, got "
		 "'12x'"},
		{"options:\n  gpu_comm:\n    - ok\n    - [nested]\n", 4,
		 "options.gpu_comm: expected names"},
		{"options:\n  gpu_comm: a-name-longer-than-15\n", 2,
		 "options.gpu_comm: 'a-name-longer-than-15' must be 1..15 "
		 "characters (a task's comm)"},
		{"options:\n  workload_pid:\n    - 12\n    - 0\n", 4,
		 "options.workload_pid: expected a process id in 1..4194304, "
		 "got '0'"},
		{"options:\n  workload_pid: 4194305\n", 2,
		 "options.workload_pid: expected a process id in 1..4194304, "
		 "got '4194305'"},
		{"options:\n  workload_pid: [12, llama]\n", 2,
		 "options.workload_pid: expected a process id in 1..4194304, "
		 "got 'llama'"},
		{"options:\n  workload_pid:\n    - 12\n    - [13]\n", 4,
		 "options.workload_pid: expected process ids"},
		{"options:\n  workload_pid: [1, 2, 3, 4, 5, 6, 7, 8]\n"
		 "  workload_pid:\n    - 9\n",
		 4, "options.workload_pid: at most 8 process ids"},
		{"options:\n  workload_pid: [5]\n"
		 "  workload_guard_ms: 2500\n",
		 3,
		 "options.workload_guard_ms: workload_guard_ms 2500 must be "
		 "under half of watchdog_ms 5000 (other tasks wait up to the "
		 "guard for a turn)"},
		{"options:\n  workload_cgroup:\n    - a\n    - {b: c}\n", 4,
		 "options.workload_cgroup: expected cgroup paths"},
		{"options:\n  workload_cgroup: [a, '']\n", 2,
		 "options.workload_cgroup: expected a cgroup2 directory, got "
		 "''"},
		{"options:\n  workload_cgroup: [a, b, c, d, e, f, g, h]\n"
		 "  workload_cgroup:\n    - i\n",
		 4, "options.workload_cgroup: at most 8 cgroups"},
		{"options:\n  workload_cgroup: [llama.slice]\n"
		 "  watchdog_ms: 100\n",
		 3,
		 "options.watchdog_ms: workload_guard_ms 50 must be under half "
		 "of watchdog_ms 100 (other tasks wait up to the guard for a "
		 "turn)"},
		{"options:\n  stats: 1\n", 2, "options.stats: unknown option"},
		{"options:\n  config: x.yaml\n", 2,
		 "options.config: unknown option"},
		{"options:\n  slice_us: 100\n", 2,
		 "options.slice_us: expected an integer in 250..1000000, got "
		 "100"},
		{"options:\n  slice_min_us: 5000\n", 2,
		 "options.slice_min_us: slice_min_us 5000 exceeds slice_us "
		 "4096"},
		{"options:\n  workload_comm: [llama-bench]\n"
		 "  workload_guard_ms: 2500\n",
		 3,
		 "options.workload_guard_ms: workload_guard_ms 2500 must be "
		 "under half of watchdog_ms 5000 (other tasks wait up to the "
		 "guard for a turn)"},
		{"knobs: {tickless: true, cpufreq: 2}\n", 1,
		 "knobs.cpufreq: expected true or false, got '2'"},
		{"scheduler: scx_flashyspark\nknob:\n  tickless: true\n", 2,
		 "unknown key 'knob' (expected knobs, options, scheduler, "
		 "metric, result, retest, found_under, scenario)"},
		{"scheduler: scx_lavd\nknobs: {}\n", 1,
		 "scheduler: this file is for 'scx_lavd', not scx_flashyspark"},
		{"scheduler: [a]\n", 1,
		 "scheduler: this file is for '(not a name)', not "
		 "scx_flashyspark"},
	};
	char dir[256], path[512], err[1024], want[2048];
	struct fs_config cfg;
	size_t i;

	(void)state;
	assert_non_null(tree_new(dir, sizeof(dir)));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(tree_write(dir, bad[i].text, "c%zu.yaml", i),
				 0);
		snprintf(path, sizeof(path), "%s/c%zu.yaml", dir, i);
		snprintf(want, sizeof(want), "%s:%d: %s", path, bad[i].line,
			 bad[i].what);
		fs_config_defaults(&cfg);
		err[0] = '\0';
		if (fs_config_yaml_load(path, &cfg, err, sizeof(err)) != -1 ||
		    strcmp(err, want))
			fail_msg("case %zu: error\n  '%s', want\n  '%s'", i,
				 err, want);
	}
	assert_int_equal(tree_remove(dir), 0);
}

/* A long path and message are cut to the buffer, still NUL-terminated. */
static void test_small_error_buffer(void **state)
{
	struct loaded l;
	char err[16];

	(void)state;
	assert_non_null(test_data_path("config/bad-unknown-knob.yaml", l.path,
				       sizeof(l.path)));
	fs_config_defaults(&l.cfg);
	memset(err, 'x', sizeof(err));
	assert_int_equal(fs_config_yaml_load(l.path, &l.cfg, err, sizeof(err)),
			 -1);
	assert_int_equal(strlen(err), sizeof(err) - 1);
	assert_memory_equal(err, l.path, sizeof(err) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_knobs),
		cmocka_unit_test(test_subset_over_existing),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_slice_order),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_workload_pid),
		cmocka_unit_test(test_workload_cgroup),
		cmocka_unit_test(test_unknown_knob),
		cmocka_unit_test(test_bad_bool),
		cmocka_unit_test(test_knobs_not_mapping),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_option_out_of_range),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_not_a_mapping),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_bad_shapes),
		cmocka_unit_test(test_small_error_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
