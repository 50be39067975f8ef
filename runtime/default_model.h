/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The built-in default model. A user who gives search or compare neither
 * --model nor --bench-cmd benchmarks a random-weight llama that the
 * project writes itself (nothing to download): the "small" preset, 125M
 * parameters in Q4_0, the shape of a real small model. It is written
 * once into a cache folder and reused, so every run measures the same
 * file.
 */
#ifndef FS_RUNTIME_DEFAULT_MODEL_H
#define FS_RUNTIME_DEFAULT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#define FS_DEFAULT_MODEL_PRESET "small"
/* Overrides the cache folder ($XDG_CACHE_HOME/flashyspark, ~/.cache/...). */
#define FS_MODEL_DIR_ENV "FLASHYSPARK_MODEL_DIR"

/*
 * Put the path of the preset's model file in path, writing the file
 * first if the cache lacks it (*made tells which). 0, or -1 with the
 * reason in err.
 */
int fs_default_model(const char *preset, char *path, size_t len, bool *made,
		     char *err, size_t errlen);

/*
 * fs_default_model of FS_DEFAULT_MODEL_PRESET for a command named prog
 * that got no --model: says so on stderr, and which file it wrote or
 * reuses. 0, or -1 with the reason in err.
 */
int fs_default_model_use(const char *prog, char *path, size_t len, char *err,
			 size_t errlen);

#endif
