// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in default model's cache (with the tiny preset, so the tests
 * write 1 MiB, not the 70 MiB of the default "small"): the first call
 * writes a GGUF file into a folder it creates, later calls reuse it
 * untouched, the bytes depend on nothing but the preset, the folder
 * follows FLASHYSPARK_MODEL_DIR, XDG_CACHE_HOME, then HOME, and failures
 * say why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "default_model.h"
#include "test_data.h"

struct ctx {
	char dir[64];
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	snprintf(c->dir, sizeof(c->dir), "/tmp/fs-default-model-XXXXXX");
	if (!mkdtemp(c->dir))
		return -1;
	unsetenv(FS_MODEL_DIR_ENV);
	unsetenv("XDG_CACHE_HOME");
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c->dir);
	free(c);
	return system(cmd) ? -1 : 0;
}

static void resolve(const char *preset, char *path, bool *made)
{
	char err[PATH_MAX + 128] = "";

	if (fs_default_model(preset, path, PATH_MAX, made, err, sizeof(err)))
		fail_msg("fs_default_model(%s): %s", preset, err);
}

static void writes_then_reuses(void **state)
{
	struct ctx *c = *state;
	char path[PATH_MAX], again[PATH_MAX], want[PATH_MAX];
	struct stat st1, st2;
	size_t len;
	char *data;
	bool made;

	/* Two levels that do not exist yet. */
	snprintf(want, sizeof(want), "%s/a/b", c->dir);
	setenv(FS_MODEL_DIR_ENV, want, 1);
	resolve("tiny", path, &made);
	assert_true(made);
	snprintf(want, sizeof(want), "%s/a/b/random-tiny-v1.gguf", c->dir);
	assert_string_equal(path, want);
	data = test_file_read(path, &len);
	assert_non_null(data);
	assert_true(len > 1 << 20); /* 1.1M parameters in Q8_0 */
	assert_memory_equal(data, "GGUF", 4);
	free(data);
	assert_int_equal(stat(path, &st1), 0);

	resolve("tiny", again, &made);
	assert_false(made);
	assert_string_equal(again, path);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(st1.st_mtim.tv_sec, st2.st_mtim.tv_sec);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
}

/* Every user's default model is the same file. */
static void same_bytes(void **state)
{
	struct ctx *c = *state;
	char p1[PATH_MAX], p2[PATH_MAX], dir[PATH_MAX];
	size_t n1, n2;
	char *d1, *d2;
	bool made;

	snprintf(dir, sizeof(dir), "%s/one", c->dir);
	setenv(FS_MODEL_DIR_ENV, dir, 1);
	resolve("tiny", p1, &made);
	snprintf(dir, sizeof(dir), "%s/two", c->dir);
	setenv(FS_MODEL_DIR_ENV, dir, 1);
	resolve("tiny", p2, &made);
	assert_true(made);
	d1 = test_file_read(p1, &n1);
	d2 = test_file_read(p2, &n2);
	assert_non_null(d1);
	assert_non_null(d2);
	assert_int_equal(n1, n2);
	assert_memory_equal(d1, d2, n1);
	free(d1);
	free(d2);
}

static void cache_folders(void **state)
{
	struct ctx *c = *state;
	char path[PATH_MAX], want[PATH_MAX], env[PATH_MAX];
	const char *home = getenv("HOME");
	char *saved_home = home ? strdup(home) : NULL;
	bool made;

	snprintf(env, sizeof(env), "%s/xdg", c->dir);
	setenv("XDG_CACHE_HOME", env, 1);
	resolve("tiny", path, &made);
	snprintf(want, sizeof(want), "%s/xdg/flashyspark/random-tiny-v1.gguf",
		 c->dir);
	assert_string_equal(path, want);

	/* A relative XDG_CACHE_HOME is invalid: HOME's .cache instead. */
	setenv("XDG_CACHE_HOME", "relative", 1);
	snprintf(env, sizeof(env), "%s/home", c->dir);
	setenv("HOME", env, 1);
	resolve("tiny", path, &made);
	snprintf(want, sizeof(want),
		 "%s/home/.cache/flashyspark/random-tiny-v1.gguf", c->dir);
	assert_string_equal(path, want);
	if (saved_home)
		setenv("HOME", saved_home, 1);
	free(saved_home);
}

static void failures_say_why(void **state)
{
	char path[PATH_MAX], err[PATH_MAX + 128];
	bool made;

	(void)state;
	assert_int_equal(fs_default_model("huge", path, sizeof(path), &made,
					  err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "unknown model preset 'huge'"));
	/* /proc takes no new folders, even from root. */
	setenv(FS_MODEL_DIR_ENV, "/proc/fs-no-such/models", 1);
	assert_int_equal(fs_default_model("tiny", path, sizeof(path), &made,
					  err, sizeof(err)),
			 -1);
	assert_false(made);
	assert_non_null(strstr(err, "/proc/fs-no-such/models: "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(writes_then_reuses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(same_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(cache_folders, setup, teardown),
		cmocka_unit_test_setup_teardown(failures_say_why, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
