// SPDX-License-Identifier: GPL-2.0
/*
 * Supervision of one child: drain its pipes with poll (so a child that
 * fills one pipe while we wait on the other cannot deadlock), notice its
 * exit through a pidfd, enforce the time limit on its process group, and
 * end the group at once when the caller's stop descriptor fires.
 *
 * The group is only ever signalled while its leader is unreaped (running
 * or a zombie), so its pid, hence the group id, cannot have been reused.
 */
#include "runner.h"
#include "byte_buffer.h"
#include "spawn.h"
#include "clock.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define READ_CHUNK 65536
/* Without a pidfd, how often to look for the child's exit. */
#define EXIT_POLL_MS 5

struct supervise {
	const struct fs_runner *r;
	struct fs_child child;
	int pidfd; /* -1: unsupported, fall back to EXIT_POLL_MS polling */
	struct fs_capture out, err;
	double start, deadline, kill_at, drain_until; /* monotonic seconds */
	bool exited, term_sent, kill_sent, stopped;
};

void fs_runner_init(struct fs_runner *r)
{
	r->timeout_s = 600;
	r->grace_s = 2;
	r->capture_limit = 64u << 20;
	r->flags = NULL;
	r->stop_fd = -1;
	r->stream = false;
}

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* Has the child exited? Leaves it unreaped (WNOWAIT). */
static bool child_exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		if (errno != EINTR)
			return true; /* gone already: nothing to wait for */
	return si.si_pid == pid;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Copy a chunk to our own @fd (streaming); a reader gone is no error. */
static void pass_on(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/*
 * One read from a ready pipe, kept in @c and, if @copy_to >= 0, written
 * there; EOF or an error closes our end.
 */
static int drain(int *fd, struct fs_capture *c, int copy_to)
{
	char buf[READ_CHUNK];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n > 0) {
		if (copy_to >= 0)
			pass_on(copy_to, buf, (size_t)n);
		return fs_capture_add(c, buf, (size_t)n);
	}
	if (n == 0 || (errno != EINTR && errno != EAGAIN))
		close_fd(fd);
	return 0;
}

/* A stop request: SIGTERM to the group now, SIGKILL soon after. */
static void stop_now(struct supervise *s, double now)
{
	s->stopped = true;
	if (s->exited)
		return;
	if (!s->term_sent) {
		kill(-s->child.pid, SIGTERM);
		s->term_sent = true;
		s->kill_at = now + FS_RUNNER_STOP_GRACE_S;
	} else {
		s->kill_at = fmin(s->kill_at, now + FS_RUNNER_STOP_GRACE_S);
	}
}

/* Time limit: SIGTERM to the group, then SIGKILL after the grace period. */
static void enforce_deadline(struct supervise *s, double now)
{
	if (s->exited)
		return;
	if (s->r->timeout_s <= 0 && !s->stopped)
		return;
	if (!s->term_sent && s->r->timeout_s > 0 && now >= s->deadline) {
		kill(-s->child.pid, SIGTERM);
		s->term_sent = true;
		s->kill_at = now + s->r->grace_s;
	}
	if (s->term_sent && !s->kill_sent && now >= s->kill_at) {
		kill(-s->child.pid, SIGKILL);
		s->kill_sent = true;
	}
}

static void on_exit_seen(struct supervise *s, double now)
{
	s->exited = true;
	/* Leftovers of the group (background jobs) would skew later runs. */
	kill(-s->child.pid, SIGKILL);
	/* A process that left the group may hold the pipes: stop waiting. */
	s->drain_until = now + s->r->grace_s;
}

/* Milliseconds poll may sleep before the next thing to do; -1: forever. */
static int poll_wait_ms(const struct supervise *s, double now)
{
	double next = INFINITY;

	if (s->exited)
		next = s->drain_until;
	else if (s->kill_sent)
		next = INFINITY;
	else if (s->term_sent)
		next = s->kill_at;
	else if (s->r->timeout_s > 0)
		next = s->deadline;
	if (!s->exited && s->pidfd < 0)
		next = fmin(next, now + EXIT_POLL_MS * 1e-3);
	if (isinf(next))
		return -1;
	return next <= now ? 0 : (int)ceil((next - now) * 1e3);
}

static int poll_once(struct supervise *s, char *err, size_t errlen)
{
	struct pollfd pfd[4];
	int n = 0, i_out = -1, i_err = -1, i_pid = -1, i_stop = -1;
	int out_to = s->r->stream ? STDOUT_FILENO : -1;
	int err_to = s->r->stream ? STDERR_FILENO : -1;
	double now = fs_now_s();

	enforce_deadline(s, now);
	if (s->child.out_fd >= 0)
		pfd[i_out = n++] = (struct pollfd){s->child.out_fd, POLLIN, 0};
	if (s->child.err_fd >= 0)
		pfd[i_err = n++] = (struct pollfd){s->child.err_fd, POLLIN, 0};
	if (!s->exited && s->pidfd >= 0)
		pfd[i_pid = n++] = (struct pollfd){s->pidfd, POLLIN, 0};
	if (!s->exited && !s->stopped && s->r->stop_fd >= 0)
		pfd[i_stop = n++] = (struct pollfd){s->r->stop_fd, POLLIN, 0};
	if (poll(pfd, (nfds_t)n, poll_wait_ms(s, now)) < 0) {
		if (errno == EINTR)
			return 0;
		return fs_bench_fail(err, errlen, FS_BENCH_ESYS, "poll: %s",
				     strerror(errno));
	}
	if (i_stop >= 0 && pfd[i_stop].revents)
		stop_now(s, fs_now_s());
	if ((i_out >= 0 && pfd[i_out].revents &&
	     drain(&s->child.out_fd, &s->out, out_to)) ||
	    (i_err >= 0 && pfd[i_err].revents &&
	     drain(&s->child.err_fd, &s->err, err_to)))
		return fs_bench_fail(err, errlen, FS_BENCH_ENOMEM,
				     "out of memory capturing output");
	if (!s->exited && ((i_pid >= 0 && pfd[i_pid].revents) ||
			   (s->pidfd < 0 && child_exited(s->child.pid))))
		on_exit_seen(s, fs_now_s());
	return 0;
}

static bool done(const struct supervise *s)
{
	if (!s->exited)
		return false;
	return (s->child.out_fd < 0 && s->child.err_fd < 0) ||
	       fs_now_s() >= s->drain_until;
}

static int reap(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

static void fill_status(struct fs_run_result *res, int status)
{
	res->exited = WIFEXITED(status);
	res->exit_code = res->exited ? WEXITSTATUS(status) : 0;
	res->signaled = WIFSIGNALED(status);
	res->term_signal = res->signaled ? WTERMSIG(status) : 0;
}

static int take_output(struct supervise *s, struct fs_run_result *res)
{
	res->out = fs_capture_take(&s->out, &res->out_len, &res->out_truncated);
	res->err = fs_capture_take(&s->err, &res->err_len, &res->err_truncated);
	return res->out && res->err ? 0 : -1;
}

size_t fs_run_result_stderr_tail(const struct fs_run_result *res,
				 size_t max_bytes, char *buf, size_t len)
{
	size_t n = res->err ? res->err_len : 0, start;
	const char *nl;

	if (!len)
		return 0;
	while (n && (res->err[n - 1] == '\n' || res->err[n - 1] == '\r'))
		n--;
	if (max_bytes > len - 1)
		max_bytes = len - 1;
	start = n > max_bytes ? n - max_bytes : 0;
	/* Begin at a whole line when the cut fell inside one. */
	if (start && (nl = memchr(res->err + start, '\n', n - start)))
		start = (size_t)(nl - res->err) + 1;
	memcpy(buf, res->err + start, n - start);
	buf[n - start] = '\0';
	return n - start;
}

/* The cause of a failed run, then the end of its stderr. */
static int describe(const struct fs_runner *r, const struct fs_run_result *res,
		    char *err, size_t errlen)
{
	char why[128], tail[512];
	int status = FS_BENCH_OK;

	if (res->stopped) {
		snprintf(why, sizeof(why), "stopped on request (%s)",
			 res->killed ? "ignored SIGTERM, killed with SIGKILL"
				     : "ended with SIGTERM");
		status = FS_BENCH_ESTOPPED;
	} else if (res->timed_out) {
		snprintf(why, sizeof(why), "timeout after %g s (%s)",
			 r->timeout_s,
			 res->killed ? "ignored SIGTERM, killed with SIGKILL"
				     : "stopped with SIGTERM");
		status = FS_BENCH_ETIMEOUT;
	} else if (res->signaled) {
		snprintf(why, sizeof(why), "killed by signal %d (%s)",
			 res->term_signal, strsignal(res->term_signal));
		status = FS_BENCH_ESIGNAL;
	} else if (res->exit_code) {
		snprintf(why, sizeof(why), "exit code %d", res->exit_code);
		status = FS_BENCH_EEXIT;
	}
	if (!status)
		return 0;
	if (fs_run_result_stderr_tail(res, 400, tail, sizeof(tail)))
		return fs_bench_fail(err, errlen, status, "%s; stderr: %s", why,
				     tail);
	return fs_bench_fail(err, errlen, status, "%s; stderr empty", why);
}

static bool runner_valid(const struct fs_runner *r)
{
	return r && isfinite(r->timeout_s) && r->timeout_s >= 0 &&
	       isfinite(r->grace_s) && r->grace_s >= 0;
}

static int supervise(struct supervise *s, char *err, size_t errlen)
{
	int ret = 0;

	while (!ret && !done(s))
		ret = poll_once(s, err, errlen);
	if (ret && !s->exited) /* we cannot watch it any more: end it */
		kill(-s->child.pid, SIGKILL);
	return ret;
}

int fs_runner_run(const struct fs_runner *r, const struct fs_command *cmd,
		  struct fs_run_result *res, char *err, size_t errlen)
{
	struct supervise s = {.r = r, .pidfd = -1};
	int ret, status = 0;

	memset(res, 0, sizeof(*res));
	if (!runner_valid(r))
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "bad runner settings");
	fs_capture_init(&s.out, r->capture_limit, false);
	fs_capture_init(&s.err, r->capture_limit, true);
	s.start = fs_now_s();
	s.deadline = s.start + r->timeout_s;
	ret = fs_spawn(cmd, r->flags, true, &s.child, err, errlen);
	if (ret)
		return ret;
	res->pid = s.child.pid;
	s.pidfd = open_pidfd(s.child.pid);
	ret = supervise(&s, err, errlen);
	close_fd(&s.child.out_fd);
	close_fd(&s.child.err_fd);
	close_fd(&s.pidfd);
	if (reap(s.child.pid, &status) && !ret)
		ret = fs_bench_fail(err, errlen, FS_BENCH_ESYS, "waitpid: %s",
				    strerror(errno));
	res->wall_s = fs_now_s() - s.start;
	fill_status(res, status);
	res->stopped = s.stopped;
	res->timed_out = s.term_sent && !s.stopped;
	res->killed = s.kill_sent;
	if (take_output(&s, res) && !ret)
		ret = fs_bench_fail(err, errlen, FS_BENCH_ENOMEM,
				    "out of memory");
	fs_capture_free(&s.out);
	fs_capture_free(&s.err);
	return ret ? ret : describe(r, res, err, errlen);
}

int fs_runner_run_through(const struct fs_runner *r,
			  const struct fs_command *cmd, int *exit_code,
			  char *err, size_t errlen)
{
	struct fs_runner live = *r;
	struct fs_run_result res;
	int ret;

	live.stream = true;
	live.capture_limit = 1u << 16; /* only stderr's tail is kept */
	fflush(stdout);
	fflush(stderr);
	ret = fs_runner_run(&live, cmd, &res, err, errlen);
	if (!ret || (ret == FS_BENCH_EEXIT && res.exited)) {
		*exit_code = res.exit_code;
		ret = 0;
	}
	fs_run_result_free(&res);
	return ret;
}

void fs_run_result_free(struct fs_run_result *res)
{
	if (!res)
		return;
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}
