/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A synthetic SentencePiece-style ("llama") tokenizer: <unk>, <s>, </s>, the
 * 256 byte tokens, then plain tokens. llama-bench feeds random token ids,
 * so only the vocabulary's size and well-formedness matter.
 */
#ifndef FS_MODEL_VOCAB_H
#define FS_MODEL_VOCAB_H

#include <stdint.h>

struct gguf_context;

#define FS_TOKEN_UNK 0
#define FS_TOKEN_BOS 1
#define FS_TOKEN_EOS 2

/*
 * Set the tokenizer.ggml.* keys of @ctx for a vocabulary of n tokens
 * (n >= 259). 0, or -ENOMEM.
 */
int fs_vocab_write(struct gguf_context *ctx, uint32_t n);

#endif
