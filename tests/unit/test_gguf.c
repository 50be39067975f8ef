// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark-mkmodel's pieces: half floats, the Q8_0/Q4_0 block layouts
 * (decoded here independently, per ggml's format), the tensor table of a
 * shape, and the tool itself writing a GGUF v3 file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gguf_writer.h"
#include "model_spec.h"
#include "quant.h"
#include "test_data.h"

static void test_fp16(void **state)
{
	(void)state;
	assert_int_equal(fs_fp32_to_fp16(1.0f), 0x3c00);
	assert_int_equal(fs_fp32_to_fp16(-2.0f), 0xc000);
	assert_int_equal(fs_fp32_to_fp16(0.1f), 0x2e66);
	assert_int_equal(fs_fp32_to_fp16(65504.0f), 0x7bff);
	assert_int_equal(fs_fp32_to_fp16(65520.0f), 0x7c00); /* rounds to inf */
	assert_int_equal(fs_fp32_to_fp16(ldexpf(1, -24)), 0x0001);
	assert_int_equal(fs_fp32_to_fp16(ldexpf(1, -26)), 0x0000);
	assert_int_equal(fs_fp32_to_fp16(ldexpf(1, -14)), 0x0400);
	/* Ties go to even: 1 + 2^-11 is halfway between 0x3c00 and 0x3c01. */
	assert_int_equal(fs_fp32_to_fp16(1.0f + ldexpf(1, -11)), 0x3c00);
	assert_int_equal(fs_fp32_to_fp16(1.0f + 3 * ldexpf(1, -11)), 0x3c02);
	assert_int_equal(fs_fp32_to_fp16(INFINITY), 0x7c00);
	assert_true(isnan(fs_fp16_to_fp32(fs_fp32_to_fp16(NAN))));
	assert_float_equal(fs_fp16_to_fp32(0x3555), 0.33325195f, 1e-8);
	assert_float_equal(fs_fp16_to_fp32(0x0001), ldexpf(1, -24), 0);
}

static void fill(float *x, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		x[i] = ((float)(seed >> 8) / (float)(1u << 24) - 0.5f) * 0.1f;
	}
}

static float scale_of(const uint8_t *block)
{
	return fs_fp16_to_fp32((uint16_t)(block[0] | block[1] << 8));
}

static void test_q8_0(void **state)
{
	float x[64];
	uint8_t enc[2 * 34];

	(void)state;
	fill(x, 64, 7);
	x[5] = 0.2f; /* the block's largest magnitude */
	assert_int_equal(fs_tensor_row_bytes(FS_TENSOR_Q8_0, 64), 68);
	fs_tensor_encode_row(FS_TENSOR_Q8_0, x, 64, enc);
	for (int b = 0; b < 2; b++) {
		const uint8_t *blk = enc + 34 * b;
		float d = scale_of(blk);

		for (int i = 0; i < 32; i++) {
			float v = d * (float)(int8_t)blk[2 + i];

			assert_float_equal(v, x[32 * b + i], d * 0.51f + 1e-6f);
		}
	}
	assert_int_equal((int8_t)enc[2 + 5], 127);
	assert_float_equal(scale_of(enc), 0.2f / 127, 1e-5);
}

static void test_q4_0(void **state)
{
	float x[32];
	uint8_t enc[18];

	(void)state;
	fill(x, 32, 3);
	x[20] = -0.4f; /* largest magnitude: maps to -8 exactly */
	assert_int_equal(fs_tensor_row_bytes(FS_TENSOR_Q4_0, 128), 72);
	fs_tensor_encode_row(FS_TENSOR_Q4_0, x, 32, enc);
	float d = scale_of(enc);

	assert_float_equal(d, 0.05f, 1e-4); /* -0.4 / -8 */
	/* Byte j: low nibble is value j, high nibble value j + 16. */
	for (int j = 0; j < 16; j++) {
		float lo = d * (float)((enc[2 + j] & 15) - 8);
		float hi = d * (float)((enc[2 + j] >> 4) - 8);

		assert_float_equal(lo, x[j], d * 0.51f);
		assert_float_equal(hi, x[j + 16], d * 0.51f);
	}
	assert_int_equal(enc[2 + 4] >> 4, 0); /* x[20]: q = -8 + 8 */
}

static void test_row_bytes(void **state)
{
	(void)state;
	assert_int_equal(fs_tensor_row_bytes(FS_TENSOR_F32, 128), 512);
	assert_int_equal(fs_tensor_row_bytes(FS_TENSOR_F16, 128), 256);
	assert_int_equal(fs_tensor_row_bytes(FS_TENSOR_Q8_0, 128), 136);
	assert_int_equal(fs_tensor_type_block(FS_TENSOR_Q4_0), 32);
}

static void test_shape_checks(void **state)
{
	struct fs_model_shape s;
	char err[160];

	(void)state;
	assert_int_equal(fs_model_preset("tiny", &s), 0);
	assert_int_equal(fs_model_shape_check(&s, err, sizeof(err)), 0);
	assert_int_equal(fs_model_preset("huge", &s), -1);
	assert_int_equal(fs_model_preset("small", &s), 0);
	assert_int_equal(fs_model_shape_check(&s, err, sizeof(err)), 0);
	s.heads = 5;
	assert_int_equal(fs_model_shape_check(&s, err, sizeof(err)), -1);
	assert_string_equal(err,
			    "embedding width 768 is not a multiple of heads 5");
	fs_model_preset("tiny", &s);
	s.ff = 100;
	assert_int_equal(fs_model_shape_check(&s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "multiples of 32"));
	s.type = FS_TENSOR_F16; /* f16 has no block constraint */
	assert_int_equal(fs_model_shape_check(&s, err, sizeof(err)), 0);
	s.vocab = 100;
	assert_int_equal(fs_model_shape_check(&s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "vocabulary 100 out of range"));
}

/*
 * llama-bench reported model_n_params 1115264 and model_size 1188352 for
 * the tiny preset (tests/data/llama-bench-tiny.json).
 */
static void test_tiny_tensors(void **state)
{
	struct fs_model_tensors ts;
	struct fs_model_shape s;
	uint64_t bytes = 0, end = 0;

	(void)state;
	fs_model_preset("tiny", &s);
	assert_int_equal(fs_model_n_params(&s), 1115264);
	assert_int_equal(fs_model_tensors_build(&s, &ts), 0);
	assert_int_equal(ts.n, 3 + 9 * 4);
	for (size_t i = 0; i < ts.n; i++) {
		assert_int_equal(ts.t[i].offset % FS_GGUF_ALIGNMENT, 0);
		assert_int_equal(ts.t[i].offset, fs_gguf_align(end));
		end = ts.t[i].offset + ts.t[i].bytes;
		bytes += ts.t[i].bytes;
	}
	assert_int_equal(bytes, 1188352);
	assert_int_equal(ts.data_bytes, fs_gguf_align(end));
	assert_string_equal(ts.t[0].name, "token_embd.weight");
	assert_string_equal(ts.t[3].name, "blk.0.attn_k.weight");
	assert_int_equal(ts.t[3].ne[0], 128);
	assert_int_equal(ts.t[3].ne[1], 128);
	assert_int_equal(ts.t[1].type, FS_TENSOR_F32); /* attn_norm */
	assert_int_equal(ts.t[1].n_dims, 1);
	assert_string_equal(ts.t[ts.n - 1].name, "output.weight");
	fs_model_tensors_free(&ts);
}

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void test_writer_bytes(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct fs_gguf_writer w;
	const uint8_t *p;

	(void)state;
	assert_non_null(f);
	fs_gguf_writer_init(&w, f);
	fs_gguf_header(&w, 2, 1);
	fs_gguf_kv_u32(&w, "a.b", 7);
	fs_gguf_pad(&w);
	fclose(f);
	p = (const uint8_t *)buf;
	assert_int_equal(w.err, 0);
	assert_int_equal(len, 64); /* 24 header + 19 kv, padded to 32 */
	assert_memory_equal(p, "GGUF", 4);
	assert_int_equal(le(p + 4, 4), 3);
	assert_int_equal(le(p + 8, 8), 2);
	assert_int_equal(le(p + 16, 8), 1);
	assert_int_equal(le(p + 24, 8), 3); /* key length */
	assert_memory_equal(p + 32, "a.b", 3);
	assert_int_equal(le(p + 35, 4), 4); /* GGUF uint32 */
	assert_int_equal(le(p + 39, 4), 7);
	assert_int_equal(w.n_kv, 1);
	free(buf);
}

static int mkmodel(const char *args)
{
	char cmd[1024];
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s >/dev/null 2>&1", MKMODEL, args);
	status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_tool_writes_gguf(void **state)
{
	char dir[] = "/tmp/fs-mkmodel-XXXXXX", a[64], b[64], c[64], args[256];
	size_t na, nb, nc;
	char *fa, *fb, *fc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.gguf", dir);
	snprintf(b, sizeof(b), "%s/b.gguf", dir);
	snprintf(c, sizeof(c), "%s/c.gguf", dir);
	snprintf(args, sizeof(args), "--preset tiny --seed 5 -o %s", a);
	assert_int_equal(mkmodel(args), 0);
	snprintf(args, sizeof(args), "-o %s --seed 5", b);
	assert_int_equal(mkmodel(args), 0);
	snprintf(args, sizeof(args), "--seed 6 -o %s --layers 2 --type q4_0",
		 c);
	assert_int_equal(mkmodel(args), 0);
	fa = test_file_read(a, &na);
	fb = test_file_read(b, &nb);
	fc = test_file_read(c, &nc);
	assert_non_null(fa);
	assert_memory_equal(fa, "GGUF", 4);
	assert_int_equal(le((uint8_t *)fa + 4, 4), 3);
	assert_int_equal(le((uint8_t *)fa + 8, 8), 39);	 /* tensors */
	assert_int_equal(le((uint8_t *)fa + 16, 8), 23); /* keys */
	assert_int_equal(na % FS_GGUF_ALIGNMENT, 0);
	/* Same seed and shape: same bytes. */
	assert_int_equal(na, nb);
	assert_memory_equal(fa, fb, na);
	assert_non_null(fc);
	assert_int_equal(le((uint8_t *)fc + 8, 8), 3 + 9 * 2);
	assert_true(nc < na);
	free(fa);
	free(fb);
	free(fc);
	/* Bad shapes and options fail with status 2 and leave no file. */
	snprintf(args, sizeof(args), "--heads 3 -o %s/bad.gguf", dir);
	assert_int_equal(mkmodel(args), 2);
	snprintf(args, sizeof(args), "--type q5_k -o %s/bad.gguf", dir);
	assert_int_equal(mkmodel(args), 2);
	assert_int_equal(mkmodel("--layers x -o /dev/null"), 2);
	assert_int_equal(mkmodel("--preset tiny"), 2);
	snprintf(args, sizeof(args), "%s/bad.gguf", dir);
	assert_int_not_equal(access(args, F_OK), 0);
	assert_int_equal(mkmodel("-o /nonexistent-dir/x.gguf"), 1);
	unlink(a);
	unlink(b);
	unlink(c);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fp16),
		cmocka_unit_test(test_q8_0),
		cmocka_unit_test(test_q4_0),
		cmocka_unit_test(test_row_bytes),
		cmocka_unit_test(test_shape_checks),
		cmocka_unit_test(test_tiny_tensors),
		cmocka_unit_test(test_writer_bytes),
		cmocka_unit_test(test_tool_writes_gguf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
