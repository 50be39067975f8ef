// SPDX-License-Identifier: GPL-2.0
/* CPU-list strings as sysfs and --perf-cores write them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cpulist.h"

#define NR 16

/* The set as a bit mask, for compact comparisons. */
static unsigned long mask_of(const bool *set, int nr)
{
	unsigned long m = 0;
	int c;

	for (c = 0; c < nr; c++)
		if (set[c])
			m |= 1UL << c;
	return m;
}

static void test_good_lists(void **state)
{
	static const struct {
		const char *s;
		int count;
		unsigned long mask;
	} good[] = {
		{"0", 1, 0x1},
		{"15", 1, 0x8000},
		{"0-3", 4, 0xf},
		{"0-3,8", 5, 0x10f},
		{"0-3,8,10-11", 7, 0xd0f},
		{"0-3,8,10-11\n", 7, 0xd0f},
		{"  2-2\n", 1, 0x4},
		{"0,4", 2, 0x11},
		{"0-15", 16, 0xffff},
		{"1-2,2-3", 3, 0xe}, /* overlap counted once */
		{"3,1,3", 2, 0xa},
	};
	bool set[NR];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int n = fs_cpulist_parse(good[i].s, set, NR);

		if (n != good[i].count || mask_of(set, NR) != good[i].mask)
			fail_msg("'%s': got %d cpus, mask %#lx", good[i].s, n,
				 mask_of(set, NR));
	}
}

/* Empty lists (a CPU-less node's cpulist is "\n") are valid and empty. */
static void test_empty(void **state)
{
	bool set[NR];

	(void)state;
	memset(set, 1, sizeof(set));
	assert_int_equal(fs_cpulist_parse("", set, NR), 0);
	assert_int_equal(mask_of(set, NR), 0);
	memset(set, 1, sizeof(set));
	assert_int_equal(fs_cpulist_parse("\n", set, NR), 0);
	assert_int_equal(mask_of(set, NR), 0);
}

static void test_bad_lists(void **state)
{
	static const char *const bad[] = {
		"3-1",	/* reversed range */
		"16",	/* out of range */
		"0-16", /* range end out of range */
		"99999999999999999999999",
		"abc",
		"0-3x",
		"0;1",
		"0,,1",
		",0",
		"-1",
		"1-",
		"0-3,",
		"0, 1",
		"1 2",
		"0-3 ",
		"+1",
		"0x1",
		"1--2",
	};
	bool set[NR];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int n = fs_cpulist_parse(bad[i], set, NR);

		if (n != -1)
			fail_msg("'%s' accepted: %d cpus", bad[i], n);
	}
}

/* The set is cleared first and @nr bounds the highest CPU. */
static void test_clears_and_bounds(void **state)
{
	bool set[NR];

	(void)state;
	memset(set, 1, sizeof(set));
	assert_int_equal(fs_cpulist_parse("5", set, NR), 1);
	assert_int_equal(mask_of(set, NR), 0x20);
	assert_int_equal(fs_cpulist_parse("0-3", set, 4), 4);
	assert_int_equal(fs_cpulist_parse("0-4", set, 4), -1);
	assert_int_equal(fs_cpulist_parse("4", set, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_lists),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bad_lists),
		cmocka_unit_test(test_clears_and_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
