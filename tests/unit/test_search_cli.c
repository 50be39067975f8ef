// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark search end to end, without a scheduler (--scheduler none)
 * and with tools/synthetic-bench as the benchmark: a search stopped after
 * k episodes (--stop-after, or SIGTERM in the middle of an episode) and
 * resumed writes the same episodes.jsonl and best_parameters.yaml as an
 * uninterrupted one; best_parameters.yaml loads as a knob file; bad
 * inputs give clear errors and a non-zero exit.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "config_yaml.h"
#include "test_data.h"
#include "clock.h"

#ifndef FLASHYSPARK
#error "FLASHYSPARK must name the flashyspark binary"
#endif
#ifndef SYNTH_BENCH
#error "SYNTH_BENCH must name tools/synthetic-bench"
#endif

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/fs-search-cli-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

/* Run a shell command line; its exit status (or -1). */
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
	char *text = test_file_read(path, NULL);

	if (!text)
		fail_msg("cannot read %s", path);
	return text;
}

/* PATH's text contains WANT. */
static void assert_file_contains(const char *path, const char *want)
{
	char *text = slurp(path);

	if (!strstr(text, want))
		fail_msg("expected '%s' in %s: %s", want, path, text);
	free(text);
}

/* episodes.jsonl without the "seconds" field (the last one), which differs. */
static char *episodes_sans_time(const char *dir, int *lines)
{
	char path[512], *text, *out, *p, *q, *o;

	snprintf(path, sizeof(path), "%s/episodes.jsonl", dir);
	text = slurp(path);
	out = calloc(1, strlen(text) + 1);
	assert_non_null(out);
	*lines = 0;
	for (p = text, o = out; *p; p = q + 1) {
		char *sec;

		q = strchr(p, '\n');
		assert_non_null(q);
		*q = '\0';
		sec = strstr(p, ",\"seconds\":");
		assert_non_null(sec);
		*sec = '\0';
		o += sprintf(o, "%s}\n", p);
		(*lines)++;
	}
	free(text);
	return out;
}

static void assert_same_search(const char *a, const char *b, int episodes)
{
	char pa[512], pb[512], *ta, *tb;
	int la, lb;

	ta = episodes_sans_time(a, &la);
	tb = episodes_sans_time(b, &lb);
	assert_int_equal(la, episodes);
	assert_int_equal(lb, episodes);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	snprintf(pa, sizeof(pa), "%s/best_parameters.yaml", a);
	snprintf(pb, sizeof(pb), "%s/best_parameters.yaml", b);
	ta = slurp(pa);
	tb = slurp(pb);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
}

#define SEARCH FLASHYSPARK " search --scheduler none --bench-cmd " SYNTH_BENCH

static void resume_equals_uninterrupted(void **state)
{
	static const char *const algos[] = {"pg", "random", "greedy"};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		const char *al = algos[i];

		assert_int_equal(sh("SYNTH_NOISE=3 " SEARCH " --metric tg "
				    "--episodes 40 --seed 11 --algorithm %s "
				    "--out %s/full-%s >/dev/null 2>&1",
				    al, tmpdir, al),
				 0);
		assert_int_equal(
			sh("SYNTH_NOISE=3 " SEARCH " --metric tg "
			   "--episodes 40 --seed 11 --algorithm %s "
			   "--out %s/cut-%s --stop-after 13 >/dev/null 2>&1",
			   al, tmpdir, al),
			0);
		assert_int_equal(sh("SYNTH_NOISE=3 " FLASHYSPARK " search "
				    "--resume %s/cut-%s --stop-after 29 "
				    "2>/dev/null",
				    tmpdir, al),
				 0);
		assert_int_equal(sh("SYNTH_NOISE=3 " FLASHYSPARK " search "
				    "--resume %s/cut-%s >/dev/null 2>&1",
				    tmpdir, al),
				 0);
		{
			char a[300], b[300];

			snprintf(a, sizeof(a), "%s/full-%s", tmpdir, al);
			snprintf(b, sizeof(b), "%s/cut-%s", tmpdir, al);
			assert_same_search(a, b, 40);
		}
	}
}

/* SIGTERM in the middle of an episode: exit 130, resume, same result. */
static void sigterm_then_resume(void **state)
{
	char full[300], cut[300], ckpt[320];
	pid_t pid;
	int st;

	(void)state;
	snprintf(full, sizeof(full), "%s/sig-full", tmpdir);
	snprintf(cut, sizeof(cut), "%s/sig-cut", tmpdir);
	assert_int_equal(sh(SEARCH " --metric pp --episodes 12 --seed 5 "
				   "--out %s >/dev/null 2>&1",
			    full),
			 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("SYNTH_SLEEP", "0.2", 1);
		freopen("/dev/null", "w", stderr);
		execl(FLASHYSPARK, FLASHYSPARK, "search", "--scheduler", "none",
		      "--bench-cmd", SYNTH_BENCH, "--metric", "pp",
		      "--episodes", "12", "--seed", "5", "--out", cut,
		      (char *)NULL);
		_exit(127);
	}
	/* Past a few episodes (0.2 s each), most likely mid-episode. */
	{
		double t0 = fs_now_s();

		while (fs_now_s() - t0 < 1.1)
			usleep(10000);
	}
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 130);
	snprintf(ckpt, sizeof(ckpt), "%s/checkpoint.yaml", cut);
	assert_int_equal(access(ckpt, R_OK), 0);
	assert_int_equal(
		sh(FLASHYSPARK " search --resume %s >/dev/null 2>&1", cut), 0);
	assert_same_search(full, cut, 12);
}

/*
 * Ctrl-C acts at once: a benchmark that would run for 100 s is ended, the
 * checkpoint written and the search gone within 2 s of SIGTERM.
 */
static void sigterm_ends_a_long_benchmark(void **state)
{
	char out[300], ckpt[320];
	double t0;
	pid_t pid;
	int st;

	(void)state;
	snprintf(out, sizeof(out), "%s/sig-long", tmpdir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		execl(FLASHYSPARK, FLASHYSPARK, "search", "--scheduler", "none",
		      "--bench-cmd", "sleep 100", "--metric", "tg",
		      "--episodes", "3", "--out", out, (char *)NULL);
		_exit(127);
	}
	usleep(1000 * 1000);
	t0 = fs_now_s();
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(fs_now_s() - t0 < 2.0);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 130);
	snprintf(ckpt, sizeof(ckpt), "%s/checkpoint.yaml", out);
	assert_int_equal(access(ckpt, R_OK), 0);
}

/* --resume keeps the run's --bench-timeout (it used to fall back to 600). */
static void resume_keeps_bench_timeout(void **state)
{
	char dir[300], path[320], *text;
	double t0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/timeout", tmpdir);
	sh(FLASHYSPARK " search --scheduler none --bench-cmd 'sleep 30' "
		       "--bench-timeout 1 --metric tg --episodes 2 "
		       "--stop-after 1 --out %s >/dev/null 2>&1",
	   dir);
	snprintf(path, sizeof(path), "%s/checkpoint.yaml", dir);
	text = slurp(path);
	assert_non_null(strstr(text, "  bench_timeout_s: 1\n"));
	free(text);
	t0 = fs_now_s();
	sh(FLASHYSPARK " search --resume %s >/dev/null 2>&1", dir);
	assert_true(fs_now_s() - t0 < 10);
	snprintf(path, sizeof(path), "%s/episodes.jsonl", dir);
	text = slurp(path);
	assert_non_null(strstr(text, "\"index\":1,"));
	assert_non_null(strstr(text, "timeout after 1 s"));
	free(text);
}

static void best_parameters_loads(void **state)
{
	struct fs_config cfg;
	char path[512], err[512], *text;

	(void)state;
	assert_int_equal(sh(SEARCH " --metric tg --episodes 30 --out %s/best "
				   "2>/dev/null",
			    tmpdir),
			 0);
	snprintf(path, sizeof(path), "%s/best/best_parameters.yaml", tmpdir);
	fs_config_defaults(&cfg);
	assert_int_equal(fs_config_yaml_load(path, &cfg, err, sizeof(err)), 0);
	text = slurp(path);
	assert_non_null(strstr(text, "scheduler: scx_flashyspark\n"));
	assert_non_null(strstr(text, "metric: tg\n"));
	assert_non_null(strstr(text, "  tg_mean: "));
	assert_non_null(strstr(text, "  evaluations: "));
	/* 30 episodes end with 3 held-out runs of the winner and runner-up. */
	assert_non_null(strstr(text, "retest:\n  winner:\n"));
	assert_non_null(strstr(text, "\n  runner_up:\n"));
	assert_non_null(strstr(text, "    runs: 3\n"));
	assert_non_null(strstr(text, "\n# keep it: scx_flashyspark --config "
				     "best_parameters.yaml\n"));
	free(text);
	/* ... as the last 6 of the 30 episodes, alternating. */
	snprintf(path, sizeof(path), "%s/best/episodes.jsonl", tmpdir);
	text = slurp(path);
	{
		const char *p = text;
		int line = 0, n_w = 0, n_u = 0;

		for (; (p = strchr(p, '\n')); p++, line++)
			;
		assert_int_equal(line, 30);
		for (p = text; (p = strstr(p, "\"role\":\"retest-winner\""));
		     p++)
			n_w++;
		for (p = text; (p = strstr(p, "\"role\":\"retest-runner-up\""));
		     p++)
			n_u++;
		assert_int_equal(n_w, 3);
		assert_int_equal(n_u, 3);
		assert_non_null(strstr(text, "{\"index\":24,\"role\":\"retest-"
					     "winner\""));
	}
	free(text);
}

/* A failing benchmark is a failed episode, not the end of the search. */
static void failures_are_episodes(void **state)
{
	char path[512], *text;

	(void)state;
	assert_int_equal(sh("SYNTH_FAIL=tickless " SEARCH " --metric tg "
			    "--episodes 20 --out %s/fail >/dev/null 2>&1",
			    tmpdir),
			 0);
	snprintf(path, sizeof(path), "%s/fail/episodes.jsonl", tmpdir);
	text = slurp(path);
	assert_non_null(strstr(text, "\"status\":\"bench-failed\""));
	assert_non_null(strstr(text, "tickless is on: failing as asked"));
	free(text);
	snprintf(path, sizeof(path), "%s/fail/best_parameters.yaml", tmpdir);
	text = slurp(path);
	assert_non_null(strstr(text, "tickless: false"));
	free(text);
}

/* Exit status 2 and the message, for one bad command line. */
/*
 * A search beside a neighbour: every episode records the neighbour's CPU
 * share (a shell hog: well above 0), the scenario and the workload go into
 * the checkpoint and into best_parameters.yaml (found_under: the
 * scenario, threads and the user's neighbour command), which still loads
 * and names the workload for the scheduler; --resume keeps them.
 */
static void scenario_neighbour(void **state)
{
	struct fs_config cfg;
	char dir[300], path[340], err[512], *text, *p;
	int n = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/neighbour", tmpdir);
	sh(SEARCH " --metric tg --episodes 3 --scenario neighbour "
		  "--neighbour 'while :; do :; done' --workload llama-bench "
		  "--stop-after 2 --retest 0 --out %s 2>/dev/null",
	   dir);
	assert_int_equal(sh(FLASHYSPARK " search --resume %s 2>/dev/null", dir),
			 0);
	snprintf(path, sizeof(path), "%s/episodes.jsonl", dir);
	text = slurp(path);
	for (p = text; (p = strstr(p, "\"neighbour_cpus\":")); p++) {
		assert_true(strtod(p + 17, NULL) > 0.1);
		n++;
	}
	assert_int_equal(n, 3);
	free(text);
	snprintf(path, sizeof(path), "%s/checkpoint.yaml", dir);
	assert_file_contains(path, "  scenario: neighbour\n");
	assert_file_contains(path, "  workload: llama-bench\n");
	snprintf(path, sizeof(path), "%s/best_parameters.yaml", dir);
	assert_file_contains(path, "found_under:\n  scenario: neighbour\n"
				   "  threads: ");
	assert_file_contains(path, "  neighbour: ");
	assert_file_contains(path, "while :; do :; done");
	fs_config_defaults(&cfg);
	assert_int_equal(fs_config_yaml_load(path, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.nr_workload_comm, 1);
	assert_string_equal(cfg.workload_comm[0], "llama-bench");
}

static void bad(const char *args, const char *message)
{
	char out[512];
	char *text;

	snprintf(out, sizeof(out), "%s/stderr", tmpdir);
	assert_int_equal(sh(FLASHYSPARK " %s 2>%s >/dev/null", args, out), 2);
	text = slurp(out);
	if (!strstr(text, message))
		fail_msg("'%s': expected '%s' in: %s", args, message, text);
	free(text);
}

static void bad_inputs(void **state)
{
	char args[512];

	(void)state;
	bad("search --metric tg --episodes 3 --algorithm ppo --bench-cmd true",
	    "--algorithm: unknown algorithm 'ppo'");
	bad("search --metric latency --episodes 3 --bench-cmd true",
	    "--metric: expected pp or tg, got 'latency'");
	bad("search --episodes 3 --bench-cmd true",
	    "--metric pp|tg is required");
	bad("search --metric tg --bench-cmd true", "--episodes N is required");
	bad("search --metric tg --episodes 3 --bench-cmd true --scenario "
	    "crowded",
	    "unknown scenario 'crowded' (one of: idle, neighbour, "
	    "oversubscribed, bursty, smt)");
	bad("search --metric tg --episodes 3 --bench-cmd true --workload "
	    "a-name-of-16-chars",
	    "--workload: expected a process name of 1..15 characters");
	bad("search --metric tg --episodes 0 --bench-cmd true",
	    "--episodes: expected 1..1000000, got '0'");
	bad("search --metric tg --episodes 3 --model /nonexistent/m.gguf",
	    "--model /nonexistent/m.gguf: No such file or directory");
	bad("search --metric tg --episodes 3 --scheduler cfs --bench-cmd true",
	    "--scheduler: expected none or flashyspark");
	bad("search --resume /x --metric pp",
	    "--resume DIR takes its settings");
	bad("frobnicate", "unknown command 'frobnicate'");
	bad("replay", "expected one knob file");
	snprintf(args, sizeof(args), "replay %s/nope.yaml", tmpdir);
	bad(args, "nope.yaml: No such file or directory");
	/* Runtime failures: exit 1 with the path. */
	assert_int_equal(sh(FLASHYSPARK
			    " search --resume %s/none >/dev/null 2>&1",
			    tmpdir),
			 1);
	assert_int_equal(sh(SEARCH
			    " --metric tg --episodes 2 --out %s/twice "
			    "2>/dev/null && " SEARCH " --metric tg "
			    "--episodes 2 --out %s/twice >/dev/null 2>&1",
			    tmpdir, tmpdir),
			 1);
	/* Help everywhere. */
	assert_int_equal(sh(FLASHYSPARK " --help | grep -q replay"), 0);
	assert_int_equal(sh(FLASHYSPARK " search --help | grep -q -- --resume"),
			 0);
	assert_int_equal(sh(FLASHYSPARK " replay --help | grep -q -- --run"),
			 0);
}

/*
 * No --model and no --bench-cmd: the built-in default model from the
 * cache folder (a placeholder, so nothing is written), recorded in the
 * checkpoint so --resume uses it too. llama-bench fails on it (or is
 * missing): the episode fails and the search says none succeeded.
 */
static void default_model(void **state)
{
	char path[512], want[512];

	(void)state;
	assert_int_equal(sh("mkdir -p %s/models && echo placeholder "
			    ">%s/models/random-small-v1.gguf",
			    tmpdir, tmpdir),
			 0);
	assert_int_equal(sh("FLASHYSPARK_MODEL_DIR=%s/models " FLASHYSPARK
			    " search --metric tg --episodes 1 --scheduler "
			    "none --out %s/dm >/dev/null 2>%s/dm.err",
			    tmpdir, tmpdir, tmpdir),
			 1);
	snprintf(path, sizeof(path), "%s/dm.err", tmpdir);
	snprintf(want, sizeof(want), "reusing %s/models/random-small-v1.gguf",
		 tmpdir);
	assert_file_contains(path, want);
	snprintf(path, sizeof(path), "%s/dm/checkpoint.yaml", tmpdir);
	snprintf(want, sizeof(want), "model: %s/models/random-small-v1.gguf",
		 tmpdir);
	assert_file_contains(path, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_inputs),
		cmocka_unit_test(best_parameters_loads),
		cmocka_unit_test(default_model),
		cmocka_unit_test(failures_are_episodes),
		cmocka_unit_test(resume_equals_uninterrupted),
		cmocka_unit_test(sigterm_then_resume),
		cmocka_unit_test(sigterm_ends_a_long_benchmark),
		cmocka_unit_test(resume_keeps_bench_timeout),
		cmocka_unit_test(scenario_neighbour),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
