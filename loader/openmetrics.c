// SPDX-License-Identifier: GPL-2.0
/* Prometheus text-format metrics from a snapshot (openmetrics.h). */
#include "openmetrics.h"

#include <stdio.h>

#include "atomic_file.h"
#include "counters.h"
#include "knobs.h"

struct metrics {
	const struct fs_stats_snapshot *s;
	bool up;
};

static void family(FILE *f, const char *name, const char *type,
		   const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static int fill(FILE *f, const void *arg)
{
	const struct metrics *m = arg;
	const struct fs_stats_snapshot *s = m->s;
	char name[96];
	int i;

	family(f, "flashyspark_up", "gauge",
	       "1 while scx_flashyspark is enabled, 0 once it exited");
	fprintf(f, "flashyspark_up %d\n", m->up ? 1 : 0);
	family(f, "flashyspark_sys_util", "gauge",
	       "CPU utilisation of the online CPUs as the scheduler sees it, "
	       "0..1");
	fprintf(f, "flashyspark_sys_util %.4f\n", s->sys_util / 1024.0);
	family(f, "flashyspark_uptime_seconds", "gauge",
	       "seconds since the scheduler was enabled");
	fprintf(f, "flashyspark_uptime_seconds %.3f\n", s->uptime_s);
	family(f, "flashyspark_knob", "gauge", "1 for each knob that is on");
	for (i = 0; i < FS_NR_KNOBS; i++)
		fprintf(f, "flashyspark_knob{knob=\"%s\"} %d\n",
			fs_knob_table[i].name, s->knobs[i] ? 1 : 0);
	for (i = 0; i < FS_NR_COUNTERS; i++) {
		/* "nr_enqueues" -> "flashyspark_enqueues_total" */
		snprintf(name, sizeof(name), "flashyspark_%s_total",
			 fs_counter_names[i] + 3);
		fprintf(f,
			"# HELP %s scheduler events counted as %s since "
			"it was enabled\n# TYPE %s counter\n%s %llu\n",
			name, fs_counter_names[i], name, name,
			(unsigned long long)s->counters[i]);
	}
	return ferror(f) ? -1 : 0;
}

int fs_openmetrics_write(const char *path, const struct fs_stats_snapshot *s,
			 bool up, char *err, size_t errlen)
{
	struct metrics m = {.s = s, .up = up};

	return fs_atomic_replace(path, fill, &m, err, errlen);
}
