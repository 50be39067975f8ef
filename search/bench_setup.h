/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark an episode runs, made from a search's settings: the
 * user's --bench-cmd, or llama-bench sized to the machine once (its -p and
 * -n become settings, so a resumed search, and every machine sharing a
 * study, runs the same benchmark). One place for both the search on one
 * machine (run.c) and a fleet node (fleet/).
 */
#ifndef FS_SEARCH_BENCH_SETUP_H
#define FS_SEARCH_BENCH_SETUP_H

#include <stddef.h>

#include "episode.h"
#include "llama_bench.h"
#include "settings.h"

/* What env points into: keep it alive as long as env is used. */
struct fs_bench_setup {
	struct fs_llama_argv largv;
	struct fs_command cmd;
	struct fs_scenario scenario;
	struct fs_episode_env env;
};

/*
 * Size llama-bench when the settings leave it open (no --bench-cmd, no
 * --bench-args, n_gen 0): one run under no scheduler of ours, its -p and
 * -n written into set; a failed sizing keeps the defaults and says so on
 * stderr, prefixed by @who. A signal on @sigfd cuts it short.
 */
void fs_bench_size(struct fs_search_settings *set, int sigfd, const char *who);

/* The episode environment of @set into b; -1 with err. */
int fs_bench_setup(struct fs_bench_setup *b,
		   const struct fs_search_settings *set, int sigfd, char *err,
		   size_t errlen);

#endif
