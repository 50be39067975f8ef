// SPDX-License-Identifier: GPL-2.0
/*
 * compare.jsonl: every measurement, one JSON object a line, in the order
 * made, so any number in the report can be recomputed from it.
 */
#include "compare_report.h"
#include "json_double.h"

#include <math.h>

#include <json-c/json.h>

static json_object *value(double v)
{
	/* A missing row is null, never a made-up number. */
	return isfinite(v) ? fs_json_double(v) : NULL;
}

static int line(FILE *f, const struct fs_compare_data *d,
		const struct fs_measurement *m)
{
	json_object *o = json_object_new_object();
	int ret = 0;

	if (!o)
		return -1;
	json_object_object_add(o, "arm",
			       json_object_new_string(d->arms[m->arm].id));
	json_object_object_add(o, "round", json_object_new_int(m->round));
	json_object_object_add(o, "slot", json_object_new_int(m->slot));
	json_object_object_add(o, "ok", json_object_new_boolean(m->ok));
	json_object_object_add(o, "pp", value(m->v[FS_METRIC_PP]));
	json_object_object_add(o, "tg", value(m->v[FS_METRIC_TG]));
	json_object_object_add(o, "seconds", fs_json_double(m->seconds));
	json_object_object_add(o, "neighbour_cpus", value(m->neighbour_cpus));
	if (!m->ok)
		json_object_object_add(o, "error",
				       json_object_new_string(m->error));
	if (fprintf(f, "%s\n",
		    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)) <
	    0)
		ret = -1;
	json_object_put(o);
	return ret;
}

int fs_report_jsonl(FILE *f, const void *arg)
{
	const struct fs_compare_data *d = arg;

	for (size_t i = 0; i < d->n_m; i++)
		if (line(f, d, &d->m[i]))
			return -1;
	return ferror(f) ? -1 : 0;
}
