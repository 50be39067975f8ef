/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sched_ext scheduler run as a child for the length of a measurement:
 * scx_flashyspark with a knob set, or a peer scheduler binary. Started in
 * its own process group, waited on until ready (our loader's "ready" JSON
 * event on stdout under --stats-json, and /sys/kernel/sched_ext/state
 * "enabled"), stopped by pid with SIGINT (then SIGKILL after a grace
 * period), and reaped. Its exit status, its log (stderr, and a peer's
 * stdout) and our loader's final event (counters, the kernel's exit
 * record) are kept so a run can say what happened and why.
 */
#ifndef FS_RUNTIME_SCHED_CHILD_H
#define FS_RUNTIME_SCHED_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "public.h"
#include "byte_buffer.h"
#include "error_codes.h"
#include "loader_report.h"

/*
 * How long a scheduler may take to be enabled (a loader under TCG takes
 * seconds), and how long it has to detach after SIGINT before SIGKILL:
 * the same for every command and benchmark.
 */
#define FS_SCHED_READY_S      60.0
#define FS_SCHED_STOP_GRACE_S 5.0

struct fs_sched_spec {
	/* Binary to run: scx_flashyspark (default: found beside the caller
	 * or in PATH) or a peer; knobs are only passed to our loader. */
	const char *binary;
	bool is_flashyspark;
	bool knobs[FS_NR_KNOBS];
	const char *const *extra_args; /* NULL-terminated, may be NULL;
					* passed before the knob flags */
	double ready_timeout_s;	       /* 0 = FS_SCHED_READY_S */
	const char *sysfs_dir; /* NULL = /sys/kernel/sched_ext (tests) */
	/* -1, or a descriptor (the caller's signalfd, polled, not read)
	 * whose readiness ends the wait for the scheduler to be enabled. */
	int stop_fd;
};

/* Everything off or default, stop_fd -1: start from this. */
void fs_sched_spec_init(struct fs_sched_spec *spec);

struct fs_sched_child {
	pid_t pid; /* 0 when not running */
	int out_fd, err_fd;
	int pidfd;   /* -1 where pidfd_open is missing */
	int stop_fd; /* the spec's, while waiting to be enabled */
	char *log;   /* stderr (and a peer's stdout, our loader's non-JSON
		      * lines) so far, NUL-terminated: the last
		      * FS_SCHED_LOG_MAX bytes */
	size_t log_len;
	bool exited;
	int exit_code; /* valid when exited; -signal if killed */
	bool is_flashyspark;
	struct fs_loader_report report; /* our loader's events */
	struct fs_capture line;		/* its stdout's unfinished line */
	char sysfs_dir[128];
	char name[64]; /* basename of the binary, for messages */
};

#define FS_SCHED_LOG_MAX (64u << 10)

/* Default loader path: beside the running program, ../loader/, or PATH. */
void fs_sched_default_binary(char *buf, size_t len);

/*
 * Start the scheduler and wait until it is enabled. Returns 0, or a
 * negative FS_BENCH_* code with err naming the cause (not found, exited
 * with code N and the kernel's reason, not ready in T s, FS_BENCH_ESTOPPED
 * when stop_fd fired); on failure no child is left running and there is
 * nothing to free.
 */
int fs_sched_start(const struct fs_sched_spec *spec,
		   struct fs_sched_child *child, char *err, size_t errlen);

/* True if the child is still running and sched_ext is still enabled. */
bool fs_sched_alive(struct fs_sched_child *child);

/*
 * Stop it by pid (SIGINT, SIGKILL after grace_s) and reap it. Returns 0 if
 * it detached cleanly (exit 0), else a negative FS_BENCH_* code with the
 * exit reason in err. Safe to call twice.
 */
int fs_sched_stop(struct fs_sched_child *child, double grace_s, char *err,
		  size_t errlen);

void fs_sched_child_free(struct fs_sched_child *child);

#endif
