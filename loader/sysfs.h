/* The kernel's sched_ext state as /sys/kernel/sched_ext shows it. */
#ifndef FLASHYSPARK_SYSFS_H
#define FLASHYSPARK_SYSFS_H

#include <stdbool.h>
#include <stddef.h>

#define FS_SYSFS_DIR "/sys/kernel/sched_ext"

/* Read the first line of FS_SYSFS_DIR/@name into @buf; false if unreadable. */
bool fs_sysfs_read(const char *name, char *buf, size_t len);

/* True when sched_ext is enabled with the ops named @ops_name. */
bool fs_sysfs_enabled_as(const char *ops_name);

/* True when this kernel has sched_ext at all. */
bool fs_sysfs_available(void);

#endif
