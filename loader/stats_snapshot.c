// SPDX-License-Identifier: GPL-2.0
/* The running scheduler's state as JSON, both ways (stats_snapshot.h). */
#include "stats_snapshot.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "counters.h"
#include "json_double.h"
#include "json_member.h"
#include "knobs.h"

char *fs_stats_snapshot_json(const struct fs_stats_snapshot *s)
{
	json_object *o = json_object_new_object(), *knobs, *counters;
	char *text;
	int i;

	if (!o)
		return NULL;
	json_object_object_add(o, "ops", json_object_new_string(FS_OPS_NAME));
	json_object_object_add(o, "pid", json_object_new_int64(s->pid));
	json_object_object_add(o, "uptime_s", fs_json_double(s->uptime_s));
	json_object_object_add(o, "sys_util",
			       fs_json_double(s->sys_util / 1024.0));
	knobs = json_object_new_array();
	for (i = 0; i < FS_NR_KNOBS; i++)
		if (s->knobs[i])
			json_object_array_add(
				knobs,
				json_object_new_string(fs_knob_table[i].name));
	json_object_object_add(o, "knobs", knobs);
	counters = json_object_new_object();
	for (i = 0; i < FS_NR_COUNTERS; i++)
		json_object_object_add(counters, fs_counter_names[i],
				       json_object_new_uint64(s->counters[i]));
	json_object_object_add(o, "counters", counters);
	text = strdup(
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return text;
}

/* The member @key of @o if it has @type, else NULL with the reason. */
static json_object *member(json_object *o, const char *key, json_type type,
			   char *err, size_t errlen)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, type)) {
		snprintf(err, errlen, "stats: \"%s\" missing or not %s", key,
			 json_type_to_name(type));
		return NULL;
	}
	return v;
}

int fs_stats_snapshot_parse(const char *json, struct fs_stats_snapshot *s,
			    char *err, size_t errlen)
{
	json_object *o = json_tokener_parse(json), *v;
	double util;
	size_t i, n;
	int k;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	if (!o || !json_object_is_type(o, json_type_object)) {
		snprintf(err, errlen, "stats: not a JSON object");
		goto out;
	}
	if (!(v = member(o, "ops", json_type_string, err, errlen)))
		goto out;
	if (strcmp(json_object_get_string(v), FS_OPS_NAME)) {
		snprintf(err, errlen, "stats: served by \"%s\", not %s",
			 json_object_get_string(v), FS_OPS_NAME);
		goto out;
	}
	if (!(v = member(o, "pid", json_type_int, err, errlen)))
		goto out;
	s->pid = (long)json_object_get_int64(v);
	s->uptime_s = fs_json_num(o, "uptime_s");
	util = fs_json_num(o, "sys_util");
	if (isnan(s->uptime_s) || isnan(util)) {
		snprintf(err, errlen, "stats: \"%s\" missing or not a number",
			 isnan(s->uptime_s) ? "uptime_s" : "sys_util");
		goto out;
	}
	s->sys_util = util <= 0 ? 0 : (unsigned long)(util * 1024 + 0.5);
	if (!(v = member(o, "knobs", json_type_array, err, errlen)))
		goto out;
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		const char *name =
			json_object_get_string(json_object_array_get_idx(v, i));

		k = name ? fs_knob_find(name, strlen(name)) : -1;
		if (k >= 0)
			s->knobs[k] = true;
	}
	if (!(v = member(o, "counters", json_type_object, err, errlen)))
		goto out;
	for (k = 0; k < FS_NR_COUNTERS; k++) {
		json_object *c;

		if (json_object_object_get_ex(v, fs_counter_names[k], &c))
			s->counters[k] = json_object_get_uint64(c);
	}
	rc = 0;
out:
	json_object_put(o);
	return rc;
}
