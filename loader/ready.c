// SPDX-License-Identifier: GPL-2.0
/* The ready file, written whole (loader/ready.h). */
#include "ready.h"

#include <stdio.h>
#include <unistd.h>

#include "atomic_file.h"

static int fill_pid(FILE *f, const void *arg)
{
	(void)arg;
	return fprintf(f, "%d\n", (int)getpid()) < 0;
}

int fs_ready_file_write(const char *path, char *err, size_t errlen)
{
	return fs_atomic_write(path, fill_pid, NULL, err, errlen);
}
