// SPDX-License-Identifier: GPL-2.0
/*
 * Writing YAML through libyaml's emitter (it quotes and escapes for us)
 * with a sticky error (yaml_out.h).
 */
#include "yaml_out.h"
#include "double_text.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static void emit(struct fs_yaml_out *y, yaml_event_t *ev, int ok)
{
	if (y->failed || !ok || !yaml_emitter_emit(&y->em, ev))
		y->failed = true;
}

void fs_yo_begin(struct fs_yaml_out *y, FILE *f)
{
	yaml_event_t ev;

	y->failed = false;
	if (!yaml_emitter_initialize(&y->em)) {
		y->failed = true;
		return;
	}
	yaml_emitter_set_output_file(&y->em, f);
	yaml_emitter_set_unicode(&y->em, 1);
	yaml_emitter_set_width(&y->em, 78);
	emit(y, &ev,
	     yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(y, &ev,
	     yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	fs_yo_map_begin(y, false);
}

int fs_yo_end(struct fs_yaml_out *y)
{
	yaml_event_t ev;

	fs_yo_map_end(y);
	emit(y, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(y, &ev, yaml_stream_end_event_initialize(&ev));
	if (!y->failed && !yaml_emitter_flush(&y->em))
		y->failed = true;
	yaml_emitter_delete(&y->em);
	return y->failed ? -1 : 0;
}

void fs_yo_str(struct fs_yaml_out *y, const char *s)
{
	yaml_event_t ev;

	emit(y, &ev,
	     yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
					  (int)strlen(s), 1, 1,
					  YAML_ANY_SCALAR_STYLE));
}

void fs_yo_map_begin(struct fs_yaml_out *y, bool flow)
{
	yaml_event_t ev;

	emit(y, &ev,
	     yaml_mapping_start_event_initialize(
		     &ev, NULL, NULL, 1,
		     flow ? YAML_FLOW_MAPPING_STYLE
			  : YAML_BLOCK_MAPPING_STYLE));
}

void fs_yo_map_end(struct fs_yaml_out *y)
{
	yaml_event_t ev;

	emit(y, &ev, yaml_mapping_end_event_initialize(&ev));
}

void fs_yo_seq_begin(struct fs_yaml_out *y, bool flow)
{
	yaml_event_t ev;

	emit(y, &ev,
	     yaml_sequence_start_event_initialize(
		     &ev, NULL, NULL, 1,
		     flow ? YAML_FLOW_SEQUENCE_STYLE
			  : YAML_BLOCK_SEQUENCE_STYLE));
}

void fs_yo_seq_end(struct fs_yaml_out *y)
{
	yaml_event_t ev;

	emit(y, &ev, yaml_sequence_end_event_initialize(&ev));
}

void fs_yo_kv_str(struct fs_yaml_out *y, const char *key, const char *val)
{
	fs_yo_str(y, key);
	fs_yo_str(y, val);
}

void fs_yo_kv_long(struct fs_yaml_out *y, const char *key, long val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", val);
	fs_yo_kv_str(y, key, buf);
}

void fs_yo_kv_bool(struct fs_yaml_out *y, const char *key, bool val)
{
	fs_yo_kv_str(y, key, val ? "true" : "false");
}

void fs_yo_kv_double(struct fs_yaml_out *y, const char *key, double val)
{
	char buf[FS_DOUBLE_TEXT_LEN];

	fs_yo_kv_str(y, key, fs_double_text(buf, val));
}

void fs_yo_kv_doubles(struct fs_yaml_out *y, const char *key, const double *v,
		      size_t n)
{
	char buf[FS_DOUBLE_TEXT_LEN];
	size_t i;

	fs_yo_str(y, key);
	fs_yo_seq_begin(y, true);
	for (i = 0; i < n; i++)
		fs_yo_str(y, fs_double_text(buf, v[i]));
	fs_yo_seq_end(y);
}
