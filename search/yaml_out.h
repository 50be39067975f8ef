/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing YAML through libyaml's emitter (it quotes and escapes for us)
 * with a sticky error: calls after a failure do nothing, so a writer
 * checks once at the end. Files are written whole with fs_atomic_write
 * (common/atomic_file.h), so a reader (or a resume after a crash) never
 * sees half a file.
 */
#ifndef FS_SEARCH_YAML_OUT_H
#define FS_SEARCH_YAML_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <yaml.h>

struct fs_yaml_out {
	yaml_emitter_t em;
	bool failed;
};

/* Start a stream and a document whose root is a block mapping. */
void fs_yo_begin(struct fs_yaml_out *y, FILE *f);
/* Close the root mapping, the document and the stream; 0 or -1. */
int fs_yo_end(struct fs_yaml_out *y);

void fs_yo_str(struct fs_yaml_out *y, const char *s);
void fs_yo_map_begin(struct fs_yaml_out *y, bool flow);
void fs_yo_map_end(struct fs_yaml_out *y);
void fs_yo_seq_begin(struct fs_yaml_out *y, bool flow);
void fs_yo_seq_end(struct fs_yaml_out *y);

void fs_yo_kv_str(struct fs_yaml_out *y, const char *key, const char *val);
void fs_yo_kv_long(struct fs_yaml_out *y, const char *key, long val);
void fs_yo_kv_bool(struct fs_yaml_out *y, const char *key, bool val);
/* %.17g: reads back as the same double. */
void fs_yo_kv_double(struct fs_yaml_out *y, const char *key, double val);
void fs_yo_kv_doubles(struct fs_yaml_out *y, const char *key, const double *v,
		      size_t n);

#endif
