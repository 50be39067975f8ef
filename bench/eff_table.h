/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The real objective of bench/search-efficiency: a response table
 * measured with llama-bench in the VM (bench/measure-response writes it;
 * bench/data/response-tiny-tcg.txt is the committed one) turned into an
 * objective over all 2^20 knob sets.
 *
 * The choice: an additive model, base + sum_i a_i x_i, fitted by least
 * squares to every successful run (tg or pp), observed with Gaussian
 * noise whose sd is the pooled run-to-run sd of the sets measured more
 * than once (the defaults, repeated through the run), or the fit's
 * residual sd when the repeats have fewer than 3 degrees of freedom. A
 * table of tens of sets cannot identify the 190 pairwise terms, and
 * nearest-neighbour over so few sets would make a landscape of flat
 * plateaus that no real scheduler has; the additive fit keeps what the
 * data shows (one effect per knob, with its uncertainty) and its optimum
 * is known exactly.
 */
#ifndef FS_BENCH_EFF_TABLE_H
#define FS_BENCH_EFF_TABLE_H

#include <stddef.h>

#include "eff_objective.h"

struct eff_table_fit {
	int runs, failed, distinct;
	int repeated_sets;  /* sets with two or more runs */
	int repeat_dof;	    /* degrees of freedom of repeat_sd */
	double repeat_sd;   /* pooled sd over them, NAN if none */
	double residual_sd; /* of the additive fit */
	double a_se[EFF_D]; /* standard error of each gain */
};

/*
 * Read path and fit kind (EFF_TABLE_TG or EFF_TABLE_PP) into o. 0, or -1
 * with "PATH:LINE: why" in err.
 */
int eff_table_objective(const char *path, enum eff_kind kind,
			struct eff_objective *o, struct eff_table_fit *fit,
			char *err, size_t errlen);

#endif
