// SPDX-License-Identifier: GPL-2.0
/* A study seen from outside, and its export (study_view.h). */
#include "study_view.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "dirs.h"
#include "knobs.h"
#include "outputs.h"
#include "pq.h"

int fs_study_print(struct fs_study *s, FILE *f, char *err, size_t errlen)
{
	const char *p[1] = {s->name};
	const struct fs_set_stats *best = fs_engine_incumbent(s->engine);
	PGresult *res;
	char knobs[1024];
	int i, n[3] = {0, 0, 0};

	res = fs_pq_query(s->db,
			  "SELECT status, count(*) FROM flashyspark_evaluation "
			  "WHERE study = $1 GROUP BY status",
			  1, p, err, errlen);
	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		const char *st = PQgetvalue(res, i, 0);
		int k = !strcmp(st, "done")	 ? 0
			: !strcmp(st, "claimed") ? 1
						 : 2;

		n[k] = atoi(PQgetvalue(res, i, 1));
	}
	PQclear(res);
	fprintf(f, "study %s: %s, metric %s, %d evaluations, seed %lu\n",
		s->name, s->set.algorithm, fs_metric_name(s->set.metric),
		s->set.episodes, s->set.seed);
	fprintf(f,
		"progress: %d done (%d in the search's state), %d running, "
		"%d waiting for a node, %d not yet issued\n",
		n[0], s->applied, n[1], n[2], s->set.episodes - s->issued);
	res = fs_pq_query(
		s->db,
		"SELECT n.name, count(e.seq) FILTER (WHERE e.status = 'done'), "
		"count(e.seq) FILTER (WHERE e.status = 'claimed'), "
		"round(extract(epoch FROM now() - n.last_seen)) FROM "
		"flashyspark_node n LEFT JOIN flashyspark_evaluation e ON "
		"e.study = n.study AND e.node = n.name WHERE n.study = $1 "
		"GROUP BY n.name, n.last_seen ORDER BY n.name",
		1, p, err, errlen);
	if (!res)
		return -1;
	fprintf(f, "nodes:\n");
	for (i = 0; i < PQntuples(res); i++)
		fprintf(f, "  %-32s %4s done  %s running  last seen %s s ago\n",
			PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
			PQgetvalue(res, i, 2), PQgetvalue(res, i, 3));
	PQclear(res);
	if (!best) {
		fprintf(f, "best: none yet\n");
		return 0;
	}
	fs_format_knobs(best->mask, knobs, sizeof(knobs));
	fprintf(f, "best %s: %.3f ± %.3f t/s over %d runs with %s\n",
		fs_metric_name(s->set.metric), fs_set_mean(best),
		fs_set_stddev(best), best->n, knobs);
	return 0;
}

/* The done evaluations' lines, in order of issue. */
static int fill_episodes(FILE *f, const void *arg)
{
	const PGresult *res = arg;
	int i;

	for (i = 0; i < PQntuples(res); i++)
		if (fprintf(f, "%s\n", PQgetvalue(res, i, 0)) < 0)
			return -1;
	return 0;
}

static int fill_text(FILE *f, const void *arg)
{
	return fputs(arg, f) < 0 ? -1 : 0;
}

int fs_study_write_best(const struct fs_study *s, const char *path, char *err,
			size_t errlen)
{
	struct fs_best b = {.set = fs_engine_incumbent(s->engine),
			    .metric = s->set.metric,
			    .algorithm = s->set.algorithm,
			    .episodes = s->applied,
			    .scenario = s->set.scenario,
			    .workload = s->set.workload};

	if (!b.set)
		return 0;
	/* Once over, the re-test is part of the result. */
	if (!fs_engine_retest_left(s->engine)) {
		b.retest[0] = fs_engine_retest(s->engine, FS_RETEST_WINNER);
		b.retest[1] = fs_engine_retest(s->engine, FS_RETEST_RUNNER_UP);
	}
	return fs_best_write(path, &b, err, errlen) ? -1 : 1;
}

int fs_study_export(struct fs_study *s, const char *dir, char *err,
		    size_t errlen)
{
	const char *p[1] = {s->name};
	char path[PATH_MAX + 32];
	PGresult *res;
	int ret;

	if (fs_mkdir_p(dir)) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	res = fs_pq_query(s->db,
			  "SELECT episode FROM flashyspark_evaluation WHERE "
			  "study = $1 AND status = 'done' AND seq <= (SELECT "
			  "applied FROM flashyspark_study WHERE name = $1) "
			  "ORDER BY seq",
			  1, p, err, errlen);
	if (!res)
		return -1;
	snprintf(path, sizeof(path), "%s/episodes.jsonl", dir);
	ret = fs_atomic_write(path, fill_episodes, res, err, errlen);
	PQclear(res);
	if (ret)
		return -1;
	res = fs_pq_query(s->db,
			  "SELECT state FROM flashyspark_study WHERE name = $1",
			  1, p, err, errlen);
	if (!res)
		return -1;
	snprintf(path, sizeof(path), "%s/checkpoint.yaml", dir);
	ret = PQntuples(res) == 1
		      ? fs_atomic_write(path, fill_text, PQgetvalue(res, 0, 0),
					err, errlen)
		      : -1;
	PQclear(res);
	if (ret)
		return -1;
	snprintf(path, sizeof(path), "%s/best_parameters.yaml", dir);
	return fs_study_write_best(s, path, err, errlen) < 0 ? -1 : 0;
}
