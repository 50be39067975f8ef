// SPDX-License-Identifier: GPL-2.0
/* One-line file reads (common/sysfs.h). */
#include "sysfs.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool fs_read_first_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

bool fs_sysfs_read(const char *dir, const char *name, char *buf, size_t len)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s/%s", dir ? dir : FS_SYSFS_DIR,
		     name) >= (int)sizeof(path))
		return false;
	return fs_read_first_line(path, buf, len);
}

bool fs_sysfs_enabled_ops(char *ops, size_t len)
{
	char state[32];

	return fs_sysfs_read(NULL, "state", state, sizeof(state)) &&
	       !strcmp(state, "enabled") &&
	       fs_sysfs_read(NULL, "root/ops", ops, len);
}

bool fs_sysfs_enabled_as(const char *ops_name)
{
	char ops[128];

	return fs_sysfs_enabled_ops(ops, sizeof(ops)) && !strcmp(ops, ops_name);
}

bool fs_sysfs_available(void)
{
	return access(FS_SYSFS_DIR "/state", R_OK) == 0;
}
