/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Setting names: a knob or option is snake_case in files and the search
 * (slice_lag_us) and dash-case as a flag (--slice-lag-us); the two spellings
 * name the same setting.
 */
#ifndef FS_KNOBSET_NAMES_H
#define FS_KNOBSET_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* @len bytes of @s spell @name, '-' and '_' taken as the same. */
bool fs_name_eq(const char *name, const char *s, size_t len);

/* "--dash-case" flag of snake_case @name into @buf. */
void fs_name_flag(const char *name, char *buf, size_t len);

#endif
