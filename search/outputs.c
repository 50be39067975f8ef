// SPDX-License-Identifier: GPL-2.0
/* What a search leaves in its directory besides the checkpoint (outputs.h). */
#include "outputs.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_double.h"
#include "knobs.h"
#include "atomic_file.h"
#include "yaml_out.h"

void fs_format_knobs(uint64_t mask, char *buf, size_t len)
{
	bool on[FS_NR_KNOBS];

	fs_mask_to(mask, FS_NR_KNOBS, on);
	fs_knobs_join(on, buf, len);
	if (!buf[0])
		snprintf(buf, len, "(all off)");
}

const char *fs_role_name(enum fs_role role)
{
	switch (role) {
	case FS_ROLE_EXPLORE:
		return "explore";
	case FS_ROLE_RACE_INCUMBENT:
		return "race-incumbent";
	case FS_ROLE_RACE_CHALLENGER:
		return "race-challenger";
	case FS_ROLE_RETEST_WINNER:
		return "retest-winner";
	case FS_ROLE_RETEST_RUNNER_UP:
		return "retest-runner-up";
	}
	return "?";
}

static json_object *num_or_null(bool has, double v)
{
	return has && isfinite(v) ? fs_json_double(v) : NULL;
}

int fs_episodes_append(FILE *f, const struct fs_episode *ep, enum fs_metric m,
		       char *err, size_t errlen)
{
	json_object *o = json_object_new_object();
	json_object *knobs = json_object_new_array();
	const char *line;
	int k, ret = 0;

	if (!o || !knobs) {
		json_object_put(o);
		json_object_put(knobs);
		snprintf(err, errlen, "episodes.jsonl: out of memory");
		return -1;
	}
	for (k = 0; k < FS_NR_KNOBS; k++)
		if (ep->knobs[k])
			json_object_array_add(
				knobs,
				json_object_new_string(fs_knob_table[k].name));
	json_object_object_add(o, "index", json_object_new_int(ep->index));
	json_object_object_add(o, "role",
			       json_object_new_string(fs_role_name(ep->role)));
	json_object_object_add(o, "knobs", knobs);
	json_object_object_add(o, "pp", num_or_null(ep->has_pp, ep->pp));
	json_object_object_add(o, "tg", num_or_null(ep->has_tg, ep->tg));
	json_object_object_add(o, "reward",
			       num_or_null(ep->ok, fs_episode_reward(ep, m)));
	json_object_object_add(o, "status", json_object_new_string(ep->status));
	json_object_object_add(o, "reason", json_object_new_string(ep->reason));
	json_object_object_add(o, "seconds", fs_json_double(ep->seconds));
	json_object_object_add(
		o, "neighbour_cpus",
		num_or_null(isfinite(ep->neighbour_cpus), ep->neighbour_cpus));
	if (ep->has_policy) {
		json_object *p = json_object_new_array();

		for (k = 0; k < FS_NR_KNOBS; k++)
			json_object_array_add(p, fs_json_double(ep->policy[k]));
		json_object_object_add(o, "policy_p", p);
	} else {
		json_object_object_add(o, "policy_p", NULL);
	}
	json_object_object_add(
		o, "counters",
		ep->counters[0] ? json_tokener_parse(ep->counters) : NULL);
	line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (!line || fprintf(f, "%s\n", line) < 0 || fflush(f)) {
		snprintf(err, errlen, "episodes.jsonl: %s", strerror(errno));
		ret = -1;
	}
	json_object_put(o);
	return ret;
}

int fs_episodes_truncate(const char *path, int keep, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r+");
	long pos = 0;
	int c, lines = 0;

	if (!f) {
		if (errno == ENOENT && keep == 0)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (lines < keep && (c = getc(f)) != EOF) {
		pos++;
		if (c == '\n')
			lines++;
	}
	fclose(f);
	if (lines < keep) {
		snprintf(err, errlen,
			 "%s: has %d complete lines, the checkpoint counts %d",
			 path, lines, keep);
		return -1;
	}
	if (truncate(path, pos)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * One re-tested set: its knobs, and its held-out runs only (the runs that
 * selected it are in result:).
 */
static void retest_entry(struct fs_yaml_out *y, const char *key,
			 const struct fs_set_stats *h, const char *mname)
{
	bool on[FS_NR_KNOBS];
	char knobs[1024], k[32];

	fs_mask_to(h->mask, FS_NR_KNOBS, on);
	fs_knobs_join(on, knobs, sizeof(knobs));
	fs_yo_str(y, key);
	fs_yo_map_begin(y, false);
	fs_yo_kv_str(y, "knobs", knobs);
	fs_yo_kv_long(y, "runs", h->n);
	fs_yo_kv_long(y, "failed", h->n_fail);
	if (h->n) {
		snprintf(k, sizeof(k), "%s_mean", mname);
		fs_yo_kv_double(y, k, fs_set_mean(h));
		snprintf(k, sizeof(k), "%s_stddev", mname);
		fs_yo_kv_double(y, k, fs_set_stddev(h));
	}
	fs_yo_map_end(y);
}

/*
 * What the set was found under, so a user can compare or replay it the
 * same way (--scenario, --threads, --neighbour): the scenario, the
 * benchmark's threads, the machine's CPUs and the user's own neighbour.
 */
static void fill_found_under(struct fs_yaml_out *y, const struct fs_best *b)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	fs_yo_str(y, "found_under");
	fs_yo_map_begin(y, false);
	fs_yo_kv_str(y, "scenario",
		     b->scenario && *b->scenario ? b->scenario : "idle");
	if (b->threads > 0)
		fs_yo_kv_long(y, "threads", b->threads);
	if (cpus > 0)
		fs_yo_kv_long(y, "cpus", cpus);
	if (b->neighbour && *b->neighbour)
		fs_yo_kv_str(y, "neighbour", b->neighbour);
	fs_yo_map_end(y);
}

static int fill_best(FILE *f, const void *arg)
{
	const struct fs_best *b = arg;
	const struct fs_set_stats *s = b->set;
	const char *mname = fs_metric_name(b->metric);
	const char *oname = fs_metric_name(fs_metric_other(b->metric));
	bool on[FS_NR_KNOBS];
	struct fs_yaml_out y;
	char key[32];
	int k;

	fs_mask_to(s->mask, FS_NR_KNOBS, on);
	fprintf(f,
		"# The best scx_flashyspark knob set that `flashyspark search` "
		"found for\n# llama-bench %s (tokens/s, higher is better).\n",
		mname);
	fs_yo_begin(&y, f);
	fs_yo_kv_str(&y, "scheduler", "scx_flashyspark");
	fs_yo_kv_str(&y, "metric", mname);
	fill_found_under(&y, b);
	fs_yo_str(&y, "knobs");
	fs_yo_map_begin(&y, false);
	for (k = 0; k < FS_NR_KNOBS; k++)
		fs_yo_kv_bool(&y, fs_knob_table[k].name, on[k]);
	fs_yo_map_end(&y);
	if (b->workload && *b->workload) {
		/* Found with the benchmark protected: keep it protected. */
		fs_yo_str(&y, "options");
		fs_yo_map_begin(&y, false);
		fs_yo_str(&y, "workload_comm");
		fs_yo_seq_begin(&y, false);
		fs_yo_str(&y, b->workload);
		fs_yo_seq_end(&y);
		fs_yo_map_end(&y);
	}
	fs_yo_str(&y, "result");
	fs_yo_map_begin(&y, false);
	snprintf(key, sizeof(key), "%s_mean", mname);
	fs_yo_kv_double(&y, key, fs_set_mean(s));
	snprintf(key, sizeof(key), "%s_stddev", mname);
	fs_yo_kv_double(&y, key, fs_set_stddev(s));
	if (s->on) {
		double m = s->osum / s->on;
		double v = s->on > 1 ? (s->osumsq - s->on * m * m) / (s->on - 1)
				     : 0;

		snprintf(key, sizeof(key), "%s_mean", oname);
		fs_yo_kv_double(&y, key, m);
		snprintf(key, sizeof(key), "%s_stddev", oname);
		fs_yo_kv_double(&y, key, v > 0 ? sqrt(v) : 0);
	}
	fs_yo_kv_long(&y, "evaluations", s->n);
	fs_yo_kv_long(&y, "episodes", b->episodes);
	fs_yo_kv_str(&y, "algorithm", b->algorithm);
	fs_yo_map_end(&y);
	if (b->retest[0]) {
		fs_yo_str(&y, "retest");
		fs_yo_map_begin(&y, false);
		retest_entry(&y, "winner", b->retest[0], mname);
		if (b->retest[1])
			retest_entry(&y, "runner_up", b->retest[1], mname);
		fs_yo_map_end(&y);
	}
	if (fs_yo_end(&y))
		return -1;
	fprintf(f,
		"# keep it: scx_flashyspark --config best_parameters.yaml\n");
	return 0;
}

int fs_best_write(const char *path, const struct fs_best *b, char *err,
		  size_t errlen)
{
	return fs_atomic_write(path, fill_best, b, err, errlen);
}
