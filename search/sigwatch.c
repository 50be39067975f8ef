// SPDX-License-Identifier: GPL-2.0
#include "sigwatch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

int fs_sigwatch_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
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
