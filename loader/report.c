// SPDX-License-Identifier: GPL-2.0
/* The loader's events as text or JSON Lines (report.h). */
#include "report.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "counters.h"
#include "json_double.h"

const char *fs_exit_kind_name(int kind)
{
	switch (kind) {
	case 0:
		return "NONE";
	case 1:
		return "DONE";
	case 64:
		return "UNREG";
	case 65:
		return "UNREG_BPF";
	case 66:
		return "UNREG_KERN";
	case 67:
		return "SYSRQ";
	case 1024:
		return "ERROR";
	case 1025:
		return "ERROR_BPF";
	case 1026:
		return "ERROR_STALL";
	default:
		return "UNKNOWN";
	}
}

void fs_report_init(struct fs_report *r, bool json)
{
	r->json = json;
	r->t0 = fs_now_s();
}

/* One object on one line of stdout, flushed: a reader sees it at once. */
static void emit(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
	json_object_put(o);
}

static json_object *event(const struct fs_report *r, const char *name)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "event", json_object_new_string(name));
	json_object_object_add(o, "t_s", fs_json_double(fs_now_s() - r->t0));
	return o;
}

/* {"nr_enqueues": cur - base, ...}; base may be NULL. */
static json_object *counters_obj(const uint64_t *cur, const uint64_t *base)
{
	json_object *o = json_object_new_object();
	int i;

	for (i = 0; i < FS_NR_COUNTERS; i++)
		json_object_object_add(
			o, fs_counter_names[i],
			json_object_new_uint64(cur[i] - (base ? base[i] : 0)));
	return o;
}

void fs_report_ready(const struct fs_report *r, bool idle_per_node)
{
	json_object *o;

	if (!r->json) {
		printf("ready\n");
		fflush(stdout);
		return;
	}
	o = event(r, "ready");
	json_object_object_add(o, "ops", json_object_new_string(FS_OPS_NAME));
	json_object_object_add(o, "idle_per_node",
			       json_object_new_boolean(idle_per_node));
	emit(o);
}

void fs_report_interval(const struct fs_report *r,
			const uint64_t cur[FS_NR_COUNTERS],
			const uint64_t prev[FS_NR_COUNTERS],
			unsigned long sys_util)
{
	json_object *o;

	if (!r->json) {
		printf("counters (system utilisation %.0f%%):\n",
		       sys_util * 100.0 / 1024);
		fs_stats_print(stdout, cur, prev);
		return;
	}
	o = event(r, "interval");
	json_object_object_add(o, "sys_util",
			       fs_json_double(sys_util / 1024.0));
	json_object_object_add(o, "counters", counters_obj(cur, NULL));
	json_object_object_add(o, "delta", counters_obj(cur, prev));
	emit(o);
}

void fs_report_cpuperf(const struct fs_report *r, const unsigned int *targets,
		       int n, bool text)
{
	json_object *o, *a;
	int c;

	if (!r->json) {
		if (!text)
			return;
		printf("performance targets the kernel recorded (of 1024):");
		for (c = 0; c < n; c++)
			printf(" cpu%d %u", c, targets[c]);
		printf("\n");
		fflush(stdout);
		return;
	}
	o = event(r, "cpuperf");
	a = json_object_new_array();
	for (c = 0; c < n; c++)
		json_object_array_add(a, json_object_new_int64(targets[c]));
	json_object_object_add(o, "targets", a);
	emit(o);
}

void fs_exit_describe(const struct fs_exit_record *rec, char *buf, size_t len)
{
	snprintf(buf, len, "scheduler exited: %s (%d)%s%s",
		 fs_exit_kind_name(rec->kind), rec->kind,
		 rec->reason[0] ? ": " : "", rec->reason);
}

static void text_exit(const struct fs_exit_record *rec)
{
	char what[sizeof(rec->reason) + 64];

	fs_exit_describe(rec, what, sizeof(what));
	fprintf(stderr, "scx_flashyspark: %s\n", what);
	if (rec->msg[0])
		fprintf(stderr, "scx_flashyspark: %s\n", rec->msg);
}

void fs_report_dump(const char *dump)
{
	size_t n = strlen(dump);

	if (!n)
		return;
	fprintf(stderr,
		"scx_flashyspark: the kernel's dump at the exit follows\n%s%s"
		"scx_flashyspark: end of the kernel's dump\n",
		dump, dump[n - 1] == '\n' ? "" : "\n");
}

static json_object *exit_obj(const struct fs_exit_record *rec)
{
	json_object *o = json_object_new_object();

	json_object_object_add(
		o, "kind",
		json_object_new_string(fs_exit_kind_name(rec->kind)));
	json_object_object_add(o, "kind_code", json_object_new_int(rec->kind));
	json_object_object_add(o, "exit_code",
			       json_object_new_int64(rec->exit_code));
	json_object_object_add(o, "reason",
			       json_object_new_string(rec->reason));
	json_object_object_add(o, "message", json_object_new_string(rec->msg));
	return o;
}

void fs_report_final(const struct fs_report *r, const uint64_t *counters,
		     const struct fs_exit_record *rec, const char *error)
{
	json_object *o;

	if (error)
		fprintf(stderr, "scx_flashyspark: %s\n", error);
	if (!r->json) {
		if (counters) {
			printf("final counters:\n");
			fs_stats_print(stdout, counters, NULL);
		}
		if (rec)
			text_exit(rec);
		return;
	}
	if (rec)
		text_exit(rec);
	o = event(r, "final");
	json_object_object_add(o, "counters",
			       counters ? counters_obj(counters, NULL) : NULL);
	json_object_object_add(o, "exit", rec ? exit_obj(rec) : NULL);
	json_object_object_add(o, "error",
			       error ? json_object_new_string(error) : NULL);
	emit(o);
}
