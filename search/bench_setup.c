// SPDX-License-Identifier: GPL-2.0
/* The benchmark an episode runs, from a search's settings (bench_setup.h). */
#include "bench_setup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

static void llama_args_of(const struct fs_search_settings *set,
			  struct fs_llama_args *a)
{
	fs_llama_args_init(a);
	a->model = set->model;
	a->threads = set->threads;
	a->extra = set->bench_args[0] ? set->bench_args : NULL;
}

void fs_bench_size(struct fs_search_settings *set, int sigfd, const char *who)
{
	struct fs_llama_args a;

	if (set->bench_cmd[0] || set->bench_args[0] || set->n_gen)
		return;
	llama_args_of(set, &a);
	if (fs_llama_size(&a, set->bench_timeout_s, sigfd, who))
		return; /* the caller's loop sees the signal */
	set->n_prompt = a.n_prompt;
	set->n_gen = a.n_gen;
}

int fs_bench_setup(struct fs_bench_setup *b,
		   const struct fs_search_settings *set, int sigfd, char *err,
		   size_t errlen)
{
	memset(b, 0, sizeof(*b));
	if (set->bench_cmd[0]) {
		b->cmd.shell = set->bench_cmd;
	} else {
		struct fs_llama_args a;

		llama_args_of(set, &a);
		a.n_prompt = set->n_prompt;
		a.n_gen = set->n_gen;
		if (fs_llama_argv_build(&a, &b->largv, err, errlen))
			return -1;
		b->cmd.argv = b->largv.argv;
	}
	b->env.metric = set->metric;
	b->env.no_scheduler = set->no_scheduler;
	/* NULL: sched_child looks beside us, in ../loader/, then PATH. */
	b->env.scx_binary = set->scx_binary[0] ? set->scx_binary : NULL;
	b->env.bench = &b->cmd;
	b->env.bench_timeout_s = set->bench_timeout_s;
	b->env.sigfd = sigfd;
	if (fs_scenario_make(&b->scenario,
			     set->scenario[0] ? set->scenario : NULL,
			     set->neighbour[0] ? set->neighbour : NULL,
			     set->threads, online_cpus(), err, errlen))
		return -1;
	b->env.scenario = &b->scenario;
	b->env.workload = set->workload[0] ? set->workload : NULL;
	/* A scheduler's start (and the last one's end) sets off work. */
	b->env.quiet = !set->no_scheduler;
	return 0;
}
