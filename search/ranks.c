// SPDX-License-Identifier: GPL-2.0
/* Rank-based utilities for a population of n evaluated samples (ranks.h). */
#include "ranks.h"

#include <math.h>

#define MAX_N 256

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Weight of sorted position j (0 = best) among n. */
static double position_weight(int j, int n)
{
	double mu = n / 4.0;
	double top = clamp01(mu - j);
	double bottom = clamp01(j + 1 - (n - mu));

	return (top - bottom) / mu;
}

int fs_rank_utilities(const double *reward, const bool *failed, int n,
		      double *w)
{
	double v[MAX_N];
	int order[MAX_N];
	int i, j, a, b;

	if (n < 1 || n > MAX_N)
		return -1;
	for (i = 0; i < n; i++) {
		v[i] = failed && failed[i] ? -INFINITY : reward[i];
		order[i] = i;
	}
	/* Insertion sort, best first: n is a population, a handful. */
	for (i = 1; i < n; i++) {
		int k = order[i];

		for (j = i; j > 0 && v[order[j - 1]] < v[k]; j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	for (a = 0; a < n; a = b) {
		double sum = 0;

		for (b = a; b < n && v[order[b]] == v[order[a]]; b++)
			sum += position_weight(b, n);
		for (j = a; j < b; j++)
			w[order[j]] = sum / (b - a);
	}
	return 0;
}
