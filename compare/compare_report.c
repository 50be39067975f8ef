// SPDX-License-Identifier: GPL-2.0
/*
 * The comparison as text: one row per arm and metric with n, the mean
 * and its interval, the ratio to EEVDF with its interval (paired by
 * round), its p and the verdict, and what a neighbour got. The terminal table
 * and report.md share the same cells, so what a user reads on stdout is what
 * the report says. Under each table report.md names the winner, the arm
 * with the highest mean, and its paired ratio to the runner-up.
 */
#include "compare_report.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct cells {
	char n[16], mean[32], ci[64], ratio[32], ratio_ci[64], p[32], sig[8];
};

static void make_cells(const struct fs_compare_data *d, size_t arm,
		       const struct fs_arm_result *r, struct cells *c)
{
	snprintf(c->n, sizeof(c->n), "%zu", r->n);
	snprintf(c->mean, sizeof(c->mean), "-");
	snprintf(c->ci, sizeof(c->ci), "-");
	snprintf(c->ratio, sizeof(c->ratio), "-");
	snprintf(c->ratio_ci, sizeof(c->ratio_ci), "-");
	snprintf(c->p, sizeof(c->p), "-");
	snprintf(c->sig, sizeof(c->sig), "-");
	if (r->n)
		snprintf(c->mean, sizeof(c->mean), "%.3f", r->s.mean);
	if (r->n >= 2)
		snprintf(c->ci, sizeof(c->ci), "[%.3f, %.3f]", r->s.ci_lo,
			 r->s.ci_hi);
	if (arm == 0 && r->n)
		snprintf(c->ratio, sizeof(c->ratio), "1");
	if (r->has_ratio)
		snprintf(c->ratio, sizeof(c->ratio), "%.4f", r->ratio.ratio);
	if (!r->has_interval)
		return;
	if (r->ratio.bounded)
		snprintf(c->ratio_ci, sizeof(c->ratio_ci), "[%.4f, %.4f]",
			 r->ratio.lo, r->ratio.hi);
	else
		snprintf(c->ratio_ci, sizeof(c->ratio_ci), "unbounded");
	snprintf(c->p, sizeof(c->p), "%.3g", r->ratio.p);
	snprintf(c->sig, sizeof(c->sig), "%s",
		 r->ratio.significant ? "yes" : "no");
	(void)d;
}

static int arm_cells(const struct fs_compare_data *d, size_t arm,
		     enum fs_metric k, struct fs_arm_result *r, struct cells *c)
{
	if (fs_compare_analyse(d, arm, k, r))
		return -1;
	make_cells(d, arm, r, c);
	return 0;
}

/* An arm's mean neighbour CPU share as a cell: "1.42", or "-". */
static void neighbour_cell(const struct fs_compare_data *d, size_t arm,
			   char *buf, size_t size)
{
	double cpus = fs_compare_neighbour(d, arm);

	if (isfinite(cpus))
		snprintf(buf, size, "%.2f", cpus);
	else
		snprintf(buf, size, "-");
}

static bool had_neighbour(const struct fs_compare_data *d)
{
	for (size_t a = 0; a < d->n_arms; a++)
		if (isfinite(fs_compare_neighbour(d, a)))
			return true;
	return false;
}

/* The arms with the highest and the next highest mean (SIZE_MAX: none). */
struct podium {
	size_t arm[2];
	double mean[2];
};

static void podium_place(struct podium *p, size_t arm,
			 const struct fs_arm_result *r)
{
	if (!r->n)
		return;
	if (p->arm[0] == SIZE_MAX || r->s.mean > p->mean[0]) {
		p->arm[1] = p->arm[0];
		p->mean[1] = p->mean[0];
		p->arm[0] = arm;
		p->mean[0] = r->s.mean;
	} else if (p->arm[1] == SIZE_MAX || r->s.mean > p->mean[1]) {
		p->arm[1] = arm;
		p->mean[1] = r->s.mean;
	}
}

/*
 * The winner's margin over the runner-up, as the table's ratios are
 * made: paired by round where two rounds have both, else the ratio of
 * the means with Welch/Fieller's interval, or none.
 */
static void margin(FILE *f, const struct fs_arm_result *r,
		   const char *runner_up)
{
	fprintf(f, "%.3f", r->ratio.ratio);
	if (r->has_interval)
		fprintf(f, " [%.3f, %.3f]", r->ratio.lo, r->ratio.hi);
	fprintf(f, " x the runner-up %s (%s; %s)", runner_up,
		r->paired ? "paired by round" : "ratio of the means",
		!r->has_interval       ? "no interval"
		: r->ratio.significant ? "significant"
				       : "not significant");
	/* Ranked by mean; the rounds they share may say otherwise. */
	if (r->ratio.ratio < 1)
		fputs("; in the rounds both ran, the runner-up was ahead", f);
}

/*
 * "**Winner (tg): best**, 1.084 [1.021, 1.151] x the runner-up nice
 * (paired by round; significant); neighbour CPUs 1.42 against 1.46."
 * (@md; on the terminal without the asterisks and the blank line before).
 * Equal means are a tie; nothing with fewer than two arms.
 */
static int winner_line(FILE *f, const struct fs_compare_data *d,
		       enum fs_metric k, const struct podium *p, bool md)
{
	const char *em = md ? "**" : "";
	struct fs_arm_result r;

	if (p->arm[1] == SIZE_MAX)
		return 0;
	if (fs_compare_against(d, p->arm[0], p->arm[1], k, &r))
		return -1;
	fputs(md ? "\n" : "", f);
	if (p->mean[0] == p->mean[1])
		fprintf(f, "%sTie (%s)%s: %s and %s, %.3f t/s each", em,
			fs_metric_name(k), em, d->arms[p->arm[0]].id,
			d->arms[p->arm[1]].id, p->mean[0]);
	else {
		fprintf(f, "%sWinner (%s): %s%s, ", em, fs_metric_name(k),
			d->arms[p->arm[0]].id, em);
		margin(f, &r, d->arms[p->arm[1]].id);
	}
	if (had_neighbour(d)) {
		char w[32], ru[32];

		neighbour_cell(d, p->arm[0], w, sizeof(w));
		neighbour_cell(d, p->arm[1], ru, sizeof(ru));
		fprintf(f, "; neighbour CPUs %s against %s", w, ru);
	}
	fputs(".\n", f);
	return 0;
}

/* What the neighbour got beside each arm, when there was one. */
static void table_neighbour(FILE *f, const struct fs_compare_data *d)
{
	bool any = false;

	for (size_t a = 0; a < d->n_arms; a++) {
		double cpus = fs_compare_neighbour(d, a);

		if (!isfinite(cpus))
			continue;
		fprintf(f, "%s%s %.2f",
			any ? ", "
			    : "\nneighbour's CPU share "
			      "(CPUs, mean): ",
			d->arms[a].id, cpus);
		any = true;
	}
	if (any)
		fputc('\n', f);
}

int fs_report_table(FILE *f, const void *arg)
{
	const struct fs_compare_data *d = arg;
	struct fs_arm_result r;
	struct cells c;

	for (int k = 0; k < FS_NR_METRICS; k++) {
		struct podium p = {.arm = {SIZE_MAX, SIZE_MAX}};

		if (!fs_compare_has_metric(d, k))
			continue;
		fprintf(f, "\n%s: %s (tokens/s, 95%% intervals)\n",
			fs_metric_name(k), fs_metric_title(k));
		fprintf(f, "%-22s %3s %10s  %-22s %8s  %-20s %-8s %s\n", "arm",
			"n", "mean", "CI of mean", "ratio", "CI of ratio", "p",
			"significant");
		for (size_t a = 0; a < d->n_arms; a++) {
			if (arm_cells(d, a, k, &r, &c))
				return -1;
			fprintf(f, "%-22s %3s %10s  %-22s %8s  %-20s %-8s %s\n",
				d->arms[a].id, c.n, c.mean, c.ci, c.ratio,
				c.ratio_ci, c.p, c.sig);
			podium_place(&p, a, &r);
		}
		if (winner_line(f, d, k, &p, false))
			return -1;
	}
	for (size_t a = 0; a < d->n_arms; a++) {
		size_t bad = fs_compare_failures(d, a);

		if (bad)
			fprintf(f,
				"%s: %zu failed measurement%s (see the "
				"report)\n",
				d->arms[a].id, bad, bad == 1 ? "" : "s");
	}
	table_neighbour(f, d);
	if (d->interrupted)
		fputs("interrupted: only the measurements made are counted\n",
		      f);
	return ferror(f) ? -1 : 0;
}

static void md_header(FILE *f, const struct fs_compare_data *d)
{
	size_t done = 0;

	for (size_t i = 0; i < d->n_m; i++)
		done += d->m[i].ok;
	fputs("# flashyspark compare\n\n", f);
	fputs("| | |\n|---|---|\n", f);
	fprintf(f, "| knob set | `%s`: %s |\n", d->knobset, d->knobset_desc);
	fprintf(f, "| benchmark | `%s` |\n", d->bench);
	fprintf(f, "| scenario | %s |\n",
		d->scenario[0] ? d->scenario : "idle");
	fprintf(f, "| rounds | %d planned; %zu measurements, %zu ok%s |\n",
		d->rounds, d->n_m, done,
		d->interrupted ? "; **interrupted**" : "");
	fprintf(f, "| started | %s |\n", d->started);
	fprintf(f, "| host | %s |\n\n", d->host);
	fputs("Each measurement is one benchmark process, its value the "
	      "process's mean\ntokens/s over its repetitions; the arms run "
	      "interleaved, in an order\nrotated every round (A B C, C A B, "
	      "B C A ...). Intervals are 95%:\nStudent's t for a mean; the "
	      "ratio to EEVDF is paired by round: the\ngeometric mean of the "
	      "per-round ratios, with the t-interval and\ntwo-sided t-test "
	      "of the mean log ratio (drift between rounds\ncancels); an arm "
	      "with fewer than two rounds in common with EEVDF gets\nFieller's "
	      "interval and Welch's test of the unpaired means instead.\n"
	      "*significant* means the ratio's interval excludes 1. The "
	      "neighbour's\nCPU share is its process group's CPU seconds per "
	      "second of the run.\nUnder each table the winner, the arm with "
	      "the highest mean, gets its\nratio to the runner-up, made as "
	      "the ratios to EEVDF are.\n",
	      f);
}

static int md_metric(FILE *f, const struct fs_compare_data *d, enum fs_metric k)
{
	struct podium p = {.arm = {SIZE_MAX, SIZE_MAX}};
	struct fs_arm_result r;
	struct cells c;

	fprintf(f, "\n## %s: %s (t/s)\n\n", fs_metric_name(k),
		fs_metric_title(k));
	fprintf(f,
		"| arm | n | mean t/s | 95%% CI | ratio vs %s | 95%% CI of "
		"ratio | p | significant |\n",
		d->arms[0].id);
	fputs("|---|---:|---:|---|---:|---|---:|---|\n", f);
	for (size_t a = 0; a < d->n_arms; a++) {
		if (arm_cells(d, a, k, &r, &c))
			return -1;
		fprintf(f, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			d->arms[a].id, c.n, c.mean, c.ci, c.ratio, c.ratio_ci,
			c.p, c.sig);
		podium_place(&p, a, &r);
	}
	return winner_line(f, d, k, &p, true);
}

static void md_verdict_line(FILE *f, const struct fs_compare_data *d, size_t a,
			    enum fs_metric k, const struct fs_arm_result *r)
{
	const char *ref = d->arms[0].id, *id = d->arms[a].id;
	const char *what = fs_metric_name(k);

	if (!r->n) {
		fprintf(f, "- %s, %s: no successful measurement.\n", id, what);
	} else if (!r->has_ratio) {
		fprintf(f, "- %s, %s: no %s measurement to compare with.\n", id,
			what, ref);
	} else if (!r->has_interval) {
		fprintf(f,
			"- %s, %s: %+.2f%% vs %s from too few runs for an "
			"interval (need 2 per arm): no verdict.\n",
			id, what, 100 * (r->ratio.ratio - 1), ref);
	} else if (!r->ratio.bounded) {
		fprintf(f,
			"- %s, %s: %+.2f%% vs %s, interval unbounded: no "
			"significant difference.\n",
			id, what, 100 * (r->ratio.ratio - 1), ref);
	} else {
		fprintf(f,
			"- %s, %s: %+.2f%% vs %s (95%% CI %+.2f%% .. "
			"%+.2f%%, p = %.3g): %s.\n",
			id, what, 100 * (r->ratio.ratio - 1), ref,
			100 * (r->ratio.lo - 1), 100 * (r->ratio.hi - 1),
			r->ratio.p,
			r->ratio.significant
				? (r->ratio.ratio > 1 ? "significantly faster"
						      : "significantly slower")
				: "no significant difference");
	}
}

static int md_verdict(FILE *f, const struct fs_compare_data *d)
{
	struct fs_arm_result r;

	fputs("\n## Verdict\n\n", f);
	for (size_t a = 1; a < d->n_arms; a++)
		for (int k = 0; k < FS_NR_METRICS; k++) {
			if (!fs_compare_has_metric(d, k))
				continue;
			if (fs_compare_analyse(d, a, k, &r))
				return -1;
			md_verdict_line(f, d, a, k, &r);
		}
	return 0;
}

static void md_arms(FILE *f, const struct fs_compare_data *d)
{
	fputs("\n## Arms\n\n| arm | what | ok | failed | neighbour CPUs "
	      "|\n|---|---|---:|---:|---:|\n",
	      f);
	for (size_t a = 0; a < d->n_arms; a++) {
		size_t bad = fs_compare_failures(d, a), all = 0;

		for (size_t i = 0; i < d->n_m; i++)
			all += d->m[i].arm == a;
		char nb[32];

		neighbour_cell(d, a, nb, sizeof(nb));
		fprintf(f, "| %s | %s | %zu | %zu | %s |\n", d->arms[a].id,
			d->arms[a].what, all - bad, bad, nb);
	}
}

/* Every failure with the reason it gave; no number stands in for it. */
static void md_failures(FILE *f, const struct fs_compare_data *d)
{
	bool any = false;

	for (size_t i = 0; i < d->n_m; i++) {
		const struct fs_measurement *m = &d->m[i];

		if (m->ok)
			continue;
		if (!any)
			fputs("\n## Failures\n\nThese measurements are left "
			      "out of every number above.\n\n",
			      f);
		any = true;
		fprintf(f, "- round %d, %s: %s\n", m->round, d->arms[m->arm].id,
			m->error);
	}
}

int fs_report_markdown(FILE *f, const void *arg)
{
	const struct fs_compare_data *d = arg;

	md_header(f, d);
	for (int k = 0; k < FS_NR_METRICS; k++)
		if (fs_compare_has_metric(d, k) && md_metric(f, d, k))
			return -1;
	if (md_verdict(f, d))
		return -1;
	md_arms(f, d);
	md_failures(f, d);
	fputs("\nRaw measurements: `compare.jsonl`; chart: `chart.svg`.\n", f);
	return ferror(f) ? -1 : 0;
}
