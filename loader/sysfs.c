#include "sysfs.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool fs_sysfs_read(const char *name, char *buf, size_t len)
{
	char path[256];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), FS_SYSFS_DIR "/%s", name);
	f = fopen(path, "r");
	if (!f)
		return false;
	ok = fgets(buf, (int)len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

bool fs_sysfs_enabled_as(const char *ops_name)
{
	char state[32], ops[128];

	return fs_sysfs_read("state", state, sizeof(state)) &&
	       !strcmp(state, "enabled") &&
	       fs_sysfs_read("root/ops", ops, sizeof(ops)) &&
	       !strcmp(ops, ops_name);
}

bool fs_sysfs_available(void)
{
	return access(FS_SYSFS_DIR "/state", R_OK) == 0;
}
