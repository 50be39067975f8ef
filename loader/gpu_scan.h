/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Finding GPU tasks: processes that hold a GPU device open or map a GPU
 * runtime. BPF cannot see either cheaply, so the loader scans /proc and
 * marks their thread-group ids in a BPF map.
 */
#ifndef FS_LOADER_GPU_SCAN_H
#define FS_LOADER_GPU_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* True if a /proc/PID/fd link target is a GPU device node. */
bool fs_gpu_device_path(const char *target);

/* True if a /proc/PID/maps line maps a GPU runtime library. */
bool fs_gpu_runtime_map(const char *line);

/*
 * Scan @proc_root (normally "/proc") and store up to @max GPU tgids in
 * @tgids. Returns how many were found (may exceed @max), or -1.
 */
int fs_gpu_scan(const char *proc_root, int *tgids, int max);

#endif
