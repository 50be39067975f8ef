// SPDX-License-Identifier: GPL-2.0
/* The fleet's PostgreSQL plumbing over libpq (pq.h). */
#include "pq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpq's message without its trailing newline. */
static void say(char *err, size_t errlen, const char *msg)
{
	size_t n;

	snprintf(err, errlen, "%s", msg && *msg ? msg : "unknown error");
	n = strlen(err);
	while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
		err[--n] = '\0';
	/* One line: libpq's hints come on lines of their own. */
	for (char *c = err; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
}

static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message;
}

PGconn *fs_pq_connect(const char *url, char *err, size_t errlen)
{
	/* The user's URL, and what it does not say: give up on a server
	 * that does not answer, notice a dead peer, and never let a node
	 * stopped inside a transaction hold the study's lock for long. */
	static const char *const keys[] = {"connect_timeout", "keepalives_idle",
					   "options", "dbname", NULL};
	/* Last: what the URL expands to overrides the ones before. */
	const char *vals[] = {"10", "30",
			      "-c idle_in_transaction_session_timeout=30s "
			      "-c extra_float_digits=3",
			      url, NULL};
	PGconn *db = PQconnectdbParams(keys, vals, 1);

	if (!db) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (PQstatus(db) != CONNECTION_OK) {
		say(err, errlen, PQerrorMessage(db));
		PQfinish(db);
		return NULL;
	}
	/* Our statements' notices (IF NOT EXISTS ...) are not news. */
	PQsetNoticeProcessor(db, quiet, NULL);
	return db;
}

PGresult *fs_pq_query(PGconn *db, const char *sql, int n,
		      const char *const *params, char *err, size_t errlen)
{
	/* Without parameters several statements may go at once. */
	PGresult *res =
		n ? PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0)
		  : PQexec(db, sql);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	say(err, errlen, res ? PQresultErrorMessage(res) : PQerrorMessage(db));
	PQclear(res);
	return NULL;
}

long fs_pq_exec(PGconn *db, const char *sql, int n, const char *const *params,
		char *err, size_t errlen)
{
	PGresult *res = fs_pq_query(db, sql, n, params, err, errlen);
	long rows;

	if (!res)
		return -1;
	rows = atol(PQcmdTuples(res));
	PQclear(res);
	return rows;
}

int fs_pq_begin(PGconn *db, char *err, size_t errlen)
{
	return fs_pq_exec(db, "BEGIN", 0, NULL, err, errlen) < 0 ? -1 : 0;
}

int fs_pq_begin_snapshot(PGconn *db, char *err, size_t errlen)
{
	return fs_pq_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
			  0, NULL, err, errlen) < 0
		       ? -1
		       : 0;
}

int fs_pq_commit(PGconn *db, char *err, size_t errlen)
{
	return fs_pq_exec(db, "COMMIT", 0, NULL, err, errlen) < 0 ? -1 : 0;
}

void fs_pq_rollback(PGconn *db)
{
	PQclear(PQexec(db, "ROLLBACK"));
}
