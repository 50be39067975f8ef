// SPDX-License-Identifier: GPL-2.0
/* What `flashyspark compare` measures and keeps (compare_data.h). */
#include "compare_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int fs_compare_add(struct fs_compare_data *d, const struct fs_measurement *m)
{
	if (d->n_m == d->cap_m) {
		size_t cap = d->cap_m ? 2 * d->cap_m : 16;
		struct fs_measurement *p = realloc(d->m, cap * sizeof(*p));

		if (!p)
			return -1;
		d->m = p;
		d->cap_m = cap;
	}
	d->m[d->n_m++] = *m;
	return 0;
}

size_t fs_compare_values(const struct fs_compare_data *d, size_t arm,
			 enum fs_metric k, double *out)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_m; i++)
		if (d->m[i].arm == arm && d->m[i].ok && isfinite(d->m[i].v[k]))
			out[n++] = d->m[i].v[k];
	return n;
}

size_t fs_compare_failures(const struct fs_compare_data *d, size_t arm)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_m; i++)
		n += d->m[i].arm == arm && !d->m[i].ok;
	return n;
}

bool fs_compare_has_metric(const struct fs_compare_data *d, enum fs_metric k)
{
	for (size_t i = 0; i < d->n_m; i++)
		if (d->m[i].ok && isfinite(d->m[i].v[k]))
			return true;
	return false;
}

double fs_compare_neighbour(const struct fs_compare_data *d, size_t arm)
{
	double sum = 0;
	size_t n = 0;

	for (size_t i = 0; i < d->n_m; i++)
		if (d->m[i].arm == arm && d->m[i].ok &&
		    isfinite(d->m[i].neighbour_cpus)) {
			sum += d->m[i].neighbour_cpus;
			n++;
		}
	return n ? sum / (double)n : NAN;
}

/* The ok value of @arm in @round, or NaN. */
static double round_value(const struct fs_compare_data *d, size_t arm,
			  int round, enum fs_metric k)
{
	for (size_t i = 0; i < d->n_m; i++)
		if (d->m[i].arm == arm && d->m[i].round == round &&
		    d->m[i].ok && isfinite(d->m[i].v[k]) && d->m[i].v[k] > 0)
			return d->m[i].v[k];
	return NAN;
}

/* Values of @arm and of arms[0] in the rounds both have; their count. */
static size_t pairs(const struct fs_compare_data *d, size_t arm,
		    enum fs_metric k, double *ref, double *x)
{
	int last = 0;
	size_t n = 0;

	for (size_t i = 0; i < d->n_m; i++)
		if (d->m[i].round > last)
			last = d->m[i].round;
	for (int r = 1; r <= last; r++) {
		double a = round_value(d, 0, r, k),
		       b = round_value(d, arm, r, k);

		if (isfinite(a) && isfinite(b)) {
			ref[n] = a;
			x[n++] = b;
		}
	}
	return n;
}

/* The ratio of @arm to arms[0]: paired by round where two rounds have
 * both, else Welch/Fieller over all their values (@x, @ref). */
static void ratio_of(const struct fs_compare_data *d, size_t arm,
		     enum fs_metric k, const double *x, const double *ref,
		     size_t n_ref, double *px, double *pref,
		     struct fs_arm_result *out)
{
	double m_ref = 0;
	size_t n_pairs;

	for (size_t i = 0; i < n_ref; i++)
		m_ref += ref[i] / (double)n_ref;
	if (!(m_ref > 0))
		return;
	out->has_ratio = true;
	n_pairs = pairs(d, arm, k, pref, px);
	if (n_pairs >= 2 &&
	    !fs_stats_ratio_paired(pref, px, n_pairs, FS_COMPARE_LEVEL,
				   &out->ratio)) {
		out->has_interval = out->paired = true;
		return;
	}
	/* Unpaired: the ratio of the means, Welch/Fieller over all values. */
	out->ratio.ratio = out->s.mean / m_ref;
	out->has_interval = out->n >= 2 && n_ref >= 2 &&
			    !fs_stats_ratio(ref, n_ref, x, out->n,
					    FS_COMPARE_LEVEL, &out->ratio);
}

int fs_compare_analyse(const struct fs_compare_data *d, size_t arm,
		       enum fs_metric k, struct fs_arm_result *out)
{
	/* Values of the arm and of the reference, then their pairs. */
	double *buf = malloc(4 * (d->n_m + 1) * sizeof(*buf));
	double *x = buf, *ref = buf + (d->n_m + 1);
	size_t n_ref;

	memset(out, 0, sizeof(*out));
	if (!buf)
		return -1;
	out->n = fs_compare_values(d, arm, k, x);
	n_ref = fs_compare_values(d, 0, k, ref);
	if (out->n && !fs_stats_summary(x, out->n, FS_COMPARE_LEVEL, &out->s) &&
	    arm != 0 && n_ref)
		ratio_of(d, arm, k, x, ref, n_ref, buf + 2 * (d->n_m + 1),
			 buf + 3 * (d->n_m + 1), out);
	free(buf);
	return 0;
}

void fs_compare_data_free(struct fs_compare_data *d)
{
	free(d->m);
	d->m = NULL;
	d->n_m = d->cap_m = 0;
}
