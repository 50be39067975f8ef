/* SPDX-License-Identifier: GPL-2.0 */
/* Reading files back, and those in tests/data (CTest sets FS_TEST_DATA). */
#ifndef FS_TEST_DATA_H
#define FS_TEST_DATA_H

#include <stdio.h>
#include <stdlib.h>

/* Path of a data file in buf; NULL if FS_TEST_DATA is unset. */
static inline const char *test_data_path(const char *name, char *buf,
					 size_t len)
{
	const char *dir = getenv("FS_TEST_DATA");

	if (!dir)
		return NULL;
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

/*
 * The whole of @path, NUL-terminated, malloc'd; its size in *len when
 * @len is not NULL. NULL if it cannot be read.
 */
static inline char *test_file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n = -1;

	if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET) && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
	} else {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	if (len)
		*len = buf ? (size_t)n : 0;
	return buf;
}

/* A file of tests/data, as test_file_read. */
static inline char *test_data_read(const char *name, size_t *len)
{
	char path[4096];

	if (!test_data_path(name, path, sizeof(path)))
		return NULL;
	return test_file_read(path, len);
}

#endif
