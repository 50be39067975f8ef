// SPDX-License-Identifier: GPL-2.0
/* The search report: Markdown, CSV and charts (run_report.h). */
#include "run_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "config.h"
#include "config_yaml.h"
#include "dirs.h"
#include "knob_effects.h"
#include "knobs.h"
#include "metric.h"
#include "report_plots.h"
#include "run_episodes.h"

struct report {
	const char *run_dir;
	struct fs_report_data data;
	const char *fx_why; /* why effects were not estimated, or "" */
	bool has_policy;
};

/* A CSV field, quoted when it needs to be (RFC 4180). */
static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, ",%.6g", v);
	else
		fputc(',', f);
}

static int write_csv(FILE *f, const void *arg)
{
	const struct fs_run_episodes *run = arg;
	int k;

	fputs("index,role,status,pp,tg,value,seconds", f);
	for (k = 0; k < FS_NR_KNOBS; k++)
		fprintf(f, ",%s", fs_knob_table[k].name);
	fputs(",reason\n", f);
	for (size_t i = 0; i < run->n; i++) {
		const struct fs_run_episode *e = &run->ep[i];

		fprintf(f, "%d,", e->index);
		csv_field(f, e->role);
		fputc(',', f);
		csv_field(f, e->status);
		csv_num(f, e->pp);
		csv_num(f, e->tg);
		csv_num(f, e->ok ? e->value : NAN);
		csv_num(f, e->seconds);
		for (k = 0; k < FS_NR_KNOBS; k++)
			fprintf(f, ",%d", e->knobs[k] ? 1 : 0);
		fputc(',', f);
		csv_field(f, e->reason);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

/* A Markdown table cell: no pipes or newlines. */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s == '\n' ? ' ' : *s, f);
	}
}

static void md_knobs(FILE *f, const bool *knobs)
{
	char buf[1024];

	fs_knobs_join(knobs, buf, sizeof(buf));
	fputs(buf[0] ? buf : "(all off)", f);
}

static void md_best(FILE *f, const struct report *r)
{
	char path[4096], err[512];
	struct fs_config cfg;

	snprintf(path, sizeof(path), "%s/best_parameters.yaml", r->run_dir);
	fs_config_defaults(&cfg);
	if (fs_config_yaml_load(path, &cfg, err, sizeof(err))) {
		fprintf(f, "No best set yet (%s).\n\n", err);
		return;
	}
	fputs("Best set (`best_parameters.yaml`): ", f);
	md_knobs(f, cfg.knobs);
	fputs(".\nKeep it: `flashyspark install best_parameters.yaml`; "
	      "check it: `flashyspark compare best_parameters.yaml`.\n\n",
	      f);
}

static void md_effects(FILE *f, const struct report *r)
{
	const struct fs_knob_effects *fx = r->data.fx;
	const char *m = fs_metric_name(r->data.run->settings.metric);

	fprintf(f, "## What each knob did\n\n![effects](effects.svg)\n\n");
	if (!fx->estimated) {
		fprintf(f, "Not estimated: %s.\n\n", r->fx_why);
		return;
	}
	fprintf(f,
		"A ridge-regularised linear model (penalty %.0f) of each "
		"successful episode's %s on the knobs: %d episodes, effective "
		"degrees of freedom %.1f, residual sd %.3g t/s. An effect is "
		"the change in %s when the knob is on and the others are "
		"held; \"+\" or \"-\" where the 95%% interval excludes 0 and "
		"no "
		"other knob always moved with it (\"confounded\"). The "
		"episodes are the search's own, not a controlled design: "
		"interactions and drift are not modelled.\n\n",
		FS_RIDGE_LAMBDA, m, fx->n, fx->df, fx->sigma, m);
	fprintf(f, "| knob | on in | effect (t/s) | 95%% interval | |\n"
		   "|---|---:|---:|---|---|\n");
	for (int k = 0; k < FS_NR_KNOBS; k++) {
		const struct fs_knob_effect *e = &fx->k[k];

		fprintf(f, "| %s | %d/%d | ", fs_knob_table[k].name, e->n_on,
			fx->n);
		if (!e->varied) {
			fputs("not varied | | |\n", f);
			continue;
		}
		fprintf(f, "%+.3g | [%.3g, %.3g] | ", e->effect, e->lo, e->hi);
		if (e->confounded >= 0)
			fprintf(f, "confounded with %s |\n",
				fs_knob_table[e->confounded].name);
		else
			fprintf(f, "%s |\n",
				fs_knob_effect_sign(e) > 0   ? "+"
				: fs_knob_effect_sign(e) < 0 ? "-"
							     : "");
	}
	fputc('\n', f);
}

static void md_failed(FILE *f, const struct fs_run_episodes *run)
{
	int n = 0;

	for (size_t i = 0; i < run->n; i++)
		n += !run->ep[i].ok;
	fprintf(f, "## Failed episodes (%d)\n\n", n);
	if (!n) {
		fputs("None.\n\n", f);
		return;
	}
	fputs("| episode | knobs | status | reason |\n|---:|---|---|---|\n", f);
	for (size_t i = 0; i < run->n; i++) {
		const struct fs_run_episode *e = &run->ep[i];

		if (e->ok)
			continue;
		fprintf(f, "| %d | ", e->index);
		md_knobs(f, e->knobs);
		fputs(" | ", f);
		md_cell(f, e->status);
		fputs(" | ", f);
		md_cell(f, e->reason);
		fputs(" |\n", f);
	}
	fputc('\n', f);
}

static int write_md(FILE *f, const void *arg)
{
	const struct report *r = arg;
	const struct fs_run_episodes *run = r->data.run;
	const struct fs_search_settings *s = &run->settings;
	double total = 0;
	int ok = 0;

	for (size_t i = 0; i < run->n; i++) {
		ok += run->ep[i].ok;
		total += isfinite(run->ep[i].seconds) ? run->ep[i].seconds : 0;
	}
	fprintf(f, "# flashyspark search: %s\n\n", r->run_dir);
	fprintf(f,
		"Algorithm %s, metric %s (%s), seed %lu; %zu of %d episodes "
		"done (%d successful), %.0f s of episodes.\n\n",
		s->algorithm, fs_metric_name(s->metric),
		fs_metric_title(s->metric), s->seed, run->n, s->episodes, ok,
		total);
	md_best(f, r);
	fputs("## Episodes\n\n![values](values.svg)\n\n"
	      "Every episode's t/s (blue: proposed by the algorithm; grey: "
	      "re-runs racing a challenger against the best; orange: the "
	      "held-out re-test at the end), grey whiskers over the runs of "
	      "the same knob set, failed episodes in red along the bottom, "
	      "and the best set's mean as the search went. All episodes: "
	      "[episodes.csv](episodes.csv).\n\n",
	      f);
	if (r->has_policy)
		fputs("## The policy\n\n![policy](policy.svg)\n\n"
		      "pg's probability of each knob being on when it "
		      "proposed each episode's set (white 0, blue 1).\n\n",
		      f);
	md_effects(f, r);
	md_failed(f, run);
	return ferror(f) ? -1 : 0;
}

/* @dir/@name whole, or -1 with the reason. */
static int put(const char *dir, const char *name, fs_fill_fn fill,
	       const void *arg, char *err, size_t errlen)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fs_atomic_write(path, fill, arg, err, errlen);
}

int fs_run_report_write(const char *run_dir, const char *out_dir, char *err,
			size_t errlen)
{
	struct fs_run_episodes run;
	struct fs_knob_effects fx;
	struct report r = {.run_dir = run_dir};
	char why[256] = "";
	double *best;
	int ret = -1;

	if (!out_dir)
		out_dir = run_dir;
	if (fs_run_episodes_read(run_dir, &run, err, errlen))
		return -1;
	best = calloc(run.n ? run.n : 1, sizeof(*best));
	if (!best || fs_knob_effects_fit(&run, &fx, why, sizeof(why))) {
		snprintf(err, errlen, "%s: out of memory", run_dir);
		goto out;
	}
	fs_report_best_so_far(&run, best);
	r.data = (struct fs_report_data){
		.run = &run, .fx = &fx, .best_so_far = best};
	r.fx_why = why;
	r.has_policy = fs_report_has_policy(&run);
	/* As compare does: every missing folder of --out is made. */
	if (fs_mkdir_p(out_dir) || access(out_dir, W_OK)) {
		snprintf(err, errlen, "%s: %m", out_dir);
		goto out;
	}
	if (put(out_dir, "episodes.csv", write_csv, &run, err, errlen) ||
	    put(out_dir, "values.svg", fs_plot_values, &r.data, err, errlen) ||
	    put(out_dir, "effects.svg", fs_plot_effects, &r.data, err,
		errlen) ||
	    (r.has_policy && put(out_dir, "policy.svg", fs_plot_policy, &r.data,
				 err, errlen)) ||
	    put(out_dir, "report.md", write_md, &r, err, errlen))
		goto out;
	ret = 0;
out:
	free(best);
	fs_run_episodes_free(&run);
	return ret;
}
