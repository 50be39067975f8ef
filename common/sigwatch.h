/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ctrl-C and SIGTERM without handlers or global flags: the signals are
 * blocked and read from a signalfd that the caller polls between and
 * within episodes, so a stop always happens at a point where the
 * scheduler can be stopped and the checkpoint written (the loader, search,
 * replay and compare all use it). Children get an empty signal mask from
 * the runner, so they still die on signals.
 */
#ifndef FS_COMMON_SIGWATCH_H
#define FS_COMMON_SIGWATCH_H

#include <signal.h>

/*
 * Block SIGINT, SIGTERM, SIGHUP; their (non-blocking) signalfd, or -1 with
 * errno and the mask unchanged. @old (may be NULL): the mask before.
 */
int fs_sigwatch_open(sigset_t *old);

/* The pending signal's number (consumed), or 0; never blocks. fd -1: 0. */
int fs_sigwatch_pending(int fd);

/* Wait up to timeout_ms for a signal: its number, or 0. */
int fs_sigwatch_wait(int fd, int timeout_ms);

#endif
