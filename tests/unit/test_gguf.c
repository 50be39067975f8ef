// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark-mkmodel's pieces: rows encoded through ggml and decoded by
 * ggml's own type traits, the tensor table of a shape, and the tool itself
 * writing a GGUF v3 file that ggml's GGUF reader loads back.
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

#include <ggml.h>
#include <gguf.h>

#include "model_spec.h"
#include "quant.h"
#include "test_data.h"

static void fill(float *x, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		x[i] = ((float)(seed >> 8) / (float)(1u << 24) - 0.5f) * 0.1f;
	}
}

/*
 * Each type's row, encoded by us, decodes through ggml's own type traits
 * (what llama.cpp uses to read it) to the values within the type's step.
 */
static void test_encode_decodes_in_ggml(void **state)
{
	static const struct {
		enum fs_tensor_type type;
		float tol; /* per value, relative to the block's largest */
	} cases[] = {
		{FS_TENSOR_F32, 0},
		{FS_TENSOR_F16, 1e-3f},
		{FS_TENSOR_Q8_0, 1.0f / 127},
		{FS_TENSOR_Q4_0, 1.0f / 7},
	};
	float x[128], y[128];
	uint8_t enc[512];

	(void)state;
	fill(x, 128, 7);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		enum ggml_type t = (enum ggml_type)cases[c].type;

		assert_true(fs_tensor_row_bytes(cases[c].type, 128) <=
			    sizeof(enc));
		fs_tensor_encode_row(cases[c].type, x, 128, enc);
		if (t == GGML_TYPE_F32)
			memcpy(y, enc, sizeof(y));
		else
			ggml_get_type_traits(t)->to_float(enc, y, 128);
		for (int i = 0; i < 128; i++)
			assert_float_equal(y[i], x[i],
					   0.05f * cases[c].tol + 1e-7f);
	}
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

/*
 * ggml's own GGUF reader opens the file: its keys and tensors are the
 * shape's, and the token embedding decodes to weights with the drawn
 * distribution (mean 0, sd 0.02).
 */
static void read_back(const char *path)
{
	struct ggml_context *data = NULL;
	struct gguf_init_params p = {.no_alloc = false, .ctx = &data};
	struct gguf_context *g = gguf_init_from_file(path, p);
	struct ggml_tensor *emb;
	double sum = 0, sum2 = 0;
	float *row;
	int64_t n;

	assert_non_null(g);
	assert_int_equal(gguf_get_n_kv(g), 23);
	assert_int_equal(gguf_get_n_tensors(g), 39);
	assert_int_equal(
		gguf_get_val_u32(g, gguf_find_key(g, "llama.block_count")), 4);
	assert_string_equal(gguf_get_tensor_name(g, 3), "blk.0.attn_k.weight");
	assert_int_equal(gguf_get_tensor_type(g, 3), GGML_TYPE_Q8_0);
	emb = ggml_get_tensor(data, "token_embd.weight");
	assert_non_null(emb);
	n = ggml_nelements(emb);
	row = malloc((size_t)n * sizeof(*row));
	assert_non_null(row);
	ggml_get_type_traits(emb->type)->to_float(emb->data, row, n);
	for (int64_t i = 0; i < n; i++) {
		sum += row[i];
		sum2 += (double)row[i] * row[i];
	}
	assert_float_equal(sum / (double)n, 0, 0.002);
	assert_float_equal(sqrt(sum2 / (double)n), 0.02, 0.002);
	free(row);
	ggml_free(data);
	gguf_free(g);
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
	read_back(a);
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
		cmocka_unit_test(test_encode_decodes_in_ggml),
		cmocka_unit_test(test_row_bytes),
		cmocka_unit_test(test_shape_checks),
		cmocka_unit_test(test_tiny_tensors),
		cmocka_unit_test(test_tool_writes_gguf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
