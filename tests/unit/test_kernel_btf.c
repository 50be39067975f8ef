// SPDX-License-Identifier: GPL-2.0
/*
 * fs_kernel_enum_value against the running kernel's own BTF: an
 * enumerator every BTF kernel has is found with its ABI value, unknown
 * names and types are not, and the sched_ext flag the loader asks for is
 * found exactly when this kernel has sched_ext (then with the value
 * 7.2's include/linux/sched/ext.h gives it, 1 << 6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <unistd.h>

#include "kernel_btf.h"

static bool have_btf(void)
{
	return access("/sys/kernel/btf/vmlinux", R_OK) == 0;
}

static void test_known_enumerator(void **state)
{
	uint64_t v = 99;

	(void)state;
	if (!have_btf())
		skip();
	/* uapi/linux/bpf.h: BPF_PROG_TYPE_UNSPEC, then SOCKET_FILTER = 1. */
	assert_true(fs_kernel_enum_value("bpf_prog_type",
					 "BPF_PROG_TYPE_SOCKET_FILTER", &v));
	assert_int_equal(v, 1);
}

static void test_unknown(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_false(fs_kernel_enum_value("bpf_prog_type",
					  "BPF_PROG_TYPE_NO_SUCH", &v));
	assert_false(fs_kernel_enum_value("no_such_enum_fs",
					  "BPF_PROG_TYPE_SOCKET_FILTER", &v));
	assert_int_equal(v, 7);
}

static void test_sched_ext_flag(void **state)
{
	bool scx = access("/sys/kernel/sched_ext", F_OK) == 0;
	uint64_t v = 0;
	bool found;

	(void)state;
	if (!have_btf())
		skip();
	found = fs_kernel_enum_value("scx_ops_flags",
				     "SCX_OPS_BUILTIN_IDLE_PER_NODE", &v);
	if (scx && found)
		assert_int_equal(v, 1ULL << 6);
	if (!scx)
		assert_false(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_enumerator),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_sched_ext_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
