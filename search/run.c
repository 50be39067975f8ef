// SPDX-License-Identifier: GPL-2.0
/*
 * One search run (run.h): its folder, the engine, the episode loop with
 * its progress lines, checkpoint and best set after every episode.
 */
#include "run.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_setup.h"
#include "checkpoint.h"
#include "dirs.h"
#include "episode.h"
#include "knobs.h"
#include "outputs.h"
#include "sigwatch.h"

static void set_paths(struct fs_search_run *r, const char *dir)
{
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	snprintf(r->ckpt_path, sizeof(r->ckpt_path), "%s/checkpoint.yaml", dir);
	snprintf(r->best_path, sizeof(r->best_path), "%s/best_parameters.yaml",
		 dir);
	snprintf(r->jsonl_path, sizeof(r->jsonl_path), "%s/episodes.jsonl",
		 dir);
}

void fs_search_out_dir(const char *out, char *dir, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	if (out) {
		snprintf(dir, len, "%s", out);
		return;
	}
	localtime_r(&t, &tm);
	strftime(dir, len, "runs/%Y%m%d-%H%M%S", &tm);
}

static int new_engine(struct fs_search_run *r, char *err, size_t errlen)
{
	r->engine = fs_engine_for(r->set.algorithm, FS_NR_KNOBS, err, errlen);
	return r->engine ? 0 : -1;
}

int fs_search_open_new(struct fs_search_run *r,
		       const struct fs_search_settings *set, const char *out,
		       char *err, size_t errlen)
{
	char dir[PATH_MAX];

	r->set = *set;
	fs_search_out_dir(out, dir, sizeof(dir));
	set_paths(r, dir);
	if (fs_mkdir_p(dir)) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!access(r->ckpt_path, F_OK)) {
		snprintf(err, errlen,
			 "%s already holds a search; continue it with --resume "
			 "%s "
			 "or choose another --out",
			 dir, dir);
		return -1;
	}
	r->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r->rng) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	gsl_rng_set(r->rng, r->set.seed);
	if (new_engine(r, err, errlen))
		return -1;
	r->jsonl = fopen(r->jsonl_path, "w");
	if (!r->jsonl) {
		snprintf(err, errlen, "%s: %s", r->jsonl_path, strerror(errno));
		return -1;
	}
	return 0;
}

int fs_search_open_resume(struct fs_search_run *r, const char *dir,
			  int episodes, char *err, size_t errlen)
{
	struct fs_checkpoint ck;
	char why[512];
	int ret;

	set_paths(r, dir);
	if (fs_checkpoint_read(r->ckpt_path, &ck, &r->rng, err, errlen))
		return -1;
	r->set = ck.settings;
	r->done = ck.done;
	r->seconds = ck.seconds;
	if (episodes)
		r->set.episodes = episodes;
	ret = new_engine(r, err, errlen);
	if (!ret && fs_engine_load(r->engine, &ck.engine, &ck.policy, why,
				   sizeof(why))) {
		snprintf(err, errlen, "%s: engine/policy: %s", r->ckpt_path,
			 why);
		ret = -1;
	}
	fs_vars_free(&ck.engine);
	fs_vars_free(&ck.policy);
	if (!ret && fs_engine_in_flight(r->engine)) {
		snprintf(err, errlen,
			 "%s: a shared study's state with %d evaluations still "
			 "out: continue it by joining the study (flashyspark "
			 "search --storage URL --study NAME)",
			 r->ckpt_path, fs_engine_in_flight(r->engine));
		ret = -1;
	}
	if (ret || fs_episodes_truncate(r->jsonl_path, r->done, err, errlen))
		return -1;
	r->jsonl = fopen(r->jsonl_path, "a");
	if (!r->jsonl) {
		snprintf(err, errlen, "%s: %s", r->jsonl_path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_checkpoint(struct fs_search_run *r, char *err, size_t errlen)
{
	struct fs_checkpoint ck;
	int ret;

	memset(&ck, 0, sizeof(ck));
	ck.settings = r->set;
	ck.done = r->done;
	ck.seconds = r->seconds;
	if (fs_engine_save(r->engine, &ck.engine, &ck.policy)) {
		snprintf(err, errlen, "%s: out of memory", r->ckpt_path);
		ret = -1;
	} else {
		ret = fs_checkpoint_write(r->ckpt_path, &ck, r->rng, err,
					  errlen);
	}
	fs_vars_free(&ck.engine);
	fs_vars_free(&ck.policy);
	return ret;
}

static void format_eta(double s, char *buf, size_t len)
{
	long t = (long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, len, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
}

static void progress(const struct fs_search_run *r, const struct fs_episode *ep)
{
	const struct fs_set_stats *best = fs_engine_incumbent(r->engine);
	const char *m = fs_metric_name(r->set.metric);
	char knobs[1024], eta[32];

	format_eta(r->seconds / r->done * (r->set.episodes - r->done), eta,
		   sizeof(eta));
	if (ep->ok)
		fprintf(stderr, "episode %d/%d %-15s %s %.2f t/s", r->done,
			r->set.episodes, fs_role_name(ep->role), m,
			fs_episode_reward(ep, r->set.metric));
	else
		fprintf(stderr, "episode %d/%d %-15s %s: %.120s", r->done,
			r->set.episodes, fs_role_name(ep->role), ep->status,
			ep->reason);
	if (best) {
		fs_format_knobs(best->mask, knobs, sizeof(knobs));
		fprintf(stderr, " | best %.2f ±%.2f (n=%d) %s",
			fs_set_mean(best), fs_set_stddev(best), best->n, knobs);
	}
	fprintf(stderr, " | ETA %s\n", eta);
}

/* The algorithm's knob probabilities now, if it keeps any ("p"). */
static void policy_of(const struct fs_search_run *r, struct fs_episode *ep)
{
	ep->has_policy = fs_engine_policy(r->engine, ep->policy);
}

static int record(struct fs_search_run *r, const struct fs_episode *ep,
		  char *err, size_t errlen)
{
	const struct fs_set_stats *best;
	if (fs_engine_record(r->engine, ep->knobs, ep->role, !ep->ok,
			     fs_episode_reward(ep, r->set.metric),
			     fs_episode_other(ep, r->set.metric))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->done++;
	r->seconds += ep->seconds;
	if (fs_episodes_append(r->jsonl, ep, r->set.metric, err, errlen) ||
	    write_checkpoint(r, err, errlen))
		return -1;
	best = fs_engine_incumbent(r->engine);
	if (best) {
		struct fs_best b = {.set = best,
				    .metric = r->set.metric,
				    .algorithm = r->set.algorithm,
				    .episodes = r->done,
				    .scenario = r->set.scenario,
				    .threads = r->set.threads,
				    .neighbour = r->set.neighbour,
				    .workload = r->set.workload};

		/* Once over, the re-test is part of the result. */
		if (!fs_engine_retest_left(r->engine)) {
			b.retest[0] =
				fs_engine_retest(r->engine, FS_RETEST_WINNER);
			b.retest[1] = fs_engine_retest(r->engine,
						       FS_RETEST_RUNNER_UP);
		}
		if (fs_best_write(r->best_path, &b, err, errlen))
			return -1;
	}
	return 0;
}

/*
 * The last 2 x min(--retest, episodes / 8) episodes re-test the best set
 * and the runner-up (engine.h). Begun once per budget; without a best set
 * yet, the search explores on and tries again next episode.
 */
int fs_search_begin_retest(struct fs_engine *e,
			   const struct fs_search_settings *set, int counted)
{
	int per_set = set->retest < set->episodes / 8 ? set->retest
						      : set->episodes / 8;
	int left = set->episodes - counted;

	if (!per_set || left > 2 * per_set || fs_engine_retest_left(e))
		return 0;
	return fs_engine_begin_retest(e, left, set->episodes) == left ? left
								      : 0;
}

static void begin_retest(struct fs_search_run *r)
{
	int n = fs_search_begin_retest(r->engine, &r->set, r->done);

	if (n)
		fprintf(stderr,
			"flashyspark search: held-out re-test of the best set "
			"and the runner-up: %d runs\n",
			n);
}

static void summary(const struct fs_search_run *r)
{
	const struct fs_set_stats *best = fs_engine_incumbent(r->engine);
	char knobs[1024];

	if (!best) {
		fprintf(stderr,
			"flashyspark search: no episode succeeded; see %s for "
			"the reasons\n",
			r->jsonl_path);
		return;
	}
	fs_format_knobs(best->mask, knobs, sizeof(knobs));
	printf("best %s: %.3f ± %.3f t/s over %d runs with %s\n",
	       fs_metric_name(r->set.metric), fs_set_mean(best),
	       fs_set_stddev(best), best->n, knobs);
	for (int k = FS_RETEST_WINNER; k <= FS_RETEST_RUNNER_UP; k++) {
		const struct fs_set_stats *h = fs_engine_retest(r->engine, k);

		if (!h || fs_engine_retest_left(r->engine))
			continue;
		fs_format_knobs(h->mask, knobs, sizeof(knobs));
		printf("held-out re-test, %s: %.3f ± %.3f t/s over %d fresh "
		       "runs (%d failed) with %s\n",
		       k == FS_RETEST_WINNER ? "winner" : "runner-up",
		       fs_set_mean(h), fs_set_stddev(h), h->n, h->n_fail,
		       knobs);
	}
	printf("results: %s\n", r->dir);
	printf("keep it: scx_flashyspark --config %s\n", r->best_path);
}

enum fs_search_end fs_search_loop(struct fs_search_run *r, int stop_after,
				  char *err, size_t errlen)
{
	struct fs_bench_setup b;

	/* A new search sizes llama-bench once, before its first episode,
	 * under EEVDF; the sizes are settings, kept for a resume. */
	fs_bench_size(&r->set, r->sigfd, "flashyspark search");
	if (fs_bench_setup(&b, &r->set, r->sigfd, err, errlen))
		return FS_SEARCH_FAILED;
	fprintf(stderr,
		"flashyspark search: %s, metric %s, %d episodes, seed %lu, "
		"results in %s\n",
		r->set.algorithm, fs_metric_name(r->set.metric),
		r->set.episodes, r->set.seed, r->dir);

	while (r->done < r->set.episodes) {
		struct fs_episode ep;
		int sig = fs_sigwatch_pending(r->sigfd);

		begin_retest(r);
		if (stop_after && r->done >= stop_after) {
			fprintf(stderr,
				"flashyspark search: stopped after %d episodes "
				"(--stop-after); continue with --resume %s\n",
				r->done, r->dir);
			return FS_SEARCH_STOPPED;
		}
		memset(&ep, 0, sizeof(ep));
		ep.index = r->done;
		gsl_rng_memcpy(r->snap, r->rng);
		if (!sig) {
			policy_of(r, &ep);
			fs_engine_next(r->engine, r->rng, ep.knobs, &ep.role);
			if (fs_episode_run(&b.env, &ep, &sig) ==
			    FS_EPISODE_DONE) {
				if (record(r, &ep, err, errlen))
					return FS_SEARCH_FAILED;
				progress(r, &ep);
				continue;
			}
		}
		/* Forget the cut episode's draw: resume proposes it again. */
		gsl_rng_memcpy(r->rng, r->snap);
		if (write_checkpoint(r, err, errlen))
			return FS_SEARCH_FAILED;
		fprintf(stderr,
			"flashyspark search: %s after %d episodes; scheduler "
			"stopped, checkpoint written; continue with "
			"--resume %s\n",
			strsignal(sig), r->done, r->dir);
		return FS_SEARCH_INTERRUPTED;
	}
	summary(r);
	return fs_engine_incumbent(r->engine) ? FS_SEARCH_DONE
					      : FS_SEARCH_NO_RESULT;
}

int fs_search_start(struct fs_search_run *r, char *err, size_t errlen)
{
	if (r->set.episodes < r->done) {
		snprintf(err, errlen,
			 "--episodes %d: the search already has %d",
			 r->set.episodes, r->done);
		return -1;
	}
	if (!(r->snap = gsl_rng_clone(r->rng))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((r->sigfd = fs_sigwatch_open(NULL)) < 0) {
		snprintf(err, errlen, "signalfd: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void fs_search_run_init(struct fs_search_run *r)
{
	memset(r, 0, sizeof(*r));
	r->sigfd = -1;
}

void fs_search_run_free(struct fs_search_run *r)
{
	if (r->jsonl)
		fclose(r->jsonl);
	if (r->sigfd >= 0)
		close(r->sigfd);
	fs_engine_free(r->engine);
	if (r->rng)
		gsl_rng_free(r->rng);
	if (r->snap)
		gsl_rng_free(r->snap);
	memset(r, 0, sizeof(*r));
	r->sigfd = -1;
}
