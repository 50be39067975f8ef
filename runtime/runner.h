/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run a benchmark command as a child process: its own process group,
 * stdout and stderr captured, a time limit enforced on the whole group
 * (SIGTERM, then SIGKILL after a grace period), FLASHYSPARK_FLAGS set.
 * No global state and no signal handlers: everything lives in the
 * caller's fs_runner and fs_run_result.
 */
#ifndef FS_RUNTIME_RUNNER_H
#define FS_RUNTIME_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error_codes.h"

/* What to run: an argv (no shell), or else a shell command (sh -c). */
struct fs_command {
	const char *const
		*argv;	   /* NULL-terminated; argv[0] looked up in PATH */
	const char *shell; /* used when argv is NULL */
};

/* How to run it; fs_runner_init gives the defaults noted. */
struct fs_runner {
	double timeout_s;     /* 600; 0 = no limit */
	double grace_s;	      /* 2: SIGTERM to SIGKILL, and draining pipes */
	size_t capture_limit; /* 64 MiB kept per stream */
	const char *flags; /* FLASHYSPARK_FLAGS: "knob_a,knob_b"; NULL = "" */
	/*
	 * -1: a descriptor that becomes readable when the run must stop
	 * (the caller's signalfd, which is only polled, not read): the group
	 * then gets SIGTERM at once and SIGKILL FS_RUNNER_STOP_GRACE_S later.
	 */
	int stop_fd;
	bool stream; /* also copy output to our stdout/stderr as it comes */
};

/* After a stop request, how long the command has before SIGKILL. */
#define FS_RUNNER_STOP_GRACE_S 0.5

struct fs_run_result {
	pid_t pid;
	bool exited; /* exit_code is valid */
	int exit_code;
	bool signaled; /* term_signal is valid */
	int term_signal;
	bool timed_out; /* the time limit was hit and the group signalled */
	bool stopped;	/* stop_fd fired and the group was signalled */
	bool killed;	/* ... and it outlived the grace period: SIGKILL */
	double wall_s;	/* fork to reap */
	char *out; /* stdout, NUL-terminated; the first capture_limit bytes */
	size_t out_len;
	bool out_truncated;
	char *err; /* stderr, NUL-terminated; the last capture_limit bytes */
	size_t err_len;
	bool err_truncated;
};

void fs_runner_init(struct fs_runner *r);

/*
 * Run cmd to completion. Returns 0 if it exited with code 0 in time;
 * else FS_BENCH_EEXIT, _ESIGNAL, _ETIMEOUT, _ESTOPPED (res filled, err
 * names the cause and ends with the tail of stderr), or FS_BENCH_EEXEC,
 * _ESYS, _ENOMEM, _EINVAL (it did not run). res is always safe to pass to
 * fs_run_result_free.
 */
int fs_runner_run(const struct fs_runner *r, const struct fs_command *cmd,
		  struct fs_run_result *res, char *err, size_t errlen);

void fs_run_result_free(struct fs_run_result *res);

/*
 * Run cmd to completion with its output going to our stdout and stderr as
 * it comes. Returns 0 with its exit code in *exit_code when it exited
 * (whatever the code); else fs_runner_run's error (e.g. FS_BENCH_ETIMEOUT,
 * FS_BENCH_ESTOPPED) with err.
 */
int fs_runner_run_through(const struct fs_runner *r,
			  const struct fs_command *cmd, int *exit_code,
			  char *err, size_t errlen);

/*
 * Copy at most max_bytes of the end of stderr into buf (NUL-terminated,
 * starting at a line boundary when one is in range). Returns its length.
 */
size_t fs_run_result_stderr_tail(const struct fs_run_result *res,
				 size_t max_bytes, char *buf, size_t len);

#endif
