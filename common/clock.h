/* SPDX-License-Identifier: GPL-2.0 */
/* The one clock for timeouts and durations: monotonic, in seconds. */
#ifndef FS_COMMON_CLOCK_H
#define FS_COMMON_CLOCK_H

/* CLOCK_MONOTONIC in seconds (never jumps with the wall clock). */
double fs_now_s(void);

#endif
