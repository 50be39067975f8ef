/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One search run: pick a knob set, run an episode with it, record it,
 * checkpoint, repeat. Ctrl-C or SIGTERM stops the scheduler, writes the
 * checkpoint as it was before the cut episode, and ends the loop; a resume
 * then replays nothing and carries on with the very same sequence. The
 * command line around it is cli/cmd_search.c.
 */
#ifndef FS_SEARCH_RUN_H
#define FS_SEARCH_RUN_H

#include <gsl/gsl_rng.h>
#include <limits.h>
#include <stdio.h>

#include "engine.h"
#include "settings.h"

/* Everything one run holds; freed by fs_search_run_free. */
struct fs_search_run {
	struct fs_search_settings set;
	char dir[PATH_MAX];
	char ckpt_path[PATH_MAX + 32], best_path[PATH_MAX + 32];
	char jsonl_path[PATH_MAX + 32];
	gsl_rng *rng, *snap;
	struct fs_engine *engine;
	FILE *jsonl;
	int done;
	double seconds;
	int sigfd;
};

enum fs_search_end {
	FS_SEARCH_DONE,	       /* every episode ran; a best set exists */
	FS_SEARCH_NO_RESULT,   /* every episode ran; none succeeded */
	FS_SEARCH_STOPPED,     /* --stop-after reached; resume to go on */
	FS_SEARCH_INTERRUPTED, /* a signal; checkpoint written */
	FS_SEARCH_FAILED,      /* an output could not be written (err) */
};

void fs_search_run_init(struct fs_search_run *r);
void fs_search_run_free(struct fs_search_run *r);

/* Where results go: @out, or runs/DATE-TIME when it is NULL. */
void fs_search_out_dir(const char *out, char *dir, size_t len);

/* A new search of @set in @out (NULL: runs/DATE-TIME); -1 with err. */
int fs_search_open_new(struct fs_search_run *r,
		       const struct fs_search_settings *set, const char *out,
		       char *err, size_t errlen);
/* The search in @dir, from its checkpoint; @episodes > 0 replaces the
 * budget. -1 with err. */
int fs_search_open_resume(struct fs_search_run *r, const char *dir,
			  int episodes, char *err, size_t errlen);
/*
 * The last 2 x min(retest, episodes / 8) evaluations re-test the best
 * set and the runner-up: begin it in @e once @counted (episodes done on
 * one machine, issued in a shared study) reaches that point and it has
 * not begun for this budget. The re-test's runs when begun now, else 0.
 */
int fs_search_begin_retest(struct fs_engine *e,
			   const struct fs_search_settings *set, int counted);

/* Check the budget, watch signals; -1 with err. */
int fs_search_start(struct fs_search_run *r, char *err, size_t errlen);
/* Run episodes until the budget, @stop_after (0: none) or a signal. */
enum fs_search_end fs_search_loop(struct fs_search_run *r, int stop_after,
				  char *err, size_t errlen);

#endif
