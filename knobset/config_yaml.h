/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Knob-set files: the YAML that --config reads and the search writes as
 * best_parameters.yaml.
 *
 *   knobs:                 # all 20 may appear; missing ones keep defaults
 *     tickless: true
 *   options:               # optional: slice_us, watchdog_ms, perf_cores...
 *     slice_us: 2000
 *
 * scheduler: must name scx_flashyspark; metric:, result: and retest: are
 * the search's record and are not read. Any other top-level key, unknown knobs
 * or options, non-boolean knob values and malformed YAML are errors naming
 * FILE:LINE.
 */
#ifndef FS_KNOBSET_CONFIG_YAML_H
#define FS_KNOBSET_CONFIG_YAML_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "options.h"

/*
 * Apply @path over @cfg without checking ranges, recording in @from where
 * each option came from ("FILE:LINE: options.NAME"), for fs_config_check
 * after the command line is merged; 0, or -1 with "FILE:LINE: what".
 */
int fs_config_yaml_apply(const char *path, struct fs_config *cfg,
			 struct fs_origins *from, char *err, size_t errlen);

/* Apply @path over @cfg and check the result; 0, or -1 with
 * "FILE:LINE: what" in @err. */
int fs_config_yaml_load(const char *path, struct fs_config *cfg, char *err,
			size_t errlen);

/* The same for @len bytes of @text (no NUL needed), @name in errors. */
int fs_config_yaml_load_buffer(const char *name, const char *text, size_t len,
			       struct fs_config *cfg, char *err, size_t errlen);

/* The effective configuration as YAML that fs_config_yaml_load accepts. */
void fs_config_yaml_print(FILE *out, const struct fs_config *cfg);

#endif
