/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Write a whole file so that readers see the old one or the new one,
 * never half of it: a temporary file in the same directory, fsync, rename.
 */
#ifndef FS_COMMON_ATOMIC_FILE_H
#define FS_COMMON_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

/* Writes the content; returns 0, or non-zero to abandon the file. */
typedef int (*fs_fill_fn)(FILE *f, const void *arg);

/* 0, or -1 with "PATH: why" in err (the old file, if any, is kept). */
int fs_atomic_write(const char *path, fs_fill_fn fill, const void *arg,
		    char *err, size_t errlen);

/*
 * The same without fsync: readers still never see half a file, but a
 * crash may lose the new one. For files rewritten every few seconds by a
 * loop that must not wait on the disk (the metrics file).
 */
int fs_atomic_replace(const char *path, fs_fill_fn fill, const void *arg,
		      char *err, size_t errlen);

#endif
