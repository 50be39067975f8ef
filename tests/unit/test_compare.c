// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark compare without sched_ext: the reports on synthetic
 * measurements (numbers checked against values computed independently
 * with python3/numpy, see test_stats.c), the SVG's well-formedness, the
 * raw JSONL, atomic writes, and fs_cmd_compare end to end with a fake
 * sysfs, a fake loader script and a fake benchmark command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "atomic_file.h"
#include "clock.h"
#include "commands.h"
#include "compare_data.h"
#include "compare_report.h"
#include "compare_run.h"
#include "test_data.h"

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void assert_contains(const char *s, const char *what)
{
	if (!s || !strstr(s, what))
		fail_msg("'%s' does not contain '%s'", s ? s : "(null)", what);
}

/* What a writer produces, as a string the caller frees. */
static char *render(fs_fill_fn fill, const struct fs_compare_data *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fill(f, d), 0);
	fclose(f);
	return buf;
}

static void test_rotation(void **state)
{
	/* A B C, C A B, B C A, then A B C again. */
	static const size_t want[4][3] = {
		{0, 1, 2}, {2, 0, 1}, {1, 2, 0}, {0, 1, 2}};

	(void)state;
	for (int r = 0; r < 4; r++)
		for (size_t s = 0; s < 3; s++)
			assert_int_equal(fs_compare_arm_at(3, r, s),
					 want[r][s]);
	assert_int_equal(fs_compare_arm_at(1, 7, 0), 0);
}

/* Synthetic data: the samples of test_stats.c, tg missing in some runs. */
struct synth {
	struct fs_arm arms[4];
	struct fs_compare_data d;
};

/* @arm measured in @round: pp, tg and the neighbour's CPU share (NaN: none). */
static void add_in_round(struct synth *s, size_t arm, int round, double pp,
			 double tg, double cpus)
{
	struct fs_measurement m = {.arm = arm, .round = round, .ok = true};

	m.seconds = 1;
	m.v[FS_METRIC_PP] = pp;
	m.v[FS_METRIC_TG] = tg;
	m.neighbour_cpus = cpus;
	assert_int_equal(fs_compare_add(&s->d, &m), 0);
}

/* A run in a round of its own, with no neighbour. */
static void add(struct synth *s, size_t arm, double pp, double tg)
{
	add_in_round(s, arm, (int)s->d.n_m + 1, pp, tg, NAN);
}

static void add_failure(struct synth *s, size_t arm, const char *why)
{
	struct fs_measurement m = {.arm = arm, .round = 9};

	m.v[FS_METRIC_PP] = m.v[FS_METRIC_TG] = NAN;
	snprintf(m.error, sizeof(m.error), "%s", why);
	assert_int_equal(fs_compare_add(&s->d, &m), 0);
}

static void synth_init(struct synth *s)
{
	static const double e_pp[] = {100.0, 102.0, 98.0, 101.0, 99.5};
	static const double e_tg[] = {20.0, 20.4, 19.8, NAN, NAN};
	static const double d_pp[] = {99.0, 103.0, 97.0, 102.0, 100.0, 101.5};
	static const double b_pp[] = {105.0, 107.5, 104.0, 106.0, 108.0};
	static const double b_tg[] = {18.1, 18.5, 18.0, NAN, NAN};
	static const char *const ids[] = {"eevdf", "default", "best",
					  "peer-<x&y>"};

	memset(s, 0, sizeof(*s));
	for (size_t a = 0; a < 4; a++) {
		snprintf(s->arms[a].id, sizeof(s->arms[a].id), "%s", ids[a]);
		snprintf(s->arms[a].what, sizeof(s->arms[a].what), "arm %zu",
			 a);
	}
	s->d.arms = s->arms;
	s->d.n_arms = 4;
	s->d.rounds = 6;
	snprintf(s->d.knobset, sizeof(s->d.knobset), "best.yaml");
	snprintf(s->d.knobset_desc, sizeof(s->d.knobset_desc),
		 "tickless; options cpu_busy_thresh=100");
	snprintf(s->d.bench, sizeof(s->d.bench), "llama-bench -m x.gguf");
	for (size_t i = 0; i < N(e_pp); i++)
		add(s, 0, e_pp[i], e_tg[i]);
	for (size_t i = 0; i < N(d_pp); i++)
		add(s, 1, d_pp[i], NAN);
	for (size_t i = 0; i < N(b_pp); i++)
		add(s, 2, b_pp[i], b_tg[i]);
	add_failure(s, 3, "scheduler failed to load: ERROR_STALL (1026)");
}

static void test_markdown_numbers(void **state)
{
	struct synth s;
	char *md;

	(void)state;
	synth_init(&s);
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "| arm | n | mean t/s | 95% CI | ratio vs eevdf |");
	/* pp: means, t-intervals, Fieller's ratio interval, Welch's p. */
	assert_contains(md, "| eevdf | 5 | 100.100 | [98.217, 101.983] | 1 "
			    "| - | - | - |");
	assert_contains(md, "| default | 6 | 100.417 | [98.108, 102.726] | "
			    "1.0032 | [0.9778, 1.0290] | 0.785 | no |");
	assert_contains(md, "| best | 5 | 106.100 | [104.022, 108.178] | "
			    "1.0599 | [1.0363, 1.0841] | 0.000359 | yes |");
	assert_contains(md, "| peer-<x&y> | 0 | - | - | - | - | - | - |");
	/* tg: only the runs that had a tg row count. */
	assert_contains(md, "| eevdf | 3 | 20.067 | [19.308, 20.826] |");
	assert_contains(md, "| best | 3 | 18.200 | [17.543, 18.857] | 0.9070 "
			    "| [0.8769, 0.9382] | 0.00144 | yes |");
	assert_contains(md, "| default | 0 | - |");
	assert_contains(md, "- best, pp: +5.99% vs eevdf (95% CI +3.63% .. "
			    "+8.41%, p = 0.000359): significantly faster.");
	assert_contains(md, "- best, tg: -9.30% vs eevdf");
	assert_contains(md, "significantly slower");
	assert_contains(md, "- default, pp: +0.32% vs eevdf");
	assert_contains(md, "no significant difference");
	/* The failure is said, with its reason, and counted. */
	assert_contains(md, "- peer-<x&y>, pp: no successful measurement.");
	assert_contains(md, "## Failures");
	assert_contains(md, "- round 9, peer-<x&y>: scheduler failed to "
			    "load: ERROR_STALL (1026)");
	assert_contains(md, "| peer-<x&y> | arm 3 | 0 | 1 |");
	/* Every run in a round of its own: the means' ratio, 106.1/100.417,
	 * with Welch/Fieller's interval as the table's ratios get. */
	assert_contains(md, "**Winner (pp): best**, 1.057 [1.030, 1.084] x "
			    "the runner-up default (ratio of the means; "
			    "significant).\n");
	assert_contains(md, "**Winner (tg): eevdf**, 1.103 [1.066, 1.140] x "
			    "the runner-up best (ratio of the means;");
	assert_contains(md, "| knob set | `best.yaml`: tickless; options "
			    "cpu_busy_thresh=100 |");
	free(md);
	fs_compare_data_free(&s.d);
}

static void test_table(void **state)
{
	struct synth s;
	char *t;

	(void)state;
	synth_init(&s);
	t = render(fs_report_table, &s.d);
	assert_contains(t, "pp: prompt processing");
	assert_contains(t, "tg: text generation");
	assert_contains(t, "106.100");
	assert_contains(t, "[1.0363, 1.0841]");
	assert_contains(t, "peer-<x&y>: 1 failed measurement");
	free(t);
	fs_compare_data_free(&s.d);
}

/* The winner line under each table, on data in shared rounds. */

/* eevdf, default and best, no measurement yet. */
static void winner_init(struct synth *s)
{
	synth_init(s);
	s->d.n_m = 0;
	s->d.n_arms = 3;
}

/*
 * pp: best over default in each of 4 rounds (ratios 110/103, 112/104.5,
 * 108/100, 111/104: geometric mean 1.0717, t-interval [1.0625, 1.0811]
 * with 3 degrees); tg: EEVDF wins, over default (1.0551 [1.0449,
 * 1.0653]), so the reference arm can win too.
 */
static void test_winner_clear(void **state)
{
	static const double e_pp[] = {100, 102, 98, 101},
			    d_pp[] = {103, 104.5, 100, 104},
			    b_pp[] = {110, 112, 108, 111},
			    e_tg[] = {20, 20.4, 19.8, 20.2},
			    d_tg[] = {19, 19.2, 18.9, 19.1},
			    b_tg[] = {18, 18.2, 18.1, 18.3};
	struct synth s;
	char *md;

	(void)state;
	winner_init(&s);
	for (int r = 0; r < 4; r++) {
		add_in_round(&s, 0, r + 1, e_pp[r], e_tg[r], NAN);
		add_in_round(&s, 1, r + 1, d_pp[r], d_tg[r], NAN);
		add_in_round(&s, 2, r + 1, b_pp[r], b_tg[r], NAN);
	}
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "\n\n**Winner (pp): best**, 1.072 [1.063, 1.081] "
			    "x the runner-up default (paired by round; "
			    "significant).\n");
	assert_contains(md, "\n\n**Winner (tg): eevdf**, 1.055 [1.045, 1.065] "
			    "x the runner-up default (paired by round; "
			    "significant).\n");
	/* After its own table: pp's line comes before tg's section. */
	assert_true(strstr(md, "**Winner (pp)") < strstr(md, "## tg:"));
	assert_null(strstr(md, "; neighbour CPUs"));
	free(md);
	/* The terminal's table says the same, without the Markdown. */
	md = render(fs_report_table, &s.d);
	assert_contains(md, "\nWinner (pp): best, 1.072 [1.063, 1.081] x the "
			    "runner-up default (paired by round; "
			    "significant).\n");
	assert_true(strstr(md, "Winner (pp)") < strstr(md, "\ntg: "));
	free(md);
	fs_compare_data_free(&s.d);
}

/* best's mean is higher by 0.125 t/s, its paired interval spans 1. */
static void test_winner_tie(void **state)
{
	static const double d_pp[] = {100, 100.5, 100, 99.5},
			    b_pp[] = {101.5, 99, 102, 98};
	struct synth s;
	char *md;

	(void)state;
	winner_init(&s);
	for (int r = 0; r < 4; r++) {
		add_in_round(&s, 0, r + 1, 90, NAN, NAN);
		add_in_round(&s, 1, r + 1, d_pp[r], NAN, NAN);
		add_in_round(&s, 2, r + 1, b_pp[r], NAN, NAN);
	}
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "**Winner (pp): best**, 1.001 [0.972, 1.032] x "
			    "the runner-up default (paired by round; not "
			    "significant).\n");
	assert_null(strstr(md, "**Winner (tg)"));
	free(md);
	fs_compare_data_free(&s.d);
}

/* One round: that round's ratio, 110/105, and no interval. */
static void test_winner_one_round(void **state)
{
	struct synth s;
	char *md;

	(void)state;
	winner_init(&s);
	add_in_round(&s, 0, 1, 100, NAN, NAN);
	add_in_round(&s, 1, 1, 105, NAN, NAN);
	add_in_round(&s, 2, 1, 110, NAN, NAN);
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "**Winner (pp): best**, 1.048 x the runner-up "
			    "default (ratio of the means; no interval).\n");
	free(md);
	fs_compare_data_free(&s.d);
}

/* Equal means: a tie, not a winner picked by arm order. */
static void test_winner_equal_means(void **state)
{
	struct synth s;
	char *md;

	(void)state;
	winner_init(&s);
	for (int r = 1; r <= 2; r++) {
		add_in_round(&s, 0, r, 90, NAN, NAN);
		add_in_round(&s, 1, r, 100, NAN, NAN);
		add_in_round(&s, 2, r, 100, NAN, NAN);
	}
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "\n\n**Tie (pp)**: default and best, 100.000 t/s "
			    "each.\n");
	assert_null(strstr(md, "**Winner (pp)"));
	free(md);
	fs_compare_data_free(&s.d);
}

/*
 * best leads by mean only through a round default has no value in: in
 * the three rounds both ran, default is ahead (100 against 99), and the
 * line says so rather than a bare ratio below 1.
 */
static void test_winner_ahead_by_mean_only(void **state)
{
	struct synth s;
	char *md;

	(void)state;
	winner_init(&s);
	for (int r = 1; r <= 4; r++)
		add_in_round(&s, 0, r, 50, NAN, NAN);
	for (int r = 1; r <= 3; r++) {
		add_in_round(&s, 1, r, 100, NAN, NAN);
		add_in_round(&s, 2, r, 99, NAN, NAN);
	}
	add_in_round(&s, 2, 4, 200, NAN, NAN);
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "**Winner (pp): best**, 0.990");
	assert_contains(md, "x the runner-up default (paired by round; ");
	assert_contains(md, "; in the rounds both ran, the runner-up was "
			    "ahead.\n");
	free(md);
	fs_compare_data_free(&s.d);
}

/* With a neighbour, its CPU share beside the winner and the runner-up. */
static void test_winner_neighbour(void **state)
{
	struct synth s;
	char *md;

	(void)state;
	winner_init(&s);
	for (int r = 1; r <= 2; r++) {
		add_in_round(&s, 0, r, 99 + r, NAN, 1.50);
		add_in_round(&s, 1, r, 103 + r, NAN, 1.46);
		add_in_round(&s, 2, r, 109 + r, NAN, 1.42);
	}
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "**Winner (pp): best**, 1.057 [1.054, 1.061] x "
			    "the runner-up default (paired by round; "
			    "significant); neighbour CPUs 1.42 against "
			    "1.46.\n");
	free(md);
	fs_compare_data_free(&s.d);
}

/* A single arm has no one to beat: no winner line. */
static void test_winner_single_arm(void **state)
{
	struct synth s;
	char *md;

	(void)state;
	winner_init(&s);
	s.d.n_arms = 1;
	add_in_round(&s, 0, 1, 100, 10, NAN);
	add_in_round(&s, 0, 2, 101, 11, NAN);
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "| eevdf | 2 | 100.500 |");
	assert_null(strstr(md, "**Winner"));
	free(md);
	fs_compare_data_free(&s.d);
}

/* Too few runs for an interval: the ratio alone, and no verdict. */
static void test_one_round(void **state)
{
	struct synth s;
	char *md;

	(void)state;
	synth_init(&s);
	s.d.n_m = 0;
	add(&s, 0, 100, 10);
	add(&s, 2, 110, 10);
	md = render(fs_report_markdown, &s.d);
	assert_contains(md, "| eevdf | 1 | 100.000 | - | 1 | - | - | - |");
	assert_contains(md, "| best | 1 | 110.000 | - | 1.1000 | - | - | - |");
	assert_contains(md, "too few runs for an interval");
	free(md);
	fs_compare_data_free(&s.d);
}

/*
 * Well-formed XML by structure: tags nest and close, attribute values
 * are quoted, '&' only starts an entity, '<' only a tag.
 */
static void check_xml(const char *x)
{
	const char *stack[64], *p = x;
	size_t len[64], depth = 0;
	int roots = 0;

	if (!strncmp(p, "<?xml", 5))
		p = strstr(p, "?>") + 2;
	while (*p) {
		if (*p == '&') {
			const char *semi = strchr(p, ';');

			assert_non_null(semi);
			assert_true(!strncmp(p, "&amp;", 5) ||
				    !strncmp(p, "&lt;", 4) ||
				    !strncmp(p, "&gt;", 4) ||
				    !strncmp(p, "&quot;", 6));
			p = semi + 1;
			continue;
		}
		if (*p != '<') {
			assert_true(*p != '>');
			p++;
			continue;
		}
		if (p[1] == '/') {
			size_t n = strcspn(p + 2, ">");

			assert_true(depth > 0);
			depth--;
			if (n != len[depth] || strncmp(p + 2, stack[depth], n))
				fail_msg("</%.*s> closes <%.*s>", (int)n, p + 2,
					 (int)len[depth], stack[depth]);
			p += 2 + n + 1;
			continue;
		}
		/* An opening tag: name, then attributes name="value". */
		{
			const char *name = p + 1, *q;
			size_t n = strcspn(name, " />");
			bool quoted = false;

			assert_true(n > 0 && isalpha((unsigned char)name[0]));
			for (q = name + n; *q && (quoted || *q != '>'); q++) {
				if (*q == '"')
					quoted = !quoted;
				if (quoted)
					assert_true(*q != '<');
				else if (*q == '=')
					assert_true(q[1] == '"');
			}
			assert_int_equal(*q, '>');
			if (q[-1] != '/') {
				assert_true(depth < 64);
				if (!depth)
					roots++;
				stack[depth] = name;
				len[depth++] = n;
			} else if (!depth) {
				roots++;
			}
			p = q + 1;
		}
	}
	assert_int_equal(depth, 0);
	assert_int_equal(roots, 1);
}

static void test_svg(void **state)
{
	struct synth s;
	char *svg;

	(void)state;
	synth_init(&s);
	svg = render(fs_report_svg, &s.d);
	check_xml(svg);
	assert_contains(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
	assert_contains(svg, "pp: prompt processing");
	assert_contains(svg, "tg: text generation");
	assert_contains(svg, ">peer-&lt;x&amp;y&gt;</text>");
	assert_contains(svg, ">no data</text>");
	assert_contains(svg, ">106.10</text>");
	assert_contains(svg, ">+6.0% *</text>");
	/* A whisker per arm with >= 2 runs: three in pp, two in tg. */
	{
		size_t n = 0;

		for (const char *p = svg; (p = strstr(p, "<path ")); p++)
			n++;
		assert_int_equal(n, 5);
	}
	free(svg);
	fs_compare_data_free(&s.d);
}

static void test_svg_empty(void **state)
{
	struct synth s;
	char *svg;

	(void)state;
	synth_init(&s);
	s.d.n_m = 0;
	svg = render(fs_report_svg, &s.d);
	check_xml(svg);
	assert_contains(svg, "no measurements");
	free(svg);
	fs_compare_data_free(&s.d);
}

static void test_jsonl(void **state)
{
	struct synth s;
	char *text, *line, *save = NULL;
	size_t n = 0;

	(void)state;
	synth_init(&s);
	text = render(fs_report_jsonl, &s.d);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++) {
		json_object *o = json_tokener_parse(line), *v;
		const struct fs_measurement *m = &s.d.m[n];

		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "arm", &v));
		assert_string_equal(json_object_get_string(v),
				    s.arms[m->arm].id);
		assert_true(json_object_object_get_ex(o, "pp", &v));
		if (isfinite(m->v[FS_METRIC_PP]))
			assert_true(json_object_get_double(v) ==
				    m->v[FS_METRIC_PP]);
		else
			assert_null(v);
		assert_true(json_object_object_get_ex(o, "tg", &v));
		if (isfinite(m->v[FS_METRIC_TG]))
			assert_true(json_object_get_double(v) ==
				    m->v[FS_METRIC_TG]);
		else
			assert_null(v);
		assert_true(json_object_object_get_ex(o, "ok", &v));
		assert_int_equal(json_object_get_boolean(v), m->ok);
		assert_int_equal(json_object_object_get_ex(o, "error", &v),
				 !m->ok);
		json_object_put(o);
	}
	assert_int_equal(n, s.d.n_m);
	free(text);
	fs_compare_data_free(&s.d);
}

static int fill_ok(FILE *f, const void *arg)
{
	return fputs(arg, f) < 0;
}

static int fill_fail(FILE *f, const void *arg)
{
	fputs(arg, f);
	return -1;
}

static void test_atomic_write(void **state)
{
	char dir[] = "/tmp/fs-atomic-XXXXXX", path[64], err[256], cmd[96];
	char *got;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.md", dir);
	assert_int_equal(
		fs_atomic_write(path, fill_ok, "one\n", err, sizeof(err)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* A failing writer keeps the old file and leaves no temp behind. */
	assert_int_equal(
		fs_atomic_write(path, fill_fail, "two\n", err, sizeof(err)),
		-1);
	assert_contains(err, path);
	got = test_file_read(path, NULL);
	assert_string_equal(got, "one\n");
	free(got);
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) = 1", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/no/such/dir/x", dir);
	assert_int_equal(fs_atomic_write(path, fill_ok, "x", err, sizeof(err)),
			 -1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* End to end: a fake sched_ext, a fake loader, a fake llama-bench. */
struct e2e {
	char dir[64];
	char path[256];
};

static const char *at(struct e2e *t, const char *name)
{
	snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, name);
	return t->path;
}

static void put(struct e2e *t, const char *name, const char *text, mode_t mode)
{
	FILE *f = fopen(at(t, name), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(t->path, mode);
}

static int e2e_setup(void **state)
{
	struct e2e *t = calloc(1, sizeof(*t));
	char text[2048];

	snprintf(t->dir, sizeof(t->dir), "/tmp/fs-compare-XXXXXX");
	if (!t || !mkdtemp(t->dir))
		return -1;
	mkdir(at(t, "sys"), 0755);
	mkdir(at(t, "sys/root"), 0755);
	put(t, "sys/state", "disabled\n", 0644);
	put(t, "sys/root/ops", "\n", 0644);
	/* The loader: fails like the kernel on --rr-sched, else enables. */
	snprintf(text, sizeof(text),
		 "#!/bin/sh\nd=%s/sys\n"
		 "case \" $* \" in *' --rr-sched '*)\n"
		 "  echo 'scx_flashyspark: scheduler exited: ERROR_STALL "
		 "(1026): stall' >&2; exit 2;;\nesac\n"
		 "trap 'echo disabled >$d/state; exit 0' INT TERM\n"
		 "echo enabled >$d/state; echo flashyspark >$d/root/ops\n"
		 "echo '{\"event\":\"ready\"}'\nwhile :; do sleep 0.05; done\n",
		 t->dir);
	put(t, "loader", text, 0755);
	/* The benchmark: pp 10n+0.5, tg n+0.25 for the n-th run. */
	snprintf(text, sizeof(text),
		 "#!/bin/sh\nd=%s\n"
		 "n=$(cat $d/count 2>/dev/null || echo 0); n=$((n + 1))\n"
		 "echo $n >$d/count\n"
		 "echo \"$n:$(cat $d/sys/state):$FLASHYSPARK_FLAGS\" "
		 ">>$d/flags.log\n"
		 "echo '| model | size | params | backend | threads | test | "
		 "t/s |'\n"
		 "echo '| --- | ---: | ---: | --- | ---: | ---: | ---: |'\n"
		 "echo \"| llama | 1 MiB | 1 M | CPU | 2 | pp32 | $((10 * n))"
		 ".50 ± 1.00 |\"\n"
		 "echo \"| llama | 1 MiB | 1 M | CPU | 2 | tg16 | $n.25 ± "
		 "0.50 |\"\n",
		 t->dir);
	put(t, "bench", text, 0755);
	put(t, "best.yaml", "knobs:\n  tickless: true\n  rr_sched: false\n",
	    0644);
	put(t, "bad.yaml", "knobs:\n  tickless: true\n  no_such_knob: true\n",
	    0644);
	put(t, "stall.yaml", "knobs:\n  rr_sched: true\n", 0644);
	*state = t;
	return 0;
}

static int e2e_teardown(void **state)
{
	struct e2e *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	free(t);
	return system(cmd) ? -1 : 0;
}

/*
 * --until-significant CAP after 2 rounds of best.yaml with benchmark
 * @bench; the measurements made, from compare.jsonl.
 */
static int run_until(struct e2e *t, const char *bench_text, const char *cap)
{
	char y[256], bench[256], scx[256], sys[256], out[256], *jsonl, *p;
	char *argv[] = {"compare",
			y,
			"--rounds",
			"2",
			"--until-significant",
			(char *)cap,
			"--bench-cmd",
			bench,
			"--scx",
			scx,
			"--sysfs-dir",
			sys,
			"--out",
			out,
			NULL};
	int n = 0;

	put(t, "until-bench", bench_text, 0755);
	snprintf(bench, sizeof(bench), "%s", at(t, "until-bench"));
	snprintf(y, sizeof(y), "%s", at(t, "best.yaml"));
	snprintf(scx, sizeof(scx), "%s", at(t, "loader"));
	snprintf(sys, sizeof(sys), "%s", at(t, "sys"));
	snprintf(out, sizeof(out), "%s", at(t, "until"));
	unlink(at(t, "count"));
	assert_int_equal(fs_cmd_compare((int)N(argv) - 1, argv), 0);
	jsonl = test_file_read(at(t, "until/compare.jsonl"), NULL);
	assert_non_null(jsonl);
	for (p = jsonl; (p = strstr(p, "\"ok\":true")); p++)
		n++;
	free(jsonl);
	return n;
}

#define TABLE_HEAD                                                            \
	"echo '| model | size | params | backend | threads | test | t/s |'\n" \
	"echo '| --- | ---: | ---: | --- | ---: | ---: | ---: |'\n"

/*
 * --until-significant: best at exactly twice EEVDF is decided after the 2
 * planned rounds (6 runs of 3 arms); every arm alike save a
 * 0 or 2 t/s by the run's parity (ratios 1, 0.83, 0.83, 1, 1.2) is never
 * decided and runs to the cap (5 rounds: 15 runs).
 */
static void test_e2e_until_significant(void **state)
{
	struct e2e *t = *state;
	char text[1024];

	snprintf(text, sizeof(text),
		 "#!/bin/sh\nv=10\n"
		 "case \"$FLASHYSPARK_FLAGS\" in *tickless*) v=20;; "
		 "esac\n" TABLE_HEAD "echo \"| llama | 1 MiB | 1 M | CPU | 2 | "
		 "tg16 | $v.25 ± 0.5 |\"\n");
	assert_int_equal(run_until(t, text, "5"), 6);
	snprintf(text, sizeof(text),
		 "#!/bin/sh\nd=%s\n"
		 "n=$(cat $d/count 2>/dev/null || echo 0); n=$((n + 1))\n"
		 "echo $n >$d/count\nv=$((10 + n %% 2 * 2))\n" TABLE_HEAD
		 "echo \"| llama | 1 MiB | 1 M | CPU | 2 | tg16 | $v.25 ± 0.5 "
		 "|\"\n",
		 t->dir);
	assert_int_equal(run_until(t, text, "5"), 15);
}

static int run_compare(struct e2e *t, const char *yaml, const char *rounds)
{
	char y[256], bench[256], scx[256], sys[256], out[256];
	char *argv[] = {"compare",     y,     "--rounds", (char *)rounds,
			"--bench-cmd", bench, "--scx",	  scx,
			"--sysfs-dir", sys,   "--out",	  out,
			NULL};

	snprintf(y, sizeof(y), "%s", at(t, yaml));
	snprintf(bench, sizeof(bench), "%s", at(t, "bench"));
	snprintf(scx, sizeof(scx), "%s", at(t, "loader"));
	snprintf(sys, sizeof(sys), "%s", at(t, "sys"));
	snprintf(out, sizeof(out), "%s", at(t, "out"));
	return fs_cmd_compare((int)N(argv) - 1, argv);
}

static void test_e2e(void **state)
{
	struct e2e *t = *state;
	char *jsonl, *md, *flags, *st;

	assert_int_equal(run_compare(t, "best.yaml", "2"), 0);
	/* Order A B C then C A B; run n gave pp 10n+0.5. */
	jsonl = test_file_read(at(t, "out/compare.jsonl"), NULL);
	assert_non_null(jsonl);
	assert_contains(jsonl, "{\"arm\":\"eevdf\",\"round\":1,\"slot\":1,"
			       "\"ok\":true,\"pp\":10.5,\"tg\":1.25,");
	assert_contains(jsonl, "{\"arm\":\"best\",\"round\":2,\"slot\":1,"
			       "\"ok\":true,\"pp\":40.5,\"tg\":4.25,");
	assert_contains(jsonl, "{\"arm\":\"default\",\"round\":2,\"slot\":3,"
			       "\"ok\":true,\"pp\":60.5,\"tg\":6.25,");
	md = test_file_read(at(t, "out/report.md"), NULL);
	assert_non_null(md);
	/* eevdf: runs 1 and 5; default: 2 and 6; best: 3 and 4. */
	assert_contains(md, "| eevdf | 2 | 30.500 |");
	/*
	 * Paired by round: default/eevdf is 20.5/10.5 in round 1 and
	 * 60.5/50.5 in round 2; the ratio is their geometric mean,
	 * sqrt(1.95238 x 1.19802) = 1.5294 (the unpaired means' 40.5/30.5
	 * would be 1.3279).
	 */
	assert_contains(md, "| default | 2 | 40.500 | [-213.624, 294.624] | "
			    "1.5294 |");
	assert_contains(md, "| scenario | idle |");
	assert_contains(md, "| best | 2 | 35.500 |");
	assert_contains(md, "| eevdf | 2 | 3.250 |");
	assert_null(strstr(md, "## Failures"));
	/* The benchmark ran under the right scheduler and flags. */
	flags = test_file_read(at(t, "flags.log"), NULL);
	assert_string_equal(flags, "1:disabled:\n2:enabled:\n"
				   "3:enabled:tickless\n4:enabled:tickless\n"
				   "5:disabled:\n6:enabled:\n");
	st = test_file_read(at(t, "sys/state"), NULL);
	assert_string_equal(st, "disabled\n");
	free(st);
	free(flags);
	free(md);
	free(jsonl);
	st = test_file_read(at(t, "out/chart.svg"), NULL);
	check_xml(st);
	free(st);
}

/* The knob set's scheduler fails to load: said, counted, no numbers. */
/*
 * Ctrl-C (here SIGTERM) in the middle of a long benchmark: compare ends it,
 * stops the scheduler and exits 130 within 2 s.
 */
static void test_e2e_interrupted(void **state)
{
	struct e2e *t = *state;
	char y[256], bench[256], scx[256], sys[256], out[256], st[32] = "";
	char *argv[] = {"compare",     y,     "--rounds", "1",
			"--bench-cmd", bench, "--scx",	  scx,
			"--sysfs-dir", sys,   "--out",	  out,
			NULL};
	double t0;
	pid_t pid;
	int status;
	FILE *f;

	put(t, "slow", "#!/bin/sh\nsleep 100\n", 0755);
	snprintf(y, sizeof(y), "%s", at(t, "best.yaml"));
	snprintf(bench, sizeof(bench), "%s", at(t, "slow"));
	snprintf(scx, sizeof(scx), "%s", at(t, "loader"));
	snprintf(sys, sizeof(sys), "%s", at(t, "sys"));
	snprintf(out, sizeof(out), "%s", at(t, "out"));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		_exit(fs_cmd_compare((int)N(argv) - 1, argv));
	}
	usleep(1500 * 1000); /* into the first benchmark */
	t0 = fs_now_s();
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(fs_now_s() - t0 < 2.0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 130);
	f = fopen(at(t, "sys/state"), "r");
	assert_non_null(f);
	assert_non_null(fgets(st, sizeof(st), f));
	fclose(f);
	assert_string_equal(st, "disabled\n");
}

static void test_e2e_load_failure(void **state)
{
	struct e2e *t = *state;
	char *jsonl, *md;

	assert_int_equal(run_compare(t, "stall.yaml", "2"), 1);
	jsonl = test_file_read(at(t, "out/compare.jsonl"), NULL);
	assert_contains(jsonl, "{\"arm\":\"best\",\"round\":1,\"slot\":3,"
			       "\"ok\":false,\"pp\":null,\"tg\":null,");
	md = test_file_read(at(t, "out/report.md"), NULL);
	assert_contains(md, "| best | 0 | - |");
	assert_contains(md, "## Failures");
	assert_contains(md, "- round 1, best: scheduler failed to load: "
			    "loader exited with code 2 before it was enabled: "
			    "scx_flashyspark: scheduler exited: ERROR_STALL "
			    "(1026): stall");
	assert_contains(md, "| best | scx_flashyspark --config");
	/* Four benchmark runs, none for best. */
	assert_contains(md, "| eevdf | 2 | 20.500 |");
	assert_contains(md, "| default | 2 | 30.500 |");
	free(md);
	free(jsonl);
}

/*
 * No --model and no --bench-cmd: llama-bench on the built-in default
 * model, from the cache folder (a placeholder here, so nothing is
 * written; llama-bench then fails on it, which the report says).
 */
static void test_e2e_default_model(void **state)
{
	struct e2e *t = *state;
	char y[256], scx[256], sys[256], out[256], models[256], want[512];
	char *argv[] = {"compare",     y,   "--rounds", "2", "--scx", scx,
			"--sysfs-dir", sys, "--out",	out, NULL};
	char *md;

	snprintf(y, sizeof(y), "%s", at(t, "best.yaml"));
	snprintf(scx, sizeof(scx), "%s", at(t, "loader"));
	snprintf(sys, sizeof(sys), "%s", at(t, "sys"));
	snprintf(out, sizeof(out), "%s", at(t, "out"));
	snprintf(models, sizeof(models), "%s", at(t, "models"));
	mkdir(models, 0755);
	put(t, "models/random-small-v1.gguf", "placeholder\n", 0644);
	setenv("FLASHYSPARK_MODEL_DIR", models, 1);
	assert_int_equal(fs_cmd_compare((int)N(argv) - 1, argv), 1);
	unsetenv("FLASHYSPARK_MODEL_DIR");
	md = test_file_read(at(t, "out/report.md"), NULL);
	snprintf(want, sizeof(want), "`llama-bench -m %s/random-small-v1.gguf ",
		 models);
	assert_contains(md, want);
	assert_contains(md, "## Failures");
	free(md);
}

static void test_e2e_bad_usage(void **state)
{
	struct e2e *t = *state;
	char *argv_both[] = {"compare",	    (char *)at(t, "best.yaml"),
			     "--model",	    "m.gguf",
			     "--bench-cmd", "true",
			     NULL};
	char *argv_help[] = {"compare", "--help", NULL};

	/* Unknown knob, missing file: the YAML loader's FILE:LINE, exit 2. */
	assert_int_equal(run_compare(t, "bad.yaml", "2"), 2);
	assert_int_equal(run_compare(t, "missing.yaml", "2"), 2);
	assert_int_equal(run_compare(t, "best.yaml", "0"), 2);
	assert_int_equal(fs_cmd_compare((int)N(argv_both) - 1, argv_both), 2);
	assert_int_equal(fs_cmd_compare(2, argv_help), 0);
	assert_int_equal(access(at(t, "count"), F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_markdown_numbers),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_one_round),
		cmocka_unit_test(test_winner_clear),
		cmocka_unit_test(test_winner_tie),
		cmocka_unit_test(test_winner_one_round),
		cmocka_unit_test(test_winner_equal_means),
		cmocka_unit_test(test_winner_ahead_by_mean_only),
		cmocka_unit_test(test_winner_neighbour),
		cmocka_unit_test(test_winner_single_arm),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_svg_empty),
		cmocka_unit_test(test_jsonl),
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test_setup_teardown(test_e2e, e2e_setup,
						e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_interrupted, e2e_setup,
						e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_until_significant,
						e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_load_failure,
						e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_default_model,
						e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_bad_usage, e2e_setup,
						e2e_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
