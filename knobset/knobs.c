// SPDX-License-Identifier: GPL-2.0
/*
 * Names and help of the 20 knobs, for flags, YAML keys and the search
 * (knobs.h).
 */
#include "knobs.h"

#include <stdio.h>
#include <string.h>

#include "names.h"

const struct fs_knob_info fs_knob_table[FS_NR_KNOBS] = {
#define FS_KNOB(id, counter, help) [FS_KNOB_##id] = {#id, "nr_" #counter, help},
#include "knobs.def"
#undef FS_KNOB
};

int fs_knob_find(const char *name, size_t len)
{
	int k;

	for (k = 0; k < FS_NR_KNOBS; k++)
		if (fs_name_eq(fs_knob_table[k].name, name, len))
			return k;
	return -1;
}

void fs_knob_flag(int k, char *buf, size_t len)
{
	fs_name_flag(fs_knob_table[k].name, buf, len);
}

void fs_knobs_join(const bool knobs[FS_NR_KNOBS], char *buf, size_t len)
{
	size_t used = 0;
	int k;

	if (len)
		buf[0] = '\0';
	for (k = 0; k < FS_NR_KNOBS; k++) {
		int n;

		if (!knobs[k])
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? "," : "",
			     fs_knob_table[k].name);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}
