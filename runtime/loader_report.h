/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What scx_flashyspark --stats-json says on stdout (loader/report.h has
 * the format), read back by whoever runs it as a child: that it is ready,
 * and its final event (counters, the kernel's exit record, its own error).
 */
#ifndef FS_RUNTIME_LOADER_REPORT_H
#define FS_RUNTIME_LOADER_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#define FS_COUNTERS_JSON_MAX 4096

struct fs_loader_report {
	bool ready;
	bool have_final;
	/* The final event's counters object as compact JSON, "" if none. */
	char counters[FS_COUNTERS_JSON_MAX];
	bool have_exit; /* the kernel's exit record */
	char exit_kind[24];
	int exit_kind_code;
	long long exit_code;
	char reason[128];
	char message[1024];
	char error[512]; /* the loader's own failure, "" if none */
};

/*
 * Take one line of the loader's stdout (no newline): true if it was one of
 * its JSON events (and @r now reflects it), false for any other text.
 */
bool fs_loader_report_line(struct fs_loader_report *r, const char *line,
			   size_t len);

/*
 * Why the scheduler ended, from the final event: "scheduler exited: KIND
 * (CODE): reason; message", or the loader's error. False if it said none.
 */
bool fs_loader_report_reason(const struct fs_loader_report *r, char *buf,
			     size_t len);

#endif
