// SPDX-License-Identifier: GPL-2.0
/* Scalars and FILE:LINE errors of libyaml documents (yaml_read.h). */
#include "yaml_read.h"

#include <stdarg.h>
#include <stdio.h>

int fs_yaml_fail_at(const char *path, char *err, size_t errlen,
		    const yaml_node_t *n, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	used = (size_t)snprintf(err, errlen, "%s:%zu: ", path,
				n ? n->start_mark.line + 1 : 1);
	if (used < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + used, errlen - used, fmt, ap);
		va_end(ap);
	}
	return -1;
}

const char *fs_yaml_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}
