/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named vectors of doubles: what an algorithm or the engine hands to the
 * checkpoint and gets back on resume. Keeping state as plain numbers lets
 * every algorithm save itself without knowing the file format, and
 * printing them with 17 significant digits makes the round trip exact, so
 * a resumed search continues bit for bit.
 */
#ifndef FS_SEARCH_VARS_H
#define FS_SEARCH_VARS_H

#include <stddef.h>

#define FS_VARS_MAX	16
#define FS_VAR_NAME_LEN 32

struct fs_var {
	char name[FS_VAR_NAME_LEN];
	double *v;
	size_t n;
};

struct fs_vars {
	struct fs_var var[FS_VARS_MAX];
	size_t n;
};

void fs_vars_init(struct fs_vars *s);

/* Add a copy of v[0..n) as name (replacing an earlier one); 0 or -1. */
int fs_vars_put(struct fs_vars *s, const char *name, const double *v, size_t n);

const struct fs_var *fs_vars_find(const struct fs_vars *s, const char *name);

/*
 * Copy vector name, which must hold exactly n values, into v. 0, or -1
 * with "name: missing" / "name: expected N values, got M" in err.
 */
int fs_vars_get(const struct fs_vars *s, const char *name, double *v, size_t n,
		char *err, size_t errlen);

void fs_vars_free(struct fs_vars *s);

#endif
