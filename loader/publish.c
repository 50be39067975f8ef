// SPDX-License-Identifier: GPL-2.0
/* The running scheduler's state to its watchers (publish.h). */
#include "publish.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "openmetrics.h"
#include "stats_snapshot.h"

static const char *socket_path(const struct fs_config *cfg)
{
	return cfg->stats_socket ? cfg->stats_socket : FS_STATS_SOCKET_DEFAULT;
}

static double metrics_every(const struct fs_config *cfg)
{
	return cfg->stats > 0 ? cfg->stats : OPENMETRICS_DEFAULT_SECS;
}

/*
 * The state now (@counters given: those), or -1 when the counters cannot
 * be read: nothing is published then, since zeros would read as a counter
 * reset to Prometheus.
 */
static int snapshot(const struct fs_publisher *p, const struct fs_session *s,
		    const uint64_t *counters, struct fs_stats_snapshot *out)
{
	memset(out, 0, sizeof(*out));
	out->pid = (long)getpid();
	out->uptime_s = fs_now_s() - p->enabled_at;
	memcpy(out->knobs, p->cfg->knobs, sizeof(out->knobs));
	if (counters) {
		memcpy(out->counters, counters, sizeof(out->counters));
		return 0;
	}
	out->sys_util = fs_session_sys_util(s);
	return fs_session_counters(s, out->counters) ? -1 : 0;
}

static void write_metrics(struct fs_publisher *p,
			  const struct fs_stats_snapshot *snap, bool up)
{
	char err[512];

	if (fs_openmetrics_write(p->cfg->openmetrics, snap, up, err,
				 sizeof(err)) == 0) {
		p->metrics_failed = false;
	} else if (!p->metrics_failed) {
		fprintf(stderr, "scx_flashyspark: metrics not written: %s\n",
			err);
		p->metrics_failed = true;
	}
}

void fs_publish_start(struct fs_publisher *p, const struct fs_config *cfg,
		      const struct fs_session *s)
{
	char err[512];

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->enabled_at = fs_now_s();
	p->server = fs_stats_server_open(socket_path(cfg), err, sizeof(err));
	if (!p->server)
		fprintf(stderr, "scx_flashyspark: no stats socket: %s\n", err);
	p->next_metrics = p->enabled_at;
	fs_publish_tick(p, s);
}

void fs_publish_tick(struct fs_publisher *p, const struct fs_session *s)
{
	struct fs_stats_snapshot snap;
	bool metrics_due = p->cfg->openmetrics && fs_now_s() >= p->next_metrics;
	bool asked = fs_stats_server_waiting(p->server);
	char *json;

	if (!metrics_due && !asked)
		return;
	if (metrics_due) /* after a stall, the next one an interval on */
		p->next_metrics = fmax(p->next_metrics + metrics_every(p->cfg),
				       fs_now_s());
	if (snapshot(p, s, NULL, &snap))
		return; /* counters unreadable: say nothing rather than 0 */
	p->last = snap;
	p->have_last = true;
	if (metrics_due)
		write_metrics(p, &snap, true);
	if (asked) {
		json = fs_stats_snapshot_json(&snap);
		if (json)
			fs_stats_server_answer(p->server, json);
		free(json);
	}
}

void fs_publish_stop(struct fs_publisher *p, const struct fs_session *s,
		     const uint64_t *counters)
{
	struct fs_stats_snapshot snap;

	fs_stats_server_close(p->server);
	p->server = NULL;
	if (!p->cfg->openmetrics)
		return;
	/* Unknown final counters: the last ones published, never zeros. */
	if (!counters && !p->have_last)
		return;
	snapshot(p, s, counters ? counters : p->last.counters, &snap);
	write_metrics(p, &snap, false);
}
