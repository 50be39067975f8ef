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

/* Values of @arm and of @ref in the rounds both have; their count. */
static size_t pairs(const struct fs_compare_data *d, size_t arm, size_t ref,
		    enum fs_metric k, double *pref, double *px)
{
	int last = 0;
	size_t n = 0;

	for (size_t i = 0; i < d->n_m; i++)
		if (d->m[i].round > last)
			last = d->m[i].round;
	for (int r = 1; r <= last; r++) {
		double a = round_value(d, ref, r, k),
		       b = round_value(d, arm, r, k);

		if (isfinite(a) && isfinite(b)) {
			pref[n] = a;
			px[n++] = b;
		}
	}
	return n;
}

int fs_compare_paired(const struct fs_compare_data *d, size_t arm, size_t ref,
		      enum fs_metric k, size_t *rounds, struct fs_ratio *out)
{
	double *buf = malloc(2 * (d->n_m + 1) * sizeof(*buf));
	double *pref = buf, *px = buf + (d->n_m + 1);
	int err = 0;

	*out = (struct fs_ratio){.ratio = NAN,
				 .lo = NAN,
				 .hi = NAN,
				 .t = NAN,
				 .df = NAN,
				 .p = NAN};
	*rounds = 0;
	if (!buf)
		return -1;
	*rounds = pairs(d, arm, ref, k, pref, px);
	if (*rounds == 1)
		out->ratio = px[0] / pref[0];
	else if (*rounds >= 2)
		err = fs_stats_ratio_paired(pref, px, *rounds, FS_COMPARE_LEVEL,
					    out);
	free(buf);
	return err ? -1 : 0;
}

/* The ratio of @arm to arm @ref: paired by round where two rounds have
 * both, else Welch/Fieller over all their values (@x, @rv). */
static int ratio_of(const struct fs_compare_data *d, size_t arm, size_t ref,
		    enum fs_metric k, const double *x, const double *rv,
		    size_t n_ref, struct fs_arm_result *out)
{
	double m_ref = 0;
	size_t n_pairs;

	for (size_t i = 0; i < n_ref; i++)
		m_ref += rv[i] / (double)n_ref;
	if (!(m_ref > 0))
		return 0;
	out->has_ratio = true;
	if (fs_compare_paired(d, arm, ref, k, &n_pairs, &out->ratio))
		return -1;
	if (n_pairs >= 2) {
		out->has_interval = out->paired = true;
		return 0;
	}
	/* Unpaired: the ratio of the means, Welch/Fieller over all values. */
	out->ratio.ratio = out->s.mean / m_ref;
	out->has_interval = out->n >= 2 && n_ref >= 2 &&
			    !fs_stats_ratio(rv, n_ref, x, out->n,
					    FS_COMPARE_LEVEL, &out->ratio);
	return 0;
}

int fs_compare_against(const struct fs_compare_data *d, size_t arm, size_t ref,
		       enum fs_metric k, struct fs_arm_result *out)
{
	/* Values of the arm and of the reference. */
	double *buf = malloc(2 * (d->n_m + 1) * sizeof(*buf));
	double *x = buf, *rv = buf + (d->n_m + 1);
	size_t n_ref;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (!buf)
		return -1;
	out->n = fs_compare_values(d, arm, k, x);
	n_ref = fs_compare_values(d, ref, k, rv);
	if (out->n && !fs_stats_summary(x, out->n, FS_COMPARE_LEVEL, &out->s) &&
	    arm != ref && n_ref)
		err = ratio_of(d, arm, ref, k, x, rv, n_ref, out);
	free(buf);
	return err;
}

int fs_compare_analyse(const struct fs_compare_data *d, size_t arm,
		       enum fs_metric k, struct fs_arm_result *out)
{
	return fs_compare_against(d, arm, 0, k, out);
}

void fs_compare_data_free(struct fs_compare_data *d)
{
	free(d->m);
	d->m = NULL;
	d->n_m = d->cap_m = 0;
}
