// SPDX-License-Identifier: GPL-2.0
/*
 * Why the newest version: mkpeers keeps one folder per linux-source
 * version, and the newest one matches the newest kernel the root boots.
 * Versions compare as versions (7.2.13 after 7.2.9), not as strings.
 */
#define _GNU_SOURCE /* strverscmp */
#include "peer_path.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int executable(char *buf, size_t len, const char *dir, const char *name)
{
	if (snprintf(buf, len, "%s/%s", dir, name) >= (int)len)
		return 0;
	return !access(buf, X_OK);
}

/* The newest version folder under base that holds bin/name; or "". */
static void newest_version(const char *base, const char *name, char *best,
			   size_t len)
{
	char dir[4096], path[4096];
	struct dirent *e;
	DIR *d = opendir(base);

	best[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and mkpeers' unfinished builds */
		if (snprintf(dir, sizeof(dir), "%s/%s/bin", base, e->d_name) >=
		    (int)sizeof(dir))
			continue;
		if (!executable(path, sizeof(path), dir, name))
			continue;
		if (!best[0] || strverscmp(e->d_name, best) > 0)
			snprintf(best, len, "%s", e->d_name);
	}
	closedir(d);
}

int fs_peer_resolve(const char *name, const char *env_dir, const char *base,
		    char *buf, size_t len, char *err, size_t errlen)
{
	char version[256], dir[4096];

	if (!name || !name[0]) {
		snprintf(err, errlen, "empty peer name");
		return -1;
	}
	if (strchr(name, '/')) {
		if (snprintf(buf, len, "%s", name) >= (int)len ||
		    access(buf, X_OK)) {
			snprintf(err, errlen, "%s: not an executable file",
				 name);
			return -1;
		}
		return 0;
	}
	if (env_dir && env_dir[0]) {
		if (executable(buf, len, env_dir, name))
			return 0;
		snprintf(err, errlen, "peer %s not found in %s=%s", name,
			 FS_PEERS_ENV, env_dir);
		return -1;
	}
	newest_version(base, name, version, sizeof(version));
	if (version[0] &&
	    snprintf(dir, sizeof(dir), "%s/%s/bin", base, version) <
		    (int)sizeof(dir) &&
	    executable(buf, len, dir, name))
		return 0;
	snprintf(err, errlen,
		 "peer %s not found in %s/*/bin (build the kernel's sample "
		 "schedulers with tools/peers/mkpeers, or set %s)",
		 name, base, FS_PEERS_ENV);
	return -1;
}
