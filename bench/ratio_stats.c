// SPDX-License-Identifier: GPL-2.0
/*
 * ratio-stats: the statistics of a benchmark script's samples, so that
 * scripts measure and this one place (compare/ratio_ci.h) does the arithmetic.
 * Reads lines "METRIC ARM VALUE [ROUND]" and prints, as Markdown, every
 * arm's ratio to the reference arm per metric with its 95% interval, then
 * per metric the means with t-intervals and p-values. When every sample
 * names its round, arms are compared paired by round (the geometric mean
 * of the per-round ratios, a paired t-interval): the drift of a TCG VM
 * from round to round, which moved EEVDF's own hackbench time from 5 to
 * 12 s in one boot, then cancels instead of widening every interval.
 * Without rounds: ratio of means, Fieller's interval, Welch's p.
 *
 * Why ratios: absolute timings in the TCG VM mean nothing; ratios measured
 * within one boot do. Why a direction per metric: "0.9" is a gain for a
 * time and a loss for a rate; the verdict column says which.
 */
#include "ratio_ci.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARMS    32
#define MAX_METRICS 32
#define NAME_LEN    64

static const char help[] =
	"Usage: ratio-stats [OPTIONS] [FILE]\n"
	"Read samples, one per line: METRIC ARM VALUE [ROUND] ('#' starts a "
	"comment),\nfrom FILE or stdin, and print as Markdown each arm's "
	"ratio to the reference\narm per metric with a 95% interval "
	"(compare/ratio_ci.h), then per metric: n,\nmean with its t-interval, "
	"ratio, interval, p and a verdict that is\n'better' or 'worse' "
	"only when the interval excludes 1.\n"
	"When every sample names its ROUND, each arm is paired with the "
	"reference\nround by round: the ratio is the geometric mean of the "
	"per-round ratios\nwith a paired t-interval (only rounds both arms "
	"have count). Otherwise:\nthe ratio of means with Fieller's "
	"interval and Welch's p.\n\n"
	"Options:\n"
	"  --ref ARM        the reference arm (default eevdf)\n"
	"  --unpaired       ignore ROUND: ratio of means, Fieller, Welch\n"
	"  --lower METRIC   lower is better for METRIC (repeatable; default: "
	"higher)\n"
	"  --level L        interval level (default 0.95)\n"
	"  -h, --help       this help\n"
	"Arms and metrics keep the order of their first sample. Exit status: "
	"0; 1 the\ninput is malformed or the reference arm has no samples; "
	"2 bad usage.\n";

struct series {
	double *x;
	long *round; /* the round of x[i]; -1 when the line named none */
	size_t n, cap;
};

struct table {
	char arms[MAX_ARMS][NAME_LEN];
	char metrics[MAX_METRICS][NAME_LEN];
	bool lower[MAX_METRICS];
	size_t n_arms, n_metrics;
	size_t with_round, without_round; /* samples that named one, or not */
	bool paired;			  /* compare round by round */
	struct series s[MAX_METRICS][MAX_ARMS];
};

/* Index of name in list (added when new); -1 when the list is full. */
static int intern(char list[][NAME_LEN], size_t *n, size_t max,
		  const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(list[i], name))
			return (int)i;
	if (*n == max || strlen(name) >= NAME_LEN)
		return -1;
	snprintf(list[*n], NAME_LEN, "%s", name);
	return (int)(*n)++;
}

static int push(struct series *s, double v, long round)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		double *x = realloc(s->x, cap * sizeof(*x));
		long *r;

		if (!x)
			return -1;
		s->x = x;
		r = realloc(s->round, cap * sizeof(*r));
		if (!r)
			return -1;
		s->round = r;
		s->cap = cap;
	}
	s->round[s->n] = round;
	s->x[s->n++] = v;
	return 0;
}

static bool has_round(const struct series *s, long round)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->round[i] == round)
			return true;
	return false;
}

/* ROUND: a non-negative integer; -2 when it is not one. */
static long parse_round(const char *tok)
{
	char *end;
	long r;

	errno = 0;
	r = strtol(tok, &end, 10);
	if (errno || end == tok || *end || r < 0)
		return -2;
	return r;
}

static int read_samples(FILE *f, const char *fname, struct table *t)
{
	char line[512], metric[NAME_LEN * 2], arm[NAME_LEN * 2], val[64],
		rnd[64], extra[8];
	int lineno = 0;

	while (fgets(line, sizeof(line), f)) {
		char *end, *hash = strchr(line, '#');
		int m, a, fields;
		long round = -1;
		double v;

		lineno++;
		if (hash)
			*hash = '\0';
		fields = sscanf(line, "%127s %127s %63s %63s %7s", metric, arm,
				val, rnd, extra);
		if (fields <= 0)
			continue; /* blank */
		errno = 0;
		v = fields >= 3 ? strtod(val, &end) : NAN;
		if (fields == 4)
			round = parse_round(rnd);
		if (fields < 3 || fields > 4 || errno || *end || !isfinite(v) ||
		    round == -2) {
			fprintf(stderr,
				"ratio-stats: %s:%d: expected METRIC ARM "
				"VALUE [ROUND]\n",
				fname, lineno);
			return -1;
		}
		m = intern(t->metrics, &t->n_metrics, MAX_METRICS, metric);
		a = intern(t->arms, &t->n_arms, MAX_ARMS, arm);
		if (m < 0 || a < 0) {
			fprintf(stderr,
				"ratio-stats: %s:%d: more than %d metrics or "
				"arms, or a name over %d characters\n",
				fname, lineno, MAX_ARMS, NAME_LEN - 1);
			return -1;
		}
		if (round >= 0 && has_round(&t->s[m][a], round)) {
			fprintf(stderr,
				"ratio-stats: %s:%d: a second %s sample of arm "
				"%s in round %ld\n",
				fname, lineno, metric, arm, round);
			return -1;
		}
		if (push(&t->s[m][a], v, round)) {
			fprintf(stderr, "ratio-stats: out of memory\n");
			return -1;
		}
		if (round >= 0)
			t->with_round++;
		else
			t->without_round++;
	}
	return 0;
}

static const char *verdict(const struct fs_ratio *r, bool lower)
{
	if (!r->significant)
		return "no sig. difference";
	return (r->ratio < 1) == lower ? "better" : "worse";
}

/*
 * @y against @x round by round: the rounds both have, as two arrays in
 * the same order (the caller frees them); the count in *n.
 */
static int pair_rounds(const struct series *x, const struct series *y,
		       double **px, double **py, size_t *n)
{
	*n = 0;
	*px = malloc((y->n ? y->n : 1) * sizeof(double));
	*py = malloc((y->n ? y->n : 1) * sizeof(double));
	if (!*px || !*py)
		return -1;
	for (size_t j = 0; j < y->n; j++)
		for (size_t i = 0; i < x->n; i++)
			if (x->round[i] == y->round[j]) {
				(*px)[*n] = x->x[i];
				(*py)[*n] = y->x[j];
				(*n)++;
				break;
			}
	return 0;
}

/* The ratio of @y to @x, paired by round or of means (t->paired). */
static int compare(const struct table *t, const struct series *x,
		   const struct series *y, double level, struct fs_ratio *r,
		   size_t *n)
{
	double *px, *py;
	int ret;

	if (!t->paired) {
		*n = y->n;
		return fs_stats_ratio(x->x, x->n, y->x, y->n, level, r);
	}
	ret = pair_rounds(x, y, &px, &py, n);
	if (!ret)
		ret = fs_stats_ratio_paired(px, py, *n, level, r);
	free(px);
	free(py);
	return ret;
}

/* "0.931 [0.880, 0.985]" or why there is none. */
static void ratio_cell(const struct table *t, size_t m, size_t a, size_t ref,
		       double level, char *buf, size_t len,
		       struct fs_ratio *out)
{
	const struct series *x = &t->s[m][ref], *y = &t->s[m][a];
	struct fs_ratio r;
	size_t n;

	memset(out, 0, sizeof(*out));
	out->ratio = NAN;
	if (y->n == 0) {
		snprintf(buf, len, "-");
		return;
	}
	if (compare(t, x, y, level, &r, &n)) {
		snprintf(buf, len, "n/a (n=%zu)", n);
		return;
	}
	*out = r;
	if (r.bounded)
		snprintf(buf, len, "%.3f [%.3f, %.3f]%s", r.ratio, r.lo, r.hi,
			 r.significant
				 ? (verdict(&r, t->lower[m])[0] == 'b' ? " +"
								       : " -")
				 : "");
	else
		snprintf(buf, len, "%.3f [unbounded]", r.ratio);
}

static void print_matrix(const struct table *t, size_t ref, double level)
{
	char cell[128];
	struct fs_ratio r;

	printf("| arm |");
	for (size_t m = 0; m < t->n_metrics; m++)
		printf(" %s (%s) |", t->metrics[m],
		       t->lower[m] ? "lower is better" : "higher is better");
	printf("\n|---|");
	for (size_t m = 0; m < t->n_metrics; m++)
		printf("---|");
	printf("\n");
	for (size_t a = 0; a < t->n_arms; a++) {
		printf("| %s |", t->arms[a]);
		for (size_t m = 0; m < t->n_metrics; m++) {
			if (a == ref)
				snprintf(cell, sizeof(cell), "1");
			else
				ratio_cell(t, m, a, ref, level, cell,
					   sizeof(cell), &r);
			printf(" %s |", cell);
		}
		printf("\n");
	}
	if (t->paired)
		printf("\nPaired by round: the geometric mean of each arm's "
		       "per-round ratio to %s\nwith its %g%% paired "
		       "t-interval",
		       t->arms[ref], level * 100);
	else
		printf("\nRatio of means to %s with its %g%% Fieller interval",
		       t->arms[ref], level * 100);
	printf("; '+' significantly\nbetter than %s, '-' significantly "
	       "worse (the interval excludes 1).\n",
	       t->arms[ref]);
}

static void print_detail(const struct table *t, size_t m, size_t ref,
			 double level)
{
	char cell[128];

	printf("\n### %s (%s)\n\n", t->metrics[m],
	       t->lower[m] ? "lower is better" : "higher is better");
	printf("| arm | n | mean | %g%% CI of mean | ratio to %s [%g%% CI] "
	       "| p (%s) | verdict |\n|---|---|---|---|---|---|---|\n",
	       level * 100, t->arms[ref], level * 100,
	       t->paired ? "paired t" : "Welch");
	for (size_t a = 0; a < t->n_arms; a++) {
		const struct series *x = &t->s[m][a];
		struct fs_summary s;
		struct fs_ratio r;

		if (!x->n)
			continue;
		fs_stats_summary(x->x, x->n, level, &s);
		printf("| %s | %zu | %.4g | ", t->arms[a], s.n, s.mean);
		if (isfinite(s.ci_lo))
			printf("[%.4g, %.4g] |", s.ci_lo, s.ci_hi);
		else
			printf("- |");
		if (a == ref) {
			printf(" 1 | | reference |\n");
			continue;
		}
		ratio_cell(t, m, a, ref, level, cell, sizeof(cell), &r);
		if (isfinite(r.ratio))
			printf(" %s | %.3g | %s |\n", cell, r.p,
			       verdict(&r, t->lower[m]));
		else
			printf(" %s | | |\n", cell);
	}
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{"ref", required_argument, NULL, 'r'},
		{"lower", required_argument, NULL, 'l'},
		{"level", required_argument, NULL, 'L'},
		{"unpaired", no_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *ref_name = "eevdf", *lower[MAX_METRICS], *fname = "stdin";
	struct table *t = calloc(1, sizeof(*t));
	size_t n_lower = 0;
	double level = 0.95;
	bool unpaired = false;
	int c, ref = -1, ret = 1;
	FILE *f = stdin;
	char *end;

	if (!t)
		return 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'r':
			ref_name = optarg;
			break;
		case 'l':
			if (n_lower < MAX_METRICS)
				lower[n_lower++] = optarg;
			break;
		case 'L':
			level = strtod(optarg, &end);
			if (*end || !(level > 0 && level < 1))
				goto usage;
			break;
		case 'u':
			unpaired = true;
			break;
		case 'h':
			fputs(help, stdout);
			free(t);
			return 0;
		default:
			goto usage;
		}
	}
	if (argc - optind > 1)
		goto usage;
	if (optind < argc) {
		fname = argv[optind];
		f = fopen(fname, "re");
		if (!f) {
			fprintf(stderr, "ratio-stats: %s: %s\n", fname,
				strerror(errno));
			goto out;
		}
	}
	if (read_samples(f, fname, t))
		goto out;
	if (t->with_round && t->without_round && !unpaired) {
		fprintf(stderr,
			"ratio-stats: %s: %zu samples name a round and %zu do "
			"not: name one in every line, or pass --unpaired\n",
			fname, t->with_round, t->without_round);
		goto out;
	}
	t->paired = t->with_round && !unpaired;
	for (size_t a = 0; a < t->n_arms; a++)
		if (!strcmp(t->arms[a], ref_name))
			ref = (int)a;
	if (ref < 0) {
		fprintf(stderr,
			"ratio-stats: no samples of the reference "
			"arm '%s'\n",
			ref_name);
		goto out;
	}
	for (size_t m = 0; m < t->n_metrics; m++)
		for (size_t i = 0; i < n_lower; i++)
			t->lower[m] |= !strcmp(t->metrics[m], lower[i]);
	print_matrix(t, (size_t)ref, level);
	for (size_t m = 0; m < t->n_metrics; m++)
		print_detail(t, m, (size_t)ref, level);
	ret = 0;
out:
	if (f && f != stdin)
		fclose(f);
	for (size_t m = 0; m < MAX_METRICS; m++)
		for (size_t a = 0; a < MAX_ARMS; a++) {
			free(t->s[m][a].x);
			free(t->s[m][a].round);
		}
	free(t);
	return ret;
usage:
	fputs(help, stderr);
	free(t);
	return 2;
}
