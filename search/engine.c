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
	/* Issued by fs_engine_issue and not yet recorded (a search on one
	 * machine asks with fs_engine_next: these stay 0). */
	int fly_explore, fly_retest;
	bool fly_race_incumbent, fly_race_challenger;
	/* Re-runs of races called off while they were out: recorded (in
	 * order of issue, so before any later race's) for their stats only. */
	int stale_race_incumbent, stale_race_challenger;
	/* A challenger that won while a race was on: raced next if it still
	 * beats the incumbent then. */
	bool has_next_challenger;
	uint64_t next_challenger;
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

struct fs_engine *fs_engine_for(const char *name, int d, char *err,
				size_t errlen)
{
	struct fs_algo algo;
	struct fs_engine *e;

	if (fs_algo_new(name, d, &algo, err, errlen))
		return NULL;
	e = fs_engine_new(&algo);
	if (!e)
		snprintf(err, errlen, "out of memory");
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

/*
 * The next evaluation and its role: 1, or 0 when it depends on results
 * still in flight. Races first (the incumbent's re-run, then the
 * challenger's), then the re-test, then what the algorithm proposes,
 * as long as its batch allows.
 */
static int decide(const struct fs_engine *e, gsl_rng *rng, bool *x,
		  enum fs_role *role)
{
	int k;

	if (e->race == RACE_RERUN_INCUMBENT && !e->fly_race_incumbent) {
		fs_mask_to(e->sets[e->incumbent].mask, e->algo.d, x);
		*role = FS_ROLE_RACE_INCUMBENT;
		return 1;
	}
	/* Once the incumbent's re-run is out, the challenger's may go. */
	if (e->race != RACE_NONE && !e->fly_race_challenger) {
		fs_mask_to(e->challenger, e->algo.d, x);
		*role = FS_ROLE_RACE_CHALLENGER;
		return 1;
	}
	k = e->retest_done + e->fly_retest;
	if (k < e->retest_total) {
		int which = e->retest_set[FS_RETEST_RUNNER_UP] >= 0
				    ? k % 2
				    : FS_RETEST_WINNER;

		fs_mask_to(e->sets[e->retest_set[which]].mask, e->algo.d, x);
		*role = which ? FS_ROLE_RETEST_RUNNER_UP
			      : FS_ROLE_RETEST_WINNER;
		return 1;
	}
	if (e->retest_done < e->retest_total ||
	    e->fly_explore >= e->algo.ops->batch(e->algo.st))
		return 0;
	e->algo.ops->propose(e->algo.st, rng, x);
	*role = FS_ROLE_EXPLORE;
	return 1;
}

void fs_engine_next(const struct fs_engine *e, gsl_rng *rng, bool *x,
		    enum fs_role *role)
{
	decide(e, rng, x, role);
}

int fs_engine_issue(struct fs_engine *e, gsl_rng *rng, bool *x,
		    enum fs_role *role)
{
	if (!decide(e, rng, x, role))
		return 0;
	switch (*role) {
	case FS_ROLE_EXPLORE:
		e->fly_explore++;
		break;
	case FS_ROLE_RACE_INCUMBENT:
		e->fly_race_incumbent = true;
		break;
	case FS_ROLE_RACE_CHALLENGER:
		e->fly_race_challenger = true;
		break;
	case FS_ROLE_RETEST_WINNER:
	case FS_ROLE_RETEST_RUNNER_UP:
		e->fly_retest++;
		break;
	}
	return 1;
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

/* No race now; its re-runs still out count for nothing but stats. */
static void call_off_race(struct fs_engine *e)
{
	e->race = RACE_NONE;
	if (e->fly_race_incumbent)
		e->stale_race_incumbent++;
	if (e->fly_race_challenger)
		e->stale_race_challenger++;
	e->fly_race_incumbent = e->fly_race_challenger = false;
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
	call_off_race(e); /* a race cut short: the incumbent stands */
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
	call_off_race(e);
}

/*
 * Set @mask beat the incumbent: race them. While a race is on (machines
 * sharing a search record explores during one), the best such set waits
 * for the next race; once the re-test has begun there are no more races.
 */
static void challenge(struct fs_engine *e, uint64_t mask)
{
	if (e->retest_done < e->retest_total)
		return;
	if (e->race == RACE_NONE) {
		e->race = RACE_RERUN_INCUMBENT;
		e->challenger = mask;
		return;
	}
	if (mask == e->challenger)
		return;
	if (!e->has_next_challenger ||
	    score(&e->sets[find(e, mask)]) >
		    score(&e->sets[find(e, e->next_challenger)])) {
		e->next_challenger = mask;
		e->has_next_challenger = true;
	}
}

/* A race is over: the waiting challenger's turn, if it still wins. */
static void race_next(struct fs_engine *e)
{
	long i;

	if (!e->has_next_challenger)
		return;
	e->has_next_challenger = false;
	i = find(e, e->next_challenger);
	if (i >= 0 && i != e->incumbent && e->incumbent >= 0 &&
	    score(&e->sets[i]) > score(&e->sets[e->incumbent]))
		challenge(e, e->next_challenger);
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
		if (e->fly_explore)
			e->fly_explore--;
		if (e->algo.ops->observe(e->algo.st, x, reward, failed))
			return -1;
		if (failed || i == e->incumbent)
			break;
		if (e->incumbent < 0)
			e->incumbent = i;
		else if (score(s) > score(&e->sets[e->incumbent]))
			challenge(e, mask);
		break;
	case FS_ROLE_RACE_INCUMBENT:
		if (e->stale_race_incumbent) {
			e->stale_race_incumbent--;
			break;
		}
		e->fly_race_incumbent = false;
		if (e->race == RACE_RERUN_INCUMBENT)
			e->race = RACE_RERUN_CHALLENGER;
		break;
	case FS_ROLE_RACE_CHALLENGER:
		if (e->stale_race_challenger) {
			e->stale_race_challenger--;
			break;
		}
		e->fly_race_challenger = false;
		if (e->race == RACE_NONE || mask != e->challenger)
			break;
		e->race = RACE_NONE;
		if (score(s) > score(&e->sets[e->incumbent]))
			e->incumbent = i;
		race_next(e);
		break;
	case FS_ROLE_RETEST_WINNER:
	case FS_ROLE_RETEST_RUNNER_UP:
		if (e->fly_retest)
			e->fly_retest--;
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

bool fs_engine_policy(const struct fs_engine *e, double *p)
{
	const struct fs_var *v;
	struct fs_vars vars;
	bool ok = false;

	fs_vars_init(&vars);
	if (!e->algo.ops->save(e->algo.st, &vars) &&
	    (v = fs_vars_find(&vars, "p")) && v->n == (size_t)e->algo.d) {
		memcpy(p, v->v, v->n * sizeof(*p));
		ok = true;
	}
	fs_vars_free(&vars);
	return ok;
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

int fs_engine_in_flight(const struct fs_engine *e)
{
	return e->fly_explore + e->fly_retest + e->fly_race_incumbent +
	       e->fly_race_challenger + e->stale_race_incumbent +
	       e->stale_race_challenger;
}

/* What is in flight; only a shared search (fleet/) ever has any. */
#define FLIGHT_FIELDS 8

static int save_flight(const struct fs_engine *e, struct fs_vars *engine)
{
	double v[FLIGHT_FIELDS] = {
		e->fly_explore,		 e->fly_retest,
		e->fly_race_incumbent,	 e->fly_race_challenger,
		e->has_next_challenger,	 (double)e->next_challenger,
		e->stale_race_incumbent, e->stale_race_challenger,
	};

	if (!fs_engine_in_flight(e) && !e->has_next_challenger)
		return 0;
	return fs_vars_put(engine, "flight", v, FLIGHT_FIELDS);
}

static int load_flight(struct fs_engine *e, const struct fs_vars *engine,
		       char *err, size_t errlen)
{
	double v[FLIGHT_FIELDS];

	if (!fs_vars_find(engine, "flight"))
		return 0;
	if (fs_vars_get(engine, "flight", v, FLIGHT_FIELDS, err, errlen))
		return -1;
	if (v[0] < 0 || v[1] < 0 || v[6] < 0 || v[7] < 0 ||
	    (v[4] && find(e, (uint64_t)v[5]) < 0)) {
		snprintf(err, errlen, "flight: out of range");
		return -1;
	}
	e->fly_explore = (int)v[0];
	e->fly_retest = (int)v[1];
	e->fly_race_incumbent = v[2] != 0;
	e->fly_race_challenger = v[3] != 0;
	e->has_next_challenger = v[4] != 0;
	e->next_challenger = (uint64_t)v[5];
	e->stale_race_incumbent = (int)v[6];
	e->stale_race_challenger = (int)v[7];
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
	      save_retest(e, engine) || save_flight(e, engine) ||
	      e->algo.ops->save(e->algo.st, policy);
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
	if (load_retest(e, engine, err, errlen) ||
	    load_flight(e, engine, err, errlen))
		return -1;
	return e->algo.ops->load(e->algo.st, policy, err, errlen);
}
