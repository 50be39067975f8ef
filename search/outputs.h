/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a search leaves in its directory besides the checkpoint:
 * episodes.jsonl, one JSON object per episode (index, role, knobs, pp,
 * tg, reward, status, reason, seconds, policy_p: the algorithm's knob
 * probabilities when it proposed the set, or null; counters), and
 * best_parameters.yaml, the incumbent as a knob file `scx_flashyspark
 * --config` loads, with the measured result and the command that keeps
 * it.
 */
#ifndef FS_SEARCH_OUTPUTS_H
#define FS_SEARCH_OUTPUTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "episode.h"
#include "settings.h"

/* One line to f, flushed; 0 or -1 with the reason in err. */
int fs_episodes_append(FILE *f, const struct fs_episode *ep, enum fs_metric m,
		       char *err, size_t errlen);

/*
 * Keep the first keep lines of path (those the checkpoint knows), drop a
 * line written after it, e.g. by a run killed before its checkpoint.
 * -1 if path has fewer lines.
 */
int fs_episodes_truncate(const char *path, int keep, char *err, size_t errlen);

const char *fs_role_name(enum fs_role role);

/* The names of the knobs on in @mask, comma-separated, or "(all off)". */
void fs_format_knobs(uint64_t mask, char *buf, size_t len);

struct fs_best {
	const struct fs_set_stats *set;
	enum fs_metric metric;
	const char *algorithm;
	int episodes; /* done so far in the whole search */
	/* The held-out re-test's runs of the winner and the runner-up
	 * (fs_engine_retest), NULL where there were none. */
	const struct fs_set_stats *retest[2];
	/* What it was found under: the scenario (NULL: idle), llama-bench's
	 * threads (0: not known), the user's own --neighbour (NULL: the
	 * scenario's, or none). */
	const char *scenario;
	int threads;
	const char *neighbour;
	const char *workload; /* the process name it protects, or NULL */
};

/* Atomically (re)write path; -1 with "PATH: why" in err. */
int fs_best_write(const char *path, const struct fs_best *b, char *err,
		  size_t errlen);

#endif
