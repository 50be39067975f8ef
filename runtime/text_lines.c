// SPDX-License-Identifier: GPL-2.0
/* Walking text line by line (runtime/text_lines.h). */
#include "text_lines.h"

#include <string.h>

void fs_lines_init(struct fs_lines *it, const char *text, size_t len)
{
	it->p = text;
	it->end = text + len;
	it->lineno = 0;
}

bool fs_lines_next(struct fs_lines *it, const char **line, size_t *len)
{
	const char *nl;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	*line = it->p;
	*len = (size_t)((nl ? nl : it->end) - it->p);
	it->p = nl ? nl + 1 : it->end;
	it->lineno++;
	if (*len && (*line)[*len - 1] == '\r')
		(*len)--;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void fs_trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}
