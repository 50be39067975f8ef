// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler child's life: spawn (own process group, pipes), wait for
 * it to be enabled, watch it, stop it by pid, reap it, and wait for the
 * kernel to be back on the fair class. Readiness is event-driven: poll on
 * the pipes and the pidfd, with a short period only for sysfs, which
 * has no event to wait on. The child is only signalled while unreaped,
 * so its pid (and group id) cannot have been reused.
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include "sched_child.h"

#include "byte_buffer.h"
#include "knobs.h"
#include "spawn.h"
#include "error_codes.h"
#include "clock.h"
#include "sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How often sysfs is read while nothing else happens. */
#define SYSFS_POLL_MS 10
/* How long the kernel may take to disable after the loader is gone. */
#define DISABLE_WAIT_S 5
/* A scheduler printing stats must not block on a pipe nobody reads
 * during a long benchmark: 1 MiB holds hours of a line a second. */
#define PIPE_SIZE  (1 << 20)
#define TAIL_BYTES 600

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static bool state_is(const struct fs_sched_child *c, const char *want)
{
	char state[32];

	return fs_sysfs_read(c->sysfs_dir, "state", state, sizeof(state)) &&
	       !strcmp(state, want);
}

/* Enabled, and with ops that are ours (any name for a peer). */
static bool enabled_as_ours(const struct fs_sched_child *c)
{
	char ops[128];

	if (!state_is(c, "enabled") ||
	    !fs_sysfs_read(c->sysfs_dir, "root/ops", ops, sizeof(ops)) ||
	    !ops[0])
		return false;
	return !c->is_flashyspark || !strcmp(ops, FS_OPS_NAME);
}

/* Keep the last FS_SCHED_LOG_MAX bytes: errors are at the end. */
static int log_add(struct fs_sched_child *c, const char *p, size_t n)
{
	if (!c->log) {
		c->log = malloc(FS_SCHED_LOG_MAX + 1);
		if (!c->log)
			return -1;
		c->log_len = 0;
	}
	if (n >= FS_SCHED_LOG_MAX) {
		p += n - FS_SCHED_LOG_MAX;
		n = FS_SCHED_LOG_MAX;
		c->log_len = 0;
	} else if (c->log_len + n > FS_SCHED_LOG_MAX) {
		size_t drop = c->log_len + n - FS_SCHED_LOG_MAX;

		memmove(c->log, c->log + drop, c->log_len - drop);
		c->log_len -= drop;
	}
	memcpy(c->log + c->log_len, p, n);
	c->log_len += n;
	c->log[c->log_len] = '\0';
	return 0;
}

/* Our loader's stdout: JSON events into the report, other lines to the log. */
static void take_stdout(struct fs_sched_child *c, const char *p, size_t n)
{
	const char *nl;

	while (n) {
		nl = memchr(p, '\n', n);
		if (!nl) {
			fs_capture_add(&c->line, p, n);
			return;
		}
		fs_capture_add(&c->line, p, (size_t)(nl - p));
		if (!fs_loader_report_line(&c->report,
					   c->line.buf ? c->line.buf : "",
					   c->line.len)) {
			log_add(c, c->line.buf ? c->line.buf : "", c->line.len);
			log_add(c, "\n", 1);
		}
		fs_capture_clear(&c->line);
		n -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
}

/* Read what a pipe holds now; EOF closes it. */
static void drain_fd(struct fs_sched_child *c, int *fd, bool json)
{
	char buf[4096];
	ssize_t n;

	while (*fd >= 0) {
		n = read(*fd, buf, sizeof(buf));
		if (n > 0) {
			if (json)
				take_stdout(c, buf, (size_t)n);
			else
				log_add(c, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || errno != EAGAIN)
			close_fd(fd);
		return;
	}
}

static void drain(struct fs_sched_child *c)
{
	drain_fd(c, &c->out_fd, c->is_flashyspark);
	drain_fd(c, &c->err_fd, false);
}

/* Has it exited? Leaves it unreaped (WNOWAIT) so the pid stays ours. */
static bool has_exited(const struct fs_sched_child *c)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	while (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) <
	       0)
		if (errno != EINTR)
			return true;
	return si.si_pid == c->pid;
}

/* Reap an exited child: remember its status; from now on pid is 0. */
static void reap(struct fs_sched_child *c)
{
	int status = 0;

	/* Leftovers of its group would run on; the leader is unreaped yet. */
	kill(-c->pid, SIGKILL);
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	c->exited = true;
	c->exit_code =
		WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
	c->pid = 0;
	close_fd(&c->pidfd);
	/* What it wrote last (the kernel's exit reason) is in the pipes. */
	drain(c);
	close_fd(&c->out_fd);
	close_fd(&c->err_fd);
}

/*
 * Sleep in poll on the pipes and the pidfd for at most ms; drain what
 * came. Returns true once the child has exited (unreaped).
 */
static bool wait_step(struct fs_sched_child *c, int ms)
{
	struct pollfd pfd[4];
	nfds_t n = 0;

	if (c->out_fd >= 0)
		pfd[n++] = (struct pollfd){c->out_fd, POLLIN, 0};
	if (c->err_fd >= 0)
		pfd[n++] = (struct pollfd){c->err_fd, POLLIN, 0};
	if (c->pidfd >= 0)
		pfd[n++] = (struct pollfd){c->pidfd, POLLIN, 0};
	if (c->stop_fd >= 0) /* wakes us; stop_requested() says so */
		pfd[n++] = (struct pollfd){c->stop_fd, POLLIN, 0};
	if (c->pidfd < 0 && ms > SYSFS_POLL_MS)
		ms = SYSFS_POLL_MS; /* no exit event: look often */
	if (poll(pfd, n, ms) < 0 && errno != EINTR)
		usleep(1000); /* cannot sleep in poll: do not spin */
	drain(c);
	return has_exited(c);
}

/* The last lines of the log on one line, for an error message. */
static void log_tail(const struct fs_sched_child *c, char *buf, size_t len)
{
	size_t n = c->log_len, start, j = 0;

	while (n && (c->log[n - 1] == '\n' || c->log[n - 1] == ' '))
		n--;
	start = n > TAIL_BYTES ? n - TAIL_BYTES : 0;
	while (start && start < n && c->log[start - 1] != '\n')
		start++;
	for (size_t i = start; i < n && j + 3 < len; i++) {
		if (c->log[i] == '\n') {
			buf[j++] = ';';
			buf[j++] = ' ';
		} else {
			buf[j++] = c->log[i];
		}
	}
	if (len)
		buf[j < len ? j : len - 1] = '\0';
}

/* The error for a child that exited (status kept in c). */
static int exit_error(const struct fs_sched_child *c, const char *when,
		      char *err, size_t errlen)
{
	char tail[TAIL_BYTES + 64];

	/* The loader's own account first; else what it last wrote. */
	if (!fs_loader_report_reason(&c->report, tail, sizeof(tail)))
		log_tail(c, tail, sizeof(tail));
	if (c->exit_code >= 0)
		return fs_bench_fail(err, errlen, FS_BENCH_EEXIT,
				     "%s exited with code %d%s: %s", c->name,
				     c->exit_code, when,
				     tail[0] ? tail : "(no output)");
	return fs_bench_fail(err, errlen, FS_BENCH_ESIGNAL,
			     "%s killed by signal %d (%s)%s: %s", c->name,
			     -c->exit_code, strsignal(-c->exit_code), when,
			     tail[0] ? tail : "(no output)");
}

void fs_sched_spec_init(struct fs_sched_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->stop_fd = -1;
}

void fs_sched_default_binary(char *buf, size_t len)
{
	static const char *const rel[] = {"scx_flashyspark",
					  "../loader/scx_flashyspark"};
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			slash[1] = '\0';
			for (size_t i = 0; i < 2; i++) {
				snprintf(buf, len, "%s%s", self, rel[i]);
				if (!access(buf, X_OK))
					return;
			}
		}
	}
	snprintf(buf, len, "scx_flashyspark"); /* looked up in PATH */
}

static int child_init(const struct fs_sched_spec *spec,
		      struct fs_sched_child *c, const char *binary)
{
	const char *base = strrchr(binary, '/');

	memset(c, 0, sizeof(*c));
	c->out_fd = c->err_fd = c->pidfd = -1;
	c->stop_fd = spec->stop_fd;
	c->is_flashyspark = spec->is_flashyspark;
	fs_capture_init(&c->line, FS_SCHED_LOG_MAX, false);
	snprintf(c->name, sizeof(c->name), "%.*s", (int)sizeof(c->name) - 1,
		 base ? base + 1 : binary);
	if (snprintf(c->sysfs_dir, sizeof(c->sysfs_dir), "%s",
		     spec->sysfs_dir ? spec->sysfs_dir
				     : "/sys/kernel/sched_ext") >=
	    (int)sizeof(c->sysfs_dir))
		return -1;
	return 0;
}

/* sched_ext must exist and be free, or readiness would mean nothing. */
static int check_idle(const struct fs_sched_child *c, char *err, size_t errlen)
{
	char state[32], ops[128];

	if (!fs_sysfs_read(c->sysfs_dir, "state", state, sizeof(state)))
		return fs_bench_fail(err, errlen, FS_BENCH_ESYS,
				     "this kernel has no sched_ext (%s/state "
				     "unreadable)",
				     c->sysfs_dir);
	if (strcmp(state, "disabled")) {
		if (!fs_sysfs_read(c->sysfs_dir, "root/ops", ops, sizeof(ops)))
			snprintf(ops, sizeof(ops), "?");
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "sched_ext is busy (state %s, ops %s): "
				     "another scheduler is loaded",
				     state, ops);
	}
	return 0;
}

/*
 * argv: binary, extra args, then for our loader one --knob-name flag per
 * knob that is on and --stats-json.
 */
static int build_argv(const struct fs_sched_spec *spec, const char *binary,
		      const char **argv, size_t max,
		      char flags[FS_NR_KNOBS][64])
{
	size_t n = 0;

	argv[n++] = binary;
	for (size_t i = 0; spec->extra_args && spec->extra_args[i]; i++) {
		if (n + 1 >= max)
			return -1;
		argv[n++] = spec->extra_args[i];
	}
	for (int k = 0; spec->is_flashyspark && k < FS_NR_KNOBS; k++) {
		if (!spec->knobs[k])
			continue;
		if (n + 1 >= max)
			return -1;
		fs_knob_flag(k, flags[k], sizeof(flags[k]));
		argv[n++] = flags[k];
	}
	if (spec->is_flashyspark) {
		if (n + 1 >= max)
			return -1;
		argv[n++] = "--stats-json"; /* events we read, not prose */
	}
	argv[n] = NULL;
	return 0;
}

/* Has the caller's stop descriptor fired? (Not read: the caller reads.) */
static bool stop_requested(const struct fs_sched_child *c)
{
	struct pollfd p = {c->stop_fd, POLLIN, 0};

	return c->stop_fd >= 0 && poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

static bool ready(const struct fs_sched_child *c)
{
	/* Our loader also says so itself, in its "ready" event. */
	return (!c->is_flashyspark || c->report.ready) && enabled_as_ours(c);
}

static int wait_ready(struct fs_sched_child *c, double timeout_s, char *err,
		      size_t errlen)
{
	double deadline = fs_now_s() + timeout_s;
	int ret = 0;

	for (;;) {
		double left = deadline - fs_now_s();

		if (ready(c))
			break;
		if (stop_requested(c)) {
			ret = fs_bench_fail(err, errlen, FS_BENCH_ESTOPPED,
					    "stopped while %s was loading",
					    c->name);
			break;
		}
		if (left <= 0) {
			char tail[TAIL_BYTES + 64];

			log_tail(c, tail, sizeof(tail));
			ret = fs_bench_fail(err, errlen, FS_BENCH_ETIMEOUT,
					    "%s not enabled within %g s: %s",
					    c->name, timeout_s,
					    tail[0] ? tail : "(no output)");
			break;
		}
		if (wait_step(c, SYSFS_POLL_MS)) {
			reap(c);
			ret = exit_error(c, " before it was enabled", err,
					 errlen);
			break;
		}
	}
	return ret;
}

int fs_sched_start(const struct fs_sched_spec *spec, struct fs_sched_child *c,
		   char *err, size_t errlen)
{
	char binary[PATH_MAX], flags[FS_NR_KNOBS][64], why[64];
	const char *argv[64];
	struct fs_command cmd = {.argv = argv};
	struct fs_child ch;
	int ret;

	if (!spec || !c)
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "no scheduler to start");
	if (spec->binary)
		snprintf(binary, sizeof(binary), "%s", spec->binary);
	else
		fs_sched_default_binary(binary, sizeof(binary));
	if (child_init(spec, c, binary) ||
	    build_argv(spec, binary, argv, 64, flags))
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "scheduler arguments too long");
	ret = check_idle(c, err, errlen);
	if (ret)
		return ret;
	ret = fs_spawn(&cmd, NULL, false, &ch, err, errlen);
	if (ret)
		return ret;
	c->pid = ch.pid;
	c->out_fd = ch.out_fd;
	c->err_fd = ch.err_fd;
	fcntl(c->out_fd, F_SETPIPE_SZ, PIPE_SIZE);
	fcntl(c->err_fd, F_SETPIPE_SZ, PIPE_SIZE);
#ifdef SYS_pidfd_open
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
#endif
	ret = wait_ready(c,
			 spec->ready_timeout_s > 0 ? spec->ready_timeout_s
						   : FS_SCHED_READY_S,
			 err, errlen);
	c->stop_fd = -1; /* stopping it must not be cut short */
	if (ret) {
		/* Nothing may stay behind; the error holds the log's tail. */
		fs_sched_stop(c, 2, why, sizeof(why));
		fs_sched_child_free(c);
	}
	return ret;
}

bool fs_sched_alive(struct fs_sched_child *c)
{
	if (!c || !c->pid)
		return false;
	drain(c);
	if (has_exited(c)) {
		reap(c);
		return false;
	}
	return enabled_as_ours(c);
}

/* After the loader is gone the kernel reverts to the fair class. */
static int wait_disabled(struct fs_sched_child *c, char *err, size_t errlen)
{
	double deadline = fs_now_s() + DISABLE_WAIT_S;
	char state[32];

	while (!state_is(c, "disabled")) {
		if (fs_now_s() >= deadline) {
			if (!fs_sysfs_read(c->sysfs_dir, "state", state,
					   sizeof(state)))
				return 0; /* no sched_ext: nothing to wait for
					   */
			return fs_bench_fail(err, errlen, FS_BENCH_ESYS,
					     "sched_ext still %s %d s after %s "
					     "exited",
					     state, DISABLE_WAIT_S, c->name);
		}
		usleep(SYSFS_POLL_MS * 1000);
	}
	return 0;
}

int fs_sched_stop(struct fs_sched_child *c, double grace_s, char *err,
		  size_t errlen)
{
	double deadline;
	bool killed = false;
	int ret;

	if (!c || (!c->pid && !c->exited))
		return 0; /* never started */
	if (c->pid) {
		kill(c->pid, SIGINT);
		deadline = fs_now_s() + grace_s;
		while (!has_exited(c)) {
			double left = deadline - fs_now_s();

			if (left <= 0) {
				kill(-c->pid, SIGKILL);
				killed = true;
				break;
			}
			if (wait_step(c, (int)(left * 1e3) + 1))
				break;
		}
		reap(c);
	}
	ret = wait_disabled(c, err, errlen);
	if (ret)
		return ret;
	if (killed)
		return fs_bench_fail(err, errlen, FS_BENCH_ETIMEOUT,
				     "%s did not exit within %g s of SIGINT; "
				     "killed",
				     c->name, grace_s);
	if (c->exit_code)
		return exit_error(c, "", err, errlen);
	return 0;
}

void fs_sched_child_free(struct fs_sched_child *c)
{
	char why[64];

	if (!c)
		return;
	if (c->pid)
		fs_sched_stop(c, 2, why, sizeof(why));
	close_fd(&c->out_fd);
	close_fd(&c->err_fd);
	close_fd(&c->pidfd);
	free(c->log);
	c->log = NULL;
	c->log_len = 0;
	fs_capture_free(&c->line);
}
