// SPDX-License-Identifier: GPL-2.0
/* The shape of a llama-architecture model (model_spec.h). */
#include "model_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Standard deviation of random weights: keeps activations tame. */
#define WEIGHT_SD 0.02f

static const struct {
	const char *name;
	struct fs_model_shape shape;
} presets[] = {
	/* ~0.5M parameters: a few seconds per llama-bench run in a TCG VM. */
	{"tiny", {1024, 128, 4, 4, 4, 384, 512, FS_TENSOR_Q8_0}},
	/* ~125M parameters, GQA 12:4, Q4_0: a realistic native workload. */
	{"small", {32000, 768, 12, 12, 4, 2048, 2048, FS_TENSOR_Q4_0}},
};

int fs_model_preset(const char *name, struct fs_model_shape *s)
{
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		if (strcmp(name, presets[i].name) == 0) {
			*s = presets[i].shape;
			return 0;
		}
	}
	return -1;
}

/* Upper bounds keep every size computation far from overflow. */
static const struct {
	const char *what;
	size_t field;
	uint32_t min, max;
} limits[] = {
	{"vocabulary", offsetof(struct fs_model_shape, vocab),
	 FS_VOCAB_RESERVED, 1u << 22},
	{"embedding width", offsetof(struct fs_model_shape, embd), 2, 1u << 16},
	{"layers", offsetof(struct fs_model_shape, layers), 1, 1024},
	{"heads", offsetof(struct fs_model_shape, heads), 1, 1024},
	{"kv heads", offsetof(struct fs_model_shape, kv_heads), 1, 1024},
	{"feed-forward", offsetof(struct fs_model_shape, ff), 1, 1u << 18},
	{"context length", offsetof(struct fs_model_shape, ctx), 1, 1u << 24},
};

static uint32_t shape_field(const struct fs_model_shape *s, size_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)s + off, sizeof(v));
	return v;
}

int fs_model_shape_check(const struct fs_model_shape *s, char *err,
			 size_t errlen)
{
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		uint32_t v = shape_field(s, limits[i].field);

		if (v < limits[i].min || v > limits[i].max) {
			snprintf(err, errlen, "%s %u out of range %u..%u",
				 limits[i].what, v, limits[i].min,
				 limits[i].max);
			return -1;
		}
	}
	if (s->embd % s->heads) {
		snprintf(err, errlen,
			 "embedding width %u is not a multiple of heads %u",
			 s->embd, s->heads);
		return -1;
	}
	if ((s->embd / s->heads) % 2) {
		snprintf(err, errlen,
			 "head size %u (width / heads) must be even for RoPE",
			 s->embd / s->heads);
		return -1;
	}
	if (s->kv_heads > s->heads || s->heads % s->kv_heads) {
		snprintf(err, errlen,
			 "heads %u is not a multiple of kv heads %u", s->heads,
			 s->kv_heads);
		return -1;
	}
	size_t block = fs_tensor_type_block(s->type);

	if (s->embd % block || s->ff % block) {
		snprintf(err, errlen,
			 "%s needs width and feed-forward to be multiples of "
			 "%zu",
			 fs_tensor_type_name(s->type), block);
		return -1;
	}
	return 0;
}

uint64_t fs_model_n_params(const struct fs_model_shape *s)
{
	uint64_t e = s->embd, kv = (uint64_t)s->embd / s->heads * s->kv_heads;
	uint64_t per_layer = 2 * e + 2 * e * e + 2 * e * kv + 3 * e * s->ff;

	return 2 * (uint64_t)s->vocab * e + e + s->layers * per_layer;
}

uint32_t fs_model_file_type(const struct fs_model_shape *s)
{
	switch (s->type) {
	case FS_TENSOR_F32:
		return 0;
	case FS_TENSOR_F16:
		return 1;
	case FS_TENSOR_Q4_0:
		return 2;
	case FS_TENSOR_Q8_0:
		return 7;
	}
	return 0;
}

static void add(struct fs_model_tensors *ts, const char *name, uint64_t ne0,
		uint64_t ne1, enum fs_tensor_type type)
{
	struct fs_model_tensor *t = &ts->t[ts->n++];

	snprintf(t->name, sizeof(t->name), "%s", name);
	t->n_dims = ne1 ? 2 : 1;
	t->ne[0] = ne0;
	t->ne[1] = ne1 ? ne1 : 1;
	t->type = type;
	t->offset = ts->data_bytes;
	t->bytes = fs_tensor_row_bytes(type, ne0) * t->ne[1];
	/* Norm weights sit near 1 like a trained model's; matrices near 0. */
	t->mean = ne1 ? 0.0f : 1.0f;
	t->sd = WEIGHT_SD;
	ts->data_bytes += fs_gguf_align(t->bytes);
}

static void add_block(struct fs_model_tensors *ts,
		      const struct fs_model_shape *s, uint32_t i)
{
	uint64_t e = s->embd, kv = (uint64_t)s->embd / s->heads * s->kv_heads;
	static const char *const names[] = {
		"attn_norm", "attn_q",	 "attn_k", "attn_v",   "attn_output",
		"ffn_norm",  "ffn_gate", "ffn_up", "ffn_down",
	};
	const uint64_t dims[][2] = {
		{e, 0}, {e, e},	    {e, kv},	{e, kv},    {e, e},
		{e, 0}, {e, s->ff}, {e, s->ff}, {s->ff, e},
	};
	char name[48];

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		snprintf(name, sizeof(name), "blk.%u.%s.weight", i, names[k]);
		add(ts, name, dims[k][0], dims[k][1],
		    dims[k][1] ? s->type : FS_TENSOR_F32);
	}
}

int fs_model_tensors_build(const struct fs_model_shape *s,
			   struct fs_model_tensors *out)
{
	memset(out, 0, sizeof(*out));
	out->t = calloc(3 + 9 * (size_t)s->layers, sizeof(*out->t));
	if (!out->t)
		return -1;
	add(out, "token_embd.weight", s->embd, s->vocab, s->type);
	for (uint32_t i = 0; i < s->layers; i++)
		add_block(out, s, i);
	add(out, "output_norm.weight", s->embd, 0, FS_TENSOR_F32);
	add(out, "output.weight", s->embd, s->vocab, s->type);
	return 0;
}

void fs_model_tensors_free(struct fs_model_tensors *ts)
{
	free(ts->t);
	memset(ts, 0, sizeof(*ts));
}
