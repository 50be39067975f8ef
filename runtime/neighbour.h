/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A neighbour: load that runs beside one benchmark run, started just
 * before it and ended just after it by its process group, never on a timer
 * of its own (a neighbour that ends by itself mid-run would hand the
 * benchmark an idle machine, so that run is refused). What it got is read
 * from the kernel's accounting of its whole group: CPU seconds per second,
 * the neighbour's throughput as a CPU-bound load sees it.
 */
#ifndef FS_RUNTIME_NEIGHBOUR_H
#define FS_RUNTIME_NEIGHBOUR_H

#include <stdbool.h>
#include <stddef.h>

#include "spawn.h"

struct fs_neighbour {
	struct fs_child child; /* pid = its process group */
	double started_s;      /* fs_now_s() at start */
	bool running;
};

/*
 * Start shell command @cmd in a new process group (guarded: it dies with
 * us). 0, or an fs_bench_status with err; nothing left running then.
 */
int fs_neighbour_start(struct fs_neighbour *n, const char *cmd, char *err,
		       size_t errlen);

/*
 * Read the group's CPU time, then end it (SIGTERM to the group, SIGKILL
 * after a second) and reap it. 0 with *cpus = CPU seconds the group used
 * per second of its life; FS_BENCH_EEXIT when it had already ended by
 * itself (err says how, with the tail of its stderr). Idempotent.
 */
int fs_neighbour_stop(struct fs_neighbour *n, double *cpus, char *err,
		      size_t errlen);

/*
 * CPU seconds of the live processes in process group @pgid, their reaped
 * children's included, from /proc (@proc, NULL: "/proc"): per process the
 * larger of its threads' schedstat sum (ns) and its stat (clock ticks,
 * which also count threads that exited).
 * -1 when @proc cannot be read.
 */
double fs_group_cpu_s(const char *proc, int pgid);

#endif
