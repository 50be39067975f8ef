// SPDX-License-Identifier: GPL-2.0
/* The loader's effective configuration (config.h). */
#include "config.h"

#include <string.h>

#include "options.h"

void fs_config_defaults(struct fs_config *cfg)
{
	int i;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < FS_NR_OPTIONS; i++) {
		const struct fs_option_info *o = &fs_option_table[i];
		char *field = (char *)cfg + o->offset;

		if (o->type == FS_OT_UINT || o->type == FS_OT_PERCENT)
			*(unsigned long *)field = o->def;
		else if (o->type == FS_OT_SECS)
			*(double *)field = (double)o->def;
	}
}
