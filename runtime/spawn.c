// SPDX-License-Identifier: GPL-2.0
/*
 * Start a command as the leader of a new process group, stdin from
 * /dev/null, stdout and stderr into fresh non-blocking pipes; it gets
 * SIGTERM when the calling process dies (PR_SET_PDEATHSIG), or with a
 * guard the whole group gets SIGKILL (spawn.h).
 */
#define _GNU_SOURCE /* pipe2 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define FLAGS_VAR "FLASHYSPARK_FLAGS"

/* Everything the child uses, made ready in the parent. */
struct spawn_plan {
	char *path;	   /* to execve */
	char *const *argv; /* argv of the new program */
	char **envp;	   /* environ + FLASHYSPARK_FLAGS */
	char *flags_var;   /* the FLASHYSPARK_FLAGS=... string in envp */
	const char *shell_argv[4];
	int null_fd, out[2], err[2], exec[2];
	pid_t parent; /* getpid() before fork */
	bool guard;
};

static bool is_executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

char *fs_find_program(const char *name)
{
	const char *path = getenv("PATH");
	const char *dir, *colon;
	char *full;

	if (strchr(name, '/'))
		return strdup(name);
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (dir = path;; dir = colon + 1) {
		size_t n;

		colon = strchr(dir, ':');
		n = colon ? (size_t)(colon - dir) : strlen(dir);
		full = malloc(n + strlen(name) + 3);
		if (!full)
			return NULL;
		/* An empty PATH entry means the current directory. */
		sprintf(full, "%.*s/%s", (int)n, n ? dir : ".", name);
		if (is_executable(full))
			return full;
		free(full);
		if (!colon)
			return NULL;
	}
}

static int make_env(struct spawn_plan *p, const char *flags)
{
	size_t n = 0, k = 0;

	while (environ && environ[n])
		n++;
	p->envp = calloc(n + 2, sizeof(*p->envp));
	p->flags_var = malloc(strlen(FLAGS_VAR) + strlen(flags) + 2);
	if (!p->envp || !p->flags_var)
		return -1;
	sprintf(p->flags_var, "%s=%s", FLAGS_VAR, flags);
	for (size_t i = 0; i < n; i++) {
		if (strncmp(environ[i], FLAGS_VAR "=", strlen(FLAGS_VAR) + 1))
			p->envp[k++] = environ[i];
	}
	p->envp[k] = p->flags_var;
	return 0;
}

static void plan_init(struct spawn_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->null_fd = -1;
	p->out[0] = p->out[1] = p->err[0] = p->err[1] = -1;
	p->exec[0] = p->exec[1] = -1;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void plan_free(struct spawn_plan *p)
{
	int *fds[] = {&p->null_fd, &p->out[0],	&p->out[1], &p->err[0],
		      &p->err[1],  &p->exec[0], &p->exec[1]};

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		close_fd(fds[i]);
	free(p->path);
	free(p->envp);
	free(p->flags_var);
}

static int make_fds(struct spawn_plan *p)
{
	p->null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (p->null_fd < 0 || pipe2(p->out, O_CLOEXEC) ||
	    pipe2(p->err, O_CLOEXEC) || pipe2(p->exec, O_CLOEXEC))
		return -1;
	/* Only our read ends: the child's writes stay blocking. */
	if (fcntl(p->out[0], F_SETFL, O_NONBLOCK) ||
	    fcntl(p->err[0], F_SETFL, O_NONBLOCK))
		return -1;
	return 0;
}

static int make_plan(struct spawn_plan *p, const struct fs_command *cmd,
		     const char *flags, char *err, size_t errlen)
{
	if (cmd->argv) {
		p->argv = (char *const *)cmd->argv;
		p->path = fs_find_program(cmd->argv[0]);
		if (!p->path)
			return errno == ENOMEM
				       ? fs_bench_fail(err, errlen,
						       FS_BENCH_ENOMEM,
						       "out of memory")
				       : fs_bench_fail(err, errlen,
						       FS_BENCH_EEXEC,
						       "cannot execute '%s': "
						       "not found in PATH",
						       cmd->argv[0]);
	} else {
		p->shell_argv[0] = "sh";
		p->shell_argv[1] = "-c";
		p->shell_argv[2] = cmd->shell;
		p->argv = (char *const *)p->shell_argv;
		p->path = strdup("/bin/sh");
		if (!p->path)
			return fs_bench_fail(err, errlen, FS_BENCH_ENOMEM,
					     "out of memory");
	}
	if (make_env(p, flags ? flags : ""))
		return fs_bench_fail(err, errlen, FS_BENCH_ENOMEM,
				     "out of memory");
	if (make_fds(p))
		return fs_bench_fail(err, errlen, FS_BENCH_ESYS,
				     "cannot make pipes: %s", strerror(errno));
	return 0;
}

/* What the guard waits for: its command's end, and our death. */
static void guard_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

/* End as the command did: its exit code, or its signal. */
static void __attribute__((noreturn)) relay(int status)
{
	struct sigaction dfl;
	sigset_t one;
	int sig;

	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	kill(getpid(), sig);
	_exit(128 + sig);
}

/*
 * The guard: the group's leader stays behind as a small waiter while the
 * command runs as its child in the same group. When we die (even by
 * SIGKILL) PR_SET_PDEATHSIG tells the guard, which kills the whole group:
 * PDEATHSIG alone would reach only `sh`, not what it started. Otherwise it
 * waits and ends as the command did. Signals the group gets (a time
 * limit's SIGTERM) reach the command directly; the guard lets them pass.
 */
static void __attribute__((noreturn)) guard(const struct spawn_plan *p,
					    pid_t cmd)
{
	sigset_t set;
	siginfo_t si;
	int status;

	guard_signals(&set);
	/* Our copies: the pipes close when the command's do. */
	dup2(p->null_fd, 1);
	dup2(p->null_fd, 2);
	close(p->exec[1]);
	for (;;) {
		if (waitpid(cmd, &status, WNOHANG) == cmd)
			relay(status);
		if (getppid() != p->parent) {
			kill(-getpgrp(), SIGKILL); /* ends us too */
			_exit(137);
		}
		sigwaitinfo(&set, &si);
	}
}

/* Runs between fork and exec: async-signal-safe calls only. */
static void __attribute__((noreturn)) child(const struct spawn_plan *p)
{
	struct sigaction dfl;
	sigset_t none;
	ssize_t w;
	int e;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	setpgid(0, 0);
	/*
	 * Our death (even SIGKILL) ends the child: an orphaned scheduler
	 * would stay loaded and make every later load fail. Checked again
	 * after, in case the parent died before the prctl.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != p->parent)
		goto fail;
	if (dup2(p->null_fd, 0) < 0 || dup2(p->out[1], 1) < 0 ||
	    dup2(p->err[1], 2) < 0)
		goto fail;
	/* Ignored signals and the mask survive exec: give a clean slate. */
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);
	if (p->guard) {
		sigset_t waited;
		pid_t cmd;

		/* Blocked before the fork: no SIGCHLD can be missed. */
		guard_signals(&waited);
		sigprocmask(SIG_SETMASK, &waited, NULL);
		cmd = fork();
		if (cmd < 0)
			goto fail;
		if (cmd > 0)
			guard(p, cmd);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(p->path, p->argv, p->envp);
fail:
	e = errno;
	w = write(p->exec[1], &e, sizeof(e));
	(void)w;
	_exit(127);
}

/* The exec pipe closes on a successful exec, or carries exec's errno. */
static int exec_errno(int fd)
{
	int e = 0;
	ssize_t n;

	do
		n = read(fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	return n == sizeof(e) ? e : 0;
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int fs_spawn(const struct fs_command *cmd, const char *flags, bool guard,
	     struct fs_child *out, char *err, size_t errlen)
{
	struct spawn_plan p;
	pid_t pid;
	int ret, e;

	if (!cmd || (cmd->argv ? !cmd->argv[0] : !cmd->shell))
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "no command to run");
	plan_init(&p);
	ret = make_plan(&p, cmd, flags, err, errlen);
	if (ret)
		goto out;
	p.parent = getpid();
	p.guard = guard;
	pid = fork();
	if (pid < 0) {
		ret = fs_bench_fail(err, errlen, FS_BENCH_ESYS,
				    "cannot fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
		child(&p);
	/* Also here, so the group exists before we might signal it. */
	setpgid(pid, pid);
	close_fd(&p.exec[1]);
	e = exec_errno(p.exec[0]);
	if (e) {
		reap(pid);
		ret = fs_bench_fail(err, errlen, FS_BENCH_EEXEC,
				    "cannot execute '%s': %s", p.path,
				    strerror(e));
		goto out;
	}
	out->pid = pid;
	out->out_fd = p.out[0];
	out->err_fd = p.err[0];
	p.out[0] = p.err[0] = -1;
out:
	plan_free(&p);
	return ret;
}
