// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark runner: output capture, exit codes and signals, the time
 * limit on the whole process group, FLASHYSPARK_FLAGS, and llama-bench
 * runs end to end on captured output (the runner does not care what the
 * command is, so `cat` of real llama-bench output stands in for it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "llama_bench.h"
#include "runner.h"
#include "test_data.h"

struct run {
	struct fs_runner r;
	struct fs_run_result res;
	char err[1024];
	int ret;
};

static void run_init(struct run *t)
{
	memset(t, 0, sizeof(*t));
	fs_runner_init(&t->r);
	t->r.timeout_s = 20;
}

static void run_shell(struct run *t, const char *cmd)
{
	struct fs_command c = {.shell = cmd};

	t->err[0] = '\0';
	t->ret = fs_runner_run(&t->r, &c, &t->res, t->err, sizeof(t->err));
}

static void run_argv(struct run *t, const char *const *argv)
{
	struct fs_command c = {.argv = argv};

	t->err[0] = '\0';
	t->ret = fs_runner_run(&t->r, &c, &t->res, t->err, sizeof(t->err));
}

static void assert_contains(const char *s, const char *what)
{
	if (!s || !strstr(s, what))
		fail_msg("'%s' does not contain '%s'", s ? s : "(null)", what);
}

static void test_captures_jsonl(void **state)
{
	char path[4096];
	const char *argv[] = {"cat", NULL, NULL};
	struct run t;
	size_t len;
	char *want = test_data_read("llama-bench-tiny.jsonl", &len);

	(void)state;
	assert_non_null(want);
	argv[1] = test_data_path("llama-bench-tiny.jsonl", path, sizeof(path));
	run_init(&t);
	run_argv(&t, argv);
	assert_int_equal(t.ret, 0);
	assert_true(t.res.exited);
	assert_int_equal(t.res.exit_code, 0);
	assert_false(t.res.timed_out);
	assert_int_equal(t.res.out_len, len);
	assert_memory_equal(t.res.out, want, len);
	assert_int_equal(t.res.err_len, 0);
	assert_true(t.res.pid > 0);
	free(want);
	fs_run_result_free(&t.res);
}

/* An argv is passed as is: no shell sees the metacharacters. */
static void test_argv_without_shell(void **state)
{
	const char *argv[] = {"printf", "%s|%s", "a b;c", "$HOME", NULL};
	struct run t;

	(void)state;
	run_init(&t);
	run_argv(&t, argv);
	assert_int_equal(t.ret, 0);
	assert_string_equal(t.res.out, "a b;c|$HOME");
	fs_run_result_free(&t.res);
}

static void test_nonzero_exit(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	run_shell(&t, "echo partial; echo 'model not found' >&2; exit 3");
	assert_int_equal(t.ret, FS_BENCH_EEXIT);
	assert_true(t.res.exited);
	assert_int_equal(t.res.exit_code, 3);
	assert_false(t.res.signaled);
	assert_string_equal(t.res.out, "partial\n");
	assert_contains(t.err, "exit code 3");
	assert_contains(t.err, "stderr: model not found");
	fs_run_result_free(&t.res);
}

static void test_killed_by_signal(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	run_shell(&t, "kill -SEGV $$");
	assert_int_equal(t.ret, FS_BENCH_ESIGNAL);
	assert_true(t.res.signaled);
	assert_int_equal(t.res.term_signal, SIGSEGV);
	assert_contains(t.err, "killed by signal 11");
	fs_run_result_free(&t.res);
}

static void test_cannot_execute(void **state)
{
	const char *missing[] = {"/nonexistent/llama-bench", NULL};
	const char *unknown[] = {"flashyspark-no-such-program", NULL};
	struct run t;

	(void)state;
	run_init(&t);
	run_argv(&t, missing);
	assert_int_equal(t.ret, FS_BENCH_EEXEC);
	assert_contains(t.err, "cannot execute '/nonexistent/llama-bench': "
			       "No such file or directory");
	fs_run_result_free(&t.res);
	run_argv(&t, unknown);
	assert_int_equal(t.ret, FS_BENCH_EEXEC);
	assert_contains(t.err, "not found in PATH");
	fs_run_result_free(&t.res);
}

static void test_timeout_sigterm(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	t.r.timeout_s = 0.3;
	t.r.grace_s = 2;
	run_shell(&t, "echo started; sleep 30");
	assert_int_equal(t.ret, FS_BENCH_ETIMEOUT);
	assert_true(t.res.timed_out);
	assert_false(t.res.killed);
	assert_true(t.res.signaled);
	assert_int_equal(t.res.term_signal, SIGTERM);
	assert_true(t.res.wall_s >= 0.3);
	assert_true(t.res.wall_s < 1.5);
	assert_string_equal(t.res.out, "started\n");
	assert_contains(t.err, "timeout after 0.3 s (stopped with SIGTERM)");
	fs_run_result_free(&t.res);
}

/*
 * Pass-through (replay --run, sched-run): the command's stdout reaches
 * ours, its exit code comes back whatever it is, a timeout is an error.
 */
static void test_run_through(void **state)
{
	struct fs_command c = {.shell = "echo through; exit 3"};
	struct fs_runner r;
	char err[1024], buf[64] = "";
	FILE *cap = tmpfile();
	int saved, code = -1, ret;
	size_t n;

	(void)state;
	assert_non_null(cap);
	fs_runner_init(&r);
	r.timeout_s = 20;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(cap), STDOUT_FILENO) >= 0);
	ret = fs_runner_run_through(&r, &c, &code, err, sizeof(err));
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	assert_int_equal(ret, 0);
	assert_int_equal(code, 3);
	rewind(cap);
	n = fread(buf, 1, sizeof(buf) - 1, cap);
	buf[n] = '\0';
	fclose(cap);
	assert_string_equal(buf, "through\n");

	c.shell = "sleep 30";
	r.timeout_s = 0.3;
	code = -1;
	assert_int_equal(fs_runner_run_through(&r, &c, &code, err, sizeof(err)),
			 FS_BENCH_ETIMEOUT);
	assert_int_equal(code, -1);
	assert_contains(err, "timeout after 0.3 s");
}

/* A descriptor that becomes readable @secs from now (a stop request). */
static int stop_in(double secs)
{
	struct itimerspec it = {0};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);

	assert_true(fd >= 0);
	it.it_value.tv_sec = (time_t)secs;
	it.it_value.tv_nsec = (long)((secs - (double)(time_t)secs) * 1e9);
	assert_int_equal(timerfd_settime(fd, 0, &it, NULL), 0);
	return fd;
}

/*
 * stop_fd (a signalfd in the commands) ends the run at once, far inside
 * any time limit: SIGTERM to the group, SIGKILL 0.5 s later if ignored.
 */
static void test_stop_fd(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	t.r.timeout_s = 600;
	t.r.stop_fd = stop_in(0.3);
	run_shell(&t, "sleep 30");
	close(t.r.stop_fd);
	assert_int_equal(t.ret, FS_BENCH_ESTOPPED);
	assert_true(t.res.stopped);
	assert_false(t.res.timed_out);
	assert_false(t.res.killed);
	assert_true(t.res.wall_s < 1.5);
	assert_contains(t.err, "stopped on request");
	fs_run_result_free(&t.res);

	/* The whole group ignores SIGTERM (inherited): SIGKILL. */
	run_init(&t);
	t.r.timeout_s = 600;
	t.r.stop_fd = stop_in(0.3);
	run_shell(&t, "trap '' TERM; sleep 30");
	close(t.r.stop_fd);
	assert_int_equal(t.ret, FS_BENCH_ESTOPPED);
	assert_true(t.res.killed);
	assert_true(t.res.wall_s < 2.0);
	fs_run_result_free(&t.res);
}

struct reader {
	int fd;
	double first_at; /* when "first" came through */
};

static void *read_pipe(void *arg)
{
	struct reader *rd = arg;
	char buf[256];
	size_t got = 0;
	ssize_t n;

	while ((n = read(rd->fd, buf + got, sizeof(buf) - 1 - got)) > 0) {
		got += (size_t)n;
		buf[got] = '\0';
		if (!rd->first_at && strstr(buf, "first"))
			rd->first_at = fs_now_s();
	}
	return NULL;
}

/* run_through streams: output is on our stdout while the command runs. */
static void test_run_through_streams(void **state)
{
	struct fs_command c = {.shell = "echo first; sleep 1; echo second"};
	struct reader rd = {0};
	struct fs_runner r;
	char err[1024];
	int p[2], saved, code = -1;
	pthread_t th;
	double end;

	(void)state;
	assert_int_equal(pipe(p), 0);
	rd.fd = p[0];
	assert_int_equal(pthread_create(&th, NULL, read_pipe, &rd), 0);
	fs_runner_init(&r);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(dup2(p[1], STDOUT_FILENO) >= 0);
	close(p[1]);
	assert_int_equal(fs_runner_run_through(&r, &c, &code, err, sizeof(err)),
			 0);
	end = fs_now_s();
	dup2(saved, STDOUT_FILENO); /* closes the pipe's last write end */
	close(saved);
	pthread_join(th, NULL);
	close(p[0]);
	assert_int_equal(code, 0);
	assert_true(rd.first_at > 0);
	assert_true(rd.first_at < end - 0.5);
}

/* The whole group ignores SIGTERM: SIGKILL after the grace period. */
static void test_timeout_sigkill(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	t.r.timeout_s = 0.2;
	t.r.grace_s = 0.3;
	run_shell(&t, "trap '' TERM; sleep 30; echo survived");
	assert_int_equal(t.ret, FS_BENCH_ETIMEOUT);
	assert_true(t.res.timed_out);
	assert_true(t.res.killed);
	assert_int_equal(t.res.term_signal, SIGKILL);
	assert_true(t.res.wall_s >= 0.5);
	assert_true(t.res.wall_s < 2.0);
	assert_int_equal(t.res.out_len, 0);
	assert_contains(t.err, "ignored SIGTERM, killed with SIGKILL");
	fs_run_result_free(&t.res);
}

static bool process_gone(long pid)
{
	char path[64], state = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return true;
	/* pid (comm) state ...; comm here is "sleep", without ')' in it */
	if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
		state = 0;
	fclose(f);
	return state == 'Z' || state == 'X';
}

/*
 * The runner SIGKILLs the group and returns once the pipes close, but a
 * killed process closes its files a moment before it becomes a zombie:
 * allow it 2 s to get there (under load, or ASan, the gap is visible).
 */
static bool process_gone_soon(long pid)
{
	for (int i = 0; i < 200; i++) {
		if (process_gone(pid))
			return true;
		usleep(10000);
	}
	return false;
}

/* A background job holding the pipes must not keep the run going. */
static void test_leftover_group_killed(void **state)
{
	struct run t;
	long bg;

	(void)state;
	run_init(&t);
	run_shell(&t, "sleep 30 & echo $!");
	assert_int_equal(t.ret, 0);
	assert_true(t.res.wall_s < 1.5);
	bg = strtol(t.res.out, NULL, 10);
	assert_true(bg > 0);
	assert_true(process_gone_soon(bg));
	fs_run_result_free(&t.res);
}

/*
 * The process running the benchmark is SIGKILLed (a search killed with
 * kill -9): what the benchmark's shell started dies too, not only the
 * shell (PDEATHSIG alone reaches only the direct child).
 */
static void test_runner_killed_group_dies(void **state)
{
	char dir[] = "/tmp/fs-runner-kill-XXXXXX", path[64], buf[32] = "";
	pid_t helper;
	long bg = 0;
	int st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/pid", dir);
	helper = fork();
	assert_true(helper >= 0);
	if (helper == 0) {
		struct run t;
		char cmd[320];

		run_init(&t);
		t.r.timeout_s = 0;
		snprintf(cmd, sizeof(cmd),
			 "sleep 300 & echo $! >%s.tmp; mv %s.tmp %s; wait",
			 path, path, path);
		run_shell(&t, cmd);
		_exit(0);
	}
	for (int i = 0; i < 500 && !bg; i++) {
		FILE *f = fopen(path, "r");

		if (f) {
			if (fgets(buf, sizeof(buf), f))
				bg = strtol(buf, NULL, 10);
			fclose(f);
		}
		usleep(10000);
	}
	assert_true(bg > 0);
	assert_false(process_gone(bg));
	kill(helper, SIGKILL);
	assert_int_equal(waitpid(helper, &st, 0), helper);
	assert_true(process_gone_soon(bg));
	unlink(path);
	rmdir(dir);
}

/* 4 MB on stderr before any stdout: no deadlock, nothing lost. */
static void test_big_stderr(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	run_shell(&t, "head -c 4000000 /dev/zero | tr '\\000' e >&2; "
		      "head -c 3000000 /dev/zero | tr '\\000' o; echo done");
	assert_int_equal(t.ret, 0);
	assert_int_equal(t.res.err_len, 4000000);
	assert_int_equal(t.res.out_len, 3000005);
	assert_false(t.res.err_truncated);
	assert_int_equal(t.res.err[0], 'e');
	assert_int_equal(t.res.err[3999999], 'e');
	assert_string_equal(t.res.out + 3000000, "done\n");
	fs_run_result_free(&t.res);
}

/* Past the capture limit, stderr keeps its end, stdout its start. */
static void test_capture_limit(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	t.r.capture_limit = 1000;
	run_shell(&t, "seq 1 100000 >&2; seq 1 100000; exit 1");
	assert_int_equal(t.ret, FS_BENCH_EEXIT);
	assert_int_equal(t.res.err_len, 1000);
	assert_true(t.res.err_truncated);
	assert_string_equal(t.res.err + 1000 - 13, "99999\n100000\n");
	assert_int_equal(t.res.out_len, 1000);
	assert_true(t.res.out_truncated);
	assert_memory_equal(t.res.out, "1\n2\n3\n", 6);
	assert_contains(t.err, "stderr: ");
	assert_contains(t.err, "99999\n100000");
	fs_run_result_free(&t.res);
}

static void test_stdin_is_null(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	t.r.timeout_s = 5;
	run_shell(&t, "cat");
	assert_int_equal(t.ret, 0);
	assert_int_equal(t.res.out_len, 0);
	fs_run_result_free(&t.res);
}

static void test_flags_env(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	/* A stale value in our environment is replaced, not duplicated. */
	setenv("FLASHYSPARK_FLAGS", "stale", 1);
	t.r.flags = "tickless,sticky_cpu";
	run_shell(&t, "printf '%s:' \"$FLASHYSPARK_FLAGS\"; "
		      "env | grep -c '^FLASHYSPARK_FLAGS='");
	assert_int_equal(t.ret, 0);
	assert_string_equal(t.res.out, "tickless,sticky_cpu:1\n");
	fs_run_result_free(&t.res);
	/* No knobs on: set, and empty. */
	t.r.flags = NULL;
	run_shell(&t, "printf '[%s]' \"${FLASHYSPARK_FLAGS-unset}\"");
	assert_int_equal(t.ret, 0);
	assert_string_equal(t.res.out, "[]");
	fs_run_result_free(&t.res);
	unsetenv("FLASHYSPARK_FLAGS");
}

static void test_llama_argv(void **state)
{
	static const char *const want[] = {
		"llama-bench", "-m", "/m.gguf", "-p", "32", "-n",    "16",
		"-r",	       "3",  "-t",	"2",  "-o", "jsonl", NULL,
	};
	struct fs_llama_args a;
	struct fs_llama_argv v;
	char err[256];

	(void)state;
	fs_llama_args_init(&a);
	assert_string_equal(a.binary, "llama-bench");
	assert_int_equal(a.n_prompt, 32); /* what search and compare run */
	assert_int_equal(a.n_gen, 16);
	assert_int_equal(a.repetitions, 3);
	assert_true(a.threads >= 1);
	assert_int_equal(fs_llama_argv_build(&a, &v, err, sizeof(err)),
			 FS_BENCH_EINVAL); /* no model */
	a.model = "/m.gguf";
	a.n_prompt = 32;
	a.n_gen = 16;
	a.threads = 2;
	assert_int_equal(fs_llama_argv_build(&a, &v, err, sizeof(err)), 0);
	for (size_t i = 0; want[i]; i++)
		assert_string_equal(v.argv[i], want[i]);
	assert_null(v.argv[sizeof(want) / sizeof(want[0]) - 1]);
	a.repetitions = 0;
	assert_int_equal(fs_llama_argv_build(&a, &v, err, sizeof(err)),
			 FS_BENCH_EINVAL);
	assert_contains(err, "-r 0");
}

/*
 * A llama-bench stand-in that reports pp @pp and tg @tg t/s, whatever its
 * arguments, and records them in DIR/args.
 */
static void fake_bench(char *path, size_t len, const char *dir, double pp,
		       double tg)
{
	char data[4096];
	FILE *f;

	snprintf(path, len, "%s/llama-bench", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
		"#!/bin/sh\necho \"$*\" >%s/args\n"
		"sed -E '1s/\"avg_ts\": [0-9.]+/\"avg_ts\": %g/; "
		"2s/\"avg_ts\": [0-9.]+/\"avg_ts\": %g/' %s\n",
		dir, pp, tg,
		test_data_path("llama-bench-tiny.jsonl", data, sizeof(data)));
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
}

/*
 * The benchmark sized to the machine: a fast one gets the largest power
 * of two of tokens it does in half a second (capped at 512); a slow one
 * (QEMU/TCG) keeps the defaults. One calibration run, -r 1.
 */
static void test_llama_calibrate(void **state)
{
	char dir[] = "/tmp/fs-calib-XXXXXX", bin[128], msg[256], err[512];
	char args[256] = "", path[160];
	struct fs_llama_args a;
	struct fs_runner r;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fs_runner_init(&r);
	fake_bench(bin, sizeof(bin), dir, 5000, 300);
	fs_llama_args_init(&a);
	a.binary = bin;
	a.model = "m.gguf";
	assert_int_equal(
		fs_llama_calibrate(&a, &r, msg, sizeof(msg), err, sizeof(err)),
		0);
	assert_int_equal(a.n_prompt, 512);
	assert_int_equal(a.n_gen, 128);
	assert_int_equal(a.repetitions, 3);
	assert_contains(msg, "-p 512 -n 128 -r 3");
	snprintf(path, sizeof(path), "%s/args", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(args, sizeof(args), f));
	fclose(f);
	assert_contains(args, "-p 32 -n 16 -r 1 ");

	fake_bench(bin, sizeof(bin), dir, 60, 20);
	fs_llama_args_init(&a);
	a.binary = bin;
	a.model = "m.gguf";
	assert_int_equal(
		fs_llama_calibrate(&a, &r, msg, sizeof(msg), err, sizeof(err)),
		0);
	assert_int_equal(a.n_prompt, 32);
	assert_int_equal(a.n_gen, 16);
	unlink(path);
	unlink(bin);
	rmdir(dir);
}

/* --bench-args replaces -p -n -r, word by word. */
static void test_llama_extra_args(void **state)
{
	struct fs_llama_args a;
	struct fs_llama_argv v;
	char err[256];

	(void)state;
	fs_llama_args_init(&a);
	a.model = "m.gguf";
	a.threads = 4;
	a.extra = "-p 512  -n 128 -r 5";
	a.n_prompt = a.n_gen = 0; /* search leaves them unsized: unused */
	assert_int_equal(fs_llama_argv_build(&a, &v, err, sizeof(err)), 0);
	assert_string_equal(v.argv[3], "-p");
	assert_string_equal(v.argv[4], "512");
	assert_string_equal(v.argv[6], "128");
	assert_string_equal(v.argv[8], "5");
	assert_string_equal(v.argv[9], "-t");
	assert_string_equal(v.argv[10], "4");
	assert_null(v.argv[13]);
}

static void test_llama_run(void **state)
{
	char path[4096];
	const char *argv[] = {"cat", NULL, NULL};
	struct fs_command cmd = {.argv = argv};
	struct fs_bench_results res;
	struct fs_run_result run;
	struct fs_runner r;
	char err[512];

	(void)state;
	fs_runner_init(&r);
	r.flags = "tickless";
	argv[1] = test_data_path("llama-bench-tiny.json", path, sizeof(path));
	assert_int_equal(
		fs_llama_bench_run(&r, &cmd, &res, &run, err, sizeof(err)), 0);
	assert_int_equal(res.n_rows, 2);
	assert_double_equal(res.rows[0].avg_ts, 164.194838, 1e-9);
	assert_double_equal(res.rows[1].avg_ts, 8.270972, 1e-9);
	assert_true(run.exited);
	fs_bench_results_free(&res);
	fs_run_result_free(&run);
}

static void test_llama_run_no_rows(void **state)
{
	struct fs_command cmd = {
		.shell = "echo 'main: error: failed to load model' >&2",
	};
	struct fs_bench_results res;
	struct fs_runner r;
	char err[512];

	(void)state;
	fs_runner_init(&r);
	assert_int_equal(
		fs_llama_bench_run(&r, &cmd, &res, NULL, err, sizeof(err)),
		FS_BENCH_ENOROWS);
	assert_contains(err, "no rows in output");
	assert_contains(err, "stderr: main: error: failed to load model");
	assert_int_equal(res.n_rows, 0);
	fs_bench_results_free(&res);
}

static void test_bad_settings(void **state)
{
	struct run t;

	(void)state;
	run_init(&t);
	t.r.grace_s = -1;
	run_shell(&t, "true");
	assert_int_equal(t.ret, FS_BENCH_EINVAL);
	t.r.grace_s = 1;
	run_argv(&t, (const char *const[]){NULL});
	assert_int_equal(t.ret, FS_BENCH_EINVAL);
	assert_string_equal(fs_bench_status_name(FS_BENCH_ETIMEOUT), "timeout");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captures_jsonl),
		cmocka_unit_test(test_argv_without_shell),
		cmocka_unit_test(test_nonzero_exit),
		cmocka_unit_test(test_killed_by_signal),
		cmocka_unit_test(test_cannot_execute),
		cmocka_unit_test(test_timeout_sigterm),
		cmocka_unit_test(test_timeout_sigkill),
		cmocka_unit_test(test_run_through),
		cmocka_unit_test(test_stop_fd),
		cmocka_unit_test(test_run_through_streams),
		cmocka_unit_test(test_leftover_group_killed),
		cmocka_unit_test(test_runner_killed_group_dies),
		cmocka_unit_test(test_big_stderr),
		cmocka_unit_test(test_capture_limit),
		cmocka_unit_test(test_stdin_is_null),
		cmocka_unit_test(test_flags_env),
		cmocka_unit_test(test_llama_argv),
		cmocka_unit_test(test_llama_run),
		cmocka_unit_test(test_llama_calibrate),
		cmocka_unit_test(test_llama_extra_args),
		cmocka_unit_test(test_llama_run_no_rows),
		cmocka_unit_test(test_bad_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
