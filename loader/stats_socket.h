/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running scheduler's counters for other programs, the way the scx
 * schedulers serve theirs: a UNIX stream socket (by default
 * /run/flashyspark/stats.sock) on which every connection gets one
 * snapshot (stats_snapshot.h) and end of file. The loader answers between
 * its other work, so a reader never blocks the scheduler's loader for long.
 */
#ifndef FS_LOADER_STATS_SOCKET_H
#define FS_LOADER_STATS_SOCKET_H

#include <stdbool.h>
#include <stddef.h>

#define FS_STATS_SOCKET_DEFAULT "/run/flashyspark/stats.sock"

struct fs_stats_server;

/*
 * Serve on @path (its directory is made if missing; a socket nobody
 * answers on is a leftover and replaced). NULL with "PATH: why" in @err,
 * also when a live server already answers there.
 */
struct fs_stats_server *fs_stats_server_open(const char *path, char *err,
					     size_t errlen);

/* Whether a reader is waiting for an answer (false for NULL). */
bool fs_stats_server_waiting(const struct fs_stats_server *s);

/* Hand @text to every connection waiting now; never blocks long. */
void fs_stats_server_answer(struct fs_stats_server *s, const char *text);

/* Stop serving and remove the socket. NULL is fine. */
void fs_stats_server_close(struct fs_stats_server *s);

/*
 * One snapshot from the server on @path into @buf (NUL-terminated): its
 * length, or -1 with "PATH: why" in @err (no server, or it sent nothing
 * within @timeout_ms).
 */
int fs_stats_fetch(const char *path, char *buf, size_t len, int timeout_ms,
		   char *err, size_t errlen);

#endif
