/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few ways the fleet talks to PostgreSQL, over libpq, in one place:
 * connect, run one statement with text parameters, and say what went
 * wrong in one line (the server's own message, never half of one).
 */
#ifndef FS_FLEET_PQ_H
#define FS_FLEET_PQ_H

#include <stddef.h>
#include <libpq-fe.h>

/*
 * A connection to @url (a libpq URI or key=value string; what it sets
 * wins), with a 10 s connect timeout, TCP keepalives and a transaction
 * left idle ended after 30 s; NULL with err.
 */
PGconn *fs_pq_connect(const char *url, char *err, size_t errlen);

/*
 * Run @sql with @n text parameters. The result (rows or not) when it
 * succeeded, which the caller PQclear()s; NULL with the server's message
 * in err otherwise.
 */
PGresult *fs_pq_query(PGconn *db, const char *sql, int n,
		      const char *const *params, char *err, size_t errlen);

/* The same for a statement whose rows are not wanted: the rows it
 * changed (0 for none), or -1 with err. */
long fs_pq_exec(PGconn *db, const char *sql, int n, const char *const *params,
		char *err, size_t errlen);

/* BEGIN, COMMIT, ROLLBACK (the last never fails the caller); a
 * snapshot: one read-only view of the database until COMMIT. */
int fs_pq_begin(PGconn *db, char *err, size_t errlen);
int fs_pq_begin_snapshot(PGconn *db, char *err, size_t errlen);
int fs_pq_commit(PGconn *db, char *err, size_t errlen);
void fs_pq_rollback(PGconn *db);

#endif
