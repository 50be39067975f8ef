/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-line files: sysfs and procfs attributes, and the kernel's sched_ext
 * state as /sys/kernel/sched_ext shows it. Every program reads them the
 * same way, through here.
 */
#ifndef FS_COMMON_SYSFS_H
#define FS_COMMON_SYSFS_H

#include <stdbool.h>
#include <stddef.h>

#define FS_SYSFS_DIR "/sys/kernel/sched_ext"

/* The first line of @path, no newline, into @buf; false if unreadable. */
bool fs_read_first_line(const char *path, char *buf, size_t len);

/*
 * The first line of @dir/@name into @buf (@dir NULL: FS_SYSFS_DIR; tests
 * pass a fake tree); false if unreadable.
 */
bool fs_sysfs_read(const char *dir, const char *name, char *buf, size_t len);

/* True when sched_ext is enabled, with its ops' name in @ops. */
bool fs_sysfs_enabled_ops(char *ops, size_t len);

/* True when sched_ext is enabled with the ops named @ops_name. */
bool fs_sysfs_enabled_as(const char *ops_name);

/* True when this kernel has sched_ext at all. */
bool fs_sysfs_available(void);

#endif
