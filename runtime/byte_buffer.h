/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A growing byte buffer for a child's output, bounded: it keeps either the
 * first or the last `limit` bytes, so a chatty child cannot exhaust memory
 * and stderr's tail (where errors are) survives.
 */
#ifndef FS_RUNTIME_BYTE_BUFFER_H
#define FS_RUNTIME_BYTE_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

struct fs_capture {
	char *buf; /* NUL-terminated once anything was added */
	size_t len, cap, limit;
	bool keep_tail; /* drop the oldest bytes instead of the newest */
	bool truncated; /* something was dropped */
};

void fs_capture_init(struct fs_capture *c, size_t limit, bool keep_tail);
/* -1: out of memory. */
int fs_capture_add(struct fs_capture *c, const char *p, size_t n);
/* Empty it for reuse, keeping its memory. */
void fs_capture_clear(struct fs_capture *c);
/* Hand the buffer over (never NULL on success) and reset c. */
char *fs_capture_take(struct fs_capture *c, size_t *len, bool *truncated);
void fs_capture_free(struct fs_capture *c);

#endif
