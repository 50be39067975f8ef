// SPDX-License-Identifier: GPL-2.0
/* Finding GPU tasks (gpu_scan.h). */
#include "gpu_scan.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool fs_gpu_device_path(const char *t)
{
	return !strncmp(t, "/dev/nvidia", 11) || !strncmp(t, "/dev/dri/", 9) ||
	       !strcmp(t, "/dev/kfd") || !strncmp(t, "/dev/accel/", 11);
}

bool fs_gpu_runtime_map(const char *line)
{
	static const char *const libs[] = {
		"/libcuda.so",	     "/libcudart.so",	 "/libggml-cuda",
		"/libggml-hip",	     "/libggml-vulkan",	 "/libamdhip64.so",
		"/libhsa-runtime64", "/libnvidia-ml.so", "/libvulkan.so",
	};
	size_t i;

	for (i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
		if (strstr(line, libs[i]))
			return true;
	return false;
}

static bool holds_gpu_device(const char *proc_root, const char *pid)
{
	char dir[512], link[768], target[512];
	struct dirent *e;
	bool found = false;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s/fd", proc_root, pid);
	d = opendir(dir);
	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = fs_gpu_device_path(target);
	}
	closedir(d);
	return found;
}

static bool maps_gpu_runtime(const char *proc_root, const char *pid)
{
	char path[512], line[1024];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/maps", proc_root, pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = fs_gpu_runtime_map(line);
	fclose(f);
	return found;
}

int fs_gpu_scan(const char *proc_root, int *tgids, int max)
{
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(proc_root);

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		if (!holds_gpu_device(proc_root, e->d_name) &&
		    !maps_gpu_runtime(proc_root, e->d_name))
			continue;
		if (n < max)
			tgids[n] = atoi(e->d_name);
		n++;
	}
	closedir(d);
	return n;
}
