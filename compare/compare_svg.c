// SPDX-License-Identifier: GPL-2.0
/*
 * chart.svg: one panel per metric, a bar per arm at its mean t/s with a
 * whisker over the 95% interval of the mean, and the ratio to EEVDF
 * under the arm's name. Every text goes through fs_svg_escape (svg.h) so a
 * path or a name cannot break the document.
 */
#include "compare_report.h"

#include <math.h>
#include <stdlib.h>

#include "svg.h"

#define PANEL_TOP 50.0
#define PLOT_H	  210.0
#define BAR_W	  56.0
#define SLOT_W	  96.0
#define AXIS_X	  64.0
#define HEIGHT	  330

static const char *const colours[] = {"#8c8c8c", "#1f77b4", "#ff7f0e",
				      "#2ca02c", "#d62728", "#9467bd",
				      "#8c564b", "#e377c2"};

/* The top of the scale: the highest whisker or bar, with headroom. */
static double panel_max(const struct fs_arm_result *r, size_t n)
{
	double top = 0;

	for (size_t a = 0; a < n; a++) {
		if (!r[a].n)
			continue;
		top = fmax(top, r[a].s.mean);
		if (r[a].n >= 2 && isfinite(r[a].s.ci_hi))
			top = fmax(top, r[a].s.ci_hi);
	}
	return top > 0 ? top * 1.15 : 1;
}

static double y_of(double v, double top)
{
	v = fmin(fmax(v, 0), top);
	return PANEL_TOP + PLOT_H * (1 - v / top);
}

static void axis(FILE *f, double x0, double top)
{
	fprintf(f,
		"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		"stroke=\"#000\"/>\n",
		x0 + AXIS_X, PANEL_TOP, x0 + AXIS_X, PANEL_TOP + PLOT_H);
	for (int i = 0; i <= 4; i++) {
		double v = top * i / 4, y = y_of(v, top);

		fprintf(f,
			"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#000\"/>\n"
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
			"font-size=\"10\">%.4g</text>\n",
			x0 + AXIS_X - 4, y, x0 + AXIS_X, y, x0 + AXIS_X - 6,
			y + 3, v);
	}
}

static void bar(FILE *f, const struct fs_compare_data *d, size_t a,
		const struct fs_arm_result *r, double x, double top)
{
	double cx = x + BAR_W / 2, base = PANEL_TOP + PLOT_H;
	const char *colour = colours[a % (sizeof(colours) / sizeof(*colours))];

	if (r->n) {
		double y = y_of(r->s.mean, top);

		fprintf(f,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\" fill=\"%s\"/>\n",
			x, y, BAR_W, base - y, colour);
		if (r->n >= 2) {
			double lo = y_of(r->s.ci_lo, top);
			double hi = y_of(r->s.ci_hi, top);

			fprintf(f,
				"<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1f"
				"M%.1f %.1fH%.1f\" stroke=\"#000\" "
				"stroke-width=\"1.5\" fill=\"none\"/>\n",
				cx, lo, hi, cx - 8, lo, cx + 8, cx - 8, hi,
				cx + 8);
		}
		fprintf(f,
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
			"font-size=\"10\">%.2f</text>\n",
			cx, y - 4, r->s.mean);
	} else {
		fprintf(f,
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
			"font-size=\"10\" fill=\"#d62728\">no data</text>\n",
			cx, base - 6);
	}
	fprintf(f,
		"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		"font-size=\"11\">",
		cx, base + 16);
	fs_svg_escape(f, d->arms[a].id);
	fputs("</text>\n", f);
	if (r->has_ratio)
		fprintf(f,
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
			"font-size=\"10\">%+.1f%%%s</text>\n",
			cx, base + 30, 100 * (r->ratio.ratio - 1),
			r->has_interval && r->ratio.significant ? " *" : "");
}

static int panel(FILE *f, const struct fs_compare_data *d, enum fs_metric k,
		 double x0)
{
	struct fs_arm_result *r = calloc(d->n_arms, sizeof(*r));
	double top;

	if (!r)
		return -1;
	for (size_t a = 0; a < d->n_arms; a++)
		if (fs_compare_analyse(d, a, k, &r[a])) {
			free(r);
			return -1;
		}
	top = panel_max(r, d->n_arms);
	fprintf(f,
		"<text x=\"%.1f\" y=\"28\" font-size=\"14\" "
		"font-weight=\"bold\">%s: %s (t/s)</text>\n",
		x0 + AXIS_X, fs_metric_name(k), fs_metric_title(k));
	axis(f, x0, top);
	for (size_t a = 0; a < d->n_arms; a++)
		bar(f, d, a, &r[a], x0 + AXIS_X + 16 + SLOT_W * (double)a, top);
	free(r);
	return 0;
}

int fs_report_svg(FILE *f, const void *arg)
{
	const struct fs_compare_data *d = arg;
	double panel_w = AXIS_X + 32 + SLOT_W * (double)d->n_arms;
	int n = 0;

	for (int k = 0; k < FS_NR_METRICS; k++)
		n += fs_compare_has_metric(d, k);
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
		"height=\"%d\" viewBox=\"0 0 %.0f %d\" "
		"font-family=\"sans-serif\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
		panel_w * (n ? n : 1), HEIGHT, panel_w * (n ? n : 1), HEIGHT);
	fputs("<title>flashyspark compare: mean tokens/s per arm, whiskers "
	      "95% interval; under each arm its change vs ",
	      f);
	fs_svg_escape(f, d->arms[0].id);
	fputs(" (* significant)</title>\n", f);
	n = 0;
	for (int k = 0; k < FS_NR_METRICS; k++)
		if (fs_compare_has_metric(d, k) &&
		    panel(f, d, k, panel_w * n++))
			return -1;
	if (!n)
		fputs("<text x=\"20\" y=\"40\">no measurements</text>\n", f);
	fprintf(f,
		"<text x=\"8\" y=\"%d\" font-size=\"10\" fill=\"#555\">"
		"bars: mean of per-process t/s; whiskers: 95%% CI; %% vs ",
		HEIGHT - 8);
	fs_svg_escape(f, d->arms[0].id);
	fputs(", * = 95% CI of the ratio excludes 1</text>\n</svg>\n", f);
	return ferror(f) ? -1 : 0;
}
