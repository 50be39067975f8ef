// SPDX-License-Identifier: GPL-2.0
/*
 * bench_search_overhead FLASHYSPARK [EPISODES] [JSONL]: what the search
 * engine adds to each episode beyond the benchmark itself (and beyond
 * loading the scheduler, which --scheduler none leaves out). Times
 * EPISODES bare runs of a trivial benchmark command (`cat JSONL` through
 * sh -c, as the search runs it), then a search of EPISODES episodes with
 * that command, and reports the difference per episode and the search's
 * peak memory. Exits 1 over 0.5 s per episode or 50 MB.
 */
#include "clock.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LIMIT_S	 0.5
#define LIMIT_MB 50.0

/* Run argv, wait; 0 if it exited 0. ru receives its usage. */
static int run(char *const argv[], struct rusage *ru)
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (wait4(pid, &st, 0, ru) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *bin = argc > 1 ? argv[1] : NULL;
	int n = argc > 2 ? atoi(argv[2]) : 200;
	const char *jsonl = argc > 3 ? argv[3] : "/dev/null";
	char cmd[4096], eps[16], dir[] = "/tmp/fs-search-bench-XXXXXX";
	char out[64], rm[128];
	struct rusage ru;
	double t0, bare, search, extra, mb;
	int i;

	if (!bin || n < 1) {
		fprintf(stderr, "usage: %s FLASHYSPARK [EPISODES] [JSONL]\n",
			argv[0]);
		return 2;
	}
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "cat '%s'", jsonl);
	snprintf(eps, sizeof(eps), "%d", n);
	snprintf(out, sizeof(out), "%s/run", dir);
	{
		char *const bare_argv[] = {"sh", "-c", cmd, NULL};

		t0 = fs_now_s();
		for (i = 0; i < n; i++) {
			if (run(bare_argv, &ru)) {
				fprintf(stderr, "bare run of '%s' failed\n",
					cmd);
				return 1;
			}
		}
		bare = (fs_now_s() - t0) / n;
	}
	{
		char *const search_argv[] = {
			(char *)bin,   "search", "--scheduler", "none",
			"--bench-cmd", cmd,	 "--metric",	"tg",
			"--episodes",  eps,	 "--out",	out,
			NULL,
		};

		t0 = fs_now_s();
		if (run(search_argv, &ru)) {
			fprintf(stderr, "%s search failed\n", bin);
			return 1;
		}
		search = (fs_now_s() - t0) / n;
	}
	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	if (system(rm))
		fprintf(stderr, "could not remove %s\n", dir);
	extra = search - bare;
	mb = (double)ru.ru_maxrss / 1024.0; /* ru_maxrss is in KiB */
	printf("episodes:              %d\n", n);
	printf("bare benchmark:        %.3f ms/episode\n", bare * 1e3);
	printf("search per episode:    %.3f ms\n", search * 1e3);
	printf("engine overhead:       %.3f ms/episode (limit %.0f ms)\n",
	       extra * 1e3, LIMIT_S * 1e3);
	printf("peak memory (max RSS): %.1f MB (limit %.0f MB)\n", mb,
	       LIMIT_MB);
	return extra > LIMIT_S || mb > LIMIT_MB ? 1 : 0;
}
