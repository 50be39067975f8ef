// SPDX-License-Identifier: GPL-2.0
/* Setting names in their two spellings (names.h). */
#include "names.h"

#include <stdio.h>

bool fs_name_eq(const char *name, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i] == '-' ? '_' : s[i];

		if (name[i] != c)
			return false;
	}
	return name[len] == '\0';
}

void fs_name_flag(const char *name, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "--%s", name);
	for (i = 2; buf[i]; i++)
		if (buf[i] == '_')
			buf[i] = '-';
}
