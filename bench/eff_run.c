// SPDX-License-Identifier: GPL-2.0
/* One search run of bench/search-efficiency (eff_run.h). */
#include "eff_run.h"

#include <math.h>
#include <stdio.h>

#include "algo.h"
#include "engine.h"

unsigned long eff_noise_seed(unsigned long seed)
{
	return seed * 2654435761ul + 12345;
}

int eff_run_engine(const char *algo, const struct eff_objective *o,
		   unsigned long seed, int budget, double *inc, char *err,
		   size_t errlen)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng *noise = gsl_rng_alloc(gsl_rng_mt19937);
	struct fs_engine *e = NULL;
	struct fs_algo a;
	bool x[EFF_D];
	int n, ret = -1;

	if (!rng || !noise) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	gsl_rng_set(rng, seed);
	gsl_rng_set(noise, eff_noise_seed(seed));
	if (fs_algo_new(algo, EFF_D, &a, err, errlen))
		goto out;
	e = fs_engine_new(&a);
	if (!e) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (n = 0; n < budget; n++) {
		const struct fs_set_stats *s;
		enum fs_role role;
		bool ix[EFF_D];

		fs_engine_next(e, rng, x, &role);
		if (fs_engine_record(e, x, role, false, eff_sample(o, x, noise),
				     NAN)) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		s = fs_engine_incumbent(e);
		fs_mask_to(s->mask, EFF_D, ix);
		inc[n] = eff_true(o, ix);
	}
	ret = 0;
out:
	fs_engine_free(e);
	gsl_rng_free(noise);
	gsl_rng_free(rng);
	return ret;
}
