/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fake file trees (sysfs, procfs) in a temporary directory for the unit
 * tests: files with given contents, symlinks, and removal of the lot.
 */
#ifndef FS_TEST_TREE_H
#define FS_TEST_TREE_H

#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A new empty directory "/tmp/fs-test-XXXXXX" in @buf; NULL on failure. */
static inline char *tree_new(char *buf, size_t len)
{
	snprintf(buf, len, "%s/fs-test-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(buf);
}

/* mkdir -p of the directory part of @path; 0 or -1. */
static inline int tree_mkparents(const char *path)
{
	char dir[4096];
	char *p;

	snprintf(dir, sizeof(dir), "%s", path);
	for (p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Write @text to ROOT/REL (printf-style REL), creating directories. */
static inline int __attribute__((format(printf, 3, 4)))
tree_write(const char *root, const char *text, const char *rel, ...)
{
	char path[4096];
	size_t used;
	va_list ap;
	FILE *f;
	int ok;

	used = (size_t)snprintf(path, sizeof(path), "%s/", root);
	va_start(ap, rel);
	vsnprintf(path + used, sizeof(path) - used, rel, ap);
	va_end(ap);
	if (tree_mkparents(path))
		return -1;
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* ROOT/REL as a symlink to @target (which need not exist). */
static inline int __attribute__((format(printf, 3, 4)))
tree_symlink(const char *root, const char *target, const char *rel, ...)
{
	char path[4096];
	size_t used;
	va_list ap;

	used = (size_t)snprintf(path, sizeof(path), "%s/", root);
	va_start(ap, rel);
	vsnprintf(path + used, sizeof(path) - used, rel, ap);
	va_end(ap);
	if (tree_mkparents(path))
		return -1;
	return symlink(target, path);
}

static inline int tree_rm_one(const char *path, const struct stat *st, int type,
			      struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* rm -rf @root. */
static inline int tree_remove(const char *root)
{
	return nftw(root, tree_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * cmocka fixtures: a fresh tree (its path, 256 bytes, in *state) and its
 * removal.
 */
static inline int tree_setup(void **state)
{
	char *root = malloc(256);

	if (!root || !tree_new(root, 256)) {
		free(root);
		return -1;
	}
	*state = root;
	return 0;
}

static inline int tree_teardown(void **state)
{
	int ret = tree_remove(*state);

	free(*state);
	return ret;
}

#endif
