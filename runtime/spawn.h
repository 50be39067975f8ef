/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Start a command as the leader of a new process group, stdin from
 * /dev/null, stdout and stderr into fresh non-blocking pipes; it gets
 * SIGTERM when the calling process dies (PR_SET_PDEATHSIG). Everything
 * the child needs is prepared before fork, so that between fork and exec
 * it calls only async-signal-safe functions.
 */
#ifndef FS_RUNTIME_SPAWN_H
#define FS_RUNTIME_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

#include "runner.h"

struct fs_child {
	pid_t pid;  /* also the process group id */
	int out_fd; /* read ends, O_NONBLOCK | O_CLOEXEC */
	int err_fd;
};

/*
 * Returns 0 with the child running, or FS_BENCH_EINVAL/_EEXEC/_ESYS/_ENOMEM
 * (nothing left running, nothing to close). flags may be NULL.
 */
int fs_spawn(const struct fs_command *cmd, const char *flags,
	     struct fs_child *child, char *err, size_t errlen);

#endif
