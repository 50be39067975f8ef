/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading YAML documents parsed by libyaml: scalars, and errors that name
 * FILE:LINE. Shared by the knob-set reader and the search checkpoint.
 */
#ifndef FS_KNOBSET_YAML_READ_H
#define FS_KNOBSET_YAML_READ_H

#include <stddef.h>
#include <yaml.h>

/*
 * "PATH:LINE: " (the line of @n, 1 without a node) and the message into
 * @err; returns -1 for the caller to return.
 */
int __attribute__((format(printf, 5, 6)))
fs_yaml_fail_at(const char *path, char *err, size_t errlen,
		const yaml_node_t *n, const char *fmt, ...);

/* The text of scalar node @n, or NULL when @n is missing or not a scalar. */
const char *fs_yaml_scalar(const yaml_node_t *n);

#endif
