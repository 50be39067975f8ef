// SPDX-License-Identifier: GPL-2.0
/* The engine between an algorithm and the episodes (engine.h). */
#include "engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Numbers per set in the saved table. */
#define STATS_FIELDS 8

enum race_stage {
	RACE_NONE,
	RACE_RERUN_INCUMBENT,
	RACE_RERUN_CHALLENGER,
};

struct fs_engine {
	struct fs_algo algo;
	struct fs_set_stats *sets; /* every set ever run, in first-run order */
	size_t n_sets, cap;
	long incumbent; /* index into sets, -1 before any success */
	enum race_stage race;
	uint64_t challenger;
	/* The held-out re-test: which budget it ends, its length and how
	 * far it got, the two sets (-1: none) and their fresh runs. */
	int retest_budget, retest_total, retest_done;
	long retest_set[2];
	struct fs_set_stats held[2];
};

uint64_t fs_mask_of(const bool *x, int d)
{
	uint64_t m = 0;
	int i;

	for (i = 0; i < d; i++)
		if (x[i])
			m |= (uint64_t)1 << i;
	return m;
}

void fs_mask_to(uint64_t mask, int d, bool *x)
{
	int i;

	for (i = 0; i < d; i++)
		x[i] = (mask >> i) & 1;
}

double fs_set_mean(const struct fs_set_stats *s)
{
	return s->n ? s->sum / s->n : NAN;
}

double fs_set_stddev(const struct fs_set_stats *s)
{
	double m, v;

	if (s->n < 2)
		return 0;
	m = s->sum / s->n;
	v = (s->sumsq - s->n * m * m) / (s->n - 1);
	return v > 0 ? sqrt(v) : 0;
}

/* What the incumbent race compares: a set that ever failed loses. */
static double score(const struct fs_set_stats *s)
{
	return s->n_fail || !s->n ? -INFINITY : s->sum / s->n;
}

struct fs_engine *fs_engine_new(struct fs_algo *algo)
{
	struct fs_engine *e = calloc(1, sizeof(*e));

	if (!e) {
		fs_algo_free(algo);
		return NULL;
	}
	e->algo = *algo;
	e->incumbent = -1;
	e->retest_set[0] = e->retest_set[1] = -1;
	return e;
}

void fs_engine_free(struct fs_engine *e)
{
	if (!e)
		return;
	fs_algo_free(&e->algo);
	free(e->sets);
	free(e);
}

static long find(const struct fs_engine *e, uint64_t mask)
{
	size_t i;

	for (i = 0; i < e->n_sets; i++)
		if (e->sets[i].mask == mask)
			return (long)i;
	return -1;
}

static long find_or_add(struct fs_engine *e, uint64_t mask)
{
	long i = find(e, mask);

	if (i >= 0)
		return i;
	if (e->n_sets == e->cap) {
		size_t cap = e->cap ? 2 * e->cap : 64;
		struct fs_set_stats *s = realloc(e->sets, cap * sizeof(*s));

		if (!s)
			return -1;
		e->sets = s;
		e->cap = cap;
	}
	memset(&e->sets[e->n_sets], 0, sizeof(e->sets[0]));
	e->sets[e->n_sets].mask = mask;
	return (long)e->n_sets++;
}

void fs_engine_next(const struct fs_engine *e, gsl_rng *rng, bool *x,
		    enum fs_role *role)
{
	switch (e->race) {
	case RACE_RERUN_INCUMBENT:
		fs_mask_to(e->sets[e->incumbent].mask, e->algo.d, x);
		*role = FS_ROLE_RACE_INCUMBENT;
		return;
	case RACE_RERUN_CHALLENGER:
		fs_mask_to(e->challenger, e->algo.d, x);
		*role = FS_ROLE_RACE_CHALLENGER;
		return;
	case RACE_NONE:
		break;
	}
	if (e->retest_done < e->retest_total) {
		int which = e->retest_set[FS_RETEST_RUNNER_UP] >= 0
				    ? e->retest_done % 2
				    : FS_RETEST_WINNER;

		fs_mask_to(e->sets[e->retest_set[which]].mask, e->algo.d, x);
		*role = which ? FS_ROLE_RETEST_RUNNER_UP
			      : FS_ROLE_RETEST_WINNER;
		return;
	}
	e->algo.ops->propose(e->algo.st, rng, x);
	*role = FS_ROLE_EXPLORE;
}

static void add_run(struct fs_set_stats *s, bool failed, double reward,
		    double other)
{
	if (failed) {
		s->n_fail++;
		return;
	}
	s->n++;
	s->sum += reward;
	s->sumsq += reward * reward;
	if (!isnan(other)) {
		s->on++;
		s->osum += other;
		s->osumsq += other * other;
	}
}

/* A set and its held-out runs: both must be free of failures. */
static double held_score(const struct fs_engine *e, int which)
{
	long i = e->retest_set[which];

	if (i < 0 || e->sets[i].n_fail)
		return -INFINITY;
	return score(&e->held[which]);
}

/*
 * The re-test is over: the better held-out mean of the two wins, the
 * winner keeping it on a tie; if both failed, the best set that never
 * failed (drop_failed_incumbent) or none.
 */
static void decide_retest(struct fs_engine *e)
{
	double w = held_score(e, FS_RETEST_WINNER);
	double u = held_score(e, FS_RETEST_RUNNER_UP);

	if (isfinite(w) && w >= u)
		e->incumbent = e->retest_set[FS_RETEST_WINNER];
	else if (isfinite(u))
		e->incumbent = e->retest_set[FS_RETEST_RUNNER_UP];
}

int fs_engine_begin_retest(struct fs_engine *e, int episodes, int budget)
{
	long up = -1;
	size_t i;

	if (e->retest_budget == budget)
		return fs_engine_retest_left(e);
	if (e->incumbent < 0 || episodes <= 0)
		return 0;
	for (i = 0; i < e->n_sets; i++)
		if ((long)i != e->incumbent && isfinite(score(&e->sets[i])) &&
		    (up < 0 || score(&e->sets[i]) > score(&e->sets[up])))
			up = (long)i;
	e->race = RACE_NONE; /* a race cut short: the incumbent stands */
	e->retest_budget = budget;
	e->retest_total = episodes;
	e->retest_done = 0;
	e->retest_set[FS_RETEST_WINNER] = e->incumbent;
	e->retest_set[FS_RETEST_RUNNER_UP] = up;
	memset(e->held, 0, sizeof(e->held));
	e->held[FS_RETEST_WINNER].mask = e->sets[e->incumbent].mask;
	if (up >= 0)
		e->held[FS_RETEST_RUNNER_UP].mask = e->sets[up].mask;
	return episodes;
}

int fs_engine_retest_left(const struct fs_engine *e)
{
	return e->retest_total - e->retest_done;
}

const struct fs_set_stats *fs_engine_retest(const struct fs_engine *e,
					    enum fs_retest_set which)
{
	return e->retest_total && e->retest_set[which] >= 0 ? &e->held[which]
							    : NULL;
}

/*
 * A set that failed even once cannot stay the incumbent (it may be run
 * again by the algorithm or in its race): the best set that never failed
 * takes over, or none, and a race it was in is off.
 */
static void drop_failed_incumbent(struct fs_engine *e)
{
	long best = -1;
	size_t i;

	if (e->incumbent < 0 || !e->sets[e->incumbent].n_fail)
		return;
	for (i = 0; i < e->n_sets; i++)
		if (isfinite(score(&e->sets[i])) &&
		    (best < 0 || score(&e->sets[i]) > score(&e->sets[best])))
			best = (long)i;
	e->incumbent = best;
	e->race = RACE_NONE;
}

int fs_engine_record(struct fs_engine *e, const bool *x, enum fs_role role,
		     bool failed, double reward, double other)
{
	uint64_t mask = fs_mask_of(x, e->algo.d);
	long i = find_or_add(e, mask);
	struct fs_set_stats *s;

	if (i < 0)
		return -1;
	s = &e->sets[i];
	if (role == FS_ROLE_RETEST_WINNER || role == FS_ROLE_RETEST_RUNNER_UP) {
		/* Held out: kept apart, but a failure marks the set. */
		if (failed)
			s->n_fail++;
		s = &e->held[role == FS_ROLE_RETEST_RUNNER_UP];
	}
	add_run(s, failed, reward, other);
	switch (role) {
	case FS_ROLE_EXPLORE:
		if (e->algo.ops->observe(e->algo.st, x, reward, failed))
			return -1;
		if (failed || i == e->incumbent)
			break;
		if (e->incumbent < 0) {
			e->incumbent = i;
		} else if (score(s) > score(&e->sets[e->incumbent])) {
			e->race = RACE_RERUN_INCUMBENT;
			e->challenger = mask;
		}
		break;
	case FS_ROLE_RACE_INCUMBENT:
		e->race = RACE_RERUN_CHALLENGER;
		break;
	case FS_ROLE_RACE_CHALLENGER:
		e->race = RACE_NONE;
		if (score(s) > score(&e->sets[e->incumbent]))
			e->incumbent = i;
		break;
	case FS_ROLE_RETEST_WINNER:
	case FS_ROLE_RETEST_RUNNER_UP:
		if (++e->retest_done == e->retest_total)
			decide_retest(e);
		break;
	}
	drop_failed_incumbent(e);
	return 0;
}

const struct fs_set_stats *fs_engine_incumbent(const struct fs_engine *e)
{
	return e->incumbent < 0 ? NULL : &e->sets[e->incumbent];
}

const struct fs_set_stats *fs_engine_stats(const struct fs_engine *e,
					   const bool *x)
{
	long i = find(e, fs_mask_of(x, e->algo.d));

	return i < 0 ? NULL : &e->sets[i];
}

const struct fs_algo *fs_engine_algo(const struct fs_engine *e)
{
	return &e->algo;
}

/* One set's stats as a row of the saved table, and back. */
static void stats_to_row(const struct fs_set_stats *s, double *r)
{
	r[0] = (double)s->mask;
	r[1] = s->n;
	r[2] = s->n_fail;
	r[3] = s->sum;
	r[4] = s->sumsq;
	r[5] = s->osum;
	r[6] = s->osumsq;
	r[7] = s->on;
}

static void row_to_stats(const double *r, struct fs_set_stats *s)
{
	s->mask = (uint64_t)r[0];
	s->n = (int)r[1];
	s->n_fail = (int)r[2];
	s->sum = r[3];
	s->sumsq = r[4];
	s->osum = r[5];
	s->osumsq = r[6];
	s->on = (int)r[7];
}

/* The re-test's state: its head, then each held-out table row. */
#define RETEST_HEAD 5

static int save_retest(const struct fs_engine *e, struct fs_vars *engine)
{
	double v[RETEST_HEAD + 2 * STATS_FIELDS];
	int k;

	v[0] = e->retest_budget;
	v[1] = e->retest_total;
	v[2] = e->retest_done;
	v[3] = (double)e->retest_set[0];
	v[4] = (double)e->retest_set[1];
	for (k = 0; k < 2; k++)
		stats_to_row(&e->held[k], &v[RETEST_HEAD + k * STATS_FIELDS]);
	return fs_vars_put(engine, "retest", v, sizeof(v) / sizeof(v[0]));
}

/* Checkpoints from before the re-test have none: nothing begun. */
static int load_retest(struct fs_engine *e, const struct fs_vars *engine,
		       char *err, size_t errlen)
{
	double v[RETEST_HEAD + 2 * STATS_FIELDS];
	int k;

	if (!fs_vars_find(engine, "retest"))
		return 0;
	if (fs_vars_get(engine, "retest", v, sizeof(v) / sizeof(v[0]), err,
			errlen))
		return -1;
	if (v[1] < 0 || v[2] < 0 || v[2] > v[1] || v[3] < -1 ||
	    v[3] >= (double)e->n_sets || v[4] < -1 ||
	    v[4] >= (double)e->n_sets || (v[1] > 0 && v[3] < 0)) {
		snprintf(err, errlen, "retest: out of range");
		return -1;
	}
	e->retest_budget = (int)v[0];
	e->retest_total = (int)v[1];
	e->retest_done = (int)v[2];
	e->retest_set[0] = (long)v[3];
	e->retest_set[1] = (long)v[4];
	for (k = 0; k < 2; k++)
		row_to_stats(&v[RETEST_HEAD + k * STATS_FIELDS], &e->held[k]);
	return 0;
}

int fs_engine_save(const struct fs_engine *e, struct fs_vars *engine,
		   struct fs_vars *policy)
{
	double head[3] = {(double)e->incumbent, e->race, (double)e->challenger};
	double *t =
		malloc((e->n_sets ? e->n_sets : 1) * STATS_FIELDS * sizeof(*t));
	size_t i;
	int ret;

	if (!t)
		return -1;
	for (i = 0; i < e->n_sets; i++)
		stats_to_row(&e->sets[i], &t[i * STATS_FIELDS]);
	ret = fs_vars_put(engine, "incumbent_race_challenger", head, 3) ||
	      fs_vars_put(engine, "sets", t, e->n_sets * STATS_FIELDS) ||
	      save_retest(e, engine) || e->algo.ops->save(e->algo.st, policy);
	free(t);
	return ret ? -1 : 0;
}

int fs_engine_load(struct fs_engine *e, const struct fs_vars *engine,
		   const struct fs_vars *policy, char *err, size_t errlen)
{
	const struct fs_var *t = fs_vars_find(engine, "sets");
	double head[3];
	size_t i, n;

	if (fs_vars_get(engine, "incumbent_race_challenger", head, 3, err,
			errlen))
		return -1;
	if (!t || t->n % STATS_FIELDS) {
		snprintf(err, errlen, "sets: missing or not rows of %d",
			 STATS_FIELDS);
		return -1;
	}
	n = t->n / STATS_FIELDS;
	if (head[0] < -1 || head[0] >= (double)n || head[1] < RACE_NONE ||
	    head[1] > RACE_RERUN_CHALLENGER ||
	    (head[1] != RACE_NONE && head[0] < 0)) {
		snprintf(err, errlen,
			 "incumbent_race_challenger: out of range");
		return -1;
	}
	e->n_sets = 0;
	for (i = 0; i < n; i++) {
		const double *r = &t->v[i * STATS_FIELDS];
		long k = find_or_add(e, (uint64_t)r[0]);

		if (k < 0) {
			snprintf(err, errlen, "sets: out of memory");
			return -1;
		}
		row_to_stats(r, &e->sets[k]);
	}
	e->incumbent = (long)head[0];
	e->race = (enum race_stage)head[1];
	e->challenger = (uint64_t)head[2];
	if (load_retest(e, engine, err, errlen))
		return -1;
	return e->algo.ops->load(e->algo.st, policy, err, errlen);
}
