/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line parsing of scx_flashyspark into a struct fs_config. */
#ifndef FS_KNOBSET_OPTIONS_H
#define FS_KNOBSET_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

enum fs_opt_result {
	FS_OPT_RUN,
	FS_OPT_HELP,
	FS_OPT_ERROR,
};

/*
 * Parse @argv over @cfg (already holding defaults or a config file's
 * values). On error, @err holds one line saying which option and why.
 * @cli_knobs records which knobs the command line set, so a config file
 * read afterwards cannot override them.
 */
enum fs_opt_result fs_options_parse(int argc, char **argv,
				    struct fs_config *cfg,
				    bool cli_knobs[FS_NR_KNOBS], char *err,
				    size_t errlen);

void fs_options_usage(FILE *out, const char *prog);

/* "true"/"false"/"1"/"0"/"yes"/"no"/"on"/"off" -> 1/0; -1 if none. */
int fs_parse_bool(const char *s);

#endif
