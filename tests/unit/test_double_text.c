// SPDX-License-Identifier: GPL-2.0
/*
 * Numbers in the files people read: the shortest text that reads back as
 * the same double, never more digits than it carries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "double_text.h"

static void test_short_values(void **state)
{
	char buf[FS_DOUBLE_TEXT_LEN];

	(void)state;
	assert_string_equal(fs_double_text(buf, 41.265699), "41.265699");
	assert_string_equal(fs_double_text(buf, 0.1), "0.1");
	assert_string_equal(fs_double_text(buf, 600), "600");
	assert_string_equal(fs_double_text(buf, -2.5), "-2.5");
	assert_string_equal(fs_double_text(buf, 1e-300), "1e-300");
}

/* Whatever the value, the text reads back bit for bit (checkpoints). */
static void test_round_trip(void **state)
{
	char buf[FS_DOUBLE_TEXT_LEN];
	double v[] = {1.0 / 3, 3.14159265358979323846, 0.1 + 0.2, 1e308,
		      5e-324,  123456789.125};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		fs_double_text(buf, v[i]);
		assert_true(strtod(buf, NULL) == v[i]);
	}
	assert_string_equal(fs_double_text(buf, 0.1 + 0.2),
			    "0.30000000000000004");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_values),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
