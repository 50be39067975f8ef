// SPDX-License-Identifier: GPL-2.0
/* scx_flashyspark's command line: knob flags, numbers, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "knobs.h"
#include "cmdline.h"
#include "options.h"

struct parsed {
	struct fs_config cfg;
	char err[1024];
	enum fs_opt_result res;
};

#define PARSE(p, ...)                                                        \
	do {                                                                 \
		char *argv[] = {"scx_flashyspark", __VA_ARGS__, NULL};       \
		(p)->err[0] = '\0';                                          \
		(p)->res = fs_config_from_args(                              \
			sizeof(argv) / sizeof(argv[0]) - 1, argv, &(p)->cfg, \
			NULL, (p)->err, sizeof((p)->err));                   \
	} while (0)

static void test_defaults(void **state)
{
	struct fs_config cfg;
	int k;

	(void)state;
	fs_config_defaults(&cfg);
	for (k = 0; k < FS_NR_KNOBS; k++)
		assert_false(cfg.knobs[k]);
	assert_int_equal(cfg.slice_us, 4096);
	assert_int_equal(cfg.watchdog_ms, 5000);
	assert_int_equal(cfg.cpu_busy_thresh, 75);
}

static void test_every_knob_flag(void **state)
{
	struct parsed p;
	char flag[64];
	int k, j;

	(void)state;
	for (k = 0; k < FS_NR_KNOBS; k++) {
		fs_knob_flag(k, flag, sizeof(flag));
		PARSE(&p, flag);
		assert_int_equal(p.res, FS_OPT_RUN);
		for (j = 0; j < FS_NR_KNOBS; j++)
			assert_int_equal(p.cfg.knobs[j], j == k);
	}
}

static void test_knob_explicit_false(void **state)
{
	struct parsed p;

	(void)state;
	PARSE(&p, "--tickless=false", "--cpufreq=yes");
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_false(p.cfg.knobs[FS_KNOB_tickless]);
	assert_true(p.cfg.knobs[FS_KNOB_cpufreq]);
}

static void test_knob_bad_bool(void **state)
{
	struct parsed p;

	(void)state;
	PARSE(&p, "--tickless=maybe");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_non_null(strstr(p.err, "--tickless"));
	assert_non_null(strstr(p.err, "maybe"));
}

static void test_numbers(void **state)
{
	struct parsed p;

	(void)state;
	PARSE(&p, "--slice-us", "2000", "--watchdog-ms=30000", "--stats=0.5",
	      "--cpu-busy-thresh", "75");
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_int_equal(p.cfg.slice_us, 2000);
	assert_int_equal(p.cfg.watchdog_ms, 30000);
	assert_true(p.cfg.stats > 0.49 && p.cfg.stats < 0.51);
	assert_int_equal(p.cfg.cpu_busy_thresh, 75);
}

static void test_bad_numbers(void **state)
{
	static const char *const bad[][2] = {
		{"--watchdog-ms", "30001"}, {"--watchdog-ms", "0"},
		{"--slice-us", "-5"},	    {"--slice-us", "12x"},
		{"--slice-us", ""},	    {"--cpu-busy-thresh", "101"},
		{"--stats=0", NULL},	    {"--stats=abc", NULL},
	};
	struct parsed p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (bad[i][1])
			PARSE(&p, (char *)bad[i][0], (char *)bad[i][1]);
		else
			PARSE(&p, (char *)bad[i][0]);
		assert_int_equal(p.res, FS_OPT_ERROR);
		/* The message names the flag and what it takes. */
		assert_int_equal(
			strncmp(p.err, bad[i][0], strcspn(bad[i][0], "=")), 0);
		assert_non_null(strstr(p.err, "expected"));
	}
}

/* A knob-set file with @text; its path into @path. */
static void write_file(char *path, size_t len, const char *text)
{
	int fd;
	FILE *f;

	snprintf(path, len, "/tmp/fs-options-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Defaults, then the file, then the flags: the flags win, lists add up. */
static void test_file_then_flags(void **state)
{
	char path[64];
	struct parsed p;

	(void)state;
	write_file(path, sizeof(path),
		   "knobs:\n  tickless: true\n  cpufreq: true\n"
		   "options:\n  slice_us: 2000\n  watchdog_ms: 100\n"
		   "  gpu_comm: [a]\n  workload_pid: [7]\n"
		   "  workload_guard_ms: 20\n");
	PARSE(&p, "--tickless=false", "--config", path, "--slice-us", "3000",
	      "--gpu-comm", "b", "--workload-pid", "8");
	unlink(path);
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_false(p.cfg.knobs[FS_KNOB_tickless]);
	assert_true(p.cfg.knobs[FS_KNOB_cpufreq]);
	assert_int_equal(p.cfg.slice_us, 3000);
	assert_int_equal(p.cfg.watchdog_ms, 100);
	assert_int_equal(p.cfg.slice_min_us, 128);
	assert_int_equal(p.cfg.nr_gpu_comm, 2);
	assert_string_equal(p.cfg.gpu_comm[0], "a");
	assert_string_equal(p.cfg.gpu_comm[1], "b");
	assert_int_equal(p.cfg.nr_workload_pid, 2);
	assert_int_equal(p.cfg.workload_pid[0], 7);
	assert_int_equal(p.cfg.workload_pid[1], 8);
	assert_string_equal(p.cfg.config, path);
}

/*
 * Ranges are checked once, after the merge: a file value a flag replaces
 * is never checked, and an error names where the bad value came from.
 */
static void test_checked_after_merge(void **state)
{
	char path[64], want[256];
	struct parsed p;

	(void)state;
	write_file(path, sizeof(path),
		   "options:\n  slice_min_us: 2000\n  watchdog_ms: 0\n");
	PARSE(&p, "--config", path, "--slice-us", "1000", "--slice-min-us",
	      "500", "--watchdog-ms", "10");
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_int_equal(p.cfg.slice_us, 1000);
	assert_int_equal(p.cfg.slice_min_us, 500);
	PARSE(&p, "--config", path, "--slice-us", "1000");
	snprintf(want, sizeof(want),
		 "%s:3: options.watchdog_ms: expected an integer in "
		 "1..30000, got 0",
		 path);
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err, want);
	/* The file's slice_min_us against the flag's slice_us. */
	PARSE(&p, "--config", path, "--watchdog-ms", "10", "--slice-us",
	      "1000");
	snprintf(want, sizeof(want),
		 "%s:2: options.slice_min_us: slice_min_us 2000 exceeds "
		 "slice_us 1000",
		 path);
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err, want);
	/* Ranges keep the scheduler sane: no microsecond slices. */
	PARSE(&p, "--slice-us", "1", "--slice-min-us", "1");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err, "--slice-us: expected an integer in "
				   "250..1000000, got 1");
	/* A ninth --gpu-comm is refused, not dropped. */
	PARSE(&p, "--gpu-comm", "a", "--gpu-comm", "b", "--gpu-comm", "c",
	      "--gpu-comm", "d", "--gpu-comm", "e", "--gpu-comm", "f",
	      "--gpu-comm", "g", "--gpu-comm", "h", "--gpu-comm", "i");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err, "--gpu-comm: at most 8 names");
	unlink(path);
	PARSE(&p, "--config", "/nonexistent/x.yaml");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err,
			    "/nonexistent/x.yaml: No such file or directory");
}

/*
 * --help shows every line of options.def with its range and default, and
 * every knob with its counter.
 */
static void test_help_from_table(void **state)
{
	char *text = NULL, flag[64];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int i;

	(void)state;
	assert_non_null(f);
	fs_options_usage(f, "scx_flashyspark");
	assert_int_equal(fclose(f), 0);
	for (i = 0; i < FS_NR_OPTIONS; i++) {
		fs_option_flag(i, flag, sizeof(flag));
		assert_non_null(strstr(text, flag));
		assert_non_null(strstr(text, fs_option_table[i].help));
	}
	assert_non_null(strstr(text, "(1..30000 ms, default 5000)"));
	assert_non_null(strstr(text, "--workload-pid PID "));
	assert_non_null(strstr(text, "--workload-cgroup CGROUP "));
	/* Each knob's line ends with the counter knobs.def names for it. */
	for (i = 0; i < FS_NR_KNOBS; i++) {
		char line[256];

		fs_knob_flag(i, flag, sizeof(flag));
		snprintf(line, sizeof(line), "%s [%s]\n", fs_knob_table[i].help,
			 fs_knob_table[i].counter);
		assert_non_null(strstr(text, flag));
		assert_non_null(strstr(text, line));
	}
	assert_non_null(strstr(text, "[nr_idle_core_picks]\n"));
	free(text);
}

static void test_slice_min_above_max(void **state)
{
	struct parsed p;

	(void)state;
	PARSE(&p, "--slice-us", "1000", "--slice-min-us", "2000");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_non_null(strstr(p.err, "--slice-min-us"));
}

static void test_unknown_and_extra(void **state)
{
	struct parsed p;

	(void)state;
	PARSE(&p, "--tickles");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_non_null(strstr(p.err, "--tickles"));
	PARSE(&p, "stray");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_non_null(strstr(p.err, "stray"));
	PARSE(&p, "--slice-us");
	assert_int_equal(p.res, FS_OPT_ERROR);
}

static void test_gpu_comm(void **state)
{
	struct parsed p;

	(void)state;
	PARSE(&p, "--gpu-comm", "llama-bench", "--gpu-comm", "python3");
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_int_equal(p.cfg.nr_gpu_comm, 2);
	assert_string_equal(p.cfg.gpu_comm[0], "llama-bench");
	PARSE(&p, "--gpu-comm", "a-name-longer-than-15");
	assert_int_equal(p.res, FS_OPT_ERROR);
}

/* Each --workload-pid adds a process; beside --workload-comm, both count. */
static void test_workload_pid(void **state)
{
	struct parsed p;
	char buf[256];

	(void)state;
	PARSE(&p, "--workload-pid", "1234", "--workload-comm", "llama-bench",
	      "--workload-pid=99", "--workload-pid", "4194304");
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_int_equal(p.cfg.nr_workload_pid, 3);
	assert_int_equal(p.cfg.workload_pid[0], 1234);
	assert_int_equal(p.cfg.workload_pid[1], 99);
	assert_int_equal(p.cfg.workload_pid[2], 4194304);
	assert_int_equal(p.cfg.nr_workload_comm, 1);
	assert_true(fs_config_has_workload(&p.cfg));
	PARSE(&p, "--workload-pid", "1");
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_true(fs_config_has_workload(&p.cfg));
	fs_knob_set_describe(&p.cfg, "all knobs off", buf, sizeof(buf));
	assert_string_equal(buf, "all knobs off; options workload_pid=1");
	PARSE(&p, "--slice-us", "1000");
	assert_false(fs_config_has_workload(&p.cfg));
}

/* Only process ids in 1..pid_max's ceiling, and 8 of them at most. */
static void test_workload_pid_bad(void **state)
{
	static const char *const bad[] = {
		"0", "4194305", "-1", "12x", "", "99999999999999999999999"};
	char want[256];
	struct parsed p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		PARSE(&p, "--workload-pid", (char *)bad[i]);
		snprintf(want, sizeof(want),
			 "--workload-pid: expected a process id in "
			 "1..4194304, got '%s'",
			 bad[i]);
		assert_int_equal(p.res, FS_OPT_ERROR);
		assert_string_equal(p.err, want);
	}
	PARSE(&p, "--workload-pid", "1", "--workload-pid", "2",
	      "--workload-pid", "3", "--workload-pid", "4", "--workload-pid",
	      "5", "--workload-pid", "6", "--workload-pid", "7",
	      "--workload-pid", "8", "--workload-pid", "9");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err, "--workload-pid: at most 8 process ids");
	/* A workload named by pid alone keeps the guard under the watchdog. */
	PARSE(&p, "--workload-guard-ms", "2500");
	assert_int_equal(p.res, FS_OPT_RUN);
	PARSE(&p, "--workload-guard-ms", "2500", "--workload-pid", "7");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err,
			    "--workload-guard-ms: workload_guard_ms 2500 must "
			    "be under half of watchdog_ms 5000 (other tasks "
			    "wait up to the guard for a turn)");
}

/* Each value of a list keeps where it came from: its line, or the flag. */
static void test_list_origins(void **state)
{
	struct fs_origins *from = calloc(1, sizeof(*from));
	char path[64], want[128];
	struct parsed p;
	char *argv[] = {"scx_flashyspark",
			"--workload-pid",
			"9",
			"--config",
			path,
			NULL};

	(void)state;
	assert_non_null(from);
	write_file(path, sizeof(path),
		   "options:\n  workload_pid:\n    - 7\n    - 8\n");
	p.res = fs_config_from_args(5, argv, &p.cfg, from, p.err,
				    sizeof(p.err));
	unlink(path);
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_int_equal(p.cfg.nr_workload_pid, 3);
	assert_int_equal(p.cfg.workload_pid[2], 9);
	snprintf(want, sizeof(want), "%s:3: options.workload_pid", path);
	assert_string_equal(from->item_at[FS_OPT_workload_pid][0], want);
	snprintf(want, sizeof(want), "%s:4: options.workload_pid", path);
	assert_string_equal(from->item_at[FS_OPT_workload_pid][1], want);
	assert_string_equal(from->item_at[FS_OPT_workload_pid][2],
			    "--workload-pid");
	assert_string_equal(from->at[FS_OPT_workload_pid], "--workload-pid");
	assert_string_equal(from->item_at[FS_OPT_workload_pid][3], "");
	assert_string_equal(from->at[FS_OPT_slice_us], "");
	free(from);
}

/*
 * Each --workload-cgroup adds a path, kept as given (the loader finds the
 * cgroup); beside the other two workload options, all count.
 */
static void test_workload_cgroup(void **state)
{
	char buf[256];
	struct parsed p;

	(void)state;
	PARSE(&p, "--workload-cgroup", "llama.slice", "--workload-pid", "7",
	      "--workload-cgroup=/sys/fs/cgroup/a b");
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_int_equal(p.cfg.nr_workload_cgroup, 2);
	assert_string_equal(p.cfg.workload_cgroup[0], "llama.slice");
	assert_string_equal(p.cfg.workload_cgroup[1], "/sys/fs/cgroup/a b");
	assert_int_equal(p.cfg.nr_workload_pid, 1);
	PARSE(&p, "--workload-cgroup", "x/y");
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_true(fs_config_has_workload(&p.cfg));
	fs_knob_set_describe(&p.cfg, "all knobs off", buf, sizeof(buf));
	assert_string_equal(buf, "all knobs off; options workload_cgroup=x/y");
}

/* A path of 1..255 characters, 8 of them at most; the guard's rule. */
static void test_workload_cgroup_bad(void **state)
{
	char longest[FS_CGROUP_PATH_LEN + 1];
	struct parsed p;

	(void)state;
	PARSE(&p, "--workload-cgroup", "");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err, "--workload-cgroup: expected a cgroup2 "
				   "directory, got ''");
	memset(longest, 'c', FS_CGROUP_PATH_LEN);
	longest[FS_CGROUP_PATH_LEN] = '\0';
	PARSE(&p, "--workload-cgroup", longest);
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err, "--workload-cgroup: a path of 256 "
				   "characters, longer than 255");
	longest[FS_CGROUP_PATH_LEN - 1] = '\0';
	PARSE(&p, "--workload-cgroup", longest);
	assert_int_equal(p.res, FS_OPT_RUN);
	assert_string_equal(p.cfg.workload_cgroup[0], longest);
	PARSE(&p, "--workload-cgroup", "1", "--workload-cgroup", "2",
	      "--workload-cgroup", "3", "--workload-cgroup", "4",
	      "--workload-cgroup", "5", "--workload-cgroup", "6",
	      "--workload-cgroup", "7", "--workload-cgroup", "8",
	      "--workload-cgroup", "9");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err, "--workload-cgroup: at most 8 cgroups");
	PARSE(&p, "--workload-guard-ms", "2500", "--workload-cgroup", "a");
	assert_int_equal(p.res, FS_OPT_ERROR);
	assert_string_equal(p.err,
			    "--workload-guard-ms: workload_guard_ms 2500 must "
			    "be under half of watchdog_ms 5000 (other tasks "
			    "wait up to the guard for a turn)");
}

static void test_help(void **state)
{
	struct parsed p;

	(void)state;
	PARSE(&p, "--help");
	assert_int_equal(p.res, FS_OPT_HELP);
}

static void test_knob_names(void **state)
{
	char buf[1024];
	bool on[FS_NR_KNOBS] = {0};

	(void)state;
	assert_int_equal(fs_knob_find("slice-lag-scaling", 17), 0);
	assert_int_equal(fs_knob_find("cpufreq", 7), FS_KNOB_cpufreq);
	assert_int_equal(fs_knob_find("cpufre", 6), -1);
	assert_int_equal(fs_knob_find("cpufreqx", 8), -1);
	fs_knobs_join(on, buf, sizeof(buf));
	assert_string_equal(buf, "");
	on[FS_KNOB_tickless] = on[FS_KNOB_disable_numa] = true;
	fs_knobs_join(on, buf, sizeof(buf));
	assert_string_equal(buf, "tickless,disable_numa");
}

/* A report's knob set names each option that is not its default. */
static void test_options_changed(void **state)
{
	struct fs_config cfg;
	char buf[1024], small[40];
	char err[256];

	(void)state;
	fs_config_defaults(&cfg);
	fs_options_join_changed(&cfg, buf, sizeof(buf));
	assert_string_equal(buf, "");
	fs_knob_set_describe(&cfg, "all knobs off", buf, sizeof(buf));
	assert_string_equal(buf, "all knobs off");
	assert_int_equal(
		fs_option_set(&cfg, FS_OPT_slice_us, "2000", err, sizeof(err)),
		0);
	assert_int_equal(fs_option_set(&cfg, FS_OPT_cpu_busy_thresh, "100", err,
				       sizeof(err)),
			 0);
	assert_int_equal(fs_option_set(&cfg, FS_OPT_workload_comm,
				       "llama-bench", err, sizeof(err)),
			 0);
	assert_int_equal(fs_option_set(&cfg, FS_OPT_workload_comm, "llama-cli",
				       err, sizeof(err)),
			 0);
	assert_int_equal(fs_option_set(&cfg, FS_OPT_workload_pid, "1234", err,
				       sizeof(err)),
			 0);
	assert_int_equal(fs_option_set(&cfg, FS_OPT_workload_pid, "99", err,
				       sizeof(err)),
			 0);
	/* stats is a run-mode option, never part of a knob set */
	assert_int_equal(
		fs_option_set(&cfg, FS_OPT_stats, "5", err, sizeof(err)), 0);
	fs_options_join_changed(&cfg, buf, sizeof(buf));
	assert_string_equal(buf, "slice_us=2000, cpu_busy_thresh=100, "
				 "workload_comm=llama-bench+llama-cli, "
				 "workload_pid=1234+99");
	cfg.knobs[FS_KNOB_tickless] = true;
	fs_knob_set_describe(&cfg, "all knobs off", buf, sizeof(buf));
	assert_string_equal(buf, "tickless; options slice_us=2000, "
				 "cpu_busy_thresh=100, "
				 "workload_comm=llama-bench+llama-cli, "
				 "workload_pid=1234+99");
	/* too small a buffer: whole entries only */
	fs_options_join_changed(&cfg, small, sizeof(small));
	assert_string_equal(small, "slice_us=2000, cpu_busy_thresh=100");
}

/* Eight cgroup paths of the longest kind make one whole entry. */
static void test_options_changed_long(void **state)
{
	char path[FS_CGROUP_PATH_LEN], err[256], *buf, *want;
	size_t len = 4 * FS_MAX_GPU_COMMS * FS_CGROUP_PATH_LEN, used;
	struct fs_config cfg;
	int k;

	(void)state;
	buf = malloc(len);
	want = malloc(len);
	assert_non_null(buf);
	assert_non_null(want);
	fs_config_defaults(&cfg);
	used = (size_t)snprintf(want, len, "workload_cgroup=");
	for (k = 0; k < FS_MAX_GPU_COMMS; k++) {
		memset(path, 'a' + k, sizeof(path) - 1);
		path[sizeof(path) - 1] = '\0';
		assert_int_equal(fs_option_set(&cfg, FS_OPT_workload_cgroup,
					       path, err, sizeof(err)),
				 0);
		used += (size_t)snprintf(want + used, len - used, "%s%s",
					 k ? "+" : "", path);
	}
	fs_options_join_changed(&cfg, buf, len);
	assert_string_equal(buf, want);
	free(buf);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_knob_flag),
		cmocka_unit_test(test_knob_explicit_false),
		cmocka_unit_test(test_knob_bad_bool),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_file_then_flags),
		cmocka_unit_test(test_checked_after_merge),
		cmocka_unit_test(test_help_from_table),
		cmocka_unit_test(test_slice_min_above_max),
		cmocka_unit_test(test_unknown_and_extra),
		cmocka_unit_test(test_gpu_comm),
		cmocka_unit_test(test_workload_pid),
		cmocka_unit_test(test_workload_pid_bad),
		cmocka_unit_test(test_list_origins),
		cmocka_unit_test(test_workload_cgroup),
		cmocka_unit_test(test_workload_cgroup_bad),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_knob_names),
		cmocka_unit_test(test_options_changed),
		cmocka_unit_test(test_options_changed_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
