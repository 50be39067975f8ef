/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numbers as people read them: the shortest decimal text that reads back
 * as exactly the same double ("41.265699", not "41.265698999999998"), for
 * every YAML and JSON file we write, checkpoints included (they resume
 * bit for bit).
 */
#ifndef FS_COMMON_DOUBLE_TEXT_H
#define FS_COMMON_DOUBLE_TEXT_H

#define FS_DOUBLE_TEXT_LEN 32

/* @v's shortest round-trip text in @buf (which it returns). */
const char *fs_double_text(char buf[FS_DOUBLE_TEXT_LEN], double v);

#endif
