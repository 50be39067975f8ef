/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tensor element types a model file can hold, by name, and a row of
 * floats in each one's on-disk bytes. The encoding is ggml's own
 * (ggml_quantize_chunk, ggml_fp32_to_fp16_row): the library llama.cpp
 * reads the file with.
 */
#ifndef FS_MODEL_QUANT_H
#define FS_MODEL_QUANT_H

#include <stddef.h>
#include <stdint.h>

/* Values are ggml's type ids (enum ggml_type) as stored in GGUF. */
enum fs_tensor_type {
	FS_TENSOR_F32 = 0,
	FS_TENSOR_F16 = 1,
	FS_TENSOR_Q4_0 = 2,
	FS_TENSOR_Q8_0 = 8,
};

/* Name as used on the command line ("q8_0"); NULL for an unknown type. */
const char *fs_tensor_type_name(enum fs_tensor_type type);
/* Parse a command-line name, case-insensitive; returns -1 if unknown. */
int fs_tensor_type_parse(const char *name, enum fs_tensor_type *type);
/* Values a row's length must be a multiple of (1 for plain floats). */
size_t fs_tensor_type_block(enum fs_tensor_type type);
/* Bytes for n values; n must be a multiple of the block size. */
size_t fs_tensor_row_bytes(enum fs_tensor_type type, size_t n);

/*
 * Encode n values of src (n a multiple of the type's block) into dst,
 * which holds fs_tensor_row_bytes(type, n) bytes.
 */
void fs_tensor_encode_row(enum fs_tensor_type type, const float *src, size_t n,
			  uint8_t *dst);

#endif
