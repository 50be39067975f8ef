/* SPDX-License-Identifier: GPL-2.0 */
/* Folders that output goes into. */
#ifndef FS_COMMON_DIRS_H
#define FS_COMMON_DIRS_H

/* mkdir -p path (mode 0755): 0, or -1 with errno set. */
int fs_mkdir_p(const char *path);

#endif
