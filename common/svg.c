// SPDX-License-Identifier: GPL-2.0
/* SVG chart pieces (svg.h). */
#include "svg.h"

#include <math.h>

void fs_svg_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			/* Control characters are not allowed in XML 1.0. */
			fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
		}
	}
}

void fs_svg_begin(FILE *f, int width, int height, const char *title)
{
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"sans-serif\">\n",
		width, height, width, height);
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width,
		height);
	fs_svg_text(f, width / 2.0, 22, "middle", 15, "title", title);
}

void fs_svg_end(FILE *f)
{
	fputs("</svg>\n", f);
}

void fs_svg_text(FILE *f, double x, double y, const char *anchor, int size,
		 const char *cls, const char *text)
{
	fprintf(f,
		"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
		"font-size=\"%d\"",
		x, y, anchor, size);
	if (cls)
		fprintf(f, " class=\"%s\"", cls);
	fputc('>', f);
	fs_svg_escape(f, text);
	fputs("</text>\n", f);
}

double fs_svg_tick_step(double lo, double hi, int n)
{
	double raw = (hi - lo) / (n > 0 ? n : 1), mag, r;

	if (!(raw > 0) || !isfinite(raw))
		return 1;
	mag = pow(10, floor(log10(raw)));
	r = raw / mag;
	return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

double fs_svg_px(const struct fs_svg_plot *p, double v)
{
	double span = p->x1 - p->x0;

	return p->x + (span > 0 ? (v - p->x0) / span : 0.5) * p->w;
}

double fs_svg_py(const struct fs_svg_plot *p, double v)
{
	double span = p->y1 - p->y0;

	return p->y + p->h - (span > 0 ? (v - p->y0) / span : 0.5) * p->h;
}

/* Ticks of one axis: short lines and their values. */
static void ticks(const struct fs_svg_plot *p, int horizontal)
{
	double lo = horizontal ? p->x0 : p->y0, hi = horizontal ? p->x1 : p->y1;
	double step = fs_svg_tick_step(lo, hi, horizontal ? 8 : 5), v;
	char buf[32];

	for (v = ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
		double px = fs_svg_px(p, v), py = fs_svg_py(p, v);

		snprintf(buf, sizeof(buf), "%g", fabs(v) < step * 1e-9 ? 0 : v);
		if (horizontal) {
			fprintf(p->f,
				"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				"y2=\"%.1f\" stroke=\"#444\"/>\n",
				px, p->y + p->h, px, p->y + p->h + 4);
			fs_svg_text(p->f, px, p->y + p->h + 16, "middle", 11,
				    "tick", buf);
		} else {
			fprintf(p->f,
				"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				"y2=\"%.1f\" stroke=\"#ddd\"/>\n",
				p->x, py, p->x + p->w, py);
			fs_svg_text(p->f, p->x - 6, py + 4, "end", 11, "tick",
				    buf);
		}
	}
}

void fs_svg_axes(struct fs_svg_plot *p, FILE *f, double x, double y, double w,
		 double h, double x0, double x1, double y0, double y1,
		 const char *xlabel, const char *ylabel)
{
	*p = (struct fs_svg_plot){.f = f,
				  .x = x,
				  .y = y,
				  .w = w,
				  .h = h,
				  .x0 = x0,
				  .x1 = x1,
				  .y0 = y0,
				  .y1 = y1};
	if (ylabel)
		ticks(p, 0);
	if (xlabel)
		ticks(p, 1);
	fprintf(f,
		"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"none\" stroke=\"#444\"/>\n",
		x, y, w, h);
	if (xlabel)
		fs_svg_text(f, x + w / 2, y + h + 36, "middle", 13,
			    "axis-label", xlabel);
	if (ylabel)
		fs_svg_vlabel(f, x - 46, y + h / 2, ylabel);
}

void fs_svg_vlabel(FILE *f, double x, double y, const char *text)
{
	fprintf(f,
		"<text transform=\"translate(%.1f %.1f) rotate(-90)\" "
		"text-anchor=\"middle\" font-size=\"13\" "
		"class=\"axis-label\">",
		x, y);
	fs_svg_escape(f, text);
	fputs("</text>\n", f);
}

void fs_svg_polyline(const struct fs_svg_plot *p, const double *xs,
		     const double *ys, size_t n, const char *colour,
		     double width)
{
	int open = 0;

	for (size_t i = 0; i < n; i++) {
		if (!isfinite(xs[i]) || !isfinite(ys[i])) {
			if (open)
				fputs("\"/>\n", p->f);
			open = 0;
			continue;
		}
		if (!open)
			fprintf(p->f,
				"<polyline fill=\"none\" stroke=\"%s\" "
				"stroke-width=\"%.1f\" points=\"",
				colour, width);
		fprintf(p->f, "%s%.1f,%.1f", open ? " " : "",
			fs_svg_px(p, xs[i]), fs_svg_py(p, ys[i]));
		open = 1;
	}
	if (open)
		fputs("\"/>\n", p->f);
}

void fs_svg_point(const struct fs_svg_plot *p, double x, double y, double r,
		  const char *colour)
{
	if (isfinite(x) && isfinite(y))
		fprintf(p->f,
			"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
			"fill=\"%s\"/>\n",
			fs_svg_px(p, x), fs_svg_py(p, y), r, colour);
}

void fs_svg_whisker(const struct fs_svg_plot *p, double x, double lo, double hi,
		    int vertical, const char *colour)
{
	double ax, ay, bx, by, cap = 4;

	if (!isfinite(x) || !isfinite(lo) || !isfinite(hi))
		return;
	if (vertical) {
		ax = bx = fs_svg_px(p, x);
		ay = fs_svg_py(p, lo);
		by = fs_svg_py(p, hi);
		fprintf(p->f,
			"<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f "
			"%.1fH%.1f\" stroke=\"%s\" fill=\"none\"/>\n",
			ax, ay, by, ax - cap, ay, ax + cap, ax - cap, by,
			ax + cap, colour);
	} else {
		ay = by = fs_svg_py(p, x);
		ax = fs_svg_px(p, lo);
		bx = fs_svg_px(p, hi);
		fprintf(p->f,
			"<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f "
			"%.1fV%.1f\" stroke=\"%s\" fill=\"none\"/>\n",
			ax, ay, bx, ax, ay - cap, ay + cap, bx, by - cap,
			by + cap, colour);
	}
}

void fs_svg_rect(FILE *f, double x, double y, double w, double h,
		 const char *fill)
{
	fprintf(f,
		"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"%s\"/>\n",
		x, y, w, h, fill);
}
