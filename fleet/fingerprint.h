/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What makes two machines "identical" for a shared search: the CPU model,
 * how many CPUs are online and how they are arranged (packages, cores,
 * threads), the kernel release and the llama.cpp build the benchmark
 * runs. A study records the first node's and refuses a node whose
 * fingerprint differs: a knob set's tokens/s on one box says little about
 * another.
 */
#ifndef FS_FLEET_FINGERPRINT_H
#define FS_FLEET_FINGERPRINT_H

#include <stddef.h>

#include "settings.h"

#define FS_FINGERPRINT_LEN 512

/*
 * This machine's fingerprint for a search of @set (llama-bench's
 * --version when it runs llama-bench, "bench-cmd" otherwise), one line of
 * "key=value; " pairs.
 */
void fs_fingerprint(const struct fs_search_settings *set, char *out,
		    size_t len);

#endif
