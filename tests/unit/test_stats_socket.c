// SPDX-License-Identifier: GPL-2.0
/*
 * What a running loader publishes: the snapshot's JSON both ways, the
 * stats socket between two processes (leftover sockets replaced, a live
 * one never stolen), and the Prometheus text its metrics file holds.
 */
#include "test_tree.h"

#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "counters.h"
#include "knobs.h"
#include "openmetrics.h"
#include "stats_snapshot.h"
#include "stats_socket.h"

static void sample(struct fs_stats_snapshot *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->pid = 4242;
	s->uptime_s = 12.5;
	s->sys_util = 512;
	s->knobs[FS_KNOB_tickless] = true;
	s->knobs[FS_KNOB_disable_numa] = true;
	for (i = 0; i < FS_NR_COUNTERS; i++)
		s->counters[i] = 1000u * (uint64_t)i + 7;
	s->counters[FS_CNT_enqueues] = UINT64_MAX - 1; /* no double rounding */
}

static void test_snapshot_round_trip(void **state)
{
	struct fs_stats_snapshot a, b;
	char err[256], *json;

	(void)state;
	sample(&a);
	json = fs_stats_snapshot_json(&a);
	assert_non_null(json);
	assert_null(strchr(json, '\n')); /* one line */
	assert_int_equal(fs_stats_snapshot_parse(json, &b, err, sizeof(err)),
			 0);
	free(json);
	assert_int_equal(b.pid, 4242);
	assert_true(b.uptime_s > 12.49 && b.uptime_s < 12.51);
	assert_int_equal(b.sys_util, 512);
	assert_memory_equal(a.knobs, b.knobs, sizeof(a.knobs));
	assert_memory_equal(a.counters, b.counters, sizeof(a.counters));
}

static void test_snapshot_refuses(void **state)
{
	static const char *const bad[][2] = {
		{"not json", "not a JSON object"},
		{"[1]", "not a JSON object"},
		{"{\"ops\":\"simple\",\"pid\":1}", "served by \"simple\""},
		{"{\"ops\":\"flashyspark\"}", "\"pid\" missing"},
		{"{\"ops\":\"flashyspark\",\"pid\":1,\"uptime_s\":1,"
		 "\"sys_util\":0,\"knobs\":[]}",
		 "\"counters\" missing"},
	};
	struct fs_stats_snapshot s;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(fs_stats_snapshot_parse(bad[i][0], &s, err,
							 sizeof(err)),
				 -1);
		if (!strstr(err, bad[i][1]))
			fail_msg("'%s': got '%s', want '%s'", bad[i][0], err,
				 bad[i][1]);
	}
}

/* A child fetches from @path; the parent serves @text until it is done. */
static void serve_one_fetch(struct fs_stats_server *srv, const char *path,
			    const char *text)
{
	char buf[4096], err[256];
	int status, n;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		n = fs_stats_fetch(path, buf, sizeof(buf), 5000, err,
				   sizeof(err));
		/* The text and the newline that ends an answer. */
		_exit(n == (int)strlen(text) + 1 &&
				      !strncmp(buf, text, strlen(text)) &&
				      buf[n - 1] == '\n'
			      ? 0
			      : 1);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		fs_stats_server_answer(srv, text);
		usleep(1000);
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_socket_serves(void **state)
{
	char path[512], err[256], buf[64];
	struct fs_stats_server *srv;

	snprintf(path, sizeof(path), "%s/run/flashyspark/stats.sock",
		 (char *)*state);
	/* No server yet: a clear error naming the path. */
	assert_int_equal(
		fs_stats_fetch(path, buf, sizeof(buf), 100, err, sizeof(err)),
		-1);
	assert_non_null(strstr(err, path));
	srv = fs_stats_server_open(path, err, sizeof(err)); /* makes run/ */
	assert_non_null(srv);
	assert_false(fs_stats_server_waiting(srv));
	serve_one_fetch(srv, path, "{\"a\":1}");
	/* A second server on a live socket is refused; the first serves on. */
	assert_null(fs_stats_server_open(path, err, sizeof(err)));
	assert_non_null(strstr(err, "another scx_flashyspark"));
	serve_one_fetch(srv, path, "{\"b\":2}");
	fs_stats_server_close(srv);
	assert_int_equal(access(path, F_OK), -1); /* removed */
}

static void test_socket_leftover_replaced(void **state)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)], err[256];
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct fs_stats_server *srv;
	int fd;

	snprintf(path, sizeof(path), "%s/stats.sock", (char *)*state);
	/* A killed loader's socket: bound, nobody listening. */
	memcpy(sa.sun_path, path, sizeof(path));
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	assert_int_equal(access(path, F_OK), 0);
	srv = fs_stats_server_open(path, err, sizeof(err));
	if (!srv)
		fail_msg("leftover not replaced: %s", err);
	serve_one_fetch(srv, path, "{\"c\":3}");
	fs_stats_server_close(srv);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/*
 * The text exposition format's rules: every sample's family was typed
 * before it, a name matches [a-zA-Z_:][a-zA-Z0-9_:]*, a counter's ends in
 * _total, and each sample line is NAME[{labels}] VALUE.
 */
static void check_exposition(const char *text)
{
	regex_t sample_re;
	char typed[256][96], line[512];
	const char *nl;
	const char *p = text;
	int nr_typed = 0, i, nr_samples = 0;

	assert_int_equal(
		regcomp(&sample_re,
			"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-z_]+=\"[a-z_"
			"0-9]+\"\\})? -?[0-9]+(\\.[0-9]+)?$",
			REG_EXTENDED),
		0);
	while (*p) {
		regmatch_t m[2];
		char name[96], type[32];
		int found = 0;

		nl = strchr(p, '\n');
		assert_non_null(nl); /* every line ends */
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
		p = nl + 1;
		if (sscanf(line, "# TYPE %95s %31s", name, type) == 2) {
			assert_true(!strcmp(type, "gauge") ||
				    !strcmp(type, "counter"));
			if (!strcmp(type, "counter"))
				assert_non_null(strstr(name, "_total"));
			assert_true(nr_typed < 256);
			strcpy(typed[nr_typed++], name);
			continue;
		}
		if (line[0] == '#')
			continue;
		if (regexec(&sample_re, line, 2, m, 0))
			fail_msg("not a sample line: '%s'", line);
		snprintf(name, sizeof(name), "%.*s",
			 (int)(m[1].rm_eo - m[1].rm_so), line + m[1].rm_so);
		for (i = 0; i < nr_typed; i++)
			found |= !strcmp(typed[i], name);
		if (!found)
			fail_msg("sample '%s' has no # TYPE before it", line);
		nr_samples++;
	}
	regfree(&sample_re);
	assert_int_equal(nr_samples, 3 + FS_NR_KNOBS + FS_NR_COUNTERS);
}

static void test_openmetrics(void **state)
{
	struct fs_stats_snapshot s;
	char path[512], err[256], want[128], *text;

	sample(&s);
	snprintf(path, sizeof(path), "%s/flashyspark.prom", (char *)*state);
	assert_int_equal(fs_openmetrics_write(path, &s, true, err, sizeof(err)),
			 0);
	text = slurp(path);
	check_exposition(text);
	assert_non_null(strstr(text, "\nflashyspark_up 1\n"));
	assert_non_null(strstr(text, "\nflashyspark_sys_util 0.5000\n"));
	assert_non_null(
		strstr(text, "\nflashyspark_knob{knob=\"tickless\"} 1\n"));
	assert_non_null(
		strstr(text, "\nflashyspark_knob{knob=\"rr_sched\"} 0\n"));
	snprintf(want, sizeof(want), "\nflashyspark_steals_total %llu\n",
		 (unsigned long long)s.counters[FS_CNT_steals]);
	assert_non_null(strstr(text, want));
	free(text);
	/* Down: the same file says so. */
	assert_int_equal(
		fs_openmetrics_write(path, &s, false, err, sizeof(err)), 0);
	text = slurp(path);
	assert_non_null(strstr(text, "\nflashyspark_up 0\n"));
	free(text);
	/* A directory that is not there: an error naming it, nothing left. */
	snprintf(path, sizeof(path), "%s/no/such/dir/x.prom", (char *)*state);
	assert_int_equal(fs_openmetrics_write(path, &s, true, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "no/such/dir"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_round_trip),
		cmocka_unit_test(test_snapshot_refuses),
		cmocka_unit_test_setup_teardown(test_socket_serves, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_socket_leftover_replaced,
						tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_openmetrics, tree_setup,
						tree_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
