// SPDX-License-Identifier: GPL-2.0
/*
 * Why the order rotates: drift (thermal, page cache, a background job)
 * would favour whichever arm always runs first; rotating the order spreads
 * it over all arms. Why one process per measurement: run-to-run variance
 * across processes is larger than across repetitions inside one, and it is
 * the variance a user meets.
 *
 * Signals are read from the caller's signalfd between steps (no handler,
 * no global flag); whatever step was in progress, the scheduler child is
 * stopped before returning.
 */
#include "compare_run.h"

#include "atomic_file.h"
#include "compare_report.h"
#include "knobs.h"
#include "llama_bench.h"
#include "quiet.h"
#include "sched_child.h"
#include "clock.h"
#include "sigwatch.h"
#include "sysfs.h"

#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

size_t fs_compare_arm_at(size_t n_arms, int round, size_t slot)
{
	size_t shift = (size_t)round % n_arms;

	return (slot + n_arms - shift) % n_arms;
}

/* EEVDF means no sched_ext scheduler at all (or no sched_ext). */
static int check_eevdf(const struct fs_compare_env *env,
		       struct fs_measurement *m)
{
	char state[32] = "";

	if (!fs_sysfs_read(env->sysfs_dir, "state", state, sizeof(state)) ||
	    !strcmp(state, "disabled"))
		return 0;
	snprintf(m->error, sizeof(m->error),
		 "sched_ext is %s, not disabled: a scheduler someone else "
		 "loaded would be measured as EEVDF",
		 state);
	return -1;
}

static int start_sched(const struct fs_compare_env *env,
		       const struct fs_arm *arm, struct fs_sched_child *child,
		       struct fs_measurement *m)
{
	const char *config_args[] = {"--config", arm->config, NULL};
	struct fs_sched_spec spec;
	char err[sizeof(m->error) - 64];

	fs_sched_spec_init(&spec);
	spec.binary = arm->binary;
	spec.is_flashyspark = arm->kind == FS_ARM_FLASHY;
	memcpy(spec.knobs, arm->knobs, sizeof(spec.knobs));
	spec.extra_args = arm->config ? config_args : NULL;
	spec.ready_timeout_s = FS_SCHED_READY_S;
	spec.sysfs_dir = env->sysfs_dir;
	spec.stop_fd = env->sigfd;
	if (!fs_sched_start(&spec, child, err, sizeof(err)))
		return 0;
	snprintf(m->error, sizeof(m->error), "scheduler failed to load: %s",
		 err);
	return -1;
}

/*
 * The scenario's neighbour as the arm's recipe runs it (pin keeps it off
 * the benchmark's CPUs) into @out; out->neighbour "" where it runs as it
 * is. -1 when the wrapped command does not fit.
 */
static int pin_neighbour(const struct fs_compare_env *env,
			 const struct fs_arm *arm, struct fs_scenario *out)
{
	int ret;

	*out = *env->scenario;
	ret = fs_recipe_neighbour(arm->recipe, env->threads, 0,
				  env->scenario->neighbour, out->neighbour,
				  sizeof(out->neighbour));
	if (ret <= 0)
		out->neighbour[0] = '\0';
	return ret < 0 ? -1 : 0;
}

/*
 * Run the benchmark (under the arm's recipe, with the scenario's
 * neighbour beside it); fills m->v and m->neighbour_cpus, or m->error.
 */
static int bench(const struct fs_compare_env *env, const struct fs_arm *arm,
		 struct fs_measurement *m)
{
	struct fs_bench_results res = {0};
	struct fs_recipe_cmd rc;
	struct fs_recipe_undo undo;
	const struct fs_command *cmd = env->bench;
	const struct fs_scenario *scenario = env->scenario;
	struct fs_scenario pinned = {0};
	struct fs_runner r;
	char flags[1024], err[sizeof(m->error) - 64], uerr[256];
	bool recipe = arm->kind == FS_ARM_RECIPE;
	double cpus;
	int ret;

	if (recipe) {
		if (fs_recipe_wrap(arm->recipe, env->threads, cmd, &rc)) {
			snprintf(m->error, sizeof(m->error),
				 "the benchmark's command is too long to wrap");
			return -1;
		}
		cmd = &rc.cmd;
		if (scenario && pin_neighbour(env, arm, &pinned)) {
			snprintf(m->error, sizeof(m->error),
				 "the neighbour's command is too long to pin");
			return -1;
		}
		if (pinned.neighbour[0])
			scenario = &pinned;
		if (fs_recipe_apply(arm->recipe,
				    env->sys_dir ? env->sys_dir : "/sys", &undo,
				    err, sizeof(err))) {
			snprintf(m->error, sizeof(m->error),
				 "recipe %s not applied: %s",
				 fs_recipe_name(arm->recipe), err);
			return -1;
		}
	}

	fs_knobs_join(arm->knobs, flags, sizeof(flags));
	/* Every arm alike: the last arm's scheduler may have just ended. */
	if (env->quiet)
		fs_wait_quiet_before_run(env->sigfd);
	fs_runner_init(&r);
	r.flags = flags;
	r.timeout_s = env->bench_timeout_s;
	r.stop_fd = env->sigfd; /* Ctrl-C ends the benchmark at once */
	ret = fs_scenario_bench_run(scenario, &r, cmd, &res, &cpus, err,
				    sizeof(err));
	if (scenario && scenario->neighbour[0] && !ret)
		m->neighbour_cpus = cpus;
	if (recipe && fs_recipe_undo(&undo, uerr, sizeof(uerr))) {
		fprintf(stderr, "compare: %s\n", uerr); /* say it at once */
		if (!ret) {
			snprintf(err, sizeof(err), "%s", uerr);
			ret = -1;
		}
	}
	if (!ret) {
		m->v[FS_METRIC_PP] = fs_metric_value(&res, FS_METRIC_PP);
		m->v[FS_METRIC_TG] = fs_metric_value(&res, FS_METRIC_TG);
		if (!isfinite(m->v[FS_METRIC_PP]) &&
		    !isfinite(m->v[FS_METRIC_TG])) {
			snprintf(err, sizeof(err),
				 "no pp or tg row in its "
				 "output");
			ret = -1;
		}
	}
	fs_bench_results_free(&res);
	if (ret)
		snprintf(m->error, sizeof(m->error), "benchmark failed: %s",
			 err);
	return ret;
}

/*
 * The scheduler's fate decides first: numbers taken while it died are
 * not numbers for that arm.
 */
static void stop_sched(struct fs_sched_child *child, bool bench_ok,
		       struct fs_measurement *m)
{
	char err[400], bench_err[300];
	bool alive = fs_sched_alive(child);
	int ret = fs_sched_stop(child, FS_SCHED_STOP_GRACE_S, err, sizeof(err));

	fs_sched_child_free(child);
	if (alive && !ret)
		return;
	/* A stall explains a failed benchmark: the scheduler goes first. */
	snprintf(bench_err, sizeof(bench_err), "%s", bench_ok ? "" : m->error);
	snprintf(m->error, sizeof(m->error), "%s: %s%s%s",
		 alive ? "scheduler did not stop cleanly"
		       : "scheduler exited during the benchmark",
		 err, bench_err[0] ? "; and " : "", bench_err);
	m->v[FS_METRIC_PP] = m->v[FS_METRIC_TG] = NAN;
	m->ok = false;
}

/* One measurement of one arm; returns a signal number if interrupted. */
static int measure(const struct fs_compare_env *env,
		   const struct fs_compare_data *d, struct fs_measurement *m)
{
	const struct fs_arm *arm = &d->arms[m->arm];
	struct fs_sched_child child;
	bool sched = arm->kind == FS_ARM_FLASHY || arm->kind == FS_ARM_PEER;
	double t0 = fs_now_s();
	int sig = 0;

	memset(&child, 0, sizeof(child));
	m->ok = false;
	m->v[FS_METRIC_PP] = m->v[FS_METRIC_TG] = NAN;
	m->neighbour_cpus = NAN;
	m->error[0] = '\0';
	if (sched ? start_sched(env, arm, &child, m) : check_eevdf(env, m)) {
		sig = fs_sigwatch_pending(env->sigfd); /* stopped loading? */
		goto out;
	}
	sig = fs_sigwatch_pending(env->sigfd);
	if (!sig) {
		m->ok = !bench(env, arm, m);
		sig = fs_sigwatch_pending(env->sigfd);
	}
	if (sched)
		stop_sched(&child, m->ok, m);
	if (sig) {
		m->ok = false;
		snprintf(m->error, sizeof(m->error), "interrupted by %s",
			 strsignal(sig));
	}
out:
	m->seconds = fs_now_s() - t0;
	return sig;
}

static void format_eta(double s, char *buf, size_t len)
{
	long t = lround(s);

	if (t >= 3600)
		snprintf(buf, len, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
}

static void progress(const struct fs_compare_env *env,
		     const struct fs_compare_data *d,
		     const struct fs_measurement *m, double spent)
{
	size_t total = (size_t)d->rounds * d->n_arms, done = d->n_m;
	char eta[32];

	if (!env->progress)
		return;
	format_eta(spent / (double)done * (double)(total - done), eta,
		   sizeof(eta));
	if (m->ok)
		fprintf(env->progress,
			"compare: round %d/%d, %zu/%zu %s: pp %.2f tg %.2f "
			"t/s (%.0f s); ETA %s\n",
			m->round, d->rounds, (size_t)m->slot, d->n_arms,
			d->arms[m->arm].id, m->v[FS_METRIC_PP],
			m->v[FS_METRIC_TG], m->seconds, eta);
	else
		fprintf(env->progress,
			"compare: round %d/%d, %zu/%zu %s: FAILED: %s; ETA "
			"%s\n",
			m->round, d->rounds, (size_t)m->slot, d->n_arms,
			d->arms[m->arm].id, m->error, eta);
	fflush(env->progress);
}

int fs_compare_decided(const struct fs_compare_data *d, size_t arm)
{
	struct fs_arm_result r;
	bool any = false;

	for (int k = 0; k < FS_NR_METRICS; k++) {
		if (!fs_compare_has_metric(d, k))
			continue;
		if (fs_compare_analyse(d, arm, k, &r))
			return -1;
		if (!r.has_interval || !r.ratio.significant)
			return 0;
		any = true;
	}
	return any;
}

/*
 * --until-significant: after the last planned round, one more while the
 * verdict is open and the cap allows; says why on the progress stream.
 */
static bool one_more_round(const struct fs_compare_env *env,
			   struct fs_compare_data *d)
{
	int decided;

	if (!env->until_cap || d->rounds >= env->until_cap ||
	    env->decide_arm >= d->n_arms)
		return false;
	decided = fs_compare_decided(d, env->decide_arm);
	if (decided)
		return false;
	d->rounds++;
	if (env->progress) {
		fprintf(env->progress,
			"compare: %s vs %s not significant yet: round %d (at "
			"most %d)\n",
			d->arms[env->decide_arm].id, d->arms[0].id, d->rounds,
			env->until_cap);
		fflush(env->progress);
	}
	return true;
}

int fs_compare_run(const struct fs_compare_env *env, struct fs_compare_data *d,
		   char *err, size_t errlen)
{
	double t0 = fs_now_s();

	for (int r = 0; r < d->rounds; r++) {
		for (size_t s = 0; s < d->n_arms; s++) {
			struct fs_measurement m = {0};
			int sig = fs_sigwatch_pending(env->sigfd);

			if (sig) {
				d->interrupted = true;
				return sig;
			}
			m.arm = fs_compare_arm_at(d->n_arms, r, s);
			m.round = r + 1;
			m.slot = (int)s + 1;
			if (env->progress) {
				fprintf(env->progress,
					"compare: round %d/%d, %zu/%zu %s "
					"...\n",
					r + 1, d->rounds, s + 1, d->n_arms,
					d->arms[m.arm].id);
				fflush(env->progress);
			}
			sig = measure(env, d, &m);
			if (sig) {
				/* Not a measurement: it was cut short. */
				d->interrupted = true;
				return sig;
			}
			if (fs_compare_add(d, &m)) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			if (env->jsonl_path &&
			    fs_atomic_write(env->jsonl_path, fs_report_jsonl, d,
					    err, errlen))
				return -1;
			progress(env, d, &m, fs_now_s() - t0);
		}
		if (r + 1 == d->rounds)
			one_more_round(env, d);
	}
	return 0;
}
