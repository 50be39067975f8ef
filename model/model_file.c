// SPDX-License-Identifier: GPL-2.0
/*
 * Writing a random-weight llama model. Values are drawn from each
 * tensor's distribution one row at a time (memory stays at one row), so
 * a 125M-parameter model needs no more memory than a tiny one.
 */
#include "model_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "gguf_writer.h"
#include "quant.h"
#include "vocab.h"

static void write_metadata(struct fs_gguf_writer *w, const char *name,
			   const struct fs_model_shape *s)
{
	fs_gguf_kv_str(w, "general.architecture", "llama");
	fs_gguf_kv_str(w, "general.name", name);
	fs_gguf_kv_u32(w, "general.file_type", fs_model_file_type(s));
	fs_gguf_kv_u32(w, "general.alignment", FS_GGUF_ALIGNMENT);
	fs_gguf_kv_u32(w, "llama.vocab_size", s->vocab);
	fs_gguf_kv_u32(w, "llama.context_length", s->ctx);
	fs_gguf_kv_u32(w, "llama.embedding_length", s->embd);
	fs_gguf_kv_u32(w, "llama.block_count", s->layers);
	fs_gguf_kv_u32(w, "llama.feed_forward_length", s->ff);
	fs_gguf_kv_u32(w, "llama.attention.head_count", s->heads);
	fs_gguf_kv_u32(w, "llama.attention.head_count_kv", s->kv_heads);
	fs_gguf_kv_u32(w, "llama.rope.dimension_count", s->embd / s->heads);
	fs_gguf_kv_f32(w, "llama.rope.freq_base", 10000.0f);
	fs_gguf_kv_f32(w, "llama.attention.layer_norm_rms_epsilon", 1e-5f);
	fs_vocab_write(w, s->vocab);
}

/* Fill and encode one row at a time. */
static int write_tensor_data(struct fs_gguf_writer *w,
			     const struct fs_model_tensor *t, gsl_rng *rng)
{
	size_t n = (size_t)t->ne[0];
	size_t row_bytes = fs_tensor_row_bytes(t->type, n);
	float *row = malloc(n * sizeof(*row));
	uint8_t *enc = malloc(row_bytes);

	if (!row || !enc) {
		free(row);
		free(enc);
		return -ENOMEM;
	}
	for (uint64_t r = 0; r < t->ne[1] && !w->err; r++) {
		for (size_t i = 0; i < n; i++)
			row[i] = t->mean +
				 (float)gsl_ran_gaussian_ziggurat(rng, t->sd);
		fs_tensor_encode_row(t->type, row, n, enc);
		fs_gguf_bytes(w, enc, row_bytes);
	}
	free(row);
	free(enc);
	fs_gguf_pad(w);
	return -w->err;
}

static int write_model(FILE *f, const char *name,
		       const struct fs_model_shape *s,
		       const struct fs_model_tensors *ts, gsl_rng *rng)
{
	struct fs_gguf_writer w;

	/* Count the keys first: the header holds their number. */
	fs_gguf_writer_init(&w, NULL);
	write_metadata(&w, name, s);
	uint64_t n_kv = w.n_kv;

	fs_gguf_writer_init(&w, f);
	fs_gguf_header(&w, ts->n, n_kv);
	write_metadata(&w, name, s);
	for (size_t i = 0; i < ts->n; i++)
		fs_gguf_tensor_info(&w, ts->t[i].name, ts->t[i].n_dims,
				    ts->t[i].ne, ts->t[i].type,
				    ts->t[i].offset);
	fs_gguf_pad(&w);
	for (size_t i = 0; i < ts->n && !w.err; i++) {
		int err = write_tensor_data(&w, &ts->t[i], rng);

		if (err)
			return err;
	}
	return -w.err;
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
