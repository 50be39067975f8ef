// SPDX-License-Identifier: GPL-2.0
/* The cgroups that workload_cgroup names, found (workload_cgroups.h). */
#include "workload_cgroups.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The longest cgroup2 mount point taken (/sys/fs/cgroup is 14). */
#define FS_CGROUP_MOUNT_LEN 1024

/* @s with mountinfo's octal escapes (\040 for a space) undone, in @buf. */
static void unescape(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	while (*s && n + 1 < len) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			buf[n++] = (char)((s[1] - '0') << 6 |
					  (s[2] - '0') << 3 | (s[3] - '0'));
			s += 4;
		} else {
			buf[n++] = *s++;
		}
	}
	buf[n] = '\0';
}

int fs_cgroup2_mount(const char *mountinfo, char *buf, size_t len)
{
	char *line = NULL, *sep, fstype[32], root[4096], point[4096];
	FILE *f = fopen(mountinfo, "r");
	size_t cap = 0;
	int ret = -1;
	bool whole = false;

	if (!f)
		return -1;
	/* ID PARENT MAJ:MIN ROOT POINT OPTIONS [TAGS...] - FSTYPE SOURCE ... */
	while (!whole && getline(&line, &cap, f) > 0) {
		sep = strstr(line, " - ");
		if (!sep || sscanf(sep + 3, "%31s", fstype) != 1 ||
		    strcmp(fstype, "cgroup2"))
			continue;
		if (sscanf(line, "%*s %*s %*s %4095s %4095s", root, point) != 2)
			continue;
		whole = !strcmp(root, "/");
		if (whole || ret) /* a whole one, else the first */
			unescape(point, buf, len);
		ret = 0;
	}
	free(line);
	fclose(f);
	return ret;
}

/*
 * The cgroup id of @given, a path under @mount or an absolute one, or -1
 * with why in @why. On a 64-bit kernel a cgroup2 directory's inode number
 * is its kernfs node id, which is the cgroup id.
 */
static int resolve(const char *mount, const char *given, uint64_t *id,
		   char *why, size_t len)
{
	char path[FS_CGROUP_MOUNT_LEN + FS_CGROUP_PATH_LEN + 1];
	struct stat root, st;

	if (!mount) {
		snprintf(why, len, "no cgroup2 file system is mounted");
		return -1;
	}
	if (given[0] == '/')
		snprintf(path, sizeof(path), "%s", given);
	else
		snprintf(path, sizeof(path), "%s/%s", mount, given);
	if (stat(mount, &root)) {
		snprintf(why, len, "the cgroup2 mount %s: %s", mount,
			 strerror(errno));
		return -1;
	}
	if (stat(path, &st)) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "%s is not a directory", path);
		return -1;
	}
	if (st.st_dev != root.st_dev) {
		snprintf(why, len,
			 "%s is not a cgroup2 directory (that file system is "
			 "mounted at %s)",
			 path, mount);
		return -1;
	}
	if (st.st_ino == root.st_ino) {
		snprintf(why, len,
			 "%s is the root cgroup: every task would be the "
			 "workload",
			 path);
		return -1;
	}
	*id = (uint64_t)st.st_ino;
	return 0;
}

int fs_workload_cgroups_resolve(const struct fs_config *cfg,
				const struct fs_origins *from,
				const char *mountinfo,
				struct fs_cgroup_ids *ids, char *err,
				size_t errlen)
{
	int opt = FS_OPT_workload_cgroup, k;
	char mount[FS_CGROUP_MOUNT_LEN], why[3 * FS_CGROUP_MOUNT_LEN];
	bool mounted;

	memset(ids, 0, sizeof(*ids));
	if (!cfg->nr_workload_cgroup)
		return 0;
	mounted = !fs_cgroup2_mount(mountinfo, mount, sizeof(mount));
	for (k = 0; k < cfg->nr_workload_cgroup && k < FS_MAX_GPU_COMMS; k++) {
		const char *given = cfg->workload_cgroup[k];

		if (!resolve(mounted ? mount : NULL, given,
			     &ids->workload_cgroup[k], why, sizeof(why)))
			continue;
		snprintf(err, errlen, "%s: '%s': %s",
			 from && from->item_at[opt][k][0]
				 ? from->item_at[opt][k]
				 : fs_option_table[opt].name,
			 given, why);
		return -1;
	}
	return 0;
}
