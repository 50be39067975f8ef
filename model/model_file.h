/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A whole random-weight model file: the metadata, the tensor infos and the
 * data of a shape, written atomically. Shared by flashyspark-mkmodel and
 * the built-in default model of search and compare.
 */
#ifndef FS_MODEL_MODEL_FILE_H
#define FS_MODEL_MODEL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "model_spec.h"

struct fs_model_written {
	size_t n_tensors;
	uint64_t data_bytes;
};

/*
 * Write a model of shape s (checked with fs_model_shape_check) to path,
 * with name in general.name: into a temporary file beside path, renamed
 * over it once complete, so nobody sees half a model. Same shape and
 * seed, same bytes. info may be NULL. 0, or a negative errno.
 */
int fs_model_write(const char *path, const char *name,
		   const struct fs_model_shape *s, unsigned long seed,
		   struct fs_model_written *info);

#endif
