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

#include <stdbool.h>
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
 * (nothing left running, nothing to close). flags may be NULL. With
 * @guard, the child is a guard that runs the command as its own child in
 * the group and kills the whole group when we die (a benchmark started by
 * `sh -c` cannot outlive a SIGKILLed search); it exits as the command did.
 * Without, the command is the child (a scheduler, signalled by its pid).
 */
/*
 * Like execvp's search (done before fork): the executable file @name
 * names in $PATH (or @name itself if it has a '/'), malloc'd; NULL if
 * none (or out of memory).
 */
char *fs_find_program(const char *name);

int fs_spawn(const struct fs_command *cmd, const char *flags, bool guard,
	     struct fs_child *child, char *err, size_t errlen);

#endif
