// SPDX-License-Identifier: GPL-2.0
/* The loader's warnings for workload_pid values, against a fake /proc. */
#include "test_tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "workload_pids.h"

/* fs_workload_pids_warn's text for @cfg over @proc into @buf; its count. */
static int warnings(const struct fs_config *cfg, const char *proc, char *buf,
		    size_t len)
{
	FILE *f = fmemopen(buf, len, "w");
	int n;

	assert_non_null(f);
	n = fs_workload_pids_warn(cfg, proc, f);
	assert_int_equal(fclose(f), 0);
	return n;
}

static void test_warnings(void **state)
{
	static const char *const want =
		"scx_flashyspark: warning: workload_pid 101 is a thread of "
		"process 100: only its process id names the workload\n"
		"scx_flashyspark: warning: workload_pid 4194304: no such "
		"process\n";
	char dir[256], out[1024] = "";
	struct fs_config cfg;

	(void)state;
	assert_non_null(tree_new(dir, sizeof(dir)));
	assert_int_equal(tree_write(dir,
				    "Name:\tllama\nTgid:\t100\nPid:\t100\n",
				    "100/status"),
			 0);
	assert_int_equal(tree_write(dir,
				    "Name:\tllama\nTgid:\t100\nPid:\t101\n",
				    "101/status"),
			 0);
	fs_config_defaults(&cfg);
	assert_int_equal(warnings(&cfg, dir, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	cfg.nr_workload_pid = 3;
	cfg.workload_pid[0] = 100;
	cfg.workload_pid[1] = 101;
	cfg.workload_pid[2] = 4194304;
	assert_int_equal(warnings(&cfg, dir, out, sizeof(out)), 2);
	assert_string_equal(out, want);
	assert_int_equal(tree_remove(dir), 0);
}

/* This test's own process is found in the real /proc. */
static void test_self(void **state)
{
	struct fs_config cfg;
	char out[256] = "";

	(void)state;
	fs_config_defaults(&cfg);
	cfg.nr_workload_pid = 1;
	cfg.workload_pid[0] = (unsigned long)getpid();
	assert_int_equal(warnings(&cfg, "/proc", out, sizeof(out)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
