/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tensor element types a model file can hold, and conversion of a row of
 * floats into each one's on-disk bytes (ggml's block layouts).
 */
#ifndef FS_MODEL_QUANT_H
#define FS_MODEL_QUANT_H

#include <stddef.h>
#include <stdint.h>

/* Values are ggml's type ids as stored in GGUF tensor infos. */
enum fs_tensor_type {
	FS_TENSOR_F32 = 0,
	FS_TENSOR_F16 = 1,
	FS_TENSOR_Q4_0 = 2,
	FS_TENSOR_Q8_0 = 8,
};

/* Values per quantisation block: Q8_0 and Q4_0 both use 32. */
#define FS_QBLOCK 32

/* Name as used on the command line ("q8_0"); NULL for an unknown type. */
const char *fs_tensor_type_name(enum fs_tensor_type type);
/* Parse a command-line name, case-insensitive; returns -1 if unknown. */
int fs_tensor_type_parse(const char *name, enum fs_tensor_type *type);
/* Values a row's length must be a multiple of (1 for plain floats). */
size_t fs_tensor_type_block(enum fs_tensor_type type);
/* Bytes for n values; n must be a multiple of the block size. */
size_t fs_tensor_row_bytes(enum fs_tensor_type type, size_t n);

/* IEEE half precision, round to nearest even. */
uint16_t fs_fp32_to_fp16(float f);
float fs_fp16_to_fp32(uint16_t h);

/*
 * Encode n values of src (n a multiple of the type's block) into dst,
 * which holds fs_tensor_row_bytes(type, n) bytes, little-endian.
 */
void fs_tensor_encode_row(enum fs_tensor_type type, const float *src, size_t n,
			  uint8_t *dst);

#endif
