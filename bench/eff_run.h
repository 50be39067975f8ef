/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One search run of bench/search-efficiency: a method, an objective, a
 * seed and a budget of evaluations, and what the method would answer
 * after each evaluation: the noise-free value of its incumbent.
 *
 * pg, random and greedy run in-process through the search engine
 * (engine.h), exactly as `flashyspark search` runs them: the engine's
 * racing re-evaluations count toward the budget, and the incumbent is
 * the engine's (a challenger crowned only after winning a re-run).
 * Optuna's TPE runs in tools/optuna-tpe, which scores its trials through
 * this program's --eval-batch mode; its incumbent is what Optuna reports,
 * the trial with the best observed value (study.best_trial).
 *
 * The algorithm's generator is seeded with seed; the observation noise
 * comes from a second generator seeded with eff_noise_seed(seed), in
 * both paths, so every method sees the same kind of noise.
 */
#ifndef FS_BENCH_EFF_RUN_H
#define FS_BENCH_EFF_RUN_H

#include <stddef.h>

#include "eff_objective.h"

#define EFF_MAX_BUDGET 1000

unsigned long eff_noise_seed(unsigned long seed);

/*
 * Run algorithm algo (pg, random, greedy) for budget evaluations;
 * inc[n - 1] is the incumbent's true value after evaluation n. 0, or -1
 * with the reason in err.
 */
int eff_run_engine(const char *algo, const struct eff_objective *o,
		   unsigned long seed, int budget, double *inc, char *err,
		   size_t errlen);

/*
 * The same for TPE: run the shell command cmd (the adapter, told the
 * budget, the seed and how to call the evaluator) and read its trials,
 * one "KNOBBITS VALUE" line each.
 */
int eff_run_tpe(const char *cmd, const struct eff_objective *o, int budget,
		double *inc, char *err, size_t errlen);

#endif
