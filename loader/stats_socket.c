// SPDX-License-Identifier: GPL-2.0
/* The stats socket, both ends (stats_socket.h). */
#define _GNU_SOURCE /* accept4 */
#include "stats_socket.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock.h"
#include "dirs.h"

/* How long one answer may take to write before the reader is dropped. */
#define ANSWER_TIMEOUT_MS 200
/* Connections answered per fs_stats_server_answer(). */
#define MAX_ANSWERS 16

struct fs_stats_server {
	int fd;
	char *path;
};

static int unix_addr(const char *path, struct sockaddr_un *sa, char *err,
		     size_t errlen)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path)) {
		snprintf(err, errlen, "%s: path too long for a UNIX socket",
			 path);
		return -1;
	}
	strcpy(sa->sun_path, path);
	return 0;
}

/* mkdir -p of @path's directory. */
static int make_parent(const char *path, char *err, size_t errlen)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *p;

	snprintf(dir, sizeof(dir), "%s", path);
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return 0;
	*p = '\0';
	if (fs_mkdir_p(dir) == 0)
		return 0;
	snprintf(err, errlen, "%s: %s", dir, strerror(errno));
	return -1;
}

/*
 * Whether a server answers on @sa now. Never blocks: a full backlog
 * (EAGAIN) is a live server too.
 */
static int someone_serves(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0),
	    live;

	if (fd < 0)
		return 0;
	live = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 ||
	       errno == EAGAIN;
	close(fd);
	return live;
}

struct fs_stats_server *fs_stats_server_open(const char *path, char *err,
					     size_t errlen)
{
	struct fs_stats_server *s;
	struct sockaddr_un sa;
	struct stat st;
	int fd;

	if (unix_addr(path, &sa, err, errlen) || make_parent(path, err, errlen))
		return NULL;
	if (someone_serves(&sa)) {
		snprintf(err, errlen,
			 "%s: another scx_flashyspark serves its stats here",
			 path);
		return NULL;
	}
	/* A leftover of a loader that was killed: only a socket is removed. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen, "%s: exists and is no socket",
				 path);
			return NULL;
		}
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(fd, 16)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	/* Counters are no secret: any local user may monitor. */
	chmod(path, 0666);
	s = calloc(1, sizeof(*s));
	if (!s || !(s->path = strdup(path))) {
		snprintf(err, errlen, "%s: out of memory", path);
		free(s);
		close(fd);
		unlink(path);
		return NULL;
	}
	s->fd = fd;
	return s;
}

/* Write all of @text to @fd within ANSWER_TIMEOUT_MS. */
static void send_all(int fd, const char *text, size_t len)
{
	double deadline = fs_now_s() + ANSWER_TIMEOUT_MS / 1000.0;

	while (len > 0 && fs_now_s() < deadline) {
		ssize_t n = send(fd, text, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n > 0) {
			text += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd p = {.fd = fd, .events = POLLOUT};

			poll(&p, 1, 10);
		} else if (n < 0 && errno != EINTR) {
			return;
		}
	}
}

bool fs_stats_server_waiting(const struct fs_stats_server *s)
{
	struct pollfd p = {.events = POLLIN};

	if (!s)
		return false;
	p.fd = s->fd;
	return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

void fs_stats_server_answer(struct fs_stats_server *s, const char *text)
{
	size_t len = strlen(text);
	int fd, n = 0;

	if (!s)
		return;
	/* A bounded number per call: readers never hold the loop. */
	while (n++ < MAX_ANSWERS &&
	       (fd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		send_all(fd, text, len);
		send_all(fd, "\n", 1);
		close(fd);
	}
}

void fs_stats_server_close(struct fs_stats_server *s)
{
	if (!s)
		return;
	close(s->fd);
	unlink(s->path);
	free(s->path);
	free(s);
}

int fs_stats_fetch(const char *path, char *buf, size_t len, int timeout_ms,
		   char *err, size_t errlen)
{
	double deadline = fs_now_s() + timeout_ms / 1000.0;
	struct sockaddr_un sa;
	size_t got = 0;
	int fd;

	if (unix_addr(path, &sa, err, errlen))
		return -1;
	/* Non-blocking: a stuck server with a full backlog is EAGAIN. */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		snprintf(err, errlen, "%s: %s", path,
			 errno == EAGAIN ? "the server is not answering"
					 : strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int left = (int)((deadline - fs_now_s()) * 1000);
		ssize_t n;

		if (left <= 0 || poll(&p, 1, left) <= 0) {
			snprintf(err, errlen, "%s: no answer within %d ms",
				 path, timeout_ms);
			break;
		}
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			break;
		}
		if (n == 0) { /* the whole answer */
			close(fd);
			buf[got] = '\0';
			return (int)got;
		}
		got += (size_t)n;
		if (got == len - 1) {
			snprintf(err, errlen,
				 "%s: answer longer than %zu bytes", path,
				 len - 1);
			break;
		}
	}
	close(fd);
	return -1;
}
