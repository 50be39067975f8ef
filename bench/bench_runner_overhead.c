// SPDX-License-Identifier: GPL-2.0
/*
 * bench_runner_overhead [RUNS] [JSONL]: what the runner adds to each
 * benchmark run beyond the command itself. Times RUNS bare
 * fork/execve/waitpid of /bin/true, RUNS runner runs of it, and RUNS
 * parses of a captured llama-bench jsonl file. Exits 1 if the runner's
 * extra cost plus one parse exceeds 50 ms per run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "llama_output.h"
#include "runner.h"

#define LIMIT_MS 50.0
#define TRUE_BIN "/bin/true"

extern char **environ;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int bare_run(void)
{
	char *const argv[] = {TRUE_BIN, NULL};
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execve(TRUE_BIN, argv, environ);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

static int runner_run(const struct fs_runner *r)
{
	static const char *const argv[] = {TRUE_BIN, NULL};
	struct fs_command cmd = {.argv = argv};
	struct fs_run_result res;
	char err[256];
	int ret = fs_runner_run(r, &cmd, &res, err, sizeof(err));

	if (ret)
		fprintf(stderr, "runner: %s\n", err);
	fs_run_result_free(&res);
	return ret;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET) && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
		fclose(f);
		return buf;
	}
	free(buf);
	fclose(f);
	return NULL;
}

static double time_parse(const char *text, size_t len, int runs)
{
	struct fs_bench_results res;
	char err[256];
	double t0 = now_ms();

	for (int i = 0; i < runs; i++) {
		int ret = fs_llama_parse(text, len, FS_LLAMA_JSONL, &res, err,
					 sizeof(err));

		fs_bench_results_free(&res);
		if (ret) {
			fprintf(stderr, "parse: %s\n", err);
			return -1;
		}
	}
	return (now_ms() - t0) / runs;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 200;
	const char *jsonl = argc > 2 ? argv[2] : NULL;
	struct fs_runner r;
	double t0, bare, run, parse = 0;

	if (runs < 1) {
		fprintf(stderr, "usage: %s [RUNS] [JSONL]\n", argv[0]);
		return 2;
	}
	fs_runner_init(&r);
	r.timeout_s = 10;
	t0 = now_ms();
	for (int i = 0; i < runs; i++) {
		if (bare_run()) {
			fprintf(stderr, "bare run of %s failed\n", TRUE_BIN);
			return 1;
		}
	}
	bare = (now_ms() - t0) / runs;
	t0 = now_ms();
	for (int i = 0; i < runs; i++) {
		if (runner_run(&r))
			return 1;
	}
	run = (now_ms() - t0) / runs;
	if (jsonl) {
		size_t len;
		char *text = read_file(jsonl, &len);

		if (!text) {
			fprintf(stderr, "cannot read %s: %s\n", jsonl,
				strerror(errno));
			return 1;
		}
		parse = time_parse(text, len, runs);
		free(text);
		if (parse < 0)
			return 1;
	}
	double extra = run - bare + parse;

	printf("bare fork/exec/wait: %.3f ms/run\n", bare);
	printf("runner:              %.3f ms/run (ratio %.2f)\n", run,
	       run / bare);
	printf("parse jsonl:         %.3f ms/run\n", parse);
	printf("runner overhead:     %.3f ms/run (limit %.0f ms)\n", extra,
	       LIMIT_MS);
	return extra > LIMIT_MS ? 1 : 0;
}
