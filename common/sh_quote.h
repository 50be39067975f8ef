/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A string as one word for sh -c: in single quotes, each ' written as
 * '\''. Where a command line is built for a shell (a neighbour pinned by
 * taskset, a bench driver re-running itself), one quoting rule.
 */
#ifndef FS_COMMON_SH_QUOTE_H
#define FS_COMMON_SH_QUOTE_H

#include <stddef.h>

/* @s quoted into @buf; -1 (buf emptied) when it does not fit in @len. */
int fs_sh_quote(const char *s, char *buf, size_t len);

#endif
