/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a running scx_flashyspark tells whoever asks (--monitor, an
 * exporter): its counters, utilisation and knobs at one moment, as one JSON
 * object. The stats socket carries it; this is its one encoder and parser.
 *
 *   {"ops":"flashyspark","pid":812,"uptime_s":12.5,"sys_util":0.42,
 *    "knobs":["tickless",...],"counters":{"nr_enqueues":123,...}}
 */
#ifndef FS_LOADER_STATS_SNAPSHOT_H
#define FS_LOADER_STATS_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "intf.h"
#include "public.h"

struct fs_stats_snapshot {
	long pid;		 /* the loader's */
	double uptime_s;	 /* since the scheduler was enabled */
	unsigned long sys_util;	 /* 0..1024 */
	bool knobs[FS_NR_KNOBS]; /* the knobs it runs with */
	uint64_t counters[FS_NR_COUNTERS];
};

/* The snapshot as one line of JSON (malloc'ed; NULL if out of memory). */
char *fs_stats_snapshot_json(const struct fs_stats_snapshot *s);

/*
 * Parse what fs_stats_snapshot_json() wrote: 0, or -1 with the reason in
 * @err. Counters a newer scheduler added are ignored; missing ones are 0.
 */
int fs_stats_snapshot_parse(const char *json, struct fs_stats_snapshot *s,
			    char *err, size_t errlen);

#endif
