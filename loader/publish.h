/* SPDX-License-Identifier: GPL-2.0 */
/*
 * While the scheduler runs, its state goes out to whoever watches: the
 * stats socket (--monitor and other readers ask when they like) and, with
 * --openmetrics FILE, a metrics file rewritten every interval (--stats
 * SECS, else OPENMETRICS_DEFAULT_SECS) and once more, marked down, at the
 * end. Failing to publish is said once and never stops the scheduler.
 */
#ifndef FS_LOADER_PUBLISH_H
#define FS_LOADER_PUBLISH_H

#include <stdint.h>

#include "config.h"
#include "session.h"
#include "stats_snapshot.h"
#include "stats_socket.h"

#define OPENMETRICS_DEFAULT_SECS 10.0

struct fs_publisher {
	const struct fs_config *cfg;
	struct fs_stats_server *server;
	double enabled_at;   /* fs_now_s() when the kernel enabled it */
	double next_metrics; /* when the metrics file is due */
	bool metrics_failed; /* said once */
	struct fs_stats_snapshot last; /* the last state published */
	bool have_last;
};

/* The scheduler of @s was just enabled: start serving. */
void fs_publish_start(struct fs_publisher *p, const struct fs_config *cfg,
		      const struct fs_session *s);

/* Between other work: answer readers, rewrite the metrics file if due. */
void fs_publish_tick(struct fs_publisher *p, const struct fs_session *s);

/*
 * The scheduler is detached: stop serving; the metrics file says it is
 * down, with @counters (NULL: unknown, so the last ones published).
 */
void fs_publish_stop(struct fs_publisher *p, const struct fs_session *s,
		     const uint64_t *counters);

#endif
