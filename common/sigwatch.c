// SPDX-License-Identifier: GPL-2.0
/* Signals read from a descriptor (common/sigwatch.h). */
#include "sigwatch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

int fs_sigwatch_open(sigset_t *old)
{
	sigset_t set, prev;
	int fd, e;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, &prev))
		return -1;
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0) {
		e = errno;
		sigprocmask(SIG_SETMASK, &prev, NULL);
		errno = e;
	} else if (old) {
		*old = prev;
	}
	return fd;
}

int fs_sigwatch_wait(int fd, int timeout_ms)
{
	struct signalfd_siginfo si;
	struct pollfd p = {.fd = fd, .events = POLLIN};

	if (fd < 0)
		return 0;
	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	if (read(fd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return 0;
	return (int)si.ssi_signo;
}

int fs_sigwatch_pending(int fd)
{
	return fs_sigwatch_wait(fd, 0);
}
