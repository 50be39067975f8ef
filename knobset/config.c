// SPDX-License-Identifier: GPL-2.0
/* The loader's effective configuration (config.h). */
#include "config.h"

#include <string.h>

void fs_config_defaults(struct fs_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->slice_us = 4096;
	cfg->slice_min_us = 128;
	cfg->slice_lag_us = 4096;
	cfg->run_lag_us = 32768;
	cfg->max_avg_nvcsw = 128;
	cfg->cpu_busy_thresh = -1;
	cfg->watchdog_ms = 5000;
}
