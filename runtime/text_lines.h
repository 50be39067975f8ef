/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text that need not be NUL-terminated, walked line by line: what the
 * llama-bench parsers read their input with.
 */
#ifndef FS_RUNTIME_TEXT_LINES_H
#define FS_RUNTIME_TEXT_LINES_H

#include <stdbool.h>
#include <stddef.h>

/* Walks text line by line; line numbers start at 1. */
struct fs_lines {
	const char *p, *end;
	int lineno;
};

void fs_lines_init(struct fs_lines *it, const char *text, size_t len);
/* Next line without its newline (and trailing \r); false at the end. */
bool fs_lines_next(struct fs_lines *it, const char **line, size_t *len);
/* Skip leading and trailing blanks of [*s, *s + *n). */
void fs_trim(const char **s, size_t *n);

#endif
