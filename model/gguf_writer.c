// SPDX-License-Identifier: GPL-2.0
/* Serialisation of a GGUF v3 file (gguf_writer.h). */
#include "gguf_writer.h"

#include <errno.h>
#include <string.h>

/* GGUF metadata value types. */
enum {
	GGUF_U32 = 4,
	GGUF_I32 = 5,
	GGUF_F32 = 6,
	GGUF_BOOL = 7,
	GGUF_STRING = 8,
	GGUF_ARRAY = 9,
};

void fs_gguf_writer_init(struct fs_gguf_writer *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

void fs_gguf_bytes(struct fs_gguf_writer *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (w->f && n && fwrite(p, 1, n, w->f) != n) {
		w->err = errno ? errno : EIO;
		return;
	}
	w->pos += n;
}

static void put_uint(struct fs_gguf_writer *w, uint64_t v, int bytes)
{
	uint8_t b[8];

	for (int i = 0; i < bytes; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	fs_gguf_bytes(w, b, (size_t)bytes);
}

static void put_u32(struct fs_gguf_writer *w, uint32_t v)
{
	put_uint(w, v, 4);
}

static void put_u64(struct fs_gguf_writer *w, uint64_t v)
{
	put_uint(w, v, 8);
}

static void put_f32(struct fs_gguf_writer *w, float v)
{
	uint32_t x;

	memcpy(&x, &v, sizeof(x));
	put_u32(w, x);
}

/* Strings are a u64 length then the bytes, no terminator. */
static void put_str(struct fs_gguf_writer *w, const char *s)
{
	size_t n = strlen(s);

	put_u64(w, n);
	fs_gguf_bytes(w, s, n);
}

static void put_key(struct fs_gguf_writer *w, const char *key, uint32_t type)
{
	put_str(w, key);
	put_u32(w, type);
	w->n_kv++;
}

void fs_gguf_header(struct fs_gguf_writer *w, uint64_t n_tensors, uint64_t n_kv)
{
	fs_gguf_bytes(w, "GGUF", 4);
	put_u32(w, 3);
	put_u64(w, n_tensors);
	put_u64(w, n_kv);
}

void fs_gguf_kv_u32(struct fs_gguf_writer *w, const char *key, uint32_t v)
{
	put_key(w, key, GGUF_U32);
	put_u32(w, v);
}

void fs_gguf_kv_f32(struct fs_gguf_writer *w, const char *key, float v)
{
	put_key(w, key, GGUF_F32);
	put_f32(w, v);
}

void fs_gguf_kv_bool(struct fs_gguf_writer *w, const char *key, bool v)
{
	uint8_t b = v ? 1 : 0;

	put_key(w, key, GGUF_BOOL);
	fs_gguf_bytes(w, &b, 1);
}

void fs_gguf_kv_str(struct fs_gguf_writer *w, const char *key, const char *v)
{
	put_key(w, key, GGUF_STRING);
	put_str(w, v);
}

static void put_array_head(struct fs_gguf_writer *w, const char *key,
			   uint32_t elem_type, uint64_t n)
{
	put_key(w, key, GGUF_ARRAY);
	put_u32(w, elem_type);
	put_u64(w, n);
}

void fs_gguf_kv_str_array(struct fs_gguf_writer *w, const char *key, uint64_t n,
			  const char *(*get)(uint64_t, void *), void *arg)
{
	put_array_head(w, key, GGUF_STRING, n);
	for (uint64_t i = 0; i < n && !w->err; i++)
		put_str(w, get(i, arg));
}

void fs_gguf_kv_f32_array(struct fs_gguf_writer *w, const char *key, uint64_t n,
			  float (*get)(uint64_t, void *), void *arg)
{
	put_array_head(w, key, GGUF_F32, n);
	for (uint64_t i = 0; i < n && !w->err; i++)
		put_f32(w, get(i, arg));
}

void fs_gguf_kv_i32_array(struct fs_gguf_writer *w, const char *key, uint64_t n,
			  int32_t (*get)(uint64_t, void *), void *arg)
{
	put_array_head(w, key, GGUF_I32, n);
	for (uint64_t i = 0; i < n && !w->err; i++)
		put_u32(w, (uint32_t)get(i, arg));
}

void fs_gguf_tensor_info(struct fs_gguf_writer *w, const char *name,
			 uint32_t n_dims, const uint64_t *ne, uint32_t type,
			 uint64_t offset)
{
	put_str(w, name);
	put_u32(w, n_dims);
	for (uint32_t i = 0; i < n_dims; i++)
		put_u64(w, ne[i]);
	put_u32(w, type);
	put_u64(w, offset);
}

void fs_gguf_pad(struct fs_gguf_writer *w)
{
	static const uint8_t zeros[FS_GGUF_ALIGNMENT];

	fs_gguf_bytes(w, zeros, (size_t)(fs_gguf_align(w->pos) - w->pos));
}
