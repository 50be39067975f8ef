// SPDX-License-Identifier: GPL-2.0
/* A synthetic SentencePiece-style ("llama") tokenizer (vocab.h). */
#include "vocab.h"

#include <stdio.h>

/* llama.cpp token types. */
enum {
	TOKEN_NORMAL = 1,
	TOKEN_UNKNOWN = 2,
	TOKEN_CONTROL = 3,
	TOKEN_BYTE = 6,
};

#define FIRST_BYTE_TOKEN  3
#define FIRST_PLAIN_TOKEN (FIRST_BYTE_TOKEN + 256)

/* Room for one token's text, reused for each call. */
struct token_text {
	char buf[32];
};

static const char *token_text(uint64_t i, void *arg)
{
	struct token_text *t = arg;

	if (i == FS_TOKEN_UNK)
		return "<unk>";
	if (i == FS_TOKEN_BOS)
		return "<s>";
	if (i == FS_TOKEN_EOS)
		return "</s>";
	if (i < FIRST_PLAIN_TOKEN)
		snprintf(t->buf, sizeof(t->buf), "<0x%02X>",
			 (unsigned int)(i - FIRST_BYTE_TOKEN));
	else /* U+2581, SentencePiece's word-start mark, keeps texts unique */
		snprintf(t->buf, sizeof(t->buf), "\xe2\x96\x81t%llu",
			 (unsigned long long)i);
	return t->buf;
}

/* Like SentencePiece log-probabilities: later tokens are rarer. */
static float token_score(uint64_t i, void *arg)
{
	(void)arg;
	return i < FIRST_PLAIN_TOKEN ? 0.0f : -(float)(i - FIRST_PLAIN_TOKEN);
}

static int32_t token_type(uint64_t i, void *arg)
{
	(void)arg;
	if (i == FS_TOKEN_UNK)
		return TOKEN_UNKNOWN;
	if (i < FIRST_BYTE_TOKEN)
		return TOKEN_CONTROL;
	return i < FIRST_PLAIN_TOKEN ? TOKEN_BYTE : TOKEN_NORMAL;
}

void fs_vocab_write(struct fs_gguf_writer *w, uint32_t n)
{
	struct token_text text;

	fs_gguf_kv_str(w, "tokenizer.ggml.model", "llama");
	fs_gguf_kv_str_array(w, "tokenizer.ggml.tokens", n, token_text, &text);
	fs_gguf_kv_f32_array(w, "tokenizer.ggml.scores", n, token_score, NULL);
	fs_gguf_kv_i32_array(w, "tokenizer.ggml.token_type", n, token_type,
			     NULL);
	fs_gguf_kv_u32(w, "tokenizer.ggml.bos_token_id", FS_TOKEN_BOS);
	fs_gguf_kv_u32(w, "tokenizer.ggml.eos_token_id", FS_TOKEN_EOS);
	fs_gguf_kv_u32(w, "tokenizer.ggml.unknown_token_id", FS_TOKEN_UNK);
	fs_gguf_kv_bool(w, "tokenizer.ggml.add_bos_token", true);
	fs_gguf_kv_bool(w, "tokenizer.ggml.add_eos_token", false);
}
