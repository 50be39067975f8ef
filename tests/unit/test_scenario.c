// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios and what runs beside the benchmark: the neighbour is started
 * and ended by its process group, its CPU share read from the kernel's
 * accounting (a real shell hog here), and a neighbour that ends by itself
 * mid-run fails the run; the scenario names; the OS-tuning recipes' words
 * and their machine-wide settings put back (on a stand-in /sys).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "error_codes.h"
#include "neighbour.h"
#include "recipe.h"
#include "scenario.h"

static void spin_for(double s)
{
	double end = fs_now_s() + s;

	while (fs_now_s() < end)
		;
}

/* One shell hog beside us for ~0.6 s: it got CPU, and it is gone after. */
static void test_neighbour_hog(void **state)
{
	struct fs_neighbour n;
	char err[512];
	double cpus = -1;
	pid_t pgid;

	(void)state;
	assert_int_equal(
		fs_neighbour_start(&n, "while :; do :; done", err, sizeof(err)),
		0);
	pgid = n.child.pid;
	spin_for(0.6);
	assert_int_equal(fs_neighbour_stop(&n, &cpus, err, sizeof(err)), 0);
	/* Sharing this machine with us: well above nothing, at most 1. */
	assert_true(cpus > 0.2);
	assert_true(cpus <= 1.05);
	/* Nothing of its group is left. */
	assert_int_equal(kill(-pgid, 0), -1);
	assert_int_equal(errno, ESRCH);
	/* Stopping twice is harmless. */
	assert_int_equal(fs_neighbour_stop(&n, &cpus, err, sizeof(err)), 0);
}

/* A neighbour that ends by itself fails the run and says how. */
static void test_neighbour_ended_early(void **state)
{
	struct fs_neighbour n;
	char err[512];
	double cpus;

	(void)state;
	assert_int_equal(fs_neighbour_start(&n, "echo gone >&2; exit 3", err,
					    sizeof(err)),
			 0);
	usleep(300000);
	assert_int_equal(fs_neighbour_stop(&n, &cpus, err, sizeof(err)),
			 FS_BENCH_EEXIT);
	assert_non_null(strstr(err, "ended by itself"));
	assert_non_null(strstr(err, "exit 3"));
	assert_non_null(strstr(err, "gone"));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The group's CPU time: its members' own and reaped children's ticks. */
static void test_group_cpu(void **state)
{
	char dir[] = "/tmp/fs-proc-XXXXXX", path[256];
	long hz = sysconf(_SC_CLK_TCK);
	char line[512];

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* pid 10 in group 7 (a name with ") " in it), pid 11 in group 8. */
	snprintf(path, sizeof(path), "%s/10", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/10/stat", dir);
	snprintf(line, sizeof(line),
		 "10 (a) b) R 1 7 7 0 -1 0 0 0 0 0 %ld %ld %ld %ld 20 0\n", hz,
		 hz, hz / 2, hz / 2);
	write_file(path, line);
	snprintf(path, sizeof(path), "%s/11", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/11/stat", dir);
	write_file(path, "11 (x) S 1 8 8 0 -1 0 0 0 0 0 500 500 0 0 20 0\n");
	snprintf(path, sizeof(path), "%s/self", dir);
	mkdir(path, 0700);
	assert_true(fs_group_cpu_s(dir, 7) > 2.99 &&
		    fs_group_cpu_s(dir, 7) < 3.01);
	assert_true(fs_group_cpu_s(dir, 9) == 0);
	assert_true(fs_group_cpu_s("/nonexistent-fs", 7) < 0);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

static void test_scenarios(void **state)
{
	struct fs_scenario s;
	char err[512], line[1500];

	(void)state;
	assert_int_equal(
		fs_scenario_make(&s, NULL, NULL, 0, 4, err, sizeof(err)), 0);
	assert_string_equal(s.name, "idle");
	assert_string_equal(s.neighbour, "");
	assert_int_equal(s.threads, 0);
	assert_int_equal(
		fs_scenario_make(&s, "neighbour", NULL, 0, 4, err, sizeof(err)),
		0);
	assert_non_null(strstr(s.neighbour, "-lt 4"));
	fs_scenario_describe(&s, line, sizeof(line));
	assert_string_equal(line, "neighbour, beside: a CPU hog per CPU");
	assert_int_equal(fs_scenario_make(&s, "oversubscribed", NULL, 0, 3, err,
					  sizeof(err)),
			 0);
	assert_int_equal(s.threads, 6);
	assert_int_equal(fs_scenario_make(&s, "oversubscribed", NULL, 5, 3, err,
					  sizeof(err)),
			 0);
	assert_int_equal(s.threads, 5); /* --threads wins */
	assert_true(fs_scenario_contended(&s));
	/* --threads alone is no contention. */
	assert_int_equal(
		fs_scenario_make(&s, "idle", NULL, 5, 3, err, sizeof(err)), 0);
	assert_false(fs_scenario_contended(&s));
	assert_int_equal(fs_scenario_make(&s, "neighbour", "my-load --x", 0, 2,
					  err, sizeof(err)),
			 0);
	assert_string_equal(s.neighbour, "my-load --x");
	fs_scenario_describe(&s, line, sizeof(line));
	assert_string_equal(line, "neighbour, beside: my-load --x");
	assert_int_equal(
		fs_scenario_make(&s, "crowded", NULL, 0, 2, err, sizeof(err)),
		FS_BENCH_EINVAL);
	assert_non_null(strstr(err, "unknown scenario 'crowded'"));
	assert_int_equal(
		fs_scenario_make(&s, "idle", "", 0, 2, err, sizeof(err)),
		FS_BENCH_EINVAL);
}

/* Cores from the sysfs topology: 4 CPUs, siblings 0-1 and 2-3: 2 cores. */
static void test_cores(void **state)
{
	static const char *const sib[] = {"0-1", "0-1", "2-3", "2-3"};
	char sys[] = "/tmp/fs-sys-XXXXXX", p[512];

	(void)state;
	assert_non_null(mkdtemp(sys));
	assert_int_equal(fs_scenario_cores(sys), 0);
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p),
			 "mkdir -p %s/devices/system/cpu/cpu%d/topology", sys,
			 i);
		assert_int_equal(system(p), 0);
		snprintf(p, sizeof(p),
			 "%s/devices/system/cpu/cpu%d/topology/"
			 "thread_siblings_list",
			 sys, i);
		write_file(p, sib[i]);
	}
	assert_int_equal(fs_scenario_cores(sys), 2);
	snprintf(p, sizeof(p), "rm -rf %s", sys);
	assert_int_equal(system(p), 0);
}

/* With a neighbour, the run's result comes with the neighbour's share. */
static void test_scenario_run(void **state)
{
	static const char *const argv[] = {
		"sh", "-c",
		"i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; "
		"echo '| model | size | params | backend | threads | test | "
		"t/s "
		"|'; echo '| --- | ---: | ---: | --- | ---: | ---: | ---: |'; "
		"echo '| m | 1 MiB | 1 M | CPU | 2 | tg16 | 12.5 ± 0.1 |'",
		NULL};
	struct fs_command cmd = {.argv = argv};
	struct fs_bench_results res = {0};
	struct fs_scenario s;
	struct fs_runner r;
	char err[512];
	double cpus = -1;

	(void)state;
	fs_runner_init(&r);
	assert_int_equal(
		fs_scenario_make(&s, "neighbour", NULL, 0, 1, err, sizeof(err)),
		0);
	assert_int_equal(fs_scenario_bench_run(&s, &r, &cmd, &res, &cpus, err,
					       sizeof(err)),
			 0);
	assert_true(cpus > 0.05);
	fs_bench_results_free(&res);
	/* A neighbour gone before the benchmark ended: the run fails. */
	assert_int_equal(fs_scenario_make(&s, "neighbour", "exit 0", 0, 1, err,
					  sizeof(err)),
			 0);
	assert_int_equal(fs_scenario_bench_run(&s, &r, &cmd, &res, &cpus, err,
					       sizeof(err)),
			 FS_BENCH_EEXIT);
	assert_non_null(strstr(err, "ended by itself"));
	fs_bench_results_free(&res);
}

static void test_recipe_words(void **state)
{
	static const char *const argv[] = {"llama-bench", "-t", "2", NULL};
	struct fs_command cmd = {.argv = argv}, sh = {.shell = "run it"};
	bool on[FS_NR_RECIPES];
	struct fs_recipe_cmd w;
	char err[256], last[32];

	(void)state;
	assert_int_equal(fs_recipe_parse("nice,pin", on, err, sizeof(err)), 0);
	assert_true(on[FS_RECIPE_NICE] && on[FS_RECIPE_PIN]);
	assert_false(on[FS_RECIPE_RR] || on[FS_RECIPE_SLICE] ||
		     on[FS_RECIPE_GOVERNOR]);
	assert_int_equal(fs_recipe_parse("all", on, err, sizeof(err)), 0);
	assert_true(on[FS_RECIPE_GOVERNOR]);
	assert_int_equal(fs_recipe_parse("none", on, err, sizeof(err)), 0);
	assert_false(on[FS_RECIPE_NICE]);
	assert_int_equal(fs_recipe_parse("nice,fifo", on, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "unknown recipe 'fifo'"));
	assert_int_equal(fs_recipe_wrap(FS_RECIPE_NICE, 2, &cmd, &w), 0);
	assert_string_equal(w.cmd.argv[0], "nice");
	assert_string_equal(w.cmd.argv[2], "-10");
	assert_string_equal(w.cmd.argv[3], "llama-bench");
	assert_null(w.cmd.argv[6]);
	assert_int_equal(fs_recipe_wrap(FS_RECIPE_PIN, 1, &sh, &w), 0);
	assert_string_equal(w.cmd.argv[0], "taskset");
	assert_string_equal(w.cmd.argv[2], "0-0");
	/* Oversubscribed: never past the online CPUs. */
	assert_int_equal(fs_recipe_wrap(FS_RECIPE_PIN, 4096, &sh, &w), 0);
	snprintf(last, sizeof(last), "0-%ld",
		 sysconf(_SC_NPROCESSORS_ONLN) - 1);
	assert_string_equal(w.cmd.argv[2], last);
	assert_string_equal(w.cmd.argv[3], "sh");
	assert_string_equal(w.cmd.argv[5], "run it");
	assert_int_equal(fs_recipe_wrap(FS_RECIPE_RR, 2, &cmd, &w), 0);
	assert_string_equal(w.cmd.argv[0], "chrt");
	assert_int_equal(fs_recipe_wrap(FS_RECIPE_SLICE, 2, &cmd, &w), 0);
	assert_ptr_equal(w.cmd.argv, argv); /* machine-wide: as it is */
}

/*
 * pin keeps a neighbour on the CPUs the benchmark leaves, quoted whole;
 * where none are left, or under another recipe, it runs as it is.
 */
static void test_recipe_neighbour(void **state)
{
	char out[128];

	(void)state;
	assert_int_equal(fs_recipe_neighbour(FS_RECIPE_PIN, 2, 8,
					     "stress-ng --cpu 8", out,
					     sizeof(out)),
			 1);
	assert_string_equal(out,
			    "exec taskset -c 2-7 sh -c 'stress-ng --cpu 8'");
	assert_int_equal(fs_recipe_neighbour(FS_RECIPE_PIN, 1, 2,
					     "echo 'a b'; x", out, sizeof(out)),
			 1);
	assert_string_equal(
		out, "exec taskset -c 1-1 sh -c 'echo '\\''a b'\\''; x'");
	/* No CPU left (threads >= CPUs), another recipe, no neighbour. */
	assert_int_equal(fs_recipe_neighbour(FS_RECIPE_PIN, 2, 2, "hog", out,
					     sizeof(out)),
			 0);
	assert_int_equal(fs_recipe_neighbour(FS_RECIPE_PIN, 4, 2, "hog", out,
					     sizeof(out)),
			 0);
	assert_int_equal(fs_recipe_neighbour(FS_RECIPE_NICE, 1, 8, "hog", out,
					     sizeof(out)),
			 0);
	assert_int_equal(
		fs_recipe_neighbour(FS_RECIPE_PIN, 1, 8, "", out, sizeof(out)),
		0);
	/* Too long for the buffer: refused, not cut. */
	assert_int_equal(fs_recipe_neighbour(FS_RECIPE_PIN, 1, 8,
					     "a very long neighbour command",
					     out, 40),
			 -1);
}

static char *read_all(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Machine-wide recipes on a stand-in /sys: set, then put back. */
static void test_recipe_apply(void **state)
{
	char sys[] = "/tmp/fs-sys-XXXXXX", p[512], why[600], err[512];
	struct fs_recipe_undo u;

	(void)state;
	assert_non_null(mkdtemp(sys));
	assert_false(
		fs_recipe_available(FS_RECIPE_SLICE, sys, why, sizeof(why)));
	assert_non_null(strstr(why, "debugfs"));
	assert_false(
		fs_recipe_available(FS_RECIPE_GOVERNOR, sys, why, sizeof(why)));
	assert_non_null(strstr(why, "no cpufreq"));
	snprintf(p, sizeof(p),
		 "mkdir -p %s/kernel/debug/sched "
		 "%s/devices/system/cpu/cpufreq/policy0 "
		 "%s/devices/system/cpu/cpufreq/policy1",
		 sys, sys, sys);
	assert_int_equal(system(p), 0);
	snprintf(p, sizeof(p), "%s/kernel/debug/sched/base_slice_ns", sys);
	write_file(p, "700000\n");
	assert_true(
		fs_recipe_available(FS_RECIPE_SLICE, sys, why, sizeof(why)));
	assert_int_equal(
		fs_recipe_apply(FS_RECIPE_SLICE, sys, &u, err, sizeof(err)), 0);
	assert_string_equal(read_all(p), "3000000");
	assert_int_equal(fs_recipe_undo(&u, err, sizeof(err)), 0);
	assert_string_equal(read_all(p), "700000");
	for (int i = 0; i < 2; i++) {
		snprintf(p, sizeof(p),
			 "%s/devices/system/cpu/cpufreq/policy%d/"
			 "scaling_governor",
			 sys, i);
		write_file(p, "schedutil\n");
	}
	assert_int_equal(
		fs_recipe_apply(FS_RECIPE_GOVERNOR, sys, &u, err, sizeof(err)),
		0);
	assert_int_equal(u.n, 2);
	assert_string_equal(read_all(p), "performance");
	assert_int_equal(fs_recipe_undo(&u, err, sizeof(err)), 0);
	assert_string_equal(read_all(p), "schedutil");
	snprintf(p, sizeof(p), "rm -rf %s", sys);
	assert_int_equal(system(p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_neighbour_hog),
		cmocka_unit_test(test_neighbour_ended_early),
		cmocka_unit_test(test_group_cpu),
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_cores),
		cmocka_unit_test(test_scenario_run),
		cmocka_unit_test(test_recipe_words),
		cmocka_unit_test(test_recipe_neighbour),
		cmocka_unit_test(test_recipe_apply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
