/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rank-based utilities for a population of n evaluated samples: the best
 * quarter share +1, the worst quarter share -1 (each weight 1/mu with
 * mu = n/4, fractional at the quarter's edge), the middle 0, and tied
 * rewards split their weights evenly. Only the order of rewards matters,
 * so the update ignores the objective's scale and any monotone transform
 * of it (a 3 % gain counts the same at 10 t/s and at 1000 t/s). Failed
 * samples rank below every success and tie among themselves. The weights
 * sum to zero: no baseline is needed.
 */
#ifndef FS_SEARCH_RANKS_H
#define FS_SEARCH_RANKS_H

#include <stdbool.h>

/* w[i] for sample i; failed may be NULL. n <= 256; -1 if larger. */
int fs_rank_utilities(const double *reward, const bool *failed, int n,
		      double *w);

#endif
