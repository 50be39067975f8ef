/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Serialisation of a GGUF v3 file: header, key/value metadata, tensor infos
 * and the aligned data section. All values are little-endian.
 *
 * A writer with no FILE only counts: running the same metadata code once
 * that way gives the key/value count the header needs before the keys.
 */
#ifndef FS_MODEL_GGUF_WRITER_H
#define FS_MODEL_GGUF_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Data section and every tensor's offset are aligned to this. */
#define FS_GGUF_ALIGNMENT 32

struct fs_gguf_writer {
	FILE *f;       /* NULL: count only */
	uint64_t pos;  /* bytes written (or counted) so far */
	uint64_t n_kv; /* key/value pairs written so far */
	int err;       /* first errno seen; later writes are skipped */
};

void fs_gguf_writer_init(struct fs_gguf_writer *w, FILE *f);

void fs_gguf_header(struct fs_gguf_writer *w, uint64_t n_tensors,
		    uint64_t n_kv);

void fs_gguf_kv_u32(struct fs_gguf_writer *w, const char *key, uint32_t v);
void fs_gguf_kv_f32(struct fs_gguf_writer *w, const char *key, float v);
void fs_gguf_kv_bool(struct fs_gguf_writer *w, const char *key, bool v);
void fs_gguf_kv_str(struct fs_gguf_writer *w, const char *key, const char *v);

/* Arrays: element i comes from get(i, arg) so callers need no big buffers. */
void fs_gguf_kv_str_array(struct fs_gguf_writer *w, const char *key, uint64_t n,
			  const char *(*get)(uint64_t, void *), void *arg);
void fs_gguf_kv_f32_array(struct fs_gguf_writer *w, const char *key, uint64_t n,
			  float (*get)(uint64_t, void *), void *arg);
void fs_gguf_kv_i32_array(struct fs_gguf_writer *w, const char *key, uint64_t n,
			  int32_t (*get)(uint64_t, void *), void *arg);

/* ne[0] is the innermost (contiguous) dimension, as in ggml. */
void fs_gguf_tensor_info(struct fs_gguf_writer *w, const char *name,
			 uint32_t n_dims, const uint64_t *ne, uint32_t type,
			 uint64_t offset);

/* Zero bytes up to the next multiple of FS_GGUF_ALIGNMENT. */
void fs_gguf_pad(struct fs_gguf_writer *w);
void fs_gguf_bytes(struct fs_gguf_writer *w, const void *p, size_t n);

static inline uint64_t fs_gguf_align(uint64_t n)
{
	return (n + FS_GGUF_ALIGNMENT - 1) / FS_GGUF_ALIGNMENT *
	       FS_GGUF_ALIGNMENT;
}

#endif
