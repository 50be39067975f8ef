// SPDX-License-Identifier: GPL-2.0
/* A search algorithm over d boolean knobs (algo.h). */
#include "algo.h"

#include <stdio.h>
#include <string.h>

const struct fs_algo_ops *const fs_algos[] = {
	&fs_algo_pg,
	&fs_algo_random,
	&fs_algo_greedy,
	NULL,
};

int fs_algo_new(const char *name, int d, struct fs_algo *out, char *err,
		size_t errlen)
{
	const struct fs_algo_ops *const *ops;

	memset(out, 0, sizeof(*out));
	if (d < 1 || d > FS_ALGO_MAX_D) {
		snprintf(err, errlen, "%d knobs: expected 1..%d", d,
			 FS_ALGO_MAX_D);
		return -1;
	}
	for (ops = fs_algos; *ops; ops++) {
		if (strcmp((*ops)->name, name))
			continue;
		out->st = (*ops)->alloc(d);
		if (!out->st) {
			snprintf(err, errlen, "%s: out of memory", name);
			return -1;
		}
		out->ops = *ops;
		out->d = d;
		return 0;
	}
	snprintf(err, errlen,
		 "unknown algorithm '%s' (expected pg, random or greedy)",
		 name);
	return -1;
}

void fs_algo_free(struct fs_algo *a)
{
	if (a->ops && a->st)
		a->ops->free(a->st);
	a->ops = NULL;
	a->st = NULL;
}
