// SPDX-License-Identifier: GPL-2.0
/* A growing byte buffer for a child's output, bounded (byte_buffer.h). */
#include "byte_buffer.h"

#include <stdlib.h>
#include <string.h>

void fs_capture_init(struct fs_capture *c, size_t limit, bool keep_tail)
{
	memset(c, 0, sizeof(*c));
	c->limit = limit;
	c->keep_tail = keep_tail;
}

static int reserve(struct fs_capture *c, size_t need)
{
	size_t cap = c->cap ? c->cap : 4096;
	char *buf;

	if (need + 1 <= c->cap)
		return 0;
	while (cap < need + 1)
		cap *= 2;
	buf = realloc(c->buf, cap);
	if (!buf)
		return -1;
	c->buf = buf;
	c->cap = cap;
	return 0;
}

/* Make room for n new bytes within the limit; returns how many to keep. */
static size_t make_room(struct fs_capture *c, const char **p, size_t n)
{
	size_t drop;

	if (c->len + n <= c->limit)
		return n;
	c->truncated = true;
	if (!c->keep_tail)
		return c->limit - c->len;
	if (n >= c->limit) {
		*p += n - c->limit;
		c->len = 0;
		return c->limit;
	}
	drop = c->len + n - c->limit;
	memmove(c->buf, c->buf + drop, c->len - drop);
	c->len -= drop;
	return n;
}

int fs_capture_add(struct fs_capture *c, const char *p, size_t n)
{
	n = make_room(c, &p, n);
	if (reserve(c, c->len + n))
		return -1;
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	c->buf[c->len] = '\0';
	return 0;
}

char *fs_capture_take(struct fs_capture *c, size_t *len, bool *truncated)
{
	char *buf;

	if (reserve(c, c->len))
		return NULL;
	c->buf[c->len] = '\0';
	buf = c->buf;
	*len = c->len;
	*truncated = c->truncated;
	fs_capture_init(c, c->limit, c->keep_tail);
	return buf;
}

void fs_capture_clear(struct fs_capture *c)
{
	c->len = 0;
	c->truncated = false;
	if (c->buf)
		c->buf[0] = '\0';
}

void fs_capture_free(struct fs_capture *c)
{
	free(c->buf);
	fs_capture_init(c, c->limit, c->keep_tail);
}
