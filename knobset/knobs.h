/* SPDX-License-Identifier: GPL-2.0 */
/* Names and help of the 20 knobs, for flags, YAML keys and the search. */
#ifndef FS_KNOBSET_KNOBS_H
#define FS_KNOBSET_KNOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "public.h"

struct fs_knob_info {
	const char *name;    /* snake_case: YAML key, FLASHYSPARK_FLAGS item */
	const char *counter; /* "nr_..." in the loader's counters */
	const char *help;
};

extern const struct fs_knob_info fs_knob_table[FS_NR_KNOBS];

/* Index of knob @name (snake_case or dash-case), or -1. */
int fs_knob_find(const char *name, size_t len);

/* "--slice-lag-scaling" style flag name of knob @k into @buf. */
void fs_knob_flag(int k, char *buf, size_t len);

/* Comma-separated names of the knobs that are on ("" for none). */
void fs_knobs_join(const bool knobs[FS_NR_KNOBS], char *buf, size_t len);

#endif
