/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Waiting for the machine to go quiet before a measurement. Attaching a
 * sched_ext scheduler sets off work of its own (the kernel's uevent for
 * it, handled by udevd; RCU and workqueue work): under TCG 130-190 ms of
 * CPU that landed inside the benchmark's first second, which no other
 * arm pays (bench/data/idle-settle-probe-2026-12-05.txt). Every arm of a
 * compare and every search episode waits the same way, so a run measures
 * the scheduler, not its start-up.
 */
#ifndef FS_RUNTIME_QUIET_H
#define FS_RUNTIME_QUIET_H

#include <stdbool.h>

/* The CPUs' busy and total time in ticks: /proc/stat's "cpu " line. */
struct fs_cpu_times {
	unsigned long long busy, total;
};

/* Read @path (a /proc/stat); 0, or -1 when it holds no "cpu " line. */
int fs_cpu_times_read(const char *path, struct fs_cpu_times *t);

/* How long a window is, the busy share a quiet one may hold, the cap. */
#define FS_QUIET_WINDOW_MS 250
#define FS_QUIET_MAX_BUSY  0.10
#define FS_QUIET_LIMIT_MS  5000

enum fs_quiet_end {
	FS_QUIET_REACHED, /* a window at most max_busy busy */
	FS_QUIET_LIMIT,	  /* limit_ms passed without one */
	FS_QUIET_STOPPED, /* stop_fd became readable */
	FS_QUIET_UNKNOWN, /* @path unreadable: nothing waited */
};

/*
 * Wait, window by window of @window_ms, until the CPUs' busy share over
 * one window is at most @max_busy, or @limit_ms has passed, or @stop_fd
 * (-1: none) becomes readable. *waited_ms (may be NULL) gets the time
 * waited.
 */
enum fs_quiet_end fs_wait_quiet(const char *path, double max_busy,
				int window_ms, int limit_ms, int stop_fd,
				int *waited_ms);

/*
 * fs_wait_quiet's loop over any source of CPU times: @read(@ctx, t) gives
 * 0 with the times, or -1 (then FS_QUIET_UNKNOWN). For tests, a source
 * whose every reading is as busy as it says, whatever the scheduling.
 */
typedef int (*fs_cpu_times_fn)(void *ctx, struct fs_cpu_times *t);
enum fs_quiet_end fs_wait_quiet_from(fs_cpu_times_fn read, void *ctx,
				     double max_busy, int window_ms,
				     int limit_ms, int stop_fd, int *waited_ms);

/*
 * fs_wait_quiet on /proc/stat with the windows, bar and cap above: what a
 * compare run and a search episode wait for before the benchmark.
 */
enum fs_quiet_end fs_wait_quiet_before_run(int stop_fd);

#endif
