/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A study seen from outside (`flashyspark study NAME`): how far it got,
 * which node ran what, its best set so far; and its export into a folder
 * laid out as a search on one machine leaves it (best_parameters.yaml,
 * episodes.jsonl, checkpoint.yaml), so `flashyspark report DIR` and
 * `scx_flashyspark --config DIR/best_parameters.yaml` work on it.
 */
#ifndef FS_FLEET_STUDY_VIEW_H
#define FS_FLEET_STUDY_VIEW_H

#include <stdio.h>

#include "study.h"

/* Progress, nodes and best of the loaded study @s to @f; -1 with err. */
int fs_study_print(struct fs_study *s, FILE *f, char *err, size_t errlen);

/* The study's best set as best_parameters.yaml at @path: 1, 0 when it
 * has none yet, -1 with err. */
int fs_study_write_best(const struct fs_study *s, const char *path, char *err,
			size_t errlen);

/* Write the study's folder into @dir; -1 with err. */
int fs_study_export(struct fs_study *s, const char *dir, char *err,
		    size_t errlen);

#endif
