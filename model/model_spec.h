/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shape of a llama-architecture model: presets, validation, and the
 * list of tensors (names, dimensions, types, data offsets) it implies.
 */
#ifndef FS_MODEL_MODEL_SPEC_H
#define FS_MODEL_MODEL_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include <ggml.h>
#include <gguf.h>

#include "quant.h"

/* Tensor data is aligned to gguf's default in the file (it lays it out). */
#define FS_GGUF_ALIGNMENT GGUF_DEFAULT_ALIGNMENT

static inline uint64_t fs_gguf_align(uint64_t n)
{
	return GGML_PAD(n, (uint64_t)FS_GGUF_ALIGNMENT);
}

/* Tokens every vocabulary starts with: <unk> <s> </s> then 256 bytes. */
#define FS_VOCAB_RESERVED (3 + 256)

struct fs_model_shape {
	uint32_t vocab;
	uint32_t embd;
	uint32_t layers;
	uint32_t heads;
	uint32_t kv_heads;
	uint32_t ff;
	uint32_t ctx;
	enum fs_tensor_type type; /* matrices; norms are always F32 */
};

struct fs_model_tensor {
	char name[48];
	uint32_t n_dims;
	uint64_t ne[2]; /* ne[0] innermost, as ggml */
	enum fs_tensor_type type;
	uint64_t offset; /* from the start of the data section */
	uint64_t bytes;
	float mean, sd; /* distribution of the random values */
};

struct fs_model_tensors {
	struct fs_model_tensor *t;
	size_t n;
	uint64_t data_bytes; /* whole data section, padding included */
};

/* Fill s from a preset name ("tiny", "small"); -1 if unknown. */
int fs_model_preset(const char *name, struct fs_model_shape *s);
/* 0 if llama.cpp can load the shape, else -1 with the reason in err. */
int fs_model_shape_check(const struct fs_model_shape *s, char *err,
			 size_t errlen);
uint64_t fs_model_n_params(const struct fs_model_shape *s);
/* llama.cpp's general.file_type for the shape's matrix type. */
uint32_t fs_model_file_type(const struct fs_model_shape *s);

/* The shape must have passed fs_model_shape_check. -1: out of memory. */
int fs_model_tensors_build(const struct fs_model_shape *s,
			   struct fs_model_tensors *out);
void fs_model_tensors_free(struct fs_model_tensors *ts);

#endif
