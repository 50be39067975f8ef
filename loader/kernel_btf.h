/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel's sched_ext offers, read from its BTF, so the
 * loader asks only for features the kernel has (a flag it does not know
 * makes the load fail).
 */
#ifndef FS_LOADER_KERNEL_BTF_H
#define FS_LOADER_KERNEL_BTF_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The value of enumerator @name of enum @type in the kernel's BTF
 * (/sys/kernel/btf/vmlinux); false when the kernel has no such enumerator
 * or no BTF.
 */
bool fs_kernel_enum_value(const char *type, const char *name, uint64_t *val);

#endif
