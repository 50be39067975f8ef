// SPDX-License-Identifier: GPL-2.0
/* Temporary file, fsync, rename (common/atomic_file.h). */
#include "atomic_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_whole(const char *path, fs_fill_fn fill, const void *arg,
		       bool sync, char *err, size_t errlen)
{
	size_t len = strlen(path) + 16;
	char *tmp = malloc(len);
	FILE *f = NULL;
	int fd, e = 0;

	if (!tmp) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	snprintf(tmp, len, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		snprintf(err, errlen, "%s: cannot create a file beside it: %s",
			 path, strerror(e));
		free(tmp);
		return -1;
	}
	/* mkstemp makes it 0600; a report is for everyone to read. */
	fchmod(fd, 0644);
	if (fill(f, arg) || fflush(f) || ferror(f) || (sync && fsync(fd)))
		e = errno ? errno : EIO;
	if (fclose(f) && !e)
		e = errno;
	if (!e && rename(tmp, path))
		e = errno;
	if (e) {
		unlink(tmp);
		snprintf(err, errlen, "%s: cannot write: %s", path,
			 strerror(e));
	}
	free(tmp);
	return e ? -1 : 0;
}

int fs_atomic_write(const char *path, fs_fill_fn fill, const void *arg,
		    char *err, size_t errlen)
{
	return write_whole(path, fill, arg, true, err, errlen);
}

int fs_atomic_replace(const char *path, fs_fill_fn fill, const void *arg,
		      char *err, size_t errlen)
{
	return write_whole(path, fill, arg, false, err, errlen);
}
