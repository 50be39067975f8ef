/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A search algorithm over d boolean knobs: a table of functions over an
 * opaque state, so pg, random, greedy (and later ones) plug into the
 * episode loop without it knowing any of them. The random generator is
 * always the caller's, passed in, never a hidden global.
 *
 * Contract: propose() changes nothing but the generator, observe() is the
 * only call that moves the state. The engine relies on it: an episode cut
 * short by Ctrl-C is simply proposed again after resume.
 */
#ifndef FS_SEARCH_ALGO_H
#define FS_SEARCH_ALGO_H

#include <stdbool.h>
#include <stddef.h>
#include <gsl/gsl_rng.h>

#include "vars.h"

/* Largest knob vector an algorithm handles (masks are 64-bit). */
#define FS_ALGO_MAX_D 64

struct fs_algo_ops {
	const char *name;
	const char *help; /* one line, for --help */
	/* New state for d knobs (1..FS_ALGO_MAX_D); NULL when out of memory. */
	void *(*alloc)(int d);
	/* The next knob set to evaluate into x[0..d). */
	void (*propose)(const void *st, gsl_rng *rng, bool *x);
	/*
	 * What x (the last proposal) gave: its reward, higher is better, or
	 * failed (the scheduler or the benchmark failed; reward is ignored
	 * and the set ranks below every success). 0, or -1 if out of memory.
	 */
	int (*observe)(void *st, const bool *x, double reward, bool failed);
	/*
	 * How many proposals from now on are fixed whatever the rewards of
	 * the ones not yet observed: pg's rest of a generation, random's
	 * every one, greedy's one. Machines sharing a search (fleet/) run
	 * that many at once.
	 */
	int (*batch)(const void *st);
	/* Everything observe() built up, as named numbers; 0 or -1. */
	int (*save)(const void *st, struct fs_vars *out);
	/* Restore what save() wrote; -1 with the bad name in err. */
	int (*load)(void *st, const struct fs_vars *in, char *err,
		    size_t errlen);
	void (*free)(void *st);
};

struct fs_algo {
	const struct fs_algo_ops *ops;
	void *st;
	int d;
};

extern const struct fs_algo_ops fs_algo_pg;
extern const struct fs_algo_ops fs_algo_random;
extern const struct fs_algo_ops fs_algo_greedy;

/* NULL-terminated list of every algorithm, for lookup and --help. */
extern const struct fs_algo_ops *const fs_algos[];

/* 0 with out ready, or -1 naming the unknown algorithm in err. */
int fs_algo_new(const char *name, int d, struct fs_algo *out, char *err,
		size_t errlen);

void fs_algo_free(struct fs_algo *a);

#endif
