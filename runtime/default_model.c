// SPDX-License-Identifier: GPL-2.0
/* The built-in default model (default_model.h). */
#include "default_model.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dirs.h"
#include "model_file.h"
#include "model_spec.h"

/* Part of the file name: bump it when the generator's output changes. */
#define MODEL_FORMAT "v1"
/* Fixed, so that every user's default model is the same file. */
#define MODEL_SEED 1

static int cache_dir(char *dir, size_t len, char *err, size_t errlen)
{
	const char *env = getenv(FS_MODEL_DIR_ENV);
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (env && *env)
		n = snprintf(dir, len, "%s", env);
	else if (xdg && *xdg == '/')
		n = snprintf(dir, len, "%s/flashyspark", xdg);
	else if (home && *home)
		n = snprintf(dir, len, "%s/.cache/flashyspark", home);
	else {
		snprintf(err, errlen,
			 "no folder for the default model: set %s or HOME",
			 FS_MODEL_DIR_ENV);
		return -1;
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "model cache folder name too long");
		return -1;
	}
	return 0;
}

int fs_default_model(const char *preset, char *path, size_t len, bool *made,
		     char *err, size_t errlen)
{
	struct fs_model_shape shape;
	char dir[PATH_MAX], name[64];
	int n, rc;

	*made = false;
	if (fs_model_preset(preset, &shape)) {
		snprintf(err, errlen, "unknown model preset '%s'", preset);
		return -1;
	}
	if (cache_dir(dir, sizeof(dir), err, errlen))
		return -1;
	n = snprintf(path, len, "%s/random-%s-%s.gguf", dir, preset,
		     MODEL_FORMAT);
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "%s: model path too long", dir);
		return -1;
	}
	if (!access(path, R_OK))
		return 0;
	if (fs_mkdir_p(dir)) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(name, sizeof(name), "flashyspark random %s", preset);
	rc = fs_model_write(path, name, &shape, MODEL_SEED, NULL);
	if (rc) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(-rc));
		return -1;
	}
	*made = true;
	return 0;
}

int fs_default_model_use(const char *prog, char *path, size_t len, char *err,
			 size_t errlen)
{
	bool made;

	fprintf(stderr,
		"%s: no --model: using the built-in default model "
		"(random-weight llama, preset %s)\n",
		prog, FS_DEFAULT_MODEL_PRESET);
	if (fs_default_model(FS_DEFAULT_MODEL_PRESET, path, len, &made, err,
			     errlen))
		return -1;
	fprintf(stderr, "%s: %s %s\n", prog, made ? "wrote" : "reusing", path);
	return 0;
}
