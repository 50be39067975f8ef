// SPDX-License-Identifier: GPL-2.0
/* Reading a search's directory for the report (run_episodes.h). */
#include "run_episodes.h"

#include <gsl/gsl_rng.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "json_member.h"
#include "knobs.h"

/* One line of episodes.jsonl; 0, or -1 with the reason. */
static int parse_line(const char *line, struct fs_run_episode *e, char *err,
		      size_t errlen)
{
	json_object *o = json_tokener_parse(line), *v;
	size_t i, n;
	int k;

	memset(e, 0, sizeof(*e));
	if (!o || !json_object_is_type(o, json_type_object)) {
		snprintf(err, errlen, "not a JSON object");
		json_object_put(o);
		return -1;
	}
	if (!json_object_object_get_ex(o, "index", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    !json_object_object_get_ex(o, "knobs", &v) ||
	    !json_object_is_type(v, json_type_array)) {
		snprintf(err, errlen,
			 "an episode needs \"index\" and \"knobs\"");
		json_object_put(o);
		return -1;
	}
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		const char *name =
			json_object_get_string(json_object_array_get_idx(v, i));

		k = name ? fs_knob_find(name, strlen(name)) : -1;
		if (k < 0) {
			snprintf(err, errlen, "unknown knob \"%s\"",
				 name ? name : "");
			json_object_put(o);
			return -1;
		}
		e->knobs[k] = true;
	}
	json_object_object_get_ex(o, "index", &v);
	e->index = json_object_get_int(v);
	fs_json_str(o, "role", e->role, sizeof(e->role));
	fs_json_str(o, "status", e->status, sizeof(e->status));
	fs_json_str(o, "reason", e->reason, sizeof(e->reason));
	e->value = fs_json_num(o, "reward");
	e->pp = fs_json_num(o, "pp");
	e->tg = fs_json_num(o, "tg");
	e->seconds = fs_json_num(o, "seconds");
	e->ok = !strcmp(e->status, "ok") && isfinite(e->value);
	if (json_object_object_get_ex(o, "policy_p", &v) &&
	    json_object_is_type(v, json_type_array) &&
	    json_object_array_length(v) == FS_NR_KNOBS) {
		for (k = 0; k < FS_NR_KNOBS; k++)
			e->policy[k] = json_object_get_double(
				json_object_array_get_idx(v, (size_t)k));
		e->has_policy = true;
	}
	json_object_put(o);
	return 0;
}

static int read_jsonl(const char *path, struct fs_run_episodes *run, char *err,
		      size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, why[256];
	size_t cap = 0, alloc = 0;
	int lineno = 0, ret = 0;
	ssize_t len;

	if (!f) {
		snprintf(err, errlen, "%s: %m", path);
		return -1;
	}

	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		/* A running or killed search's line still being written. */
		if (line[len - 1] != '\n')
			break;
		if (run->n == alloc) {
			struct fs_run_episode *p;

			alloc = alloc ? alloc * 2 : 64;
			p = realloc(run->ep, alloc * sizeof(*p));
			if (!p) {
				snprintf(err, errlen, "%s: out of memory",
					 path);
				ret = -1;
				break;
			}
			run->ep = p;
		}
		if (parse_line(line, &run->ep[run->n], why, sizeof(why))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			ret = -1;
			break;
		}
		run->n++;
	}
	free(line);
	fclose(f);
	return ret;
}

int fs_run_episodes_read(const char *dir, struct fs_run_episodes *run,
			 char *err, size_t errlen)
{
	struct fs_checkpoint cp;
	gsl_rng *rng = NULL;
	char path[4096];

	memset(run, 0, sizeof(*run));
	snprintf(path, sizeof(path), "%s/checkpoint.yaml", dir);
	if (fs_checkpoint_read(path, &cp, &rng, err, errlen))
		return -1;
	run->settings = cp.settings;
	fs_vars_free(&cp.engine);
	fs_vars_free(&cp.policy);
	gsl_rng_free(rng);
	snprintf(path, sizeof(path), "%s/episodes.jsonl", dir);
	if (read_jsonl(path, run, err, errlen)) {
		fs_run_episodes_free(run);
		return -1;
	}
	return 0;
}

void fs_run_episodes_free(struct fs_run_episodes *run)
{
	free(run->ep);
	run->ep = NULL;
	run->n = 0;
}
