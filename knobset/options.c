// SPDX-License-Identifier: GPL-2.0
/*
 * The settings table as data, reading one value into a struct fs_config,
 * and the one check of the merged values (options.h).
 */
#include "options.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "knobs.h"
#include "names.h"

#define FS_COUNT_OFFSET_UINT(name)    0
#define FS_COUNT_OFFSET_PERCENT(name) 0
#define FS_COUNT_OFFSET_CPUS(name)    0
#define FS_COUNT_OFFSET_COMMS(name)   offsetof(struct fs_config, nr_##name)
#define FS_COUNT_OFFSET_PIDS(name)    offsetof(struct fs_config, nr_##name)
#define FS_COUNT_OFFSET_CGROUPS(name) offsetof(struct fs_config, nr_##name)
#define FS_COUNT_OFFSET_SECS(name)    0
#define FS_COUNT_OFFSET_FLAG(name)    0
#define FS_COUNT_OFFSET_PATH(name)    0

const struct fs_option_info fs_option_table[FS_NR_OPTIONS] = {
#define FS_OPTION(name, type, min, max, def, unit, to, help) \
	[FS_OPT_##name] = {#name,                            \
			   FS_OT_##type,                     \
			   min,                              \
			   max,                              \
			   def,                              \
			   unit,                             \
			   FS_TO_##to,                       \
			   help,                             \
			   offsetof(struct fs_config, name), \
			   FS_COUNT_OFFSET_##type(name)},
#include "options.def"
#undef FS_OPTION
};

/* A cgroup path of options.def's longest fits in the field with its NUL. */
#define FS_OPTION(name, type, min, max, def, unit, to, help) \
	_Static_assert(FS_OT_##type != FS_OT_CGROUPS ||      \
			       (max) < FS_CGROUP_PATH_LEN,   \
		       #name ": max must be under FS_CGROUP_PATH_LEN");
#include "options.def"
#undef FS_OPTION

int fs_option_find(const char *name, size_t len)
{
	int i;

	for (i = 0; i < FS_NR_OPTIONS; i++)
		if (fs_name_eq(fs_option_table[i].name, name, len))
			return i;
	return -1;
}

void fs_option_flag(int opt, char *buf, size_t len)
{
	fs_name_flag(fs_option_table[opt].name, buf, len);
}

const char *fs_option_list_item(const struct fs_config *cfg, int opt, int k,
				char *buf, size_t len)
{
	const struct fs_option_info *o = &fs_option_table[opt];
	const char *field = (const char *)cfg + o->offset;

	if (o->type == FS_OT_COMMS)
		return field + (size_t)k * FS_COMM_LEN;
	if (o->type == FS_OT_CGROUPS)
		return field + (size_t)k * FS_CGROUP_PATH_LEN;
	snprintf(buf, len, "%lu", ((const unsigned long *)field)[k]);
	return buf;
}

/* "name=a+b" of list option @opt in @cfg into @buf, or "" if empty. */
static void list_entry(const struct fs_config *cfg, int opt, char *buf,
		       size_t len)
{
	int nr = fs_option_count(cfg, opt), k;
	char num[24];
	size_t used;

	buf[0] = '\0';
	if (!nr)
		return;
	used = (size_t)snprintf(buf, len, "%s=", fs_option_table[opt].name);
	for (k = 0; k < nr && used < len; k++)
		used += (size_t)snprintf(
			buf + used, len - used, "%s%s", k ? "+" : "",
			fs_option_list_item(cfg, opt, k, num, sizeof(num)));
}

/* "name=value" of option @opt in @cfg into @buf, or "" at its default. */
static void changed_entry(const struct fs_config *cfg, int opt, char *buf,
			  size_t len)
{
	const struct fs_option_info *o = &fs_option_table[opt];
	const char *field = (const char *)cfg + o->offset;

	buf[0] = '\0';
	switch (o->type) {
	case FS_OT_UINT:
	case FS_OT_PERCENT:
		if (*(const unsigned long *)field != o->def)
			snprintf(buf, len, "%s=%lu", o->name,
				 *(const unsigned long *)field);
		break;
	case FS_OT_CPUS:
		if (field[0])
			snprintf(buf, len, "%s=%s", o->name, field);
		break;
	case FS_OT_COMMS:
	case FS_OT_PIDS:
	case FS_OT_CGROUPS:
		list_entry(cfg, opt, buf, len);
		break;
	default:
		break; /* run-mode types are not part of a knob set */
	}
}

void fs_options_join_changed(const struct fs_config *cfg, char *buf, size_t len)
{
	/* the longest: 8 cgroup paths (a CPU list, 8 names are shorter) */
	char entry[FS_MAX_GPU_COMMS * FS_CGROUP_PATH_LEN + 64];
	size_t used = 0;
	int i, n;

	if (!len)
		return;
	buf[0] = '\0';
	for (i = 0; i < FS_NR_OPTIONS; i++) {
		if (!fs_option_in_files(i))
			continue;
		changed_entry(cfg, i, entry, sizeof(entry));
		if (!entry[0])
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
			     entry);
		if (n < 0 || (size_t)n >= len - used) {
			buf[used] = '\0'; /* no entry cut in half */
			return;
		}
		used += (size_t)n;
	}
}

void fs_knob_set_describe(const struct fs_config *cfg, const char *none,
			  char *buf, size_t len)
{
	char knobs[1024], opts[1024];

	fs_knobs_join(cfg->knobs, knobs, sizeof(knobs));
	fs_options_join_changed(cfg, opts, sizeof(opts));
	snprintf(buf, len, "%s%s%s", knobs[0] ? knobs : none,
		 opts[0] ? "; options " : "", opts);
}

int fs_parse_bool(const char *s)
{
	static const char *const yes[] = {"true", "1", "yes", "on"};
	static const char *const no[] = {"false", "0", "no", "off"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

static int __attribute__((format(printf, 3, 4))) fail(char *err, size_t errlen,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* What a value of option @o must be, e.g. "an integer in 1..30000". */
static void expected(const struct fs_option_info *o, char *buf, size_t len)
{
	switch (o->type) {
	case FS_OT_UINT:
		snprintf(buf, len, "an integer in %lu..%lu", o->min, o->max);
		break;
	case FS_OT_PERCENT:
		snprintf(buf, len, "an integer in %lu..%lu or auto", o->min,
			 o->max);
		break;
	case FS_OT_SECS:
		snprintf(buf, len, "seconds in (0, %lu]", o->max);
		break;
	case FS_OT_PIDS:
		snprintf(buf, len, "a process id in %lu..%lu", o->min, o->max);
		break;
	default:
		snprintf(buf, len, "a value");
	}
}

/* A decimal integer with nothing around it, or false. */
static bool parse_ulong(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && end != s && !*end && s[0] != '-';
}

/*
 * Append @val, a cgroup path, to CGROUPS option @opt of @cfg: only its
 * length is checked here; the loader looks for the cgroup.
 */
static int add_cgroup(struct fs_config *cfg, int opt, const char *val,
		      char *err, size_t errlen)
{
	const struct fs_option_info *o = &fs_option_table[opt];
	char *paths = (char *)cfg + o->offset;
	int *nr = (int *)((char *)cfg + o->count_offset);

	if (*nr >= FS_MAX_GPU_COMMS)
		return fail(err, errlen, "at most %d cgroups",
			    FS_MAX_GPU_COMMS);
	if (strlen(val) < o->min)
		return fail(err, errlen,
			    "expected a cgroup2 directory, got '%s'", val);
	if (strlen(val) > o->max)
		return fail(err, errlen,
			    "a path of %zu characters, longer than %lu",
			    strlen(val), o->max);
	strcpy(paths + (size_t)(*nr)++ * FS_CGROUP_PATH_LEN, val);
	return 0;
}

/* Append @val, a process id, to PIDS option @opt of @cfg. */
static int add_pid(struct fs_config *cfg, int opt, const char *val, char *err,
		   size_t errlen)
{
	const struct fs_option_info *o = &fs_option_table[opt];
	unsigned long *pids = (unsigned long *)((char *)cfg + o->offset), v;
	int *nr = (int *)((char *)cfg + o->count_offset);
	char want[64];

	if (*nr >= FS_MAX_GPU_COMMS)
		return fail(err, errlen, "at most %d process ids",
			    FS_MAX_GPU_COMMS);
	expected(o, want, sizeof(want));
	if (!parse_ulong(val, &v) || v < o->min || v > o->max)
		return fail(err, errlen, "expected %s, got '%s'", want, val);
	pids[(*nr)++] = v;
	return 0;
}

int fs_option_set(struct fs_config *cfg, int opt, const char *val, char *err,
		  size_t errlen)
{
	const struct fs_option_info *o = &fs_option_table[opt];
	char *field = (char *)cfg + o->offset, want[64];
	unsigned long v;
	double secs;
	char *end;
	int *nr;

	expected(o, want, sizeof(want));
	switch (o->type) {
	case FS_OT_PERCENT:
		if (!strcmp(val, "auto")) {
			*(unsigned long *)field = o->def;
			return 0;
		}
		/* fall through */
	case FS_OT_UINT:
		if (!parse_ulong(val, &v))
			return fail(err, errlen, "expected %s, got '%s'", want,
				    val);
		*(unsigned long *)field = v;
		return 0;
	case FS_OT_SECS:
		if (!val) {
			*(double *)field = 1.0;
			return 0;
		}
		secs = strtod(val, &end);
		if (end == val || *end || !(secs > 0))
			return fail(err, errlen, "expected %s, got '%s'", want,
				    val);
		*(double *)field = secs;
		return 0;
	case FS_OT_CPUS:
		if (strlen(val) >= FS_CPULIST_LEN)
			return fail(err, errlen,
				    "the list is longer than %d characters",
				    FS_CPULIST_LEN - 1);
		strcpy(field, val);
		return 0;
	case FS_OT_COMMS:
		nr = (int *)((char *)cfg + o->count_offset);
		if (*nr >= FS_MAX_GPU_COMMS)
			return fail(err, errlen, "at most %d names",
				    FS_MAX_GPU_COMMS);
		if (strlen(val) < o->min || strlen(val) > o->max)
			return fail(err, errlen,
				    "'%s' must be %lu..%lu characters (a "
				    "task's comm)",
				    val, o->min, o->max);
		strcpy(field + (size_t)*nr * FS_COMM_LEN, val);
		(*nr)++;
		return 0;
	case FS_OT_PIDS:
		return add_pid(cfg, opt, val, err, errlen);
	case FS_OT_CGROUPS:
		return add_cgroup(cfg, opt, val, err, errlen);
	case FS_OT_FLAG:
		*(bool *)field = true;
		return 0;
	case FS_OT_PATH:
		*(const char **)field = val;
		return 0;
	}
	return fail(err, errlen, "internal: option type %d", o->type);
}

void fs_origin_note(struct fs_origins *from, const struct fs_config *cfg,
		    int opt, const char *origin)
{
	int k = fs_option_is_list(opt) ? fs_option_count(cfg, opt) - 1 : -1;

	snprintf(from->at[opt], FS_ORIGIN_LEN, "%s", origin);
	if (k >= 0 && k < FS_MAX_GPU_COMMS)
		snprintf(from->item_at[opt][k], FS_ORIGIN_LEN, "%s", origin);
}

/* "ORIGIN: " of option @opt: where its value came from, or its name. */
static const char *origin(const struct fs_origins *from, int opt, char *buf,
			  size_t len)
{
	if (from && from->at[opt][0])
		return from->at[opt];
	snprintf(buf, len, "%s", fs_option_table[opt].name);
	return buf;
}

int fs_config_check(const struct fs_config *cfg, const struct fs_origins *from,
		    char *err, size_t errlen)
{
	char want[64], at[FS_ORIGIN_LEN];
	int i, slice;

	for (i = 0; i < FS_NR_OPTIONS; i++) {
		const struct fs_option_info *o = &fs_option_table[i];
		const char *field = (const char *)cfg + o->offset;
		unsigned long v;
		double secs;

		expected(o, want, sizeof(want));
		switch (o->type) {
		case FS_OT_UINT:
		case FS_OT_PERCENT:
			v = *(const unsigned long *)field;
			if (v < o->min || v > o->max)
				return fail(err, errlen,
					    "%s: expected %s, got %lu",
					    origin(from, i, at, sizeof(at)),
					    want, v);
			break;
		case FS_OT_SECS:
			secs = *(const double *)field;
			if (secs < 0 || secs > (double)o->max)
				return fail(err, errlen,
					    "%s: expected %s, got %g",
					    origin(from, i, at, sizeof(at)),
					    want, secs);
			break;
		default:
			break;
		}
	}
	if (cfg->slice_min_us > cfg->slice_us) {
		slice = from && from->at[FS_OPT_slice_min_us][0]
				? FS_OPT_slice_min_us
				: FS_OPT_slice_us;
		return fail(err, errlen,
			    "%s: slice_min_us %lu exceeds slice_us %lu",
			    origin(from, slice, at, sizeof(at)),
			    cfg->slice_min_us, cfg->slice_us);
	}
	/*
	 * Beside a named workload other tasks wait up to the guard for their
	 * turn; at the watchdog's timeout the kernel ejects the scheduler.
	 */
	if (fs_config_has_workload(cfg) &&
	    2 * (unsigned long)cfg->workload_guard_ms >=
		    (unsigned long)cfg->watchdog_ms) {
		slice = from && from->at[FS_OPT_workload_guard_ms][0]
				? FS_OPT_workload_guard_ms
				: FS_OPT_watchdog_ms;
		return fail(err, errlen,
			    "%s: workload_guard_ms %lu must be under half of "
			    "watchdog_ms %lu (other tasks wait up to the guard "
			    "for a turn)",
			    origin(from, slice, at, sizeof(at)),
			    (unsigned long)cfg->workload_guard_ms,
			    (unsigned long)cfg->watchdog_ms);
	}
	return 0;
}
