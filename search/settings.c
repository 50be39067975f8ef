// SPDX-License-Identifier: GPL-2.0
/* What one search run was asked to do (settings.h). */
#include "settings.h"

#include <string.h>

const char *fs_metric_name(enum fs_metric m)
{
	return m == FS_METRIC_PP ? "pp" : "tg";
}

int fs_metric_parse(const char *s, enum fs_metric *m)
{
	if (!strcmp(s, "pp"))
		*m = FS_METRIC_PP;
	else if (!strcmp(s, "tg"))
		*m = FS_METRIC_TG;
	else
		return -1;
	return 0;
}
