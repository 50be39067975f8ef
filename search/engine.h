/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The engine between an algorithm and the episodes: it asks the algorithm
 * what to try, keeps every knob set's results, and names the incumbent
 * (the best set so far) in a noise-aware way. A benchmark is noisy, so a
 * single lucky run must not become "the best": when a challenger's mean
 * beats the incumbent's, the engine races them, re-running the incumbent
 * and then the challenger back to back (which also cancels slow drift),
 * and crowns the challenger only if its mean still wins. A set that ever
 * failed (stall, BPF error) can never be the incumbent.
 *
 * Race runs cost episodes like any other and are not shown to the
 * algorithm. The search ends with a held-out re-test: the incumbent and
 * the runner-up are run again, alternately, in fresh runs whose results
 * are kept apart (the mean that selected a set includes its lucky runs),
 * and the result is the one with the better held-out mean that did not
 * fail. fs_engine_next() changes nothing but the generator, like
 * propose(), so an interrupted episode is simply asked for again.
 */
#ifndef FS_SEARCH_ENGINE_H
#define FS_SEARCH_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "algo.h"
#include "vars.h"

enum fs_role {
	FS_ROLE_EXPLORE,	  /* proposed by the algorithm */
	FS_ROLE_RACE_INCUMBENT,	  /* the incumbent, re-run for a race */
	FS_ROLE_RACE_CHALLENGER,  /* the challenger, re-run for a race */
	FS_ROLE_RETEST_WINNER,	  /* the incumbent, held-out re-test */
	FS_ROLE_RETEST_RUNNER_UP, /* the runner-up, held-out re-test */
};

enum fs_retest_set {
	FS_RETEST_WINNER,
	FS_RETEST_RUNNER_UP,
};

/* Everything measured for one knob set. */
struct fs_set_stats {
	uint64_t mask; /* bit i = knob i on */
	int n;	       /* successful runs */
	int n_fail;
	double sum, sumsq;   /* the metric (reward) */
	double osum, osumsq; /* the other metric (pp when tuning tg) */
	int on;		     /* runs where the other metric was present */
};

struct fs_engine;

/* Takes ownership of algo (also on failure); NULL when out of memory. */
struct fs_engine *fs_engine_new(struct fs_algo *algo);

/* A new engine over algorithm @name for @d knobs; NULL with err. */
struct fs_engine *fs_engine_for(const char *name, int d, char *err,
				size_t errlen);
void fs_engine_free(struct fs_engine *e);

/* The next set to evaluate into x[0..d), and why. */
void fs_engine_next(const struct fs_engine *e, gsl_rng *rng, bool *x,
		    enum fs_role *role);

/*
 * For machines sharing one search (fleet/): the next evaluation that may
 * run while the ones issued before are still out, marked as issued. 1,
 * or 0 when it depends on their results (a race waits for nothing; pg's
 * generation is issued whole; greedy one at a time). Results must then
 * be recorded in the order of issue; recording takes one off the flight.
 * On one machine (nothing in flight) it is exactly fs_engine_next().
 * Once the held-out re-test has begun, explores still out neither
 * challenge the incumbent nor can become the runner-up (their stats are
 * kept).
 */
int fs_engine_issue(struct fs_engine *e, gsl_rng *rng, bool *x,
		    enum fs_role *role);

/* Evaluations issued and not yet recorded (0 on one machine). */
int fs_engine_in_flight(const struct fs_engine *e);

/*
 * Record the episode that fs_engine_next() (or _issue()) asked for. other: the
 * other metric, NAN when absent. 0, or -1 when out of memory.
 */
int fs_engine_record(struct fs_engine *e, const bool *x, enum fs_role role,
		     bool failed, double reward, double other);

/* The incumbent's stats, or NULL before any success. */
const struct fs_set_stats *fs_engine_incumbent(const struct fs_engine *e);

/* Stats of set x, or NULL if never run. */
const struct fs_set_stats *fs_engine_stats(const struct fs_engine *e,
					   const bool *x);

const struct fs_algo *fs_engine_algo(const struct fs_engine *e);

/*
 * The algorithm's knob probabilities now (what it saves as "p", pg's
 * policy) into p[0..d): true, or false for an algorithm without them.
 */
bool fs_engine_policy(const struct fs_engine *e, double *p);

/*
 * Begin the held-out re-test of the incumbent and the runner-up (the best
 * other set that never failed; without one the incumbent takes every run):
 * @episodes runs, alternating. @budget names the search's episode budget:
 * a second call for the same budget changes nothing (resume), a larger
 * budget (a resume with more episodes) re-tests again at its end. Returns
 * the re-test episodes still to run, 0 when there is no incumbent yet.
 */
int fs_engine_begin_retest(struct fs_engine *e, int episodes, int budget);

/* Re-test episodes still to run (0 when none has begun or it is over). */
int fs_engine_retest_left(const struct fs_engine *e);

/*
 * The held-out runs of @which (mask, n, n_fail, means) in the last re-test,
 * or NULL when that set was not re-tested.
 */
const struct fs_set_stats *fs_engine_retest(const struct fs_engine *e,
					    enum fs_retest_set which);

/* The engine's own state into engine, the algorithm's into policy. */
int fs_engine_save(const struct fs_engine *e, struct fs_vars *engine,
		   struct fs_vars *policy);
int fs_engine_load(struct fs_engine *e, const struct fs_vars *engine,
		   const struct fs_vars *policy, char *err, size_t errlen);

uint64_t fs_mask_of(const bool *x, int d);
void fs_mask_to(uint64_t mask, int d, bool *x);
double fs_set_mean(const struct fs_set_stats *s);
double fs_set_stddev(const struct fs_set_stats *s);

#endif
