// SPDX-License-Identifier: GPL-2.0
/* Named vectors of doubles (vars.h). */
#include "vars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fs_vars_init(struct fs_vars *s)
{
	memset(s, 0, sizeof(*s));
}

int fs_vars_put(struct fs_vars *s, const char *name, const double *v, size_t n)
{
	struct fs_var *var = (struct fs_var *)fs_vars_find(s, name);
	double *copy;

	if (strlen(name) >= FS_VAR_NAME_LEN || (!var && s->n == FS_VARS_MAX))
		return -1;
	copy = malloc((n ? n : 1) * sizeof(*copy));
	if (!copy)
		return -1;
	if (n)
		memcpy(copy, v, n * sizeof(*copy));
	if (!var) {
		var = &s->var[s->n++];
		snprintf(var->name, sizeof(var->name), "%s", name);
	} else {
		free(var->v);
	}
	var->v = copy;
	var->n = n;
	return 0;
}

const struct fs_var *fs_vars_find(const struct fs_vars *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->var[i].name, name))
			return &s->var[i];
	return NULL;
}

int fs_vars_get(const struct fs_vars *s, const char *name, double *v, size_t n,
		char *err, size_t errlen)
{
	const struct fs_var *var = fs_vars_find(s, name);

	if (!var) {
		snprintf(err, errlen, "%s: missing", name);
		return -1;
	}
	if (var->n != n) {
		snprintf(err, errlen, "%s: expected %zu values, got %zu", name,
			 n, var->n);
		return -1;
	}
	if (n)
		memcpy(v, var->v, n * sizeof(*v));
	return 0;
}

void fs_vars_free(struct fs_vars *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->var[i].v);
	fs_vars_init(s);
}
