/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the loader tells whoever runs it: that the scheduler is enabled,
 * its counters per interval and at the end, and why it exited. As text for
 * a person (the default), or with --stats-json as JSON Lines on stdout, one
 * object per event, for programs (the search, compare, the VM suites):
 *
 *   {"event":"ready","ops":"flashyspark","idle_per_node":false}
 *   {"event":"interval","t_s":1.0,"sys_util":0.42,"counters":{...},
 *    "delta":{...}}
 *   {"event":"final","t_s":9.8,"counters":{...}|null,
 *    "exit":{"kind":"UNREG","kind_code":64,"exit_code":0,"reason":"...",
 *            "message":"..."}|null,"error":"..."|null}
 *
 * Counter keys are the counters' names (nr_enqueues ...); t_s counts from
 * the start of the loader; sys_util is the scheduler's own view of the
 * system's CPU utilisation over the online CPUs, 0..1. Every attach that got as
 * far as loading ends in one final event; a human-readable line still goes to
 * stderr.
 */
#ifndef FS_LOADER_REPORT_H
#define FS_LOADER_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "intf.h"

struct fs_report {
	bool json;
	double t0; /* fs_now_s() at start */
};

void fs_report_init(struct fs_report *r, bool json);

void fs_report_ready(const struct fs_report *r, bool idle_per_node);

/* Counters now, with their change since @prev; utilisation 0..1024. */
void fs_report_interval(const struct fs_report *r,
			const uint64_t cur[FS_NR_COUNTERS],
			const uint64_t prev[FS_NR_COUNTERS],
			unsigned long sys_util);

/*
 * The performance target the kernel recorded for each CPU (@n of them,
 * 0..1024) when the scheduler stopped: the JSON event "cpuperf"
 * {"targets":[...]}; as text only with @text (the cpufreq knob on).
 */
void fs_report_cpuperf(const struct fs_report *r, const unsigned int *targets,
		       int n, bool text);

/*
 * The end of one attach: counters (NULL if unreadable), the exit record
 * (NULL if the kernel wrote none) and the loader's own error (NULL if
 * none, e.g. "loading the BPF scheduler failed: ...").
 */
void fs_report_final(const struct fs_report *r, const uint64_t *counters,
		     const struct fs_exit_record *rec, const char *error);

/*
 * The kernel's dump of the scheduler's state at an error exit (which task
 * waited where): to stderr, framed, after the exit lines.
 */
void fs_report_dump(const char *dump);

/* "scheduler exited: KIND (code): reason" of @rec, for people. */
void fs_exit_describe(const struct fs_exit_record *rec, char *buf, size_t len);

/* "UNREG" etc. for an scx_exit_kind value. */
const char *fs_exit_kind_name(int kind);

#endif
