// SPDX-License-Identifier: GPL-2.0
/* Shortest round-trip text of a double (double_text.h). */
#include "double_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fs_double_text(char buf[FS_DOUBLE_TEXT_LEN], double v)
{
	int digits;

	/* 17 significant digits always round-trip; most values need fewer. */
	for (digits = 1; digits < 17; digits++) {
		snprintf(buf, FS_DOUBLE_TEXT_LEN, "%.*g", digits, v);
		if (strtod(buf, NULL) != v)
			continue;
		/* "6e+02" holds only integer digits: say 600. */
		if (strstr(buf, "e+") && fabs(v) < 1e17)
			snprintf(buf, FS_DOUBLE_TEXT_LEN, "%.0f", v);
		return buf;
	}
	snprintf(buf, FS_DOUBLE_TEXT_LEN, "%.17g", v);
	return buf;
}
