// SPDX-License-Identifier: GPL-2.0
/*
 * Row encoders for the tensor types mkmodel writes. Layouts follow ggml's
 * block formats: Q8_0 is an fp16 scale then 32 signed bytes; Q4_0 is an
 * fp16 scale then 16 bytes whose low nibbles hold values 0..15 and high
 * nibbles values 16..31, each stored as q + 8 with q in -8..7.
 */
#include "quant.h"

#include <math.h>
#include <string.h>
#include <strings.h>

static const struct {
	enum fs_tensor_type type;
	const char *name;
	size_t block;	    /* values per block */
	size_t block_bytes; /* bytes per block */
} types[] = {
	{FS_TENSOR_F32, "f32", 1, 4},
	{FS_TENSOR_F16, "f16", 1, 2},
	{FS_TENSOR_Q4_0, "q4_0", FS_QBLOCK, 2 + FS_QBLOCK / 2},
	{FS_TENSOR_Q8_0, "q8_0", FS_QBLOCK, 2 + FS_QBLOCK},
};

#define N_TYPES (sizeof(types) / sizeof(types[0]))

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
	int i = type_index(type);

	return i < 0 ? 0 : types[i].block;
}

size_t fs_tensor_row_bytes(enum fs_tensor_type type, size_t n)
{
	int i = type_index(type);

	if (i < 0)
		return 0;
	return n / types[i].block * types[i].block_bytes;
}

static uint32_t f32_bits(float f)
{
	uint32_t x;

	memcpy(&x, &f, sizeof(x));
	return x;
}

/* Shift mant right by shift bits, rounding half to even. */
static uint32_t shift_round_even(uint32_t mant, unsigned int shift)
{
	uint32_t kept = mant >> shift;
	uint32_t rest = mant & ((1u << shift) - 1);
	uint32_t half = 1u << (shift - 1);

	if (rest > half || (rest == half && (kept & 1)))
		kept++;
	return kept;
}

uint16_t fs_fp32_to_fp16(float f)
{
	uint32_t x = f32_bits(f);
	uint32_t sign = (x >> 16) & 0x8000;
	uint32_t mant = x & 0x7fffff;
	int exp = (int)((x >> 23) & 0xff);
	int e = exp - 127 + 15;

	if (exp == 0xff) /* inf stays inf, NaN stays a quiet NaN */
		return (uint16_t)(sign | 0x7c00 | (mant ? 0x200 : 0));
	if (e >= 31)
		return (uint16_t)(sign | 0x7c00);
	if (e <= 0) {
		/* Subnormal half: value = h * 2^-24. */
		if (e < -10)
			return (uint16_t)sign;
		return (uint16_t)(sign |
				  shift_round_even(mant | 0x800000,
						   (unsigned int)(14 - e)));
	}
	/* A carry out of the mantissa correctly bumps the exponent. */
	return (uint16_t)(sign |
			  shift_round_even(((uint32_t)e << 23) | mant, 13));
}

float fs_fp16_to_fp32(uint16_t h)
{
	uint32_t sign = (uint32_t)(h & 0x8000) << 16;
	uint32_t exp = (h >> 10) & 0x1f;
	uint32_t mant = h & 0x3ff;
	uint32_t bits;
	float f;

	if (exp == 0) {
		f = ldexpf((float)mant, -24);
		return sign ? -f : f;
	}
	if (exp == 31)
		bits = sign | 0x7f800000 | (mant << 13);
	else
		bits = sign | ((exp + 112) << 23) | (mant << 13);
	memcpy(&f, &bits, sizeof(f));
	return f;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void encode_f32(const float *src, size_t n, uint8_t *dst)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t x = f32_bits(src[i]);

		for (int b = 0; b < 4; b++)
			dst[4 * i + b] = (uint8_t)(x >> (8 * b));
	}
}

static void encode_f16(const float *src, size_t n, uint8_t *dst)
{
	for (size_t i = 0; i < n; i++)
		put_le16(dst + 2 * i, fs_fp32_to_fp16(src[i]));
}

/* Q8_0: d = max|x| / 127, q = round(x / d). */
static void encode_q8_0_block(const float *x, uint8_t *dst)
{
	float amax = 0.0f;

	for (int i = 0; i < FS_QBLOCK; i++)
		amax = fmaxf(amax, fabsf(x[i]));

	float d = amax / 127.0f;
	float id = d != 0.0f ? 1.0f / d : 0.0f;

	put_le16(dst, fs_fp32_to_fp16(d));
	for (int i = 0; i < FS_QBLOCK; i++)
		dst[2 + i] = (uint8_t)(int8_t)lroundf(x[i] * id);
}

/*
 * Q4_0: d = (value of largest magnitude) / -8, so that value maps to -8
 * exactly and the rest fall in -8..7.
 */
static void encode_q4_0_block(const float *x, uint8_t *dst)
{
	float amax = 0.0f, max = 0.0f;

	for (int i = 0; i < FS_QBLOCK; i++) {
		if (fabsf(x[i]) > amax) {
			amax = fabsf(x[i]);
			max = x[i];
		}
	}

	float d = max / -8.0f;
	float id = d != 0.0f ? 1.0f / d : 0.0f;

	put_le16(dst, fs_fp32_to_fp16(d));
	for (int i = 0; i < FS_QBLOCK / 2; i++) {
		int lo = (int)floorf(x[i] * id + 8.5f);
		int hi = (int)floorf(x[i + FS_QBLOCK / 2] * id + 8.5f);

		lo = lo < 0 ? 0 : lo > 15 ? 15 : lo;
		hi = hi < 0 ? 0 : hi > 15 ? 15 : hi;
		dst[2 + i] = (uint8_t)(lo | (hi << 4));
	}
}

void fs_tensor_encode_row(enum fs_tensor_type type, const float *src, size_t n,
			  uint8_t *dst)
{
	switch (type) {
	case FS_TENSOR_F32:
		encode_f32(src, n, dst);
		break;
	case FS_TENSOR_F16:
		encode_f16(src, n, dst);
		break;
	case FS_TENSOR_Q8_0:
		for (size_t b = 0; b < n / FS_QBLOCK; b++)
			encode_q8_0_block(src + b * FS_QBLOCK,
					  dst + b * (2 + FS_QBLOCK));
		break;
	case FS_TENSOR_Q4_0:
		for (size_t b = 0; b < n / FS_QBLOCK; b++)
			encode_q4_0_block(src + b * FS_QBLOCK,
					  dst + b * (2 + FS_QBLOCK / 2));
		break;
	}
}
