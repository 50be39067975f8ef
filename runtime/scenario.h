/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario a benchmark runs in: what else loads the machine and how
 * many threads it runs. A scheduler can only win under contention, so
 * search, compare and replay all take one:
 *   idle            nothing beside it, threads = CPUs;
 *   neighbour       a CPU hog per CPU beside it (or --neighbour CMD);
 *   oversubscribed  threads = 2 x CPUs, nothing beside it;
 *   bursty          short bursts of messaging tasks beside it (hackbench
 *                   in a loop; or --neighbour CMD);
 *   smt             threads = physical cores on a machine with SMT
 *                   siblings, nothing beside it: where putting two
 *                   workers on one core's siblings costs.
 * The neighbour, if any, runs for exactly the benchmark's run
 * (neighbour.h) and its CPU share is reported beside the t/s.
 */
#ifndef FS_RUNTIME_SCENARIO_H
#define FS_RUNTIME_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "bench_results.h"
#include "runner.h"

#define FS_SCENARIO_NAMES "idle, neighbour, oversubscribed, bursty, smt"

struct fs_scenario {
	char name[32];	      /* one of FS_SCENARIO_NAMES */
	char neighbour[1024]; /* shell command run beside; "" none */
	bool own_neighbour;   /* neighbour is the user's --neighbour CMD */
	int threads;	      /* llama-bench -t for it; 0: the default */
};

/*
 * Make scenario @name (NULL: idle) on a machine of @cpus CPUs, with the
 * user's @neighbour (NULL: the scenario's own) and @threads (0: the
 * scenario's). FS_BENCH_EINVAL with err for an unknown name, or a
 * neighbour the scenario needs that this machine lacks.
 */
int fs_scenario_make(struct fs_scenario *s, const char *name,
		     const char *neighbour, int threads, int cpus, char *err,
		     size_t errlen);

/*
 * Physical cores of the online CPUs under @sys ("/sys"): distinct
 * thread_siblings_list values. 0 when the topology cannot be read.
 */
int fs_scenario_cores(const char *sys);

/*
 * Whether the scenario contends for the CPUs (a neighbour, or more
 * threads than CPUs): where recipes and the workload class are the
 * defaults. A user's --threads alone does not make it so.
 */
bool fs_scenario_contended(const struct fs_scenario *s);

/* One line for a reader: "neighbour (2 CPU hogs: ...)". */
void fs_scenario_describe(const struct fs_scenario *s, char *buf, size_t len);

/*
 * fs_llama_bench_run with the scenario's neighbour running beside it: 0
 * with rows in res and the neighbour's CPU share in *neighbour_cpus (0
 * without one); else the benchmark's error, or the neighbour's
 * (FS_BENCH_EEXIT: it ended by itself; the run does not count).
 */
int fs_scenario_bench_run(const struct fs_scenario *s,
			  const struct fs_runner *r,
			  const struct fs_command *cmd,
			  struct fs_bench_results *res, double *neighbour_cpus,
			  char *err, size_t errlen);

#endif
