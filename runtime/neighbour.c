// SPDX-License-Identifier: GPL-2.0
/*
 * A neighbour beside one benchmark run (neighbour.h): started and ended
 * by its process group, its CPU time read from /proc: each live thread's
 * schedstat (ns), the process's stat for threads and children gone.
 */
#include "neighbour.h"

#include "clock.h"
#include "error_codes.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int fs_neighbour_start(struct fs_neighbour *n, const char *cmd, char *err,
		       size_t errlen)
{
	struct fs_command c = {.argv = NULL, .shell = cmd};
	int ret;

	memset(n, 0, sizeof(*n));
	n->child.out_fd = n->child.err_fd = -1;
	if (!cmd || !*cmd)
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "empty neighbour command");
	/*
	 * Before the spawn: the child runs while fs_spawn() waits on it (long
	 * in a sanitizer's fork), and its CPU time must not outgrow the wall
	 * time it is divided by (a lone hog read 1.05+ CPUs).
	 */
	n->started_s = fs_now_s();
	ret = fs_spawn(&c, NULL, true, &n->child, err, errlen);
	if (ret)
		return ret;
	n->running = true;
	return 0;
}

/*
 * /proc/PID/stat: after the ")" that closes the name come state (field
 * 3), ppid, pgrp (5), ..., utime (14), stime, cutime, cstime (17).
 */
static int read_stat(const char *path, long *pgrp, double *cpu_s,
		     double *children_s)
{
	char buf[1024], *p;
	unsigned long long v[15];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	/* state ppid pgrp session tty tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime */
	if (sscanf(p + 1,
		   " %*c %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu "
		   "%llu %llu %llu %llu",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7],
		   &v[8], &v[9], &v[10], &v[11], &v[12], &v[13]) != 14)
		return -1;
	*pgrp = (long)v[1];
	*cpu_s = (double)(v[10] + v[11]) / (double)sysconf(_SC_CLK_TCK);
	*children_s = (double)(v[12] + v[13]) / (double)sysconf(_SC_CLK_TCK);
	return 0;
}

/*
 * CPU seconds of the threads of process @pid now alive, from each one's
 * schedstat (ns; exact where stat's clock ticks are 10 ms). -1 if none.
 */
static double threads_cpu_s(const char *proc, const char *pid)
{
	char path[600];
	unsigned long long ns;
	struct dirent *e;
	double sum = -1;
	FILE *f;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s/task", proc, pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s/task/%s/schedstat", proc,
			 pid, e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%llu", &ns) == 1)
			sum = (sum < 0 ? 0 : sum) + (double)ns / 1e9;
		fclose(f);
	}
	closedir(d);
	return sum;
}

double fs_group_cpu_s(const char *proc, int pgid)
{
	char path[512];
	struct dirent *e;
	double sum = 0, cpu, children;
	long pgrp;
	DIR *d = opendir(proc ? proc : "/proc");

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s/stat",
			 proc ? proc : "/proc", e->d_name);
		if (read_stat(path, &pgrp, &cpu, &children) || pgrp != pgid)
			continue;
		/* Live threads exactly; stat also has the exited ones'. */
		sum += children + fmax(cpu, threads_cpu_s(proc ? proc : "/proc",
							  e->d_name));
	}
	closedir(d);
	return sum;
}

/* The last line or so of what it wrote to stderr, for an error. */
static void stderr_tail(int fd, char *buf, size_t len)
{
	char tmp[4096];
	ssize_t n = fd >= 0 ? read(fd, tmp, sizeof(tmp) - 1) : -1;
	char *nl;

	buf[0] = '\0';
	if (n <= 0)
		return;
	tmp[n] = '\0';
	while (n > 0 && (tmp[n - 1] == '\n' || tmp[n - 1] == ' '))
		tmp[--n] = '\0';
	nl = strrchr(tmp, '\n');
	snprintf(buf, len, ": %.200s", nl ? nl + 1 : tmp);
}

static void close_fds(struct fs_neighbour *n)
{
	if (n->child.out_fd >= 0)
		close(n->child.out_fd);
	if (n->child.err_fd >= 0)
		close(n->child.err_fd);
	n->child.out_fd = n->child.err_fd = -1;
	n->running = false;
}

int fs_neighbour_stop(struct fs_neighbour *n, double *cpus, char *err,
		      size_t errlen)
{
	pid_t pid = n->child.pid;
	double wall, used;
	char tail[512];
	int status = 0;

	*cpus = 0;
	if (!n->running)
		return 0;
	if (waitpid(pid, &status, WNOHANG) == pid) {
		stderr_tail(n->child.err_fd, tail, sizeof(tail));
		close_fds(n);
		kill(-pid, SIGKILL); /* anything it left in its group */
		if (WIFEXITED(status))
			return fs_bench_fail(err, errlen, FS_BENCH_EEXIT,
					     "the neighbour ended by itself "
					     "during the run (exit %d)%s",
					     WEXITSTATUS(status), tail);
		return fs_bench_fail(err, errlen, FS_BENCH_EEXIT,
				     "the neighbour ended by itself during "
				     "the run (%s)%s",
				     strsignal(WTERMSIG(status)), tail);
	}
	/* Wall time after CPU time: the group runs on while /proc is read. */
	used = fs_group_cpu_s(NULL, pid);
	wall = fs_now_s() - n->started_s;
	kill(-pid, SIGTERM);
	for (int i = 0; i < 100 && waitpid(pid, &status, WNOHANG) == 0; i++)
		usleep(10000);
	if (kill(pid, 0) == 0 || errno != ESRCH) {
		kill(-pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	kill(-pid, SIGKILL); /* members that ignored SIGTERM */
	close_fds(n);
	*cpus = used > 0 && wall > 0 ? used / wall : 0;
	return 0;
}
