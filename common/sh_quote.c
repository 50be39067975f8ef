// SPDX-License-Identifier: GPL-2.0
/* A string as one shell word (sh_quote.h). */
#include "sh_quote.h"

#include <string.h>

int fs_sh_quote(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	if (len < 3)
		goto too_long;
	buf[n++] = '\'';
	for (; *s; s++) {
		const char *piece = *s == '\'' ? "'\\''" : s;
		size_t k = *s == '\'' ? 4 : 1;

		if (n + k + 2 > len)
			goto too_long;
		memcpy(buf + n, piece, k);
		n += k;
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return 0;
too_long:
	if (len)
		buf[0] = '\0';
	return -1;
}
