// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler child without sched_ext: a fake sysfs directory and
 * shell scripts that play the loader (write "enabled" to the fake state,
 * print "ready", detach on SIGINT) or misbehave (exit with the kernel's
 * reason, never get ready, ignore SIGINT, die mid-run); and a command run
 * under such a scheduler with fs_run_under.
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
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "knobs.h"
#include "run_under.h"
#include "sched_child.h"

struct fake {
	char dir[64];
	char state[128];
	const char *argv[8];
	struct fs_sched_spec spec;
	struct fs_sched_child child;
	char err[1024];
};

/* The loader's JSON events (loader/report.h), as the fakes print them. */
#define READY_EVENT "echo '{\"event\":\"ready\",\"ops\":\"flashyspark\"}'; "
#define FINAL_UNREG                                                   \
	"echo '{\"event\":\"final\",\"t_s\":1.5,\"counters\":{"       \
	"\"nr_enqueues\":42,\"nr_dispatches\":7},\"exit\":{\"kind\":" \
	"\"UNREG\",\"kind_code\":64,\"exit_code\":0,\"reason\":"      \
	"\"unregistered from user space\",\"message\":\"\"},\"error\":null}'"

/* The loader's part: enable, say ready, detach on SIGINT. */
#define GOOD_LOADER                                                   \
	"d=$1; shift; echo \"args:$*\"; echo enabled >$d/state; "     \
	"bye() { echo disabled >$d/state; echo bye >&2; " FINAL_UNREG \
	"; exit 0; }; trap bye INT; "                                 \
	"echo flashyspark >$d/root/ops; " READY_EVENT                 \
	"while :; do sleep 0.05; done"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void read_state(struct fake *t, char *buf, size_t len)
{
	FILE *f = fopen(t->state, "r");

	assert_non_null(f);
	assert_non_null(fgets(buf, (int)len, f));
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static int setup(void **state)
{
	struct fake *t = calloc(1, sizeof(*t));
	char ops[128];

	snprintf(t->dir, sizeof(t->dir), "/tmp/fs-sched-XXXXXX");
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->state, sizeof(t->state), "%s/state", t->dir);
	snprintf(ops, sizeof(ops), "%s/root", t->dir);
	mkdir(ops, 0755);
	write_file(t->state, "disabled\n");
	snprintf(ops, sizeof(ops), "%s/root/ops", t->dir);
	write_file(ops, "\n");
	fs_sched_spec_init(&t->spec);
	t->spec.binary = "/bin/sh";
	t->spec.is_flashyspark = true;
	t->spec.sysfs_dir = t->dir;
	t->spec.extra_args = t->argv;
	t->spec.ready_timeout_s = 10;
	t->argv[0] = "-c";
	t->argv[2] = "sh";
	t->argv[3] = t->dir;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct fake *t = *state;
	char cmd[128];

	fs_sched_child_free(&t->child);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	if (system(cmd))
		return -1;
	free(t);
	return 0;
}

static void assert_contains(const char *s, const char *what)
{
	if (!s || !strstr(s, what))
		fail_msg("'%s' does not contain '%s'", s ? s : "(null)", what);
}

static void test_start_stop(void **state)
{
	struct fake *t = *state;
	char st[32];

	t->argv[1] = GOOD_LOADER;
	t->spec.knobs[FS_KNOB_tickless] = true;
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)), 0);
	assert_true(t->child.pid > 0);
	assert_int_equal(getpgid(t->child.pid), t->child.pid);
	assert_true(fs_sched_alive(&t->child));
	assert_contains(t->child.log, "args:--tickless --stats-json");
	assert_int_equal(fs_sched_stop(&t->child, 5, t->err, sizeof(t->err)),
			 0);
	assert_int_equal(t->child.pid, 0);
	assert_true(t->child.exited);
	assert_int_equal(t->child.exit_code, 0);
	assert_contains(t->child.log, "bye");
	/* Its final event, read from JSON: counters and the exit record. */
	assert_true(t->child.report.have_final);
	assert_true(t->child.report.have_exit);
	assert_string_equal(t->child.report.exit_kind, "UNREG");
	assert_int_equal(t->child.report.exit_kind_code, 64);
	assert_string_equal(t->child.report.counters,
			    "{\"nr_enqueues\":42,\"nr_dispatches\":7}");
	/* JSON lines stay out of the log; other lines go in. */
	assert_null(strstr(t->child.log, "\"event\""));
	read_state(t, st, sizeof(st));
	assert_string_equal(st, "disabled");
	assert_false(fs_sched_alive(&t->child));
	/* Twice is harmless. */
	assert_int_equal(fs_sched_stop(&t->child, 5, t->err, sizeof(t->err)),
			 0);
}

/* The loader's failure carries the kernel's reason into the error. */
static void test_load_error(void **state)
{
	struct fake *t = *state;

	t->argv[1] = "echo 'scx_flashyspark: scheduler exited: ERROR_STALL "
		     "(1026): runnable task stall' >&2; exit 2";
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)),
		FS_BENCH_EEXIT);
	assert_contains(t->err, "exited with code 2");
	assert_contains(t->err, "ERROR_STALL (1026): runnable task stall");
	assert_int_equal(t->child.pid, 0);
}

/* Our loader's word is its JSON event: a plain "ready" line is not it. */
static void test_plain_ready_is_not_ready(void **state)
{
	struct fake *t = *state;

	t->argv[1] = "echo enabled >$1/state; echo flashyspark >$1/root/ops; "
		     "echo ready; while :; do sleep 0.05; done";
	t->spec.ready_timeout_s = 0.5;
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)),
		FS_BENCH_ETIMEOUT);
	assert_contains(t->err, "ready");
}

/* "ready" alone is not enough: the kernel must show it enabled. */
static void test_not_enabled_times_out(void **state)
{
	struct fake *t = *state;
	time_t t0 = time(NULL);

	t->argv[1] = "trap '' INT; " READY_EVENT "while :; do sleep 0.05; done";
	t->spec.ready_timeout_s = 0.5;
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)),
		FS_BENCH_ETIMEOUT);
	assert_contains(t->err, "not enabled within 0.5 s");
	/* It ignored SIGINT: killed after the grace period, and reaped. */
	assert_int_equal(t->child.pid, 0);
	assert_int_equal(t->child.exit_code, -SIGKILL);
	assert_true(time(NULL) - t0 < 8);
}

static void test_busy(void **state)
{
	struct fake *t = *state;

	write_file(t->state, "enabled\n");
	t->argv[1] = GOOD_LOADER;
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)),
		FS_BENCH_EINVAL);
	assert_contains(t->err, "another scheduler is loaded");
	assert_int_equal(t->child.pid, 0);
}

static void test_no_sched_ext(void **state)
{
	struct fake *t = *state;

	unlink(t->state);
	t->argv[1] = GOOD_LOADER;
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)),
		FS_BENCH_ESYS);
	assert_contains(t->err, "no sched_ext");
}

/* A peer prints no "ready": enabled with any ops name is ready. */
static void test_peer(void **state)
{
	struct fake *t = *state;

	t->spec.is_flashyspark = false;
	t->argv[1] = "trap 'echo disabled >$1/state; exit 0' INT; "
		     "echo enabled >$1/state; echo simple >$1/root/ops; "
		     "while :; do sleep 0.05; done";
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)), 0);
	assert_true(fs_sched_alive(&t->child));
	assert_int_equal(fs_sched_stop(&t->child, 5, t->err, sizeof(t->err)),
			 0);
}

/*
 * The scheduler dies during the run: alive says so, stop says why, from
 * the loader's final event (it writes no prose here).
 */
static void test_dies_while_running(void **state)
{
	struct fake *t = *state;

	t->argv[1] = "echo enabled >$1/state; echo flashyspark "
		     ">$1/root/ops; " READY_EVENT
		     "sleep 0.3; echo disabled >$1/state; "
		     "echo '{\"event\":\"final\",\"counters\":null,"
		     "\"exit\":{\"kind\":\"ERROR_BPF\",\"kind_code\":1025,"
		     "\"exit_code\":0,\"reason\":\"bad\",\"message\":"
		     "\"in fs_enqueue\"},\"error\":null}'; exit 2";
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)), 0);
	usleep(800 * 1000);
	assert_false(fs_sched_alive(&t->child));
	assert_int_equal(fs_sched_stop(&t->child, 5, t->err, sizeof(t->err)),
			 FS_BENCH_EEXIT);
	assert_contains(t->err, "scheduler exited: ERROR_BPF (1025): bad; "
				"in fs_enqueue");
	assert_string_equal(t->child.report.counters, "");
}

static void test_missing_binary(void **state)
{
	struct fake *t = *state;

	t->spec.binary = "/nonexistent/scx_nothing";
	t->spec.extra_args = NULL;
	assert_int_equal(
		fs_sched_start(&t->spec, &t->child, t->err, sizeof(t->err)),
		FS_BENCH_EEXEC);
	assert_contains(t->err, "scx_nothing");
}

/* fs_run_under: the command's status, with the scheduler loaded for it. */
static void test_run_under_done(void **state)
{
	struct fake *t = *state;
	struct fs_command cmd = {.shell = NULL};
	struct fs_runner r;
	char shell[256], st[32];
	int code = -1;

	t->argv[1] = GOOD_LOADER;
	snprintf(shell, sizeof(shell),
		 "test \"$(cat %s)\" = enabled || exit 9; exit 4", t->state);
	cmd.shell = shell;
	fs_runner_init(&r);
	assert_int_equal(fs_run_under(&t->spec, &r, &cmd, &code, NULL, NULL,
				      t->err, sizeof(t->err)),
			 FS_RUN_UNDER_DONE);
	assert_int_equal(code, 4);
	read_state(t, st, sizeof(st));
	assert_string_equal(st, "disabled");
}

/* The scheduler dies during the command: LOST, with the kernel's reason. */
static void test_run_under_lost(void **state)
{
	struct fake *t = *state;
	struct fs_command cmd = {.shell = "sleep 1"};
	struct fs_runner r;
	int code = -1;

	t->argv[1] = "echo enabled >$1/state; echo flashyspark "
		     ">$1/root/ops; " READY_EVENT
		     "sleep 0.2; echo disabled >$1/state; "
		     "echo '{\"event\":\"final\",\"exit\":{\"kind\":"
		     "\"ERROR_STALL\",\"kind_code\":1026,\"reason\":"
		     "\"stall\"}}'; exit 2";
	fs_runner_init(&r);
	assert_int_equal(fs_run_under(&t->spec, &r, &cmd, &code, NULL, NULL,
				      t->err, sizeof(t->err)),
			 FS_RUN_UNDER_LOST);
	assert_contains(t->err, "ERROR_STALL (1026): stall");
}

/* The stop descriptor fires mid-command: STOPPED at once, unloaded. */
static void test_run_under_stopped(void **state)
{
	struct fake *t = *state;
	struct fs_command cmd = {.shell = "sleep 30"};
	struct itimerspec it = {.it_value = {0, 300 * 1000 * 1000}};
	struct fs_runner r;
	time_t t0 = time(NULL);
	char st[32];
	int code = -1;

	t->argv[1] = GOOD_LOADER;
	fs_runner_init(&r);
	r.stop_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	assert_true(r.stop_fd >= 0);
	assert_int_equal(timerfd_settime(r.stop_fd, 0, &it, NULL), 0);
	assert_int_equal(fs_run_under(&t->spec, &r, &cmd, &code, NULL, NULL,
				      t->err, sizeof(t->err)),
			 FS_RUN_UNDER_STOPPED);
	close(r.stop_fd);
	assert_true(time(NULL) - t0 < 5);
	read_state(t, st, sizeof(st));
	assert_string_equal(st, "disabled");
}

/* A loader that cannot start: NO_SCHED, the command never ran. */
static void test_run_under_no_sched(void **state)
{
	struct fake *t = *state;
	struct fs_command cmd = {.shell = "touch /tmp/fs-run-under-ran"};
	struct fs_runner r;
	int code = -1;

	unlink("/tmp/fs-run-under-ran");
	t->argv[1] = "echo 'no BPF today' >&2; exit 1";
	fs_runner_init(&r);
	assert_int_equal(fs_run_under(&t->spec, &r, &cmd, &code, NULL, NULL,
				      t->err, sizeof(t->err)),
			 FS_RUN_UNDER_NO_SCHED);
	assert_contains(t->err, "no BPF today");
	assert_int_equal(access("/tmp/fs-run-under-ran", F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_start_stop, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_plain_ready_is_not_ready,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_error, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_enabled_times_out,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_sched_ext, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dies_while_running, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_missing_binary, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_run_under_done, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_run_under_lost, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_run_under_stopped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_run_under_no_sched, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
