// SPDX-License-Identifier: GPL-2.0
/* One machine's part in a shared search (node.h). */
#include "node.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_setup.h"
#include "dirs.h"
#include "episode.h"
#include "fingerprint.h"
#include "knobs.h"
#include "lease.h"
#include "outputs.h"
#include "run.h"
#include "sigwatch.h"
#include "study.h"
#include "study_view.h"

#define WHO "flashyspark search"

/* Create the study, or check this node's settings against it: 0, 1 when
 * a signal came first, -1 with err. */
static int open_study(struct fs_study *s, struct fs_search_settings *set,
		      const char *fp, int sigfd, char *err, size_t errlen)
{
	char theirs[FS_FINGERPRINT_LEN], why[600];
	struct fs_search_settings mine = *set;
	int found = fs_study_load(s, theirs, sizeof(theirs), err, errlen);

	if (found < 0)
		return -1;
	if (!found) {
		int sig;

		/* The first node sizes llama-bench for all of them; cut
		 * short, no study is made with a half-done size. */
		fs_bench_size(set, sigfd, WHO);
		if ((sig = fs_sigwatch_pending(sigfd))) {
			snprintf(err, errlen, "%s before the study was made",
				 strsignal(sig));
			return 1;
		}
		if (fs_study_create(s, set, fp, err, errlen) < 0)
			return -1;
		fprintf(stderr, WHO ": study %s created\n", s->name);
		if (fs_study_load(s, theirs, sizeof(theirs), err, errlen) < 0)
			return -1;
	}
	if (fs_study_settings_differ(&s->set, &mine, why, sizeof(why))) {
		snprintf(err, errlen,
			 "study %s was begun with other settings: %s (run "
			 "every node with the first node's options)",
			 s->name, why);
		return -1;
	}
	/* Where this node's own scheduler binary is stays its own. */
	memcpy(s->set.scx_binary, set->scx_binary, sizeof(set->scx_binary));
	*set = s->set;
	return 0;
}

static void progress(const struct fs_study *s, const struct fs_episode *ep,
		     int seq)
{
	const struct fs_set_stats *best = fs_engine_incumbent(s->engine);
	char knobs[1024];

	if (ep->ok)
		fprintf(stderr, "evaluation %d/%d %-15s %s %.2f t/s", seq,
			s->set.episodes, fs_role_name(ep->role),
			fs_metric_name(s->set.metric),
			fs_episode_reward(ep, s->set.metric));
	else
		fprintf(stderr, "evaluation %d/%d %-15s %s: %.120s", seq,
			s->set.episodes, fs_role_name(ep->role), ep->status,
			ep->reason);
	if (best) {
		fs_format_knobs(best->mask, knobs, sizeof(knobs));
		fprintf(stderr, " | study's best %.2f (n=%d) %s",
			fs_set_mean(best), best->n, knobs);
	}
	fprintf(stderr, " | %d in\n", s->applied);
}

/* The episode's episodes.jsonl line (malloc'd), NULL with err. */
static char *episode_line(const struct fs_episode *ep, enum fs_metric m,
			  char *err, size_t errlen)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (fs_episodes_append(f, ep, m, err, errlen) | fclose(f)) {
		free(text);
		return NULL;
	}
	text[strcspn(text, "\n")] = '\0';
	return text;
}

/* Run @job's episode and write its result: 0, 1 when interrupted (the
 * claim given back), -1 with err. */
static int run_job(struct fs_study *s, const struct fs_bench_setup *b,
		   const struct fs_study_job *job, int *sig, char *err,
		   size_t errlen)
{
	struct fs_episode ep;
	char *line;
	int ret;

	memset(&ep, 0, sizeof(ep));
	ep.index = job->seq - 1;
	ep.role = job->role;
	fs_mask_to(job->mask, FS_NR_KNOBS, ep.knobs);
	if (job->has_policy) {
		memcpy(ep.policy, job->policy, sizeof(ep.policy));
		ep.has_policy = true;
	}
	if (fs_episode_run(&b->env, &ep, sig) != FS_EPISODE_DONE) {
		fs_study_release(s, job);
		return 1;
	}
	line = episode_line(&ep, s->set.metric, err, errlen);
	if (!line)
		return -1;
	ret = fs_study_finish(s, job, !ep.ok,
			      fs_episode_reward(&ep, s->set.metric),
			      fs_episode_other(&ep, s->set.metric), ep.seconds,
			      line, err, errlen);
	free(line);
	if (ret < 0)
		return -1;
	if (!ret)
		fprintf(stderr,
			WHO ": evaluation %d: the claim ran out and another "
			    "node has it; this result is dropped\n",
			job->seq);
	else
		progress(s, &ep, job->seq);
	return 0;
}

/* The end: the study's best, written where this node keeps results. */
static enum fs_node_end finish(const struct fs_study *s, const char *dir,
			       char *err, size_t errlen)
{
	const struct fs_set_stats *best = fs_engine_incumbent(s->engine);
	char path[PATH_MAX + 32], knobs[1024];

	if (!best) {
		fprintf(stderr, WHO ": study %s: no evaluation succeeded\n",
			s->name);
		return FS_NODE_NO_RESULT;
	}
	snprintf(path, sizeof(path), "%s/best_parameters.yaml", dir);
	if (fs_mkdir_p(dir)) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return FS_NODE_FAILED;
	}
	if (fs_study_write_best(s, path, err, errlen) < 0)
		return FS_NODE_FAILED;
	fs_format_knobs(best->mask, knobs, sizeof(knobs));
	printf("study %s: best %s %.3f ± %.3f t/s over %d runs with %s\n",
	       s->name, fs_metric_name(s->set.metric), fs_set_mean(best),
	       fs_set_stddev(best), best->n, knobs);
	printf("keep it: scx_flashyspark --config %s\n", path);
	return FS_NODE_DONE;
}

static enum fs_node_end loop(struct fs_study *s, const struct fs_bench_setup *b,
			     struct fs_lease *lease, int sigfd, char *err,
			     size_t errlen)
{
	int sig;

	while (!(sig = fs_sigwatch_pending(sigfd))) {
		struct fs_study_job job;
		int r = fs_study_claim(s, &job, err, errlen);

		if (r < 0)
			return FS_NODE_FAILED;
		if (r == FS_STUDY_DONE)
			return FS_NODE_DONE;
		if (r == FS_STUDY_WAIT) {
			if ((sig = fs_sigwatch_wait(sigfd, 500)))
				break;
			continue;
		}
		fs_lease_hold(lease, &job);
		r = run_job(s, b, &job, &sig, err, errlen);
		fs_lease_drop(lease);
		if (r < 0)
			return FS_NODE_FAILED;
		if (r) {
			fprintf(stderr,
				WHO ": %s; evaluation %d given back to the "
				    "study; rejoin with the same command\n",
				strsignal(sig), job.seq);
			return FS_NODE_INTERRUPTED;
		}
	}
	fprintf(stderr, WHO ": %s; rejoin with the same command\n",
		strsignal(sig));
	return FS_NODE_INTERRUPTED;
}

enum fs_node_end fs_node_run(const struct fs_node_opts *o,
			     struct fs_search_settings *set, char *err,
			     size_t errlen)
{
	char fp[FS_FINGERPRINT_LEN], dir[PATH_MAX];
	enum fs_node_end end = FS_NODE_FAILED;
	struct fs_bench_setup b;
	struct fs_lease lease;
	struct fs_study s;
	int sigfd;

	memset(&lease, 0, sizeof(lease));
	if ((sigfd = fs_sigwatch_open(NULL)) < 0) {
		snprintf(err, errlen, "signalfd: %s", strerror(errno));
		return FS_NODE_FAILED;
	}
	if (fs_study_connect(&s, o->url, o->study, err, errlen))
		goto out;
	s.lease_s = o->lease_s;
	if (o->node) {
		snprintf(s.node, sizeof(s.node), "%s", o->node);
	} else {
		char host[64];

		if (gethostname(host, sizeof(host)))
			snprintf(host, sizeof(host), "node");
		host[sizeof(host) - 1] = '\0';
		snprintf(s.node, sizeof(s.node), "%s:%d", host, (int)getpid());
	}
	fs_fingerprint(set, fp, sizeof(fp));
	switch (open_study(&s, set, fp, sigfd, err, errlen)) {
	case 0:
		break;
	case 1:
		fprintf(stderr, WHO ": %s\n", err);
		end = FS_NODE_INTERRUPTED;
		goto out;
	default:
		goto out;
	}
	if (fs_study_join(&s, fp, err, errlen) ||
	    fs_bench_setup(&b, &s.set, sigfd, err, errlen) ||
	    fs_lease_start(&lease, &s, o->url, err, errlen))
		goto out;
	fprintf(stderr,
		WHO ": node %s in study %s: %s, metric %s, %d evaluations, "
		    "seed %lu; %d in so far\n",
		s.node, s.name, s.set.algorithm, fs_metric_name(s.set.metric),
		s.set.episodes, s.set.seed, s.applied);
	end = loop(&s, &b, &lease, sigfd, err, errlen);
	if (end == FS_NODE_DONE) {
		fs_search_out_dir(o->out, dir, sizeof(dir));
		end = finish(&s, dir, err, errlen);
	}
out:
	fs_lease_stop(&lease);
	fs_study_close(&s);
	close(sigfd);
	return end;
}
