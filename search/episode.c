// SPDX-License-Identifier: GPL-2.0
/* One episode, for real (episode.h). */
#include "episode.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "knobs.h"
#include "llama_bench.h"
#include "quiet.h"
#include "sched_child.h"
#include "sigwatch.h"
#include "clock.h"

double fs_episode_reward(const struct fs_episode *ep, enum fs_metric m)
{
	if (!ep->ok)
		return NAN;
	return m == FS_METRIC_PP ? ep->pp : ep->tg;
}

double fs_episode_other(const struct fs_episode *ep, enum fs_metric m)
{
	if (m == FS_METRIC_PP)
		return ep->has_tg ? ep->tg : NAN;
	return ep->has_pp ? ep->pp : NAN;
}

static void fail(struct fs_episode *ep, const char *status, const char *why)
{
	ep->ok = false;
	ep->status = status;
	snprintf(ep->reason, sizeof(ep->reason), "%s", why);
}

/* Read the rows we need from a parsed benchmark; false with the reason. */
static bool take_rows(struct fs_episode *ep, const struct fs_bench_results *res,
		      enum fs_metric m, char *err, size_t errlen)
{
	if (fs_bench_results_require(res, m == FS_METRIC_PP, m == FS_METRIC_TG,
				     err, errlen))
		return false;
	ep->pp = fs_metric_value(res, FS_METRIC_PP);
	ep->tg = fs_metric_value(res, FS_METRIC_TG);
	ep->has_pp = !isnan(ep->pp);
	ep->has_tg = !isnan(ep->tg);
	return true;
}

enum fs_episode_end fs_episode_run(const struct fs_episode_env *env,
				   struct fs_episode *ep, int *signo)
{
	struct fs_sched_spec spec;
	struct fs_sched_child child;
	struct fs_bench_results res = {0};
	struct fs_runner r;
	char flags[1024], err[1024], serr[512];
	double t0 = fs_now_s(), cpus;
	bool running = false, bench_ok;
	int stop_ret;

	memset(&child, 0, sizeof(child));
	ep->ok = false;
	ep->has_pp = ep->has_tg = false;
	ep->pp = ep->tg = NAN;
	ep->status = "ok";
	ep->reason[0] = '\0';
	ep->counters[0] = '\0';
	*signo = 0;
	ep->neighbour_cpus = NAN;
	fs_knobs_join(ep->knobs, flags, sizeof(flags));
	if (!env->no_scheduler) {
		static const char *workload_args[3] = {"--workload-comm"};

		workload_args[1] = env->workload;
		fs_sched_spec_init(&spec);
		spec.binary = env->scx_binary;
		spec.is_flashyspark = true;
		memcpy(spec.knobs, ep->knobs, sizeof(spec.knobs));
		spec.ready_timeout_s = FS_SCHED_READY_S;
		spec.stop_fd = env->sigfd;
		if (env->workload && *env->workload)
			spec.extra_args = workload_args;
		if (fs_sched_start(&spec, &child, err, sizeof(err))) {
			if ((*signo = fs_sigwatch_pending(env->sigfd)))
				goto interrupted;
			fail(ep, "sched-load-failed", err);
			goto out;
		}
		running = true;
	}
	if (env->quiet) /* a signal ends the wait; the check below sees it */
		fs_wait_quiet_before_run(env->sigfd);
	if ((*signo = fs_sigwatch_pending(env->sigfd)))
		goto interrupted;

	fs_runner_init(&r);
	r.flags = flags;
	r.timeout_s = env->bench_timeout_s;
	r.stop_fd = env->sigfd; /* Ctrl-C ends the benchmark at once */
	bench_ok = !fs_scenario_bench_run(env->scenario, &r, env->bench, &res,
					  &cpus, err, sizeof(err)) &&
		   take_rows(ep, &res, env->metric, err, sizeof(err));
	if (bench_ok && env->scenario && env->scenario->neighbour[0])
		ep->neighbour_cpus = cpus;
	fs_bench_results_free(&res);
	if ((*signo = fs_sigwatch_pending(env->sigfd)))
		goto interrupted;

	/* The scheduler's fate comes first: a stall explains a bad run. */
	if (running) {
		bool alive = fs_sched_alive(&child);

		stop_ret = fs_sched_stop(&child, FS_SCHED_STOP_GRACE_S, serr,
					 sizeof(serr));
		/* What the scheduler did: its final counters. */
		snprintf(ep->counters, sizeof(ep->counters), "%s",
			 child.report.counters);
		if (!alive || stop_ret) {
			char why[sizeof(ep->reason)], kern[512];
			bool have = fs_loader_report_reason(&child.report, kern,
							    sizeof(kern));

			snprintf(why, sizeof(why), "%s%s",
				 alive ? ""
				       : "scheduler exited during the "
					 "benchmark: ",
				 have	    ? kern
				 : stop_ret ? serr
					    : "no exit reason");
			fail(ep, "sched-error", why);
		}
		fs_sched_child_free(&child);
		running = false;
		if (!alive || stop_ret)
			goto out;
	}
	if (!bench_ok) {
		fail(ep, "bench-failed", err);
		goto out;
	}
	ep->ok = true;
out:
	ep->seconds = fs_now_s() - t0;
	return FS_EPISODE_DONE;

interrupted:
	if (running) {
		fs_sched_stop(&child, FS_SCHED_STOP_GRACE_S, serr,
			      sizeof(serr));
		fs_sched_child_free(&child);
	}
	ep->seconds = fs_now_s() - t0;
	return FS_EPISODE_INTERRUPTED;
}
