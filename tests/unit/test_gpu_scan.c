// SPDX-License-Identifier: GPL-2.0
/* Finding GPU tasks in a fake /proc: device fds and runtime mappings. */
#include "test_tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gpu_scan.h"

static const char *const cuda_maps =
	"5581a000-5581b000 r--p 00000000 fd:01 1234 /usr/bin/llama-bench\n"
	"7f0000000000-7f0000100000 r-xp 00000000 fd:01 99 "
	"/usr/lib/x86_64-linux-gnu/libcuda.so.565.57.01\n";
static const char *const plain_maps =
	"5581a000-5581b000 r--p 00000000 fd:01 1234 /usr/bin/bash\n"
	"7f0000000000-7f0000100000 r-xp 00000000 fd:01 98 "
	"/usr/lib/x86_64-linux-gnu/libc.so.6\n";

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void test_device_paths(void **state)
{
	static const char *const gpu[] = {
		"/dev/nvidia0",	       "/dev/nvidiactl", "/dev/nvidia-uvm",
		"/dev/dri/renderD128", "/dev/dri/card0", "/dev/kfd",
		"/dev/accel/accel0",
	};
	static const char *const other[] = {
		"/dev/null",	    "/dev/kfd0",
		"/dev/dri",	    "/dev/accel",
		"/dev/pts/0",	    "socket:[1234]",
		"pipe:[99]",	    "",
		"/tmp/dev/nvidia0", "anon_inode:[eventfd]",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(gpu) / sizeof(gpu[0]); i++)
		if (!fs_gpu_device_path(gpu[i]))
			fail_msg("%s not taken for a GPU", gpu[i]);
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (fs_gpu_device_path(other[i]))
			fail_msg("%s taken for a GPU", other[i]);
}

static void test_runtime_maps(void **state)
{
	static const char *const gpu[] = {
		"7f00-7f01 r-xp 00000000 fd:01 9 /usr/lib/libcuda.so.1",
		"7f00-7f01 r-xp 00000000 fd:01 9 "
		"/opt/cuda/lib64/libcudart.so.12",
		"7f00-7f01 r-xp 00000000 fd:01 9 /build/bin/libggml-cuda.so",
		"7f00-7f01 r-xp 00000000 fd:01 9 /build/bin/libggml-hip.so",
		"7f00-7f01 r-xp 00000000 fd:01 9 /build/bin/libggml-vulkan.so",
		"7f00-7f01 r-xp 00000000 fd:01 9 "
		"/opt/rocm/lib/libamdhip64.so.6",
		"7f00-7f01 r-xp 00000000 fd:01 9 "
		"/opt/rocm/lib/libhsa-runtime64.so.1",
		"7f00-7f01 r-xp 00000000 fd:01 9 /usr/lib/libnvidia-ml.so.1",
		"7f00-7f01 r-xp 00000000 fd:01 9 /usr/lib/libvulkan.so.1\n",
	};
	static const char *const other[] = {
		"7f00-7f01 r-xp 00000000 fd:01 9 /usr/lib/libc.so.6",
		"7f00-7f01 r-xp 00000000 fd:01 9 /build/bin/libggml-cpu.so",
		"7f00-7f01 r-xp 00000000 fd:01 9 /build/bin/libggml-base.so",
		"7f00-7f01 rw-p 00000000 00:00 0 [heap]",
		"7f00-7f01 r-xp 00000000 fd:01 9 /usr/lib/mylibcuda.so",
		"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(gpu) / sizeof(gpu[0]); i++)
		if (!fs_gpu_runtime_map(gpu[i]))
			fail_msg("'%s' not taken for a GPU runtime", gpu[i]);
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (fs_gpu_runtime_map(other[i]))
			fail_msg("'%s' taken for a GPU runtime", other[i]);
}

/*
 * A proc tree with GPU holders by device fd (nvidia, dri, kfd, accel) and
 * by mapping, plus processes and directories that must not count.
 */
static void build_proc(const char *root)
{
	/* by device fds (links dangle here; only their text matters) */
	assert_int_equal(tree_symlink(root, "/dev/null", "101/fd/0"), 0);
	assert_int_equal(tree_symlink(root, "/dev/nvidia0", "101/fd/7"), 0);
	assert_int_equal(tree_write(root, plain_maps, "101/maps"), 0);
	assert_int_equal(tree_symlink(root, "/dev/dri/renderD128", "202/fd/3"),
			 0);
	assert_int_equal(tree_symlink(root, "/dev/kfd", "303/fd/12"), 0);
	assert_int_equal(tree_symlink(root, "/dev/accel/accel0", "404/fd/5"),
			 0);
	/* by a mapped runtime, with no device fd */
	assert_int_equal(tree_symlink(root, "/dev/null", "505/fd/0"), 0);
	assert_int_equal(tree_write(root, cuda_maps, "505/maps"), 0);
	/* maps only, fd directory missing (another user's process) */
	assert_int_equal(tree_write(root, cuda_maps, "606/maps"), 0);
	/* not GPU tasks */
	assert_int_equal(tree_symlink(root, "/dev/null", "707/fd/0"), 0);
	assert_int_equal(tree_symlink(root, "socket:[42]", "707/fd/1"), 0);
	assert_int_equal(tree_write(root, plain_maps, "707/maps"), 0);
	assert_int_equal(tree_write(root, "", "808/maps"), 0);
	assert_int_equal(tree_symlink(root, "/dev/null", "909/fd/0"), 0);
	/* non-numeric entries, even GPU-looking ones, are not processes */
	assert_int_equal(tree_symlink(root, "/dev/nvidia0", "self/fd/3"), 0);
	assert_int_equal(tree_write(root, cuda_maps, "self/maps"), 0);
	assert_int_equal(tree_write(root, cuda_maps, "sys/maps"), 0);
	assert_int_equal(tree_write(root, "", "cpuinfo"), 0);
}

static void test_scan_finds_gpu_tgids(void **state)
{
	const char *root = *state;
	const int want[] = {101, 202, 303, 404, 505, 606};
	int tgids[16], n, i;

	build_proc(root);
	memset(tgids, 0, sizeof(tgids));
	n = fs_gpu_scan(root, tgids, 16);
	assert_int_equal(n, 6);
	qsort(tgids, (size_t)n, sizeof(int), cmp_int);
	for (i = 0; i < n; i++)
		assert_int_equal(tgids[i], want[i]);
}

/* Past @max the count goes on but nothing is written beyond tgids[max). */
static void test_scan_cap(void **state)
{
	const char *root = *state;
	int tgids[8], i;

	build_proc(root);
	for (i = 0; i < 8; i++)
		tgids[i] = -7;
	assert_int_equal(fs_gpu_scan(root, tgids, 2), 6);
	for (i = 0; i < 2; i++)
		assert_true(tgids[i] == 101 || tgids[i] == 202 ||
			    tgids[i] == 303 || tgids[i] == 404 ||
			    tgids[i] == 505 || tgids[i] == 606);
	assert_int_not_equal(tgids[0], tgids[1]);
	for (i = 2; i < 8; i++)
		assert_int_equal(tgids[i], -7);
	tgids[0] = tgids[1] = -7;
	assert_int_equal(fs_gpu_scan(root, tgids, 0), 6);
	assert_int_equal(tgids[0], -7);
}

static void test_scan_empty_and_missing(void **state)
{
	const char *root = *state;
	char missing[512];
	int tgids[4];

	assert_int_equal(fs_gpu_scan(root, tgids, 4), 0);
	assert_int_equal(tree_write(root, plain_maps, "1/maps"), 0);
	assert_int_equal(tree_symlink(root, "/dev/null", "1/fd/0"), 0);
	assert_int_equal(fs_gpu_scan(root, tgids, 4), 0);
	snprintf(missing, sizeof(missing), "%s/nonexistent", root);
	assert_int_equal(fs_gpu_scan(missing, tgids, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_paths),
		cmocka_unit_test(test_runtime_maps),
		cmocka_unit_test_setup_teardown(test_scan_finds_gpu_tgids,
						tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_scan_cap, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_scan_empty_and_missing,
						tree_setup, tree_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
