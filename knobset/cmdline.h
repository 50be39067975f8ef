/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_flashyspark's command line: flags for every knob and every line of
 * options.def, merged over the defaults and a --config file.
 */
#ifndef FS_KNOBSET_CMDLINE_H
#define FS_KNOBSET_CMDLINE_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "options.h"

enum fs_opt_result {
	FS_OPT_RUN,
	FS_OPT_HELP,
	FS_OPT_ERROR,
};

/*
 * Defaults, then the --config file, then the other flags over it, then one
 * check of the result. On error, @err holds one line naming the flag (or
 * FILE:LINE) and why. Values of PATH options point into @argv. Where each
 * value came from goes to @origins if not NULL (the loader's own checks
 * of a value name it too).
 */
enum fs_opt_result fs_config_from_args(int argc, char **argv,
				       struct fs_config *cfg,
				       struct fs_origins *origins, char *err,
				       size_t errlen);

void fs_options_usage(FILE *out, const char *prog);

#endif
