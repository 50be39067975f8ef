/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One machine's part in a shared search (`flashyspark search --storage URL
 * --study NAME`): join the study (creating it with this command line's
 * settings if it is new, else checking them and this machine against
 * it), then claim an evaluation, run its episode under this machine's
 * scheduler, write the result, and again, until the study's budget is in.
 * Ctrl-C gives the claimed evaluation back at once; joining again is the
 * resume.
 */
#ifndef FS_FLEET_NODE_H
#define FS_FLEET_NODE_H

#include <stddef.h>

#include "settings.h"

struct fs_node_opts {
	const char *url;   /* libpq connection string */
	const char *study; /* its name */
	const char *node;  /* NULL: HOST:PID */
	int lease_s;	   /* a claim not renewed this long is issued again */
	const char *out;   /* where best_parameters.yaml goes; NULL: runs/ */
};

#define FS_LEASE_S 60

enum fs_node_end {
	FS_NODE_DONE,	     /* the budget is in; a best set exists */
	FS_NODE_NO_RESULT,   /* the budget is in; nothing succeeded */
	FS_NODE_INTERRUPTED, /* a signal; the claim given back */
	FS_NODE_FAILED,	     /* err says why */
};

/* Take part with the settings the user gave (@set: a fresh search's). */
enum fs_node_end fs_node_run(const struct fs_node_opts *o,
			     struct fs_search_settings *set, char *err,
			     size_t errlen);

#endif
