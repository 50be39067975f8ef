/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One episode, for real: start scx_flashyspark with a knob set as a child
 * and wait until the kernel has it enabled (not a fixed sleep), run the
 * benchmark with FLASHYSPARK_FLAGS naming the knobs that are on, check
 * the scheduler survived it, stop it by pid, and say what happened. A
 * scheduler that fails to load or exits with an error (stall, BPF error)
 * makes a failed episode carrying the kernel's reason; it is a result,
 * not an error: the search learns from it and goes on.
 */
#ifndef FS_SEARCH_EPISODE_H
#define FS_SEARCH_EPISODE_H

#include <stdbool.h>

#include "engine.h"
#include "loader_report.h"
#include "public.h"
#include "runner.h"
#include "scenario.h"
#include "settings.h"

struct fs_episode {
	int index;
	enum fs_role role;
	bool knobs[FS_NR_KNOBS];
	bool has_pp, has_tg;
	double pp, tg; /* mean t/s over llama-bench's repetitions */
	bool ok;
	/* "ok", "sched-load-failed", "sched-error", "bench-failed" */
	const char *status;
	char reason[1024];
	/*
	 * The algorithm's knob probabilities when it proposed this set (pg's
	 * "p"), for the report's plot of them over time; has_policy false
	 * for algorithms without one.
	 */
	bool has_policy;
	double policy[FS_NR_KNOBS];
	/* The scheduler's final counters as a JSON object ("" if none). */
	char counters[FS_COUNTERS_JSON_MAX];
	double seconds;
	double neighbour_cpus; /* the neighbour's CPU share; NaN: none */
};

struct fs_episode_env {
	enum fs_metric metric;
	bool no_scheduler;
	const char *scx_binary; /* NULL: sched_child finds it */
	const struct fs_command *bench;
	double bench_timeout_s;
	int sigfd; /* checked within the episode; -1 for none */
	const struct fs_scenario *scenario; /* NULL: idle */
	const char *workload; /* the scheduler's --workload-comm, or NULL */
	bool quiet; /* wait for the CPUs to go quiet before the run (quiet.h) */
};

/* Why fs_episode_run returned. */
enum fs_episode_end {
	FS_EPISODE_DONE = 0,	    /* ep holds a result, ok or failed */
	FS_EPISODE_INTERRUPTED = 1, /* a signal came: nothing to record */
};

/* The reward of a finished episode: the metric's t/s. */
double fs_episode_reward(const struct fs_episode *ep, enum fs_metric m);

/* The other metric's t/s (tg when tuning pp), NAN when absent. */
double fs_episode_other(const struct fs_episode *ep, enum fs_metric m);

/* Run it; *signo is the signal when interrupted. */
enum fs_episode_end fs_episode_run(const struct fs_episode_env *env,
				   struct fs_episode *ep, int *signo);

#endif
