// SPDX-License-Identifier: GPL-2.0
/* A search shared through PostgreSQL (study.h). */
#include "study.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knobs.h"
#include "pq.h"
#include "run.h"

/* Any constant: serialises the tables' creation between nodes. */
#define SCHEMA_LOCK 0x666c617368

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS flashyspark_study ("
	" name text PRIMARY KEY,"
	" fingerprint text NOT NULL,"
	" state text NOT NULL," /* the search's checkpoint document */
	" issued integer NOT NULL DEFAULT 0,"
	" applied integer NOT NULL DEFAULT 0,"
	" created timestamptz NOT NULL DEFAULT now());"
	"CREATE TABLE IF NOT EXISTS flashyspark_evaluation ("
	" study text NOT NULL REFERENCES flashyspark_study ON DELETE CASCADE,"
	" seq integer NOT NULL,"
	" mask bigint NOT NULL,"
	" role smallint NOT NULL,"
	" policy text,"
	" status text NOT NULL"
	"  CHECK (status IN ('pending', 'claimed', 'done')),"
	" node text,"
	" attempt integer NOT NULL DEFAULT 1,"
	" lease_until timestamptz,"
	" issued_at timestamptz NOT NULL DEFAULT now(),"
	" done_at timestamptz,"
	" failed boolean,"
	" reward double precision,"
	" other double precision,"
	" seconds double precision,"
	" episode text," /* its episodes.jsonl line */
	" PRIMARY KEY (study, seq));"
	"CREATE TABLE IF NOT EXISTS flashyspark_node ("
	" study text NOT NULL REFERENCES flashyspark_study ON DELETE CASCADE,"
	" name text NOT NULL,"
	" fingerprint text NOT NULL,"
	" joined timestamptz NOT NULL DEFAULT now(),"
	" last_seen timestamptz NOT NULL DEFAULT now(),"
	" PRIMARY KEY (study, name));";

int fs_study_connect(struct fs_study *s, const char *url, const char *name,
		     char *err, size_t errlen)
{
	char lock[64];
	const char *p[1] = {lock};

	memset(s, 0, sizeof(*s));
	if (!*name || strlen(name) >= sizeof(s->name)) {
		snprintf(err, errlen, "--study: expected 1..%zu characters",
			 sizeof(s->name) - 1);
		return -1;
	}
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->db = fs_pq_connect(url, err, errlen);
	if (!s->db)
		return -1;
	snprintf(lock, sizeof(lock), "%lld", (long long)SCHEMA_LOCK);
	if (fs_pq_begin(s->db, err, errlen))
		return -1;
	if (fs_pq_exec(s->db, "SELECT pg_advisory_xact_lock($1::bigint)", 1, p,
		       err, errlen) < 0 ||
	    fs_pq_exec(s->db, schema, 0, NULL, err, errlen) < 0 ||
	    fs_pq_commit(s->db, err, errlen)) {
		fs_pq_rollback(s->db);
		return -1;
	}
	return 0;
}

void fs_study_close(struct fs_study *s)
{
	if (s->db)
		PQfinish(s->db);
	fs_engine_free(s->engine);
	s->db = NULL;
	s->engine = NULL;
}

/* The state document into s (settings, engine, counts) and *rng. */
static int state_read(struct fs_study *s, const char *text, gsl_rng **rng,
		      char *err, size_t errlen)
{
	struct fs_checkpoint ck;
	char name[FS_STUDY_NAME_LEN + 16], why[512];
	int ret = -1;

	snprintf(name, sizeof(name), "study %s", s->name);
	if (fs_checkpoint_parse(name, text, &ck, rng, err, errlen))
		return -1;
	fs_engine_free(s->engine);
	s->engine =
		fs_engine_for(ck.settings.algorithm, FS_NR_KNOBS, err, errlen);
	if (!s->engine)
		goto out;
	if (fs_engine_load(s->engine, &ck.engine, &ck.policy, why,
			   sizeof(why))) {
		snprintf(err, errlen, "%s: engine/policy: %s", name, why);
		goto out;
	}
	s->set = ck.settings;
	s->seconds = ck.seconds;
	ret = 0;
out:
	fs_vars_free(&ck.engine);
	fs_vars_free(&ck.policy);
	if (ret && *rng) {
		gsl_rng_free(*rng);
		*rng = NULL;
	}
	return ret;
}

/* The state document of s and @rng; NULL when out of memory. */
static char *state_text(const struct fs_study *s, const gsl_rng *rng)
{
	struct fs_checkpoint ck;
	char *text = NULL;

	memset(&ck, 0, sizeof(ck));
	ck.settings = s->set;
	ck.done = s->applied;
	ck.seconds = s->seconds;
	if (!fs_engine_save(s->engine, &ck.engine, &ck.policy))
		text = fs_checkpoint_text(&ck, rng);
	fs_vars_free(&ck.engine);
	fs_vars_free(&ck.policy);
	return text;
}

int fs_study_load(struct fs_study *s, char *fingerprint, size_t fplen,
		  char *err, size_t errlen)
{
	const char *p[1] = {s->name};
	PGresult *res =
		fs_pq_query(s->db,
			    "SELECT state, fingerprint, issued, applied FROM "
			    "flashyspark_study WHERE name = $1",
			    1, p, err, errlen);
	gsl_rng *rng = NULL;
	int ret;

	if (!res)
		return -1;
	if (!PQntuples(res)) {
		PQclear(res);
		return 0;
	}
	ret = state_read(s, PQgetvalue(res, 0, 0), &rng, err, errlen);
	if (!ret) {
		snprintf(fingerprint, fplen, "%s", PQgetvalue(res, 0, 1));
		s->issued = atoi(PQgetvalue(res, 0, 2));
		s->applied = atoi(PQgetvalue(res, 0, 3));
		gsl_rng_free(rng);
	}
	PQclear(res);
	return ret ? -1 : 1;
}

int fs_study_create(struct fs_study *s, const struct fs_search_settings *set,
		    const char *fingerprint, char *err, size_t errlen)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	const char *p[3];
	char *text = NULL;
	long rows = -1;

	if (!rng) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	gsl_rng_set(rng, set->seed);
	s->set = *set;
	s->issued = s->applied = 0;
	s->seconds = 0;
	fs_engine_free(s->engine);
	s->engine = fs_engine_for(set->algorithm, FS_NR_KNOBS, err, errlen);
	if (!s->engine)
		goto out;
	text = state_text(s, rng);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	p[0] = s->name;
	p[1] = fingerprint;
	p[2] = text;
	rows = fs_pq_exec(s->db,
			  "INSERT INTO flashyspark_study (name, fingerprint, "
			  "state) VALUES ($1, $2, $3) ON CONFLICT (name) DO "
			  "NOTHING",
			  3, p, err, errlen);
out:
	free(text);
	gsl_rng_free(rng);
	return rows < 0 ? -1 : rows > 0;
}

#define DIFFER(field, fmt)                                           \
	do {                                                         \
		if (study->field != mine->field) {                   \
			snprintf(why, len,                           \
				 #field ": the study has " fmt       \
					", this node asks for " fmt, \
				 study->field, mine->field);         \
			return 1;                                    \
		}                                                    \
	} while (0)

#define DIFFER_STR(field)                                                 \
	do {                                                              \
		if (strcmp(study->field, mine->field)) {                  \
			snprintf(why, len,                                \
				 #field ": the study has '%.200s', this " \
					"node asks for '%.200s'",         \
				 study->field, mine->field);              \
			return 1;                                         \
		}                                                         \
	} while (0)

int fs_study_settings_differ(const struct fs_search_settings *study,
			     const struct fs_search_settings *mine, char *why,
			     size_t len)
{
	DIFFER_STR(algorithm);
	DIFFER(metric, "%d");
	DIFFER(episodes, "%d");
	DIFFER(seed, "%lu");
	DIFFER_STR(model);
	DIFFER_STR(bench_cmd);
	DIFFER(threads, "%d");
	DIFFER_STR(bench_args);
	DIFFER(bench_timeout_s, "%d");
	DIFFER(retest, "%d");
	DIFFER(no_scheduler, "%d");
	DIFFER_STR(scenario);
	DIFFER_STR(neighbour);
	DIFFER_STR(workload);
	return 0;
}

int fs_study_join(struct fs_study *s, const char *fingerprint, char *err,
		  size_t errlen)
{
	const char *p[3] = {s->name, s->node, fingerprint};
	PGresult *res = fs_pq_query(
		s->db,
		"SELECT fingerprint FROM flashyspark_study WHERE name = $1", 1,
		p, err, errlen);

	if (!res)
		return -1;
	if (PQntuples(res) != 1) {
		snprintf(err, errlen, "study %s: not found", s->name);
		PQclear(res);
		return -1;
	}
	if (strcmp(PQgetvalue(res, 0, 0), fingerprint)) {
		snprintf(err, errlen,
			 "this machine differs from the study's first node, "
			 "so its results would not be comparable: study %s "
			 "has \"%.240s\", this node is \"%.240s\"",
			 s->name, PQgetvalue(res, 0, 0), fingerprint);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return fs_pq_exec(s->db,
			  "INSERT INTO flashyspark_node (study, name, "
			  "fingerprint) VALUES ($1, $2, $3) ON CONFLICT "
			  "(study, name) DO UPDATE SET last_seen = now()",
			  3, p, err, errlen) < 0
		       ? -1
		       : 0;
}

/* A claimed row (seq, attempt, mask, role, policy) into job. */
static void job_of(PGresult *res, struct fs_study_job *job)
{
	const char *pol = PQgetvalue(res, 0, 4);
	int n = 0;

	memset(job, 0, sizeof(*job));
	job->seq = atoi(PQgetvalue(res, 0, 0));
	job->attempt = atoi(PQgetvalue(res, 0, 1));
	job->mask = strtoull(PQgetvalue(res, 0, 2), NULL, 10);
	job->role = (enum fs_role)atoi(PQgetvalue(res, 0, 3));
	while (!PQgetisnull(res, 0, 4) && *pol && n < 64) {
		char *end;
		double v = strtod(pol, &end);

		if (end == pol)
			break;
		job->policy[n++] = v;
		pol = *end == ',' ? end + 1 : end;
	}
	job->has_policy = n > 0;
}

/* The algorithm's knob probabilities now ("p"), comma-separated. */
static void policy_text(const struct fs_engine *e, char *out, size_t len)
{
	double p[FS_NR_KNOBS];
	size_t i, at = 0;

	out[0] = '\0';
	if (fs_engine_policy(e, p))
		for (i = 0; i < FS_NR_KNOBS && at < len; i++)
			at += (size_t)snprintf(out + at, len - at, "%s%.17g",
					       i ? "," : "", p[i]);
}

/* Apply the finished results in order of issue; -1 with err. */
static int apply_done(struct fs_study *s, bool *changed, char *err,
		      size_t errlen)
{
	char applied[16];
	const char *p[2] = {s->name, applied};
	PGresult *res;
	int i;

	snprintf(applied, sizeof(applied), "%d", s->applied);
	res = fs_pq_query(
		s->db,
		"SELECT seq, mask, role, failed, reward, other, "
		"seconds FROM flashyspark_evaluation WHERE study = $1 "
		"AND status = 'done' AND seq > $2 ORDER BY seq",
		2, p, err, errlen);
	if (!res)
		return -1;
	for (i = 0; i < PQntuples(res); i++) {
		bool x[FS_ALGO_MAX_D];
		double other = PQgetisnull(res, i, 5)
				       ? NAN
				       : strtod(PQgetvalue(res, i, 5), NULL);

		if (atoi(PQgetvalue(res, i, 0)) != s->applied + 1)
			break; /* an earlier one is still out */
		fs_mask_to(strtoull(PQgetvalue(res, i, 1), NULL, 10),
			   FS_NR_KNOBS, x);
		if (fs_engine_record(s->engine, x,
				     (enum fs_role)atoi(PQgetvalue(res, i, 2)),
				     PQgetvalue(res, i, 3)[0] == 't',
				     strtod(PQgetvalue(res, i, 4), NULL),
				     other)) {
			snprintf(err, errlen, "out of memory");
			PQclear(res);
			return -1;
		}
		s->applied++;
		s->seconds += strtod(PQgetvalue(res, i, 6), NULL);
		*changed = true;
	}
	PQclear(res);
	return 0;
}

/* Issue the next evaluation to this node: 1, 0 when none can go. */
static int issue(struct fs_study *s, gsl_rng *rng, struct fs_study_job *job,
		 char *err, size_t errlen)
{
	char seq[16], mask[24], role[8], lease[16], policy[64 * 26];
	const char *p[7] = {s->name, seq, mask, role, s->node, lease, policy};
	bool x[FS_ALGO_MAX_D];
	PGresult *res;

	if (s->issued >= s->set.episodes)
		return 0;
	/* Counted in evaluations issued, not done. */
	fs_search_begin_retest(s->engine, &s->set, s->issued);
	policy_text(s->engine, policy, sizeof(policy));
	if (!fs_engine_issue(s->engine, rng, x, &job->role))
		return 0;
	snprintf(seq, sizeof(seq), "%d", s->issued + 1);
	snprintf(mask, sizeof(mask), "%" PRIu64, fs_mask_of(x, FS_NR_KNOBS));
	snprintf(role, sizeof(role), "%d", (int)job->role);
	snprintf(lease, sizeof(lease), "%d", s->lease_s);
	res = fs_pq_query(s->db,
			  "INSERT INTO flashyspark_evaluation (study, seq, "
			  "mask, role, node, status, lease_until, policy) "
			  "VALUES ($1, $2, $3, $4, $5, 'claimed', "
			  "clock_timestamp() + "
			  "make_interval(secs => $6), NULLIF($7, '')) "
			  "RETURNING seq, attempt, mask, role, policy",
			  7, p, err, errlen);
	if (!res)
		return -1;
	job_of(res, job);
	PQclear(res);
	s->issued++;
	return 1;
}

/* Under the study's lock: apply what finished, then issue one. */
static int advance(struct fs_study *s, struct fs_study_job *job, char *err,
		   size_t errlen)
{
	const char *p[4] = {s->name};
	char issued[16], applied[16], *text = NULL;
	gsl_rng *rng = NULL;
	bool changed = false;
	PGresult *res;
	int ret = -1, got = 0;

	if (fs_pq_begin(s->db, err, errlen))
		return -1;
	res = fs_pq_query(
		s->db,
		"SELECT state, issued, applied FROM flashyspark_study "
		"WHERE name = $1 FOR NO KEY UPDATE",
		1, p, err, errlen);
	if (!res)
		goto out;
	if (PQntuples(res) != 1) {
		snprintf(err, errlen, "study %s: gone", s->name);
		goto out;
	}
	if (state_read(s, PQgetvalue(res, 0, 0), &rng, err, errlen))
		goto out;
	s->issued = atoi(PQgetvalue(res, 0, 1));
	s->applied = atoi(PQgetvalue(res, 0, 2));
	if (apply_done(s, &changed, err, errlen))
		goto out;
	if (s->applied < s->set.episodes) {
		got = issue(s, rng, job, err, errlen);
		if (got < 0)
			goto out;
		changed |= got;
	}
	if (changed) {
		text = state_text(s, rng);
		if (!text) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		snprintf(issued, sizeof(issued), "%d", s->issued);
		snprintf(applied, sizeof(applied), "%d", s->applied);
		p[1] = text;
		p[2] = issued;
		p[3] = applied;
		if (fs_pq_exec(s->db,
			       "UPDATE flashyspark_study SET state = $2, "
			       "issued = $3, applied = $4 WHERE name = $1",
			       4, p, err, errlen) < 0)
			goto out;
	}
	if (fs_pq_commit(s->db, err, errlen))
		goto out;
	ret = got			      ? FS_STUDY_RUN
	      : s->applied >= s->set.episodes ? FS_STUDY_DONE
					      : FS_STUDY_WAIT;
out:
	if (ret < 0)
		fs_pq_rollback(s->db);
	PQclear(res);
	free(text);
	if (rng)
		gsl_rng_free(rng);
	return ret;
}

int fs_study_claim(struct fs_study *s, struct fs_study_job *job, char *err,
		   size_t errlen)
{
	char lease[16];
	const char *p[3] = {s->name, s->node, lease};
	PGresult *res;

	snprintf(lease, sizeof(lease), "%d", s->lease_s);
	/* A claim whose node stopped renewing it goes back to pending. */
	if (fs_pq_exec(s->db,
		       "UPDATE flashyspark_evaluation SET status = 'pending', "
		       "node = NULL, lease_until = NULL WHERE study = $1 AND "
		       "status = 'claimed' AND lease_until < clock_timestamp()",
		       1, p, err, errlen) < 0)
		return -1;
	res = fs_pq_query(
		s->db,
		"UPDATE flashyspark_evaluation e SET status = 'claimed', "
		"node = $2, attempt = e.attempt + 1, lease_until = "
		"clock_timestamp() + "
		"make_interval(secs => $3) FROM (SELECT seq FROM "
		"flashyspark_evaluation WHERE study = $1 AND status = "
		"'pending' ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED) p "
		"WHERE e.study = $1 AND e.seq = p.seq "
		"RETURNING e.seq, e.attempt, e.mask, e.role, e.policy",
		3, p, err, errlen);
	if (!res)
		return -1;
	if (PQntuples(res) == 1) {
		job_of(res, job);
		PQclear(res);
		return FS_STUDY_RUN;
	}
	PQclear(res);
	return advance(s, job, err, errlen);
}

int fs_study_finish(struct fs_study *s, const struct fs_study_job *job,
		    bool failed, double reward, double other, double seconds,
		    const char *line, char *err, size_t errlen)
{
	char seq[16], attempt[16], r[32], o[32], sec[32];
	const char *p[9] = {s->name, seq,  attempt, s->node, failed ? "t" : "f",
			    r,	     NULL, sec,	    line};
	long rows;

	snprintf(seq, sizeof(seq), "%d", job->seq);
	snprintf(attempt, sizeof(attempt), "%d", job->attempt);
	snprintf(r, sizeof(r), "%.17g", failed ? 0 : reward);
	snprintf(o, sizeof(o), "%.17g", other);
	snprintf(sec, sizeof(sec), "%.17g", seconds);
	p[6] = isnan(other) ? NULL : o;
	rows = fs_pq_exec(s->db,
			  "UPDATE flashyspark_evaluation SET status = 'done', "
			  "failed = $5, reward = $6, other = $7, seconds = $8, "
			  "episode = $9, done_at = now(), lease_until = NULL "
			  "WHERE study = $1 AND seq = $2 AND attempt = $3 AND "
			  "node = $4 AND status = 'claimed'",
			  9, p, err, errlen);
	return rows < 0 ? -1 : rows > 0;
}

void fs_study_release(struct fs_study *s, const struct fs_study_job *job)
{
	char seq[16], attempt[16], err[256];
	const char *p[4] = {s->name, seq, attempt, s->node};

	snprintf(seq, sizeof(seq), "%d", job->seq);
	snprintf(attempt, sizeof(attempt), "%d", job->attempt);
	fs_pq_exec(s->db,
		   "UPDATE flashyspark_evaluation SET status = 'pending', "
		   "node = NULL, lease_until = NULL WHERE study = $1 AND "
		   "seq = $2 AND attempt = $3 AND node = $4 AND status = "
		   "'claimed'",
		   4, p, err, sizeof(err));
}

int fs_study_renew(PGconn *db, const char *study, const char *node,
		   const struct fs_study_job *job, int lease_s, char *err,
		   size_t errlen)
{
	char seq[16], attempt[16], lease[16];
	const char *p[5] = {study, seq, attempt, node, lease};

	snprintf(seq, sizeof(seq), "%d", job->seq);
	snprintf(attempt, sizeof(attempt), "%d", job->attempt);
	snprintf(lease, sizeof(lease), "%d", lease_s);
	if (fs_pq_exec(db,
		       "UPDATE flashyspark_evaluation SET lease_until = "
		       "clock_timestamp() "
		       "+ make_interval(secs => $5) WHERE study = $1 AND seq = "
		       "$2 AND attempt = $3 AND node = $4 AND status = "
		       "'claimed'",
		       5, p, err, errlen) < 0)
		return -1;
	p[1] = node;
	return fs_pq_exec(db,
			  "UPDATE flashyspark_node SET last_seen = now() "
			  "WHERE study = $1 AND name = $2",
			  2, p, err, errlen) < 0
		       ? -1
		       : 0;
}
