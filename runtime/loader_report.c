// SPDX-License-Identifier: GPL-2.0
/* The loader's JSON Lines events, read back (loader_report.h). */
#include "loader_report.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "json_member.h"

static void take_final(struct fs_loader_report *r, json_object *o)
{
	json_object *counters, *ex, *v;

	r->have_final = true;
	r->counters[0] = '\0';
	if (json_object_object_get_ex(o, "counters", &counters) &&
	    json_object_is_type(counters, json_type_object))
		snprintf(r->counters, sizeof(r->counters), "%s",
			 json_object_to_json_string_ext(
				 counters, JSON_C_TO_STRING_PLAIN));
	fs_json_str(o, "error", r->error, sizeof(r->error));
	r->have_exit = json_object_object_get_ex(o, "exit", &ex) &&
		       json_object_is_type(ex, json_type_object);
	if (!r->have_exit)
		return;
	fs_json_str(ex, "kind", r->exit_kind, sizeof(r->exit_kind));
	fs_json_str(ex, "reason", r->reason, sizeof(r->reason));
	fs_json_str(ex, "message", r->message, sizeof(r->message));
	r->exit_kind_code = json_object_object_get_ex(ex, "kind_code", &v)
				    ? json_object_get_int(v)
				    : 0;
	r->exit_code = json_object_object_get_ex(ex, "exit_code", &v)
			       ? json_object_get_int64(v)
			       : 0;
}

bool fs_loader_report_line(struct fs_loader_report *r, const char *line,
			   size_t len)
{
	struct json_tokener *tok;
	json_object *o, *ev;
	const char *name;

	if (!len || line[0] != '{')
		return false;
	tok = json_tokener_new();
	if (!tok)
		return false;
	o = json_tokener_parse_ex(tok, line, (int)len);
	json_tokener_free(tok);
	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "event", &ev) ||
	    !json_object_is_type(ev, json_type_string)) {
		json_object_put(o);
		return false;
	}
	name = json_object_get_string(ev);
	if (!strcmp(name, "ready"))
		r->ready = true;
	else if (!strcmp(name, "final"))
		take_final(r, o);
	json_object_put(o);
	return true;
}

bool fs_loader_report_reason(const struct fs_loader_report *r, char *buf,
			     size_t len)
{
	if (!r->have_final)
		return false;
	if (r->have_exit) {
		snprintf(buf, len, "scheduler exited: %s (%d)%s%s%s%s",
			 r->exit_kind, r->exit_kind_code,
			 r->reason[0] ? ": " : "", r->reason,
			 r->message[0] ? "; " : "", r->message);
		return true;
	}
	if (r->error[0]) {
		snprintf(buf, len, "%s", r->error);
		return true;
	}
	return false;
}
