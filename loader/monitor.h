/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_flashyspark --monitor[=SECS]: watch the scheduler that runs now,
 * loading nothing. It asks the running loader's stats socket every SECS
 * and prints the counters and their change, as text or (--stats-json) as
 * "interval" events, until Ctrl-C or until that scheduler is gone.
 */
#ifndef FS_LOADER_MONITOR_H
#define FS_LOADER_MONITOR_H

#include "report.h"

/*
 * 0 when stopped by a signal or when the scheduler went away after it was
 * seen; 1 when there was nothing to monitor (the reason on stderr).
 */
int fs_monitor_run(const char *socket_path, double every,
		   const struct fs_report *rep, int sfd);

#endif
