// SPDX-License-Identifier: GPL-2.0
/* Linux CPU-list strings ("0-3,8,10-11") as boolean arrays (cpulist.h). */
#include "cpulist.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool parse_num(const char **s, long *out)
{
	char *end;

	if (!isdigit((unsigned char)**s))
		return false;
	*out = strtol(*s, &end, 10);
	*s = end;
	return true;
}

int fs_cpulist_parse(const char *s, bool *set, int nr)
{
	int count = 0;

	memset(set, 0, sizeof(*set) * (size_t)nr);
	while (isspace((unsigned char)*s))
		s++;
	while (*s && *s != '\n') {
		long lo, hi, c;

		if (!parse_num(&s, &lo))
			return -1;
		hi = lo;
		if (*s == '-') {
			s++;
			if (!parse_num(&s, &hi) || hi < lo)
				return -1;
		}
		if (hi >= nr)
			return -1;
		for (c = lo; c <= hi; c++) {
			if (!set[c])
				count++;
			set[c] = true;
		}
		if (*s == ',' && isdigit((unsigned char)s[1]))
			s++;
		else if (*s && *s != '\n')
			return -1;
	}
	return count;
}
