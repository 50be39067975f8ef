/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One load of the BPF scheduler: open the skeleton, write the read-only
 * configuration, load, attach, and later detach. The exit record the BPF
 * side fills in ops.exit is read through here.
 */
#ifndef FS_LOADER_SESSION_H
#define FS_LOADER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "intf.h"
#include "topology.h"
#include "workload_cgroups.h"

struct fs_session;

/*
 * Load and attach, with the ids of @cfg's cgroups in @cgroups; NULL on
 * failure with the reason in @err.
 */
struct fs_session *fs_session_start(const struct fs_config *cfg,
				    const struct fs_topology *topo,
				    const struct fs_cgroup_ids *cgroups,
				    char *err, size_t errlen);

/* Make the BPF set of GPU thread-group ids exactly @tgids[0..n). */
void fs_session_set_gpu_tgids(struct fs_session *s, const int *tgids, int n);

/* Whether the kernel tracks idle CPUs per NUMA node for this load. */
bool fs_session_idle_per_node(const struct fs_session *s);

/* The scheduler's system utilisation over online CPUs, 0..1024. */
unsigned long fs_session_sys_util(const struct fs_session *s);

/*
 * The performance target (0..1024) the kernel records for each CPU, as the
 * scheduler's timer last read it, into @out (at most @max); how many CPUs.
 */
int fs_session_perf_targets(const struct fs_session *s, unsigned int *out,
			    int max);

/* Copy the exit record; true once the scheduler has exited. */
bool fs_session_exit(const struct fs_session *s, struct fs_exit_record *rec);

/*
 * The kernel's dump at an error exit (FS_EXIT_DUMP_LEN at most) into @buf;
 * its length, 0 if there is none.
 */
size_t fs_session_exit_dump(const struct fs_session *s, char *buf, size_t len);

int fs_session_counters(const struct fs_session *s,
			uint64_t out[FS_NR_COUNTERS]);

/* Detach (the kernel runs ops.exit before this returns). Idempotent. */
void fs_session_detach(struct fs_session *s);

/* Detach if needed and free everything. */
void fs_session_free(struct fs_session *s);

/* Kinds at or above this are errors (stall, BPF error, kernel error). */
#define FS_EXIT_ERROR 1024

#endif
