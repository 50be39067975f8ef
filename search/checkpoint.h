/* SPDX-License-Identifier: GPL-2.0 */
/*
 * checkpoint.yaml: everything a search needs to continue exactly where it
 * stopped: its settings, the episodes done, the generator's state (its
 * gsl_rng_state bytes in hex) and the engine's and the policy's numbers.
 * Written atomically after every episode; the same seed and a resume give
 * the same remaining sequence as an uninterrupted run.
 *
 *   version: 1
 *   settings: { algorithm: pg, metric: tg, episodes: 30, seed: 1, ... }
 *   done: 12
 *   seconds: 181.5
 *   rng: { type: mt19937, state: "0a1b..." }
 *   engine: { sets: [...], ... }
 *   policy: { p: [...], ... }
 */
#ifndef FS_SEARCH_CHECKPOINT_H
#define FS_SEARCH_CHECKPOINT_H

#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "settings.h"
#include "vars.h"

struct fs_checkpoint {
	struct fs_search_settings settings;
	int done;	/* episodes recorded in episodes.jsonl */
	double seconds; /* their total duration, for the ETA */
	struct fs_vars engine, policy;
};

/* Atomically replace path; -1 with "PATH: why" in err. */
int fs_checkpoint_write(const char *path, const struct fs_checkpoint *c,
			const gsl_rng *rng, char *err, size_t errlen);

/*
 * Read path into c (vars allocated: fs_vars_free them) and a new
 * generator in *rng. -1 with "PATH:LINE: field: why" in err.
 */
int fs_checkpoint_read(const char *path, struct fs_checkpoint *c, gsl_rng **rng,
		       char *err, size_t errlen);

/* The same document as text (malloc'd; NULL when out of memory), for a
 * search whose state lives in a database (fleet/). */
char *fs_checkpoint_text(const struct fs_checkpoint *c, const gsl_rng *rng);

/* Parse @text; errors name @name as the file. As fs_checkpoint_read. */
int fs_checkpoint_parse(const char *name, const char *text,
			struct fs_checkpoint *c, gsl_rng **rng, char *err,
			size_t errlen);

#endif
