// SPDX-License-Identifier: GPL-2.0
/* The TPE side of eff_run.h: the adapter as a child, read line by line. */
#include "eff_run.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* "0101... VALUE" into x and *v; 0, or -1 if malformed. */
static int parse_trial(const char *line, bool *x, double *v)
{
	char bits[64];
	int i;

	if (sscanf(line, "%63s %lf", bits, v) != 2 || strlen(bits) != EFF_D)
		return -1;
	for (i = 0; i < EFF_D; i++) {
		if (bits[i] != '0' && bits[i] != '1')
			return -1;
		x[i] = bits[i] == '1';
	}
	return 0;
}

int eff_run_tpe(const char *cmd, const struct eff_objective *o, int budget,
		double *inc, char *err, size_t errlen)
{
	FILE *p = popen(cmd, "r");
	char line[256];
	bool x[EFF_D];
	double v, best = -INFINITY, best_true = NAN;
	int n = 0, st;

	if (!p) {
		snprintf(err, errlen, "cannot start: %s", cmd);
		return -1;
	}
	while (n < budget && fgets(line, sizeof(line), p)) {
		if (parse_trial(line, x, &v)) {
			snprintf(err, errlen, "TPE adapter: bad line '%.60s'",
				 line);
			pclose(p);
			return -1;
		}
		if (v > best) {
			best = v;
			best_true = eff_true(o, x);
		}
		inc[n++] = best_true;
	}
	st = pclose(p);
	if (n < budget || st == -1 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		snprintf(err, errlen,
			 "TPE adapter gave %d of %d trials (status %d): %s", n,
			 budget, st, cmd);
		return -1;
	}
	return 0;
}
