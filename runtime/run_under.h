/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One command run under one scheduler: start it as a child (or, for
 * EEVDF, make sure none is loaded), run the command with its output
 * streamed, check the scheduler lasted, stop it. `flashyspark replay
 * --run` and `bench/sched-run` are two front ends of this one function.
 */
#ifndef FS_RUNTIME_RUN_UNDER_H
#define FS_RUNTIME_RUN_UNDER_H

#include <stddef.h>

#include "runner.h"
#include "sched_child.h"

enum fs_run_under_end {
	FS_RUN_UNDER_DONE,     /* the command ran to its end: *code */
	FS_RUN_UNDER_NO_SCHED, /* the scheduler did not load; for EEVDF,
				* sched_ext was busy */
	FS_RUN_UNDER_LOST,     /* the scheduler died, changed or would not
				* stop cleanly during the command */
	FS_RUN_UNDER_TIMEOUT,  /* the command ran past its limit */
	FS_RUN_UNDER_STOPPED,  /* the runner's stop_fd fired */
	FS_RUN_UNDER_FAILED,   /* the command could not be run */
};

/*
 * Run @cmd with @r (its stop_fd, if any, also ends the wait for the
 * scheduler) under @spec's scheduler, or under EEVDF when @spec is NULL.
 * @on_ready (may be NULL) is called once the scheduler is enabled, with
 * @arg. The reason for anything but DONE is in @err.
 */
enum fs_run_under_end fs_run_under(const struct fs_sched_spec *spec,
				   const struct fs_runner *r,
				   const struct fs_command *cmd, int *code,
				   void (*on_ready)(void *arg), void *arg,
				   char *err, size_t errlen);

#endif
