/* SPDX-License-Identifier: GPL-2.0 */
/* Reading the files in tests/data (CTest sets FS_TEST_DATA). */
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

/* Whole file, NUL-terminated; NULL on any error. Caller frees. */
static inline char *test_data_read(const char *name, size_t *len)
{
	char path[4096];
	char *buf = NULL;
	long n;
	FILE *f;

	if (!test_data_path(name, path, sizeof(path)))
		return NULL;
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET) && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

#endif
