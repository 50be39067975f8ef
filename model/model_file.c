// SPDX-License-Identifier: GPL-2.0
/*
 * Writing a random-weight llama model with ggml's own GGUF writer and
 * quantisers. Values are drawn from each tensor's distribution one row at
 * a time (memory stays at one row), so a 125M-parameter model needs no
 * more memory than a tiny one.
 */
#include "model_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ggml.h>
#include <gguf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "quant.h"
#include "vocab.h"

/* The llama.* and general.* keys, and the tokenizer's. */
static int set_metadata(struct gguf_context *ctx, const char *name,
			const struct fs_model_shape *s)
{
	gguf_set_val_str(ctx, "general.architecture", "llama");
	gguf_set_val_str(ctx, "general.name", name);
	gguf_set_val_u32(ctx, "general.file_type", fs_model_file_type(s));
	gguf_set_val_u32(ctx, "general.alignment", FS_GGUF_ALIGNMENT);
	gguf_set_val_u32(ctx, "llama.vocab_size", s->vocab);
	gguf_set_val_u32(ctx, "llama.context_length", s->ctx);
	gguf_set_val_u32(ctx, "llama.embedding_length", s->embd);
	gguf_set_val_u32(ctx, "llama.block_count", s->layers);
	gguf_set_val_u32(ctx, "llama.feed_forward_length", s->ff);
	gguf_set_val_u32(ctx, "llama.attention.head_count", s->heads);
	gguf_set_val_u32(ctx, "llama.attention.head_count_kv", s->kv_heads);
	gguf_set_val_u32(ctx, "llama.rope.dimension_count", s->embd / s->heads);
	gguf_set_val_f32(ctx, "llama.rope.freq_base", 10000.0f);
	gguf_set_val_f32(ctx, "llama.attention.layer_norm_rms_epsilon", 1e-5f);
	return fs_vocab_write(ctx, s->vocab);
}

/*
 * The tensor infos: ggml tensors without data (a no_alloc context holds
 * only their headers), handed to gguf, which lays out their offsets; they
 * must be the ones fs_model_tensors_build planned.
 */
static int add_tensors(struct gguf_context *gctx, struct ggml_context *tctx,
		       const struct fs_model_tensors *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		const struct fs_model_tensor *t = &ts->t[i];
		struct ggml_tensor *g =
			t->n_dims == 1
				? ggml_new_tensor_1d(tctx,
						     (enum ggml_type)t->type,
						     (int64_t)t->ne[0])
				: ggml_new_tensor_2d(
					  tctx, (enum ggml_type)t->type,
					  (int64_t)t->ne[0], (int64_t)t->ne[1]);

		ggml_set_name(g, t->name); /* ggml aborts rather than fail */
		gguf_add_tensor(gctx, g);
		if (gguf_get_tensor_offset(gctx, (int64_t)i) != t->offset ||
		    ggml_nbytes(g) != t->bytes)
			return -EINVAL; /* our plan and ggml's layout differ */
	}
	return 0;
}

/* Fill and encode one row at a time, then pad to the alignment. */
static int write_tensor_data(FILE *f, const struct fs_model_tensor *t,
			     gsl_rng *rng)
{
	static const uint8_t zeros[FS_GGUF_ALIGNMENT];
	size_t n = (size_t)t->ne[0];
	size_t row_bytes = fs_tensor_row_bytes(t->type, n), pad;
	float *row = malloc(n * sizeof(*row));
	uint8_t *enc = malloc(row_bytes);
	int err = 0;

	if (!row || !enc) {
		free(row);
		free(enc);
		return -ENOMEM;
	}
	for (uint64_t r = 0; r < t->ne[1] && !err; r++) {
		for (size_t i = 0; i < n; i++)
			row[i] = t->mean +
				 (float)gsl_ran_gaussian_ziggurat(rng, t->sd);
		fs_tensor_encode_row(t->type, row, n, enc);
		if (fwrite(enc, 1, row_bytes, f) != row_bytes)
			err = -EIO;
	}
	pad = fs_gguf_align(t->bytes) - t->bytes;
	if (!err && fwrite(zeros, 1, pad, f) != pad)
		err = -EIO;
	free(row);
	free(enc);
	return err;
}

/*
 * gguf makes the metadata (header, keys, tensor infos, padding); the data
 * follows, streamed row by row so memory stays at one row.
 */
static int write_model(FILE *f, const char *name,
		       const struct fs_model_shape *s,
		       const struct fs_model_tensors *ts, gsl_rng *rng)
{
	struct ggml_init_params params = {
		.mem_size = (ts->n + 1) * ggml_tensor_overhead(),
		.no_alloc = true,
	};
	struct gguf_context *gctx = gguf_init_empty();
	struct ggml_context *tctx = ggml_init(params);
	void *meta = NULL;
	size_t meta_size;
	int err;

	if (!gctx || !tctx) {
		err = -ENOMEM;
		goto out;
	}
	err = set_metadata(gctx, name, s);
	if (!err)
		err = add_tensors(gctx, tctx, ts);
	if (err)
		goto out;
	meta_size = gguf_get_meta_size(gctx);
	meta = malloc(meta_size);
	if (!meta) {
		err = -ENOMEM;
		goto out;
	}
	gguf_get_meta_data(gctx, meta);
	if (fwrite(meta, 1, meta_size, f) != meta_size) {
		err = -EIO;
		goto out;
	}
	for (size_t i = 0; i < ts->n && !err; i++)
		err = write_tensor_data(f, &ts->t[i], rng);
out:
	free(meta);
	if (tctx)
		ggml_free(tctx);
	if (gctx)
		gguf_free(gctx);
	return err;
}

/* Into a temporary file beside path, then renamed over it. */
static int write_atomic(const char *path, const char *name,
			const struct fs_model_shape *s,
			const struct fs_model_tensors *ts, gsl_rng *rng)
{
	size_t len = strlen(path) + sizeof(".tmp.XXXXXX");
	char *tmp = malloc(len);
	mode_t mask = umask(0);
	int err, fd;
	FILE *f;

	umask(mask);
	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, len, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		free(tmp);
		return err;
	}
	f = fdopen(fd, "wb");
	if (!f) {
		err = -errno;
		close(fd);
		goto out_unlink;
	}
	err = write_model(f, name, s, ts, rng);
	if (!err && (fflush(f) || fsync(fd) || fchmod(fd, 0666 & ~mask)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
out_unlink:
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

int fs_model_write(const char *path, const char *name,
		   const struct fs_model_shape *s, unsigned long seed,
		   struct fs_model_written *info)
{
	struct fs_model_tensors ts;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int err;

	if (!rng)
		return -ENOMEM;
	if (fs_model_tensors_build(s, &ts)) {
		gsl_rng_free(rng);
		return -ENOMEM;
	}
	gsl_rng_set(rng, seed);
	err = write_atomic(path, name, s, &ts, rng);
	if (!err && info) {
		info->n_tensors = ts.n;
		info->data_bytes = ts.data_bytes;
	}
	fs_model_tensors_free(&ts);
	gsl_rng_free(rng);
	return err;
}
