/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runtime/quiet: reading /proc/stat's CPU times, and the wait for a quiet
 * window against stand-in sources: a stat file that stands still (quiet
 * at once), a source busier at every reading (the limit), a stop
 * descriptor that fires, and a file that cannot be read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "quiet.h"

static char dir[64], path[128];

static void write_stat(const char *p, unsigned long long busy,
		       unsigned long long idle)
{
	char tmp[160];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	f = fopen(tmp, "w");
	assert_non_null(f);
	/* user nice system idle iowait irq softirq steal */
	fprintf(f, "cpu  %llu 0 %llu %llu 3 0 0 0\ncpu0 1 2 3 4 5 6 7 8\n",
		busy / 2, busy - busy / 2, idle);
	fclose(f);
	assert_int_equal(rename(tmp, p), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fs-quiet-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/stat", dir);
	return 0;
}

static int teardown(void **state)
{
	char tmp[160];

	(void)state;
	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	rmdir(dir);
	return 0;
}

static void test_read(void **state)
{
	struct fs_cpu_times t;
	FILE *f;

	(void)state;
	write_stat(path, 15, 100);
	assert_int_equal(fs_cpu_times_read(path, &t), 0);
	assert_int_equal(t.busy, 15);	/* all but idle and iowait */
	assert_int_equal(t.total, 118); /* + idle 100 + iowait 3 */
	f = fopen(path, "w");
	fputs("cpu0 1 2 3 4\n", f);
	fclose(f);
	assert_int_equal(fs_cpu_times_read(path, &t), -1);
	assert_int_equal(fs_cpu_times_read("/nonexistent/stat", &t), -1);
}

static void test_still_file_is_quiet(void **state)
{
	int waited = -1;

	(void)state;
	write_stat(path, 50, 50);
	assert_int_equal(fs_wait_quiet(path, 0.1, 20, 1000, -1, &waited),
			 FS_QUIET_REACHED);
	assert_int_equal(waited, 20);
}

/*
 * A source 90% busy at every reading: 10 busy ticks and 1 idle one more
 * each time it is read. (A child rewriting a stand-in file every 2 ms
 * stalled past a 20 ms window on a loaded host, and the file that stood
 * still read as quiet.)
 */
static int busy_source(void *ctx, struct fs_cpu_times *t)
{
	struct fs_cpu_times *now = ctx;

	now->busy += 10;
	now->total += 11;
	*t = *now;
	return 0;
}

static void test_busy_hits_the_limit(void **state)
{
	struct fs_cpu_times now = {.busy = 100, .total = 200};
	int waited = 0;

	(void)state;
	assert_int_equal(fs_wait_quiet_from(busy_source, &now, 0.1, 20, 100, -1,
					    &waited),
			 FS_QUIET_LIMIT);
	assert_true(waited >= 100);
	/* the same load is quiet enough under a 95% bar */
	assert_int_equal(fs_wait_quiet_from(busy_source, &now, 0.95, 20, 100,
					    -1, &waited),
			 FS_QUIET_REACHED);
	assert_int_equal(waited, 20);
}

static void test_stop_fd(void **state)
{
	int p[2], waited = -1;

	(void)state;
	write_stat(path, 50, 50);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(fs_wait_quiet(path, 0.1, 20, 1000, p[0], &waited),
			 FS_QUIET_STOPPED);
	assert_int_equal(waited, 0);
	close(p[0]);
	close(p[1]);
}

static void test_unreadable(void **state)
{
	int waited = -1;

	(void)state;
	assert_int_equal(
		fs_wait_quiet("/nonexistent/stat", 0.1, 20, 1000, -1, &waited),
		FS_QUIET_UNKNOWN);
	assert_int_equal(waited, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_still_file_is_quiet),
		cmocka_unit_test(test_busy_hits_the_limit),
		cmocka_unit_test(test_stop_fd),
		cmocka_unit_test(test_unreadable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
