/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Waiting for the machine to go quiet before a measurement (quiet.h):
 * the busy share of /proc/stat's CPU time, window by window.
 */
#include "quiet.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

int fs_cpu_times_read(const char *path, struct fs_cpu_times *t)
{
	unsigned long long v[8] = {0};
	char line[512];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "cpu ", 4))
			continue;
		/* user nice system idle iowait irq softirq steal */
		n = sscanf(line + 4, "%llu %llu %llu %llu %llu %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			   &v[7]);
		break;
	}
	fclose(f);
	if (n < 4)
		return -1;
	t->total = 0;
	for (int i = 0; i < 8; i++)
		t->total += v[i];
	t->busy = t->total - v[3] - v[4]; /* all but idle and iowait */
	return 0;
}

/* Sleep @ms, or less if @stop_fd becomes readable: then true. */
static bool stop_within(int stop_fd, int ms)
{
	struct pollfd p = {.fd = stop_fd, .events = POLLIN};

	if (stop_fd < 0) {
		poll(NULL, 0, ms);
		return false;
	}
	return poll(&p, 1, ms) > 0;
}

enum fs_quiet_end fs_wait_quiet_from(fs_cpu_times_fn read, void *ctx,
				     double max_busy, int window_ms,
				     int limit_ms, int stop_fd, int *waited_ms)
{
	struct fs_cpu_times a, b;
	int waited = 0;
	enum fs_quiet_end end = FS_QUIET_UNKNOWN;

	if (read(ctx, &a))
		goto out;
	for (;;) {
		if (stop_within(stop_fd, window_ms)) {
			end = FS_QUIET_STOPPED;
			break;
		}
		waited += window_ms;
		if (read(ctx, &b)) {
			end = FS_QUIET_UNKNOWN;
			break;
		}
		/* no tick in the window (a file that stands still): quiet */
		if (b.total <= a.total ||
		    (double)(b.busy - a.busy) <=
			    max_busy * (double)(b.total - a.total)) {
			end = FS_QUIET_REACHED;
			break;
		}
		if (waited >= limit_ms) {
			end = FS_QUIET_LIMIT;
			break;
		}
		a = b;
	}
out:
	if (waited_ms)
		*waited_ms = waited;
	return end;
}

static int read_path(void *path, struct fs_cpu_times *t)
{
	return fs_cpu_times_read(path, t);
}

enum fs_quiet_end fs_wait_quiet(const char *path, double max_busy,
				int window_ms, int limit_ms, int stop_fd,
				int *waited_ms)
{
	return fs_wait_quiet_from(read_path, (void *)path, max_busy, window_ms,
				  limit_ms, stop_fd, waited_ms);
}

enum fs_quiet_end fs_wait_quiet_before_run(int stop_fd)
{
	return fs_wait_quiet("/proc/stat", FS_QUIET_MAX_BUSY,
			     FS_QUIET_WINDOW_MS, FS_QUIET_LIMIT_MS, stop_fd,
			     NULL);
}
