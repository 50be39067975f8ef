/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The processes that workload_pid names, looked up in /proc before the
 * scheduler loads: a pid names a running process, so one that names none,
 * or names a thread (the scheduler matches a task's process id), protects
 * nothing now; the loader warns instead of failing.
 */
#ifndef FS_LOADER_WORKLOAD_PIDS_H
#define FS_LOADER_WORKLOAD_PIDS_H

#include <stdio.h>

#include "config.h"

/*
 * Write one warning to @out for each workload_pid of @cfg that names no
 * process in @proc_root (normally "/proc") or names a thread of another
 * process. Returns how many were written.
 */
int fs_workload_pids_warn(const struct fs_config *cfg, const char *proc_root,
			  FILE *out);

#endif
