// SPDX-License-Identifier: GPL-2.0
/* The search report's charts (report_plots.h). */
#include "report_plots.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "knobs.h"
#include "metric.h"
#include "svg.h"

#define W      900
#define LEFT   80.0
#define PLOT_W 780.0
#define ROW_H  20.0
#define NAME_W 190.0

static uint32_t mask_of(const bool *knobs)
{
	uint32_t m = 0;

	for (int k = 0; k < FS_NR_KNOBS; k++)
		m |= (uint32_t)knobs[k] << k;
	return m;
}

/* One knob set's runs so far. */
struct set_runs {
	uint32_t mask;
	double sum;
	int n;
	bool failed;
};

void fs_report_best_so_far(const struct fs_run_episodes *run, double *out)
{
	struct set_runs *sets = calloc(run->n ? run->n : 1, sizeof(*sets));
	size_t n_sets = 0;

	for (size_t i = 0; i < run->n; i++) {
		uint32_t m = mask_of(run->ep[i].knobs);
		double best = NAN;
		size_t j;

		if (!sets) { /* out of memory: no curve */
			out[i] = NAN;
			continue;
		}
		for (j = 0; j < n_sets && sets[j].mask != m; j++)
			;
		if (j == n_sets)
			sets[n_sets++].mask = m;
		if (run->ep[i].ok) {
			sets[j].sum += run->ep[i].value;
			sets[j].n++;
		} else {
			sets[j].failed = true;
		}
		for (j = 0; j < n_sets; j++)
			if (sets[j].n && !sets[j].failed &&
			    !(sets[j].sum / sets[j].n <= best))
				best = sets[j].sum / sets[j].n;
		out[i] = best;
	}
	free(sets);
}

bool fs_report_has_policy(const struct fs_run_episodes *run)
{
	for (size_t i = 0; i < run->n; i++)
		if (run->ep[i].has_policy)
			return true;
	return false;
}

static const char *role_colour(const char *role)
{
	if (!strncmp(role, "race", 4))
		return "#7f7f7f";
	if (!strncmp(role, "retest", 6))
		return "#ff7f0e";
	return "#1f77b4";
}

/* The value range of the successful episodes, padded. */
static void value_range(const struct fs_run_episodes *run, double *lo,
			double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < run->n; i++)
		if (run->ep[i].ok) {
			*lo = fmin(*lo, run->ep[i].value);
			*hi = fmax(*hi, run->ep[i].value);
		}
	if (!isfinite(*lo)) {
		*lo = 0;
		*hi = 1;
	}
	if (*hi - *lo < 1e-9 * fmax(fabs(*hi), 1))
		*lo -= 1, *hi += 1;
	*lo -= 0.08 * (*hi - *lo);
	*hi += 0.05 * (*hi - *lo);
}

static void legend(FILE *f, double x, double y, const char *colour,
		   const char *text)
{
	fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n", x,
		y - 4, colour);
	fs_svg_text(f, x + 8, y, "start", 11, "legend", text);
}

int fs_plot_values(FILE *f, const void *arg)
{
	const struct fs_report_data *d = arg;
	const struct fs_run_episodes *run = d->run;
	struct fs_svg_plot p;
	double lo, hi, *xs;
	char title[160], ylabel[64];

	snprintf(title, sizeof(title),
		 "flashyspark search: %s per episode (%s), best so far",
		 fs_metric_name(run->settings.metric), run->settings.algorithm);
	snprintf(ylabel, sizeof(ylabel), "%s (t/s)",
		 fs_metric_name(run->settings.metric));
	value_range(run, &lo, &hi);
	fs_svg_begin(f, W, 430, title);
	fs_svg_axes(&p, f, LEFT, 40, PLOT_W, 300, -0.5,
		    run->n ? (double)run->n - 0.5 : 0.5, lo, hi, "episode",
		    ylabel);
	/* Whiskers: the spread of every run of the episode's knob set. */
	for (size_t i = 0; i < run->n; i++) {
		uint32_t m = mask_of(run->ep[i].knobs);
		double mn = INFINITY, mx = -INFINITY;
		int n = 0;

		if (!run->ep[i].ok)
			continue;
		for (size_t j = 0; j < run->n; j++)
			if (run->ep[j].ok && mask_of(run->ep[j].knobs) == m) {
				mn = fmin(mn, run->ep[j].value);
				mx = fmax(mx, run->ep[j].value);
				n++;
			}
		if (n >= 2)
			fs_svg_whisker(&p, (double)i, mn, mx, 1, "#c7c7c7");
	}
	for (size_t i = 0; i < run->n; i++) {
		if (run->ep[i].ok)
			fs_svg_point(&p, (double)i, run->ep[i].value, 3.5,
				     role_colour(run->ep[i].role));
		else /* failed: along the bottom */
			fs_svg_point(&p, (double)i, lo, 4, "#d62728");
	}
	xs = malloc((run->n ? run->n : 1) * sizeof(*xs));
	if (!xs)
		return -1;
	for (size_t i = 0; i < run->n; i++)
		xs[i] = (double)i;
	fs_svg_polyline(&p, xs, d->best_so_far, run->n, "#2ca02c", 2);
	free(xs);
	legend(f, LEFT, 395, "#1f77b4", "explore");
	legend(f, LEFT + 90, 395, "#7f7f7f", "race re-run");
	legend(f, LEFT + 210, 395, "#ff7f0e", "held-out re-test");
	legend(f, LEFT + 350, 395, "#d62728", "failed (stall, error)");
	fprintf(f,
		"<line x1=\"%.1f\" y1=\"391\" x2=\"%.1f\" y2=\"391\" "
		"stroke=\"#2ca02c\" stroke-width=\"2\"/>\n",
		LEFT + 520, LEFT + 540);
	fs_svg_text(f, LEFT + 546, 395, "start", 11, "legend",
		    "best so far (mean of its runs)");
	fprintf(f,
		"<path d=\"M%.1f 408V418\" stroke=\"#c7c7c7\" "
		"stroke-width=\"2\"/>\n",
		LEFT + 4);
	fs_svg_text(f, LEFT + 12, 417, "start", 11, "legend",
		    "whisker: lowest to highest run of the same knob set");
	fs_svg_end(f);
	return ferror(f) ? -1 : 0;
}

/* White to blue with p in [0, 1]. */
static void shade(double p, char *buf, size_t len)
{
	p = fmin(fmax(isfinite(p) ? p : 0, 0), 1);
	snprintf(buf, len, "#%02x%02x%02x", (int)(255 - p * (255 - 31)),
		 (int)(255 - p * (255 - 119)), (int)(255 - p * (255 - 180)));
}

int fs_plot_policy(FILE *f, const void *arg)
{
	const struct fs_report_data *d = arg;
	const struct fs_run_episodes *run = d->run;
	double top = 40, h = ROW_H * FS_NR_KNOBS, cw, x0 = NAME_W;
	double pw = W - NAME_W - 30;
	struct fs_svg_plot p;
	char colour[16];

	fs_svg_begin(f, W, (int)(top + h + 80),
		     "flashyspark search: probability of each knob being on "
		     "(pg), per episode");
	cw = pw / (double)(run->n ? run->n : 1);
	for (size_t i = 0; i < run->n; i++) {
		if (!run->ep[i].has_policy)
			continue;
		for (int k = 0; k < FS_NR_KNOBS; k++) {
			shade(run->ep[i].policy[k], colour, sizeof(colour));
			fs_svg_rect(f, x0 + cw * (double)i, top + ROW_H * k,
				    cw + 0.3, ROW_H, colour);
		}
	}
	for (int k = 0; k < FS_NR_KNOBS; k++)
		fs_svg_text(f, x0 - 6, top + ROW_H * k + 14, "end", 11, "knob",
			    fs_knob_table[k].name);
	fs_svg_axes(&p, f, x0, top, pw, h, -0.5,
		    run->n ? (double)run->n - 0.5 : 0.5, 0, 1, "episode", NULL);
	fs_svg_vlabel(f, 16, top + h / 2, "knob");
	/* The colour scale. */
	for (int s = 0; s <= 10; s++) {
		shade(s / 10.0, colour, sizeof(colour));
		fs_svg_rect(f, x0 + 20.0 * s, top + h + 48, 20, 10, colour);
	}
	fs_svg_text(f, x0 - 6, top + h + 57, "end", 11, "legend", "P(on) 0");
	fs_svg_text(f, x0 + 226, top + h + 57, "start", 11, "legend", "1");
	fs_svg_end(f);
	return ferror(f) ? -1 : 0;
}

int fs_plot_effects(FILE *f, const void *arg)
{
	const struct fs_report_data *d = arg;
	const struct fs_knob_effects *fx = d->fx;
	double top = 40, h = ROW_H * FS_NR_KNOBS, lo = 0, hi = 0, pad;
	double pw = W - NAME_W - 30;
	struct fs_svg_plot p;
	char title[160], xlabel[96];

	for (int k = 0; k < FS_NR_KNOBS; k++)
		if (fx->estimated && fx->k[k].varied) {
			lo = fmin(lo, fx->k[k].lo);
			hi = fmax(hi, fx->k[k].hi);
		}
	pad = 0.05 * (hi - lo > 0 ? hi - lo : 1);
	lo -= pad;
	hi += pad;
	snprintf(title, sizeof(title),
		 "flashyspark search: estimated effect of each knob on %s "
		 "(%d episodes)",
		 fs_metric_name(d->run->settings.metric), fx->n);
	snprintf(xlabel, sizeof(xlabel),
		 "change in %s when the knob is on (t/s, 95%% interval)",
		 fs_metric_name(d->run->settings.metric));
	fs_svg_begin(f, W, (int)(top + h + 70), title);
	fs_svg_axes(&p, f, NAME_W, top, pw, h, lo, hi, 0, FS_NR_KNOBS, xlabel,
		    NULL);
	fs_svg_vlabel(f, 16, top + h / 2, "knob");
	fprintf(f,
		"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		"stroke=\"#000\"/>\n",
		fs_svg_px(&p, 0), top, fs_svg_px(&p, 0), top + h);
	for (int k = 0; k < FS_NR_KNOBS; k++) {
		const struct fs_knob_effect *e = &fx->k[k];
		double y = top + ROW_H * k, x0 = fs_svg_px(&p, 0), x1;
		const char *c;

		fs_svg_text(f, NAME_W - 6, y + 14, "end", 11, "knob",
			    fs_knob_table[k].name);
		if (!fx->estimated || !e->varied) {
			fs_svg_text(f, x0 + 6, y + 14, "start", 10, "note",
				    e->varied ? "not estimated" : "not varied");
			continue;
		}
		c = fs_knob_effect_sign(e) > 0	 ? "#2ca02c"
		    : fs_knob_effect_sign(e) < 0 ? "#d62728"
						 : "#9e9e9e";
		x1 = fs_svg_px(&p, e->effect);
		fs_svg_rect(f, fmin(x0, x1), y + 5, fabs(x1 - x0), ROW_H - 10,
			    c);
		/* The whisker's row: the middle of the knob's band. */
		fs_svg_whisker(&p, FS_NR_KNOBS - k - 0.5, e->lo, e->hi, 0,
			       "#000");
	}
	fs_svg_end(f);
	return ferror(f) ? -1 : 0;
}
