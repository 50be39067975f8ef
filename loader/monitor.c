// SPDX-License-Identifier: GPL-2.0
/* Watching a running scheduler through its stats socket (monitor.h). */
#include "monitor.h"

#include <stdio.h>
#include <string.h>

#include "knobs.h"
#include "sigwatch.h"
#include "stats_snapshot.h"
#include "stats_socket.h"

#define FETCH_TIMEOUT_MS 2000
#define SNAPSHOT_MAX	 16384

/* One snapshot; 0, or -1 with the reason in @err. */
static int fetch(const char *path, struct fs_stats_snapshot *snap, char *err,
		 size_t errlen)
{
	char buf[SNAPSHOT_MAX];

	if (fs_stats_fetch(path, buf, sizeof(buf), FETCH_TIMEOUT_MS, err,
			   errlen) < 0)
		return -1;
	return fs_stats_snapshot_parse(buf, snap, err, errlen);
}

static void say_attached(const struct fs_stats_snapshot *snap)
{
	char knobs[1024];

	fs_knobs_join(snap->knobs, knobs, sizeof(knobs));
	fprintf(stderr,
		"scx_flashyspark: monitoring pid %ld, enabled %.1f s ago, "
		"knobs: %s\n",
		snap->pid, snap->uptime_s, knobs[0] ? knobs : "(none)");
}

int fs_monitor_run(const char *socket_path, double every,
		   const struct fs_report *rep, int sfd)
{
	const char *path = socket_path ? socket_path : FS_STATS_SOCKET_DEFAULT;
	struct fs_stats_snapshot prev, cur;
	char err[512];
	int sig;

	if (fetch(path, &prev, err, sizeof(err))) {
		fprintf(stderr,
			"scx_flashyspark: no running scheduler to monitor "
			"(%s)\n",
			err);
		return 1;
	}
	say_attached(&prev);
	for (;;) {
		sig = fs_sigwatch_wait(sfd, (int)(every * 1000));
		if (sig) {
			fprintf(stderr, "scx_flashyspark: %s, monitor ends\n",
				strsignal(sig));
			return 0;
		}
		if (fetch(path, &cur, err, sizeof(err))) {
			fprintf(stderr,
				"scx_flashyspark: pid %ld is gone (%s)\n",
				prev.pid, err);
			return 0;
		}
		if (cur.pid != prev.pid || cur.uptime_s < prev.uptime_s) {
			/* another loader, or the same one restarted */
			say_attached(&cur);
			prev = cur;
			continue;
		}
		fs_report_interval(rep, cur.counters, prev.counters,
				   cur.sys_util);
		prev = cur;
	}
}
