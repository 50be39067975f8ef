/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cgroups that workload_cgroup names, found before the scheduler
 * loads. The scheduler asks whether a task is in a cgroup by its id
 * (bpf_cgroup_from_id), and a path means something only on this machine,
 * so the loader, not the knob set, turns each path into the id of its
 * cgroup2 directory; a path that is not one is refused like any bad
 * option, naming the flag or FILE:LINE it came from. Found once, before
 * the first load: a cgroup removed and made again at the same path is
 * another cgroup (another id), which a --restart does not look up.
 */
#ifndef FS_LOADER_WORKLOAD_CGROUPS_H
#define FS_LOADER_WORKLOAD_CGROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "options.h"

/* The cgroup id of each workload_cgroup path, in the same order. */
struct fs_cgroup_ids {
	uint64_t workload_cgroup[FS_MAX_GPU_COMMS];
};

/*
 * The cgroup2 mount point that @mountinfo (normally
 * "/proc/self/mountinfo") lists, into @buf: the first of the whole
 * hierarchy (ROOT "/"), else the first (a container's subtree); 0, or -1
 * if there is none.
 */
int fs_cgroup2_mount(const char *mountinfo, char *buf, size_t len);

/*
 * The id of each workload_cgroup of @cfg into @ids: a relative path is
 * taken under the cgroup2 mount that @mountinfo lists, an absolute one as
 * it is; either must be a directory of that file system below its root.
 * 0 (also when there is none to find), or -1 with "ORIGIN: 'PATH': why"
 * in @err, ORIGIN from @from (fs_config_from_args's; NULL: the option's
 * name).
 */
int fs_workload_cgroups_resolve(const struct fs_config *cfg,
				const struct fs_origins *from,
				const char *mountinfo,
				struct fs_cgroup_ids *ids, char *err,
				size_t errlen);

#endif
