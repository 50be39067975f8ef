/* SPDX-License-Identifier: GPL-2.0 */
/* The "ready" file other programs may wait on instead of the stdout line. */
#ifndef FS_LOADER_READY_H
#define FS_LOADER_READY_H

#include <stddef.h>

/*
 * Create @path holding our pid, atomically (temp file + rename); -1 with
 * "PATH: why" in @err.
 */
int fs_ready_file_write(const char *path, char *err, size_t errlen);

#endif
