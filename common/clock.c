// SPDX-License-Identifier: GPL-2.0
/* Monotonic seconds (common/clock.h). */
#include "clock.h"

#include <time.h>

double fs_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
