/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A finished (or running) search as the report sees it: its settings
 * from checkpoint.yaml and every episode from episodes.jsonl, in order.
 */
#ifndef FS_REPORT_RUN_EPISODES_H
#define FS_REPORT_RUN_EPISODES_H

#include <stdbool.h>
#include <stddef.h>

#include "public.h"
#include "settings.h"

struct fs_run_episode {
	int index;
	char role[24];
	bool knobs[FS_NR_KNOBS];
	bool ok;
	double value;  /* the searched metric's t/s; NaN when it failed */
	double pp, tg; /* NaN where not measured */
	double seconds;
	char status[32];
	char reason[256];
	bool has_policy;
	double policy[FS_NR_KNOBS];
};

struct fs_run_episodes {
	struct fs_search_settings settings;
	struct fs_run_episode *ep;
	size_t n;
};

/*
 * Read RUN_DIR's checkpoint.yaml and episodes.jsonl: 0, or -1 with
 * "FILE:LINE: what" in @err (nothing allocated then).
 */
int fs_run_episodes_read(const char *dir, struct fs_run_episodes *run,
			 char *err, size_t errlen);

void fs_run_episodes_free(struct fs_run_episodes *run);

#endif
