/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The settings table (scheduler/options.def) as data: each option's name,
 * type, range, default and help, how a value is read and stored in a
 * struct fs_config, and the one check of the merged values.
 */
#ifndef FS_KNOBSET_OPTIONS_H
#define FS_KNOBSET_OPTIONS_H

#include <stddef.h>

#include "config.h"

enum fs_option {
#define FS_OPTION(name, type, min, max, def, unit, to, help) FS_OPT_##name,
#include "options.def"
#undef FS_OPTION
	FS_NR_OPTIONS,
};

enum fs_option_type {
	FS_OT_UINT,
	FS_OT_PERCENT,
	FS_OT_CPUS,
	FS_OT_COMMS,
	FS_OT_PIDS,
	FS_OT_CGROUPS,
	FS_OT_SECS,
	FS_OT_FLAG,
	FS_OT_PATH,
};

enum fs_option_to {
	FS_TO_BPF,
	FS_TO_OPS_TIMEOUT,
	FS_TO_LOADER,
	FS_TO_RUN,
};

struct fs_option_info {
	const char *name; /* snake_case: field and YAML key */
	enum fs_option_type type;
	unsigned long min, max, def;
	const char *unit;
	enum fs_option_to to;
	const char *help;
	size_t offset;	     /* of the field in struct fs_config */
	size_t count_offset; /* COMMS, PIDS, CGROUPS: of its nr_ field */
};

extern const struct fs_option_info fs_option_table[FS_NR_OPTIONS];

/* Index of option @name (snake_case or dash-case), or -1. */
int fs_option_find(const char *name, size_t len);

/* "--slice-min-us" style flag of option @opt into @buf. */
void fs_option_flag(int opt, char *buf, size_t len);

/* Whether option @opt may appear in a knob-set file. */
static inline int fs_option_in_files(int opt)
{
	return fs_option_table[opt].to != FS_TO_RUN;
}

/*
 * Whether option @opt is a list, given once per value (COMMS, PIDS,
 * CGROUPS).
 */
static inline int fs_option_is_list(int opt)
{
	return fs_option_table[opt].type == FS_OT_COMMS ||
	       fs_option_table[opt].type == FS_OT_PIDS ||
	       fs_option_table[opt].type == FS_OT_CGROUPS;
}

/* How many values list option @opt holds in @cfg. */
static inline int fs_option_count(const struct fs_config *cfg, int opt)
{
	return *(const int *)((const char *)cfg +
			      fs_option_table[opt].count_offset);
}

/*
 * Value @k of list option @opt in @cfg as text: a name or a cgroup path
 * as it is stored, a process id written into @buf (@len bytes).
 */
const char *fs_option_list_item(const struct fs_config *cfg, int opt, int k,
				char *buf, size_t len);

/*
 * Read @val as option @opt's type into @cfg (a COMMS, PIDS or CGROUPS
 * value is appended, its length or range checked here; whether a cgroup
 * exists is the loader's to find out; a FLAG takes NULL). Other ranges
 * are left to fs_config_check. On error, @err holds what was expected and
 * what came, without the option's name.
 */
int fs_option_set(struct fs_config *cfg, int opt, const char *val, char *err,
		  size_t errlen);

/*
 * Where each option's value came from ("" for its default): the flag
 * ("--slice-us") or "FILE:LINE: options.slice_us"; for a list option
 * the last value's, and each value's in item_at (so that a later check
 * of one value names where that one came from: the loader's of each
 * workload_cgroup path).
 */
#define FS_ORIGIN_LEN 320
struct fs_origins {
	char at[FS_NR_OPTIONS][FS_ORIGIN_LEN];
	char item_at[FS_NR_OPTIONS][FS_MAX_GPU_COMMS][FS_ORIGIN_LEN];
};

/* Record @origin for option @opt, the value just set in @cfg. */
void fs_origin_note(struct fs_origins *from, const struct fs_config *cfg,
		    int opt, const char *origin);

/*
 * The one check of a merged configuration: every value in its range and
 * slice_min_us <= slice_us, and with a workload named (by name, pid or
 * cgroup) 2 x workload_guard_ms < watchdog_ms. 0, or -1 with "ORIGIN:
 * what" in @err; @from may be NULL (origins are then the options' names).
 */
int fs_config_check(const struct fs_config *cfg, const struct fs_origins *from,
		    char *err, size_t errlen);

/*
 * The options a knob-set file may hold whose value in @cfg is not the
 * default, as "name=value" joined by ", " into @buf ("" if none; a list
 * as "a+b"), so that a report names every setting that differs, not only
 * the knobs. Cut short at a whole entry when @len is too small.
 */
void fs_options_join_changed(const struct fs_config *cfg, char *buf,
			     size_t len);

/*
 * A knob set for a reader: its knobs that are on (or @none when none is)
 * and, after "; options ", fs_options_join_changed's list when not empty.
 */
void fs_knob_set_describe(const struct fs_config *cfg, const char *none,
			  char *buf, size_t len);

/* "true"/"false"/"1"/"0"/"yes"/"no"/"on"/"off" -> 1/0; -1 if none. */
int fs_parse_bool(const char *s);

#endif
