/* SPDX-License-Identifier: GPL-2.0 */
/*
 * common/sh_quote: a string as one sh word. The plain case, quotes in
 * it, the empty string at the smallest buffer, an exact fit and one byte
 * short (refused and emptied, never cut), and what sh makes of the
 * result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "sh_quote.h"

static void test_words(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(fs_sh_quote("a b; c", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "'a b; c'");
	assert_int_equal(fs_sh_quote("it's", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "'it'\\''s'");
	assert_int_equal(fs_sh_quote("''", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "''\\'''\\'''");
}

static void test_bounds(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(fs_sh_quote("", buf, 3), 0); /* '' and the NUL */
	assert_string_equal(buf, "''");
	assert_int_equal(fs_sh_quote("", buf, 2), -1);
	/* "abc" takes 'abc' and the NUL: 6 bytes fit, 5 do not */
	assert_int_equal(fs_sh_quote("abc", buf, 6), 0);
	assert_string_equal(buf, "'abc'");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(fs_sh_quote("abc", buf, 5), -1);
	assert_string_equal(buf, "");
	/* a quote needs four bytes, not one */
	assert_int_equal(fs_sh_quote("'", buf, 6), -1);
	assert_int_equal(fs_sh_quote("'", buf, 7), 0);
	assert_string_equal(buf, "''\\'''");
}

/* What sh reads back is the string itself. */
static void test_round_trip(void **state)
{
	const char *s = "a 'b' \"c\" $d `e` \\f";
	char q[128], cmd[200], out[128] = "";
	FILE *p;

	(void)state;
	assert_int_equal(fs_sh_quote(s, q, sizeof(q)), 0);
	snprintf(cmd, sizeof(cmd), "printf %%s %s", q);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(out, sizeof(out), p));
	assert_int_equal(pclose(p), 0);
	assert_string_equal(out, s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
