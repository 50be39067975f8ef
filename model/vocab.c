// SPDX-License-Identifier: GPL-2.0
/* A synthetic SentencePiece-style ("llama") tokenizer (vocab.h). */
#include "vocab.h"

#include <errno.h>
#include <gguf.h>
#include <stdio.h>
#include <stdlib.h>

/* llama.cpp token types. */
enum {
	TOKEN_NORMAL = 1,
	TOKEN_UNKNOWN = 2,
	TOKEN_CONTROL = 3,
	TOKEN_BYTE = 6,
};

#define FIRST_BYTE_TOKEN  3
#define FIRST_PLAIN_TOKEN (FIRST_BYTE_TOKEN + 256)

/* Token i's text into buf (the buffer, or a constant). */
static const char *token_text(uint64_t i, char *buf, size_t len)
{
	if (i == FS_TOKEN_UNK)
		return "<unk>";
	if (i == FS_TOKEN_BOS)
		return "<s>";
	if (i == FS_TOKEN_EOS)
		return "</s>";
	if (i < FIRST_PLAIN_TOKEN)
		snprintf(buf, len, "<0x%02X>",
			 (unsigned int)(i - FIRST_BYTE_TOKEN));
	else /* U+2581, SentencePiece's word-start mark, keeps texts unique */
		snprintf(buf, len, "\xe2\x96\x81t%llu", (unsigned long long)i);
	return buf;
}

/* Like SentencePiece log-probabilities: later tokens are rarer. */
static float token_score(uint64_t i)
{
	return i < FIRST_PLAIN_TOKEN ? 0.0f : -(float)(i - FIRST_PLAIN_TOKEN);
}

static int32_t token_type(uint64_t i)
{
	if (i == FS_TOKEN_UNK)
		return TOKEN_UNKNOWN;
	if (i < FIRST_BYTE_TOKEN)
		return TOKEN_CONTROL;
	return i < FIRST_PLAIN_TOKEN ? TOKEN_BYTE : TOKEN_NORMAL;
}

/* Every token's text is at most this long, NUL included. */
#define TOKEN_LEN 32

int fs_vocab_write(struct gguf_context *ctx, uint32_t n)
{
	char *texts = malloc((size_t)n * TOKEN_LEN);
	const char **ptrs = malloc((size_t)n * sizeof(*ptrs));
	float *scores = malloc((size_t)n * sizeof(*scores));
	int32_t *types = malloc((size_t)n * sizeof(*types));
	int ret = -ENOMEM;

	if (!texts || !ptrs || !scores || !types)
		goto out;
	for (uint32_t i = 0; i < n; i++) {
		char *buf = texts + (size_t)i * TOKEN_LEN;

		ptrs[i] = token_text(i, buf, TOKEN_LEN);
		scores[i] = token_score(i);
		types[i] = token_type(i);
	}
	gguf_set_val_str(ctx, "tokenizer.ggml.model", "llama");
	gguf_set_arr_str(ctx, "tokenizer.ggml.tokens", ptrs, n);
	gguf_set_arr_data(ctx, "tokenizer.ggml.scores", GGUF_TYPE_FLOAT32,
			  scores, n);
	gguf_set_arr_data(ctx, "tokenizer.ggml.token_type", GGUF_TYPE_INT32,
			  types, n);
	gguf_set_val_u32(ctx, "tokenizer.ggml.bos_token_id", FS_TOKEN_BOS);
	gguf_set_val_u32(ctx, "tokenizer.ggml.eos_token_id", FS_TOKEN_EOS);
	gguf_set_val_u32(ctx, "tokenizer.ggml.unknown_token_id", FS_TOKEN_UNK);
	gguf_set_val_bool(ctx, "tokenizer.ggml.add_bos_token", true);
	gguf_set_val_bool(ctx, "tokenizer.ggml.add_eos_token", false);
	ret = 0;
out:
	free(texts);
	free(ptrs);
	free(scores);
	free(types);
	return ret;
}
