// SPDX-License-Identifier: GPL-2.0
/*
 * Reading scx_flashyspark's JSON events back: which lines are events, what
 * a final event yields, and the exit reason said from it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "loader_report.h"

static bool take(struct fs_loader_report *r, const char *line)
{
	return fs_loader_report_line(r, line, strlen(line));
}

static void test_ready_and_other_lines(void **state)
{
	struct fs_loader_report r = {0};
	char buf[256];

	(void)state;
	assert_false(take(&r, "ready"));
	assert_false(take(&r, "{not json"));
	assert_false(take(&r, "{\"no_event\":1}"));
	assert_false(take(&r, "{\"event\":3}"));
	assert_false(take(&r, ""));
	assert_false(r.ready);
	assert_true(take(&r, "{\"event\":\"interval\",\"counters\":{}}"));
	assert_false(r.ready);
	assert_true(take(&r, "{\"event\":\"cpuperf\",\"targets\":[1024,12]}"));
	assert_false(r.ready);
	assert_true(take(&r, "{\"event\":\"ready\",\"ops\":\"flashyspark\"}"));
	assert_true(r.ready);
	assert_false(r.have_final);
	assert_false(fs_loader_report_reason(&r, buf, sizeof(buf)));
}

static void test_final_with_exit(void **state)
{
	struct fs_loader_report r = {0};
	char buf[256];

	(void)state;
	assert_true(take(&r, "{\"event\":\"final\",\"t_s\":2,\"counters\":"
			     "{\"nr_enqueues\":5},\"exit\":{\"kind\":"
			     "\"ERROR_STALL\",\"kind_code\":1026,"
			     "\"exit_code\":-1,\"reason\":\"runnable task "
			     "stall\",\"message\":\"t[7] stuck for 5 s\"},"
			     "\"error\":null}"));
	assert_true(r.have_final);
	assert_true(r.have_exit);
	assert_string_equal(r.counters, "{\"nr_enqueues\":5}");
	assert_string_equal(r.exit_kind, "ERROR_STALL");
	assert_int_equal(r.exit_kind_code, 1026);
	assert_int_equal(r.exit_code, -1);
	assert_true(fs_loader_report_reason(&r, buf, sizeof(buf)));
	assert_string_equal(buf, "scheduler exited: ERROR_STALL (1026): "
				 "runnable task stall; t[7] stuck for 5 s");
}

static void test_final_with_error(void **state)
{
	struct fs_loader_report r = {0};
	char buf[256];

	(void)state;
	assert_true(take(&r, "{\"event\":\"final\",\"counters\":null,"
			     "\"exit\":null,\"error\":\"loading the BPF "
			     "scheduler failed: Invalid argument\"}"));
	assert_true(r.have_final);
	assert_false(r.have_exit);
	assert_string_equal(r.counters, "");
	assert_true(fs_loader_report_reason(&r, buf, sizeof(buf)));
	assert_string_equal(
		buf, "loading the BPF scheduler failed: Invalid argument");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ready_and_other_lines),
		cmocka_unit_test(test_final_with_exit),
		cmocka_unit_test(test_final_with_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
