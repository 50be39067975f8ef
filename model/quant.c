// SPDX-License-Identifier: GPL-2.0
/* Tensor types and their row encoding, through ggml (quant.h). */
#include "quant.h"

#include <ggml.h>
#include <string.h>
#include <strings.h>

static const struct {
	enum fs_tensor_type type;
	const char *name;
} types[] = {
	{FS_TENSOR_F32, "f32"},
	{FS_TENSOR_F16, "f16"},
	{FS_TENSOR_Q4_0, "q4_0"},
	{FS_TENSOR_Q8_0, "q8_0"},
};

#define N_TYPES (sizeof(types) / sizeof(types[0]))

/* Our ids are ggml's: a compile-time check that they still are. */
_Static_assert((int)FS_TENSOR_F32 == (int)GGML_TYPE_F32 &&
		       (int)FS_TENSOR_F16 == (int)GGML_TYPE_F16 &&
		       (int)FS_TENSOR_Q4_0 == (int)GGML_TYPE_Q4_0 &&
		       (int)FS_TENSOR_Q8_0 == (int)GGML_TYPE_Q8_0,
	       "fs_tensor_type must be ggml_type");

static int type_index(enum fs_tensor_type type)
{
	for (size_t i = 0; i < N_TYPES; i++) {
		if (types[i].type == type)
			return (int)i;
	}
	return -1;
}

const char *fs_tensor_type_name(enum fs_tensor_type type)
{
	int i = type_index(type);

	return i < 0 ? NULL : types[i].name;
}

int fs_tensor_type_parse(const char *name, enum fs_tensor_type *type)
{
	for (size_t i = 0; i < N_TYPES; i++) {
		if (strcasecmp(name, types[i].name) == 0) {
			*type = types[i].type;
			return 0;
		}
	}
	return -1;
}

size_t fs_tensor_type_block(enum fs_tensor_type type)
{
	return type_index(type) < 0
		       ? 0
		       : (size_t)ggml_blck_size((enum ggml_type)type);
}

size_t fs_tensor_row_bytes(enum fs_tensor_type type, size_t n)
{
	return type_index(type) < 0
		       ? 0
		       : ggml_row_size((enum ggml_type)type, (int64_t)n);
}

void fs_tensor_encode_row(enum fs_tensor_type type, const float *src, size_t n,
			  uint8_t *dst)
{
	switch (type) {
	case FS_TENSOR_F32:
		memcpy(dst, src, n * sizeof(float));
		break;
	case FS_TENSOR_F16:
		ggml_fp32_to_fp16_row(src, (ggml_fp16_t *)(void *)dst,
				      (int64_t)n);
		break;
	default:
		ggml_quantize_chunk((enum ggml_type)type, src, dst, 0, 1,
				    (int64_t)n, NULL);
	}
}
