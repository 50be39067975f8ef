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
	e->algo.ops->propose(e->algo.st, rng, x);
	*role = FS_ROLE_EXPLORE;
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
	if (failed) {
		s->n_fail++;
	} else {
		s->n++;
		s->sum += reward;
		s->sumsq += reward * reward;
		if (!isnan(other)) {
			s->on++;
			s->osum += other;
			s->osumsq += other * other;
		}
	}
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
	}
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
	for (i = 0; i < e->n_sets; i++) {
		const struct fs_set_stats *s = &e->sets[i];
		double *r = &t[i * STATS_FIELDS];

		r[0] = (double)s->mask;
		r[1] = s->n;
		r[2] = s->n_fail;
		r[3] = s->sum;
		r[4] = s->sumsq;
		r[5] = s->osum;
		r[6] = s->osumsq;
		r[7] = s->on;
	}
	ret = fs_vars_put(engine, "incumbent_race_challenger", head, 3) ||
	      fs_vars_put(engine, "sets", t, e->n_sets * STATS_FIELDS) ||
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
		e->sets[k].n = (int)r[1];
		e->sets[k].n_fail = (int)r[2];
		e->sets[k].sum = r[3];
		e->sets[k].sumsq = r[4];
		e->sets[k].osum = r[5];
		e->sets[k].osumsq = r[6];
		e->sets[k].on = (int)r[7];
	}
	e->incumbent = (long)head[0];
	e->race = (enum race_stage)head[1];
	e->challenger = (uint64_t)head[2];
	return e->algo.ops->load(e->algo.st, policy, err, errlen);
}
