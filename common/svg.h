/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few SVG pieces the project's charts are made of (compare's
 * chart.svg, the search report's plots): a document, escaped text, a plot
 * area with labelled, ticked axes mapping data to pixels, lines, points
 * and whiskers. Small on purpose; every chart is checked in a real
 * browser by the tests.
 */
#ifndef FS_COMMON_SVG_H
#define FS_COMMON_SVG_H

#include <stddef.h>
#include <stdio.h>

/* A plot area: its pixel rectangle and the data ranges it shows. */
struct fs_svg_plot {
	FILE *f;
	double x, y, w, h;
	double x0, x1, y0, y1;
};

/* <svg> of @width x @height with a white background and @title on top. */
void fs_svg_begin(FILE *f, int width, int height, const char *title);
void fs_svg_end(FILE *f);

/* @s with &, <, >, " escaped and control characters blanked. */
void fs_svg_escape(FILE *f, const char *s);

/* Text at (x, y); @anchor start|middle|end; @cls a CSS class or NULL. */
void fs_svg_text(FILE *f, double x, double y, const char *anchor, int size,
		 const char *cls, const char *text);

/*
 * Set up @p over the given rectangle and ranges and draw its frame, ticks
 * with values, and the axis labels (class "axis-label"); @xlabel or
 * @ylabel NULL: no such axis (e.g. a categorical one drawn by the caller).
 */
void fs_svg_axes(struct fs_svg_plot *p, FILE *f, double x, double y, double w,
		 double h, double x0, double x1, double y0, double y1,
		 const char *xlabel, const char *ylabel);

/* A vertical axis label (class "axis-label") centred on (x, y). */
void fs_svg_vlabel(FILE *f, double x, double y, const char *text);

/* Data to pixels. */
double fs_svg_px(const struct fs_svg_plot *p, double v);
double fs_svg_py(const struct fs_svg_plot *p, double v);

/* A polyline through the finite points (a NaN breaks it). */
void fs_svg_polyline(const struct fs_svg_plot *p, const double *xs,
		     const double *ys, size_t n, const char *colour,
		     double width);

/* A dot of radius @r at a data point. */
void fs_svg_point(const struct fs_svg_plot *p, double x, double y, double r,
		  const char *colour);

/* A whisker from (x, lo) to (x, hi) in data units, capped; @vertical 0
 * draws it horizontally from (lo, x) to (hi, x). */
void fs_svg_whisker(const struct fs_svg_plot *p, double x, double lo, double hi,
		    int vertical, const char *colour);

/* A rectangle in pixels. */
void fs_svg_rect(FILE *f, double x, double y, double w, double h,
		 const char *fill);

/* A step for about @n ticks over [lo, hi]: 1, 2 or 5 times a power of 10. */
double fs_svg_tick_step(double lo, double hi, int n);

#endif
