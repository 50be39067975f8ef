// SPDX-License-Identifier: GPL-2.0
/*
 * Where `--peer NAME` finds a peer scheduler: a path as given, a bare name
 * in $FLASHYSPARK_PEERS_DIR, else in the newest built version under the
 * peers folder (versions compared as versions; unfinished builds, which
 * start with a dot, ignored); and a clear error naming where it looked.
 */
#include "test_tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "peer_path.h"

struct fixture {
	char root[256];
	char base[300];
};

/* An executable ROOT/REL. */
static void exe(const struct fixture *f, const char *rel)
{
	char path[512];

	assert_int_equal(tree_write(f->root, "#!/bin/sh\n", "%s", rel), 0);
	snprintf(path, sizeof(path), "%s/%s", f->root, rel);
	assert_int_equal(chmod(path, 0755), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || !tree_new(f->root, sizeof(f->root)))
		return -1;
	snprintf(f->base, sizeof(f->base), "%s/peers", f->root);
	exe(f, "peers/7.2.9-1/bin/scx_simple");
	exe(f, "peers/7.2.13-1/bin/scx_simple");
	exe(f, "peers/7.2.9-1/bin/scx_qmap"); /* only in the older one */
	exe(f, "peers/.build-7.9.0-1.abc/bin/scx_simple");
	exe(f, "env/scx_central");
	assert_int_equal(tree_write(f->root, "not executable", "plain"), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tree_remove(f->root);
	free(f);
	return 0;
}

static int resolve(const struct fixture *f, const char *name, const char *env,
		   char *buf, size_t len, char *err, size_t errlen)
{
	return fs_peer_resolve(name, env, f->base, buf, len, err, errlen);
}

static void newest_version_wins(void **state)
{
	const struct fixture *f = *state;
	char buf[512], want[512], err[512];

	assert_int_equal(resolve(f, "scx_simple", NULL, buf, sizeof(buf), err,
				 sizeof(err)),
			 0);
	snprintf(want, sizeof(want), "%s/7.2.13-1/bin/scx_simple", f->base);
	assert_string_equal(buf, want);
	/* Found where it is, even if only an older version has it. */
	assert_int_equal(
		resolve(f, "scx_qmap", "", buf, sizeof(buf), err, sizeof(err)),
		0);
	snprintf(want, sizeof(want), "%s/7.2.9-1/bin/scx_qmap", f->base);
	assert_string_equal(buf, want);
}

static void env_dir_overrides(void **state)
{
	const struct fixture *f = *state;
	char env[300], buf[512], want[512], err[512];

	snprintf(env, sizeof(env), "%s/env", f->root);
	assert_int_equal(resolve(f, "scx_central", env, buf, sizeof(buf), err,
				 sizeof(err)),
			 0);
	snprintf(want, sizeof(want), "%s/scx_central", env);
	assert_string_equal(buf, want);
	/* The folder given is the only place looked at. */
	assert_int_equal(resolve(f, "scx_simple", env, buf, sizeof(buf), err,
				 sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "FLASHYSPARK_PEERS_DIR"));
}

static void paths_and_errors(void **state)
{
	const struct fixture *f = *state;
	char path[512], buf[512], err[512];

	snprintf(path, sizeof(path), "%s/env/scx_central", f->root);
	assert_int_equal(
		resolve(f, path, NULL, buf, sizeof(buf), err, sizeof(err)), 0);
	assert_string_equal(buf, path);
	snprintf(path, sizeof(path), "%s/plain", f->root);
	assert_int_equal(
		resolve(f, path, NULL, buf, sizeof(buf), err, sizeof(err)), -1);
	assert_int_equal(resolve(f, "scx_nothing", NULL, buf, sizeof(buf), err,
				 sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "mkpeers"));
	assert_int_equal(
		resolve(f, "", NULL, buf, sizeof(buf), err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(newest_version_wins, setup,
						teardown),
		cmocka_unit_test_setup_teardown(env_dir_overrides, setup,
						teardown),
		cmocka_unit_test_setup_teardown(paths_and_errors, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
