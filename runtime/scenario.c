// SPDX-License-Identifier: GPL-2.0
/* The scenario a benchmark runs in (scenario.h). */
#include "scenario.h"

#include "error_codes.h"
#include "llama_bench.h"
#include "neighbour.h"
#include "spawn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether @prog is an executable in $PATH (spawn's own search). */
static bool in_path(const char *prog)
{
	char *path = fs_find_program(prog);
	bool found = path != NULL;

	free(path);
	return found;
}

int fs_scenario_cores(const char *sys)
{
	char seen[256][64], path[512], line[64];
	int n = 0, cpu;

	for (cpu = 0; cpu < 4096; cpu++) {
		FILE *f;
		int i;

		snprintf(path, sizeof(path),
			 "%s/devices/system/cpu/cpu%d/topology/"
			 "thread_siblings_list",
			 sys, cpu);
		f = fopen(path, "r");
		if (!f) {
			if (cpu == 0)
				return 0;
			continue; /* offline, or past the last */
		}
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
		for (i = 0; i < n && strcmp(seen[i], line); i++)
			;
		if (i == n && n < 256)
			snprintf(seen[n++], sizeof(seen[0]), "%s", line);
	}
	return n;
}

int fs_scenario_make(struct fs_scenario *s, const char *name,
		     const char *neighbour, int threads, int cpus, char *err,
		     size_t errlen)
{
	memset(s, 0, sizeof(*s));
	if (!name)
		name = "idle";
	if (cpus < 1)
		cpus = 1;
	snprintf(s->name, sizeof(s->name), "%s", name);
	if (!strcmp(name, "neighbour")) {
		/* One CPU hog per CPU, plain shell: no package needed. */
		snprintf(s->neighbour, sizeof(s->neighbour),
			 "i=0; while [ $i -lt %d ]; do "
			 "(while :; do :; done) & i=$((i + 1)); done; wait",
			 cpus);
	} else if (!strcmp(name, "oversubscribed")) {
		s->threads = 2 * cpus;
	} else if (!strcmp(name, "bursty")) {
		if (!neighbour && !in_path("hackbench"))
			return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
					     "scenario bursty runs hackbench "
					     "(rt-tests), which is not in "
					     "PATH; install it or give "
					     "--neighbour CMD");
		snprintf(s->neighbour, sizeof(s->neighbour),
			 "while :; do hackbench -g 2 -l 50 >/dev/null || "
			 "exit 1; sleep 0.05; done");
	} else if (!strcmp(name, "smt")) {
		int cores = fs_scenario_cores("/sys");

		if (cores < 1 || cores >= cpus)
			return fs_bench_fail(
				err, errlen, FS_BENCH_EINVAL,
				"scenario smt: this machine has no "
				"SMT siblings (%d CPUs, %d cores)",
				cpus, cores);
		s->threads = cores;
	} else if (strcmp(name, "idle")) {
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "unknown scenario '%s' (one of: %s)", name,
				     FS_SCENARIO_NAMES);
	}
	if (neighbour) {
		if (!*neighbour)
			return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
					     "--neighbour: empty command");
		if (strlen(neighbour) >= sizeof(s->neighbour))
			return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
					     "--neighbour: longer than %zu "
					     "characters",
					     sizeof(s->neighbour) - 1);
		snprintf(s->neighbour, sizeof(s->neighbour), "%s", neighbour);
		s->own_neighbour = true;
	}
	if (threads > 0)
		s->threads = threads;
	return 0;
}

bool fs_scenario_contended(const struct fs_scenario *s)
{
	return s->neighbour[0] || !strcmp(s->name, "oversubscribed");
}

void fs_scenario_describe(const struct fs_scenario *s, char *buf, size_t len)
{
	char threads[48] = "";

	if (s->threads)
		snprintf(threads, sizeof(threads), ", %d threads", s->threads);
	if (!s->neighbour[0])
		snprintf(buf, len, "%s%s", s->name, threads);
	else if (s->own_neighbour)
		snprintf(buf, len, "%s%s, beside: %s", s->name, threads,
			 s->neighbour);
	else
		snprintf(buf, len, "%s%s, beside: %s", s->name, threads,
			 !strcmp(s->name, "neighbour")
				 ? "a CPU hog per CPU"
				 : "hackbench -g 2 -l 50 every 50 ms");
}

int fs_scenario_bench_run(const struct fs_scenario *s,
			  const struct fs_runner *r,
			  const struct fs_command *cmd,
			  struct fs_bench_results *res, double *neighbour_cpus,
			  char *err, size_t errlen)
{
	struct fs_neighbour n;
	char nerr[768];
	int ret, nret;

	*neighbour_cpus = 0;
	if (!s || !s->neighbour[0])
		return fs_llama_bench_run(r, cmd, res, NULL, err, errlen);
	ret = fs_neighbour_start(&n, s->neighbour, nerr, sizeof(nerr));
	if (ret)
		return fs_bench_fail(err, errlen, ret,
				     "the neighbour did not start: %s", nerr);
	ret = fs_llama_bench_run(r, cmd, res, NULL, err, errlen);
	nret = fs_neighbour_stop(&n, neighbour_cpus, nerr, sizeof(nerr));
	if (!ret && nret)
		return fs_bench_fail(err, errlen, nret, "%s", nerr);
	return ret;
}
