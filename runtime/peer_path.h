/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a peer scheduler named on the command line lives. A bare name
 * (`scx_simple`) means one of the kernel's sample schedulers that
 * tools/peers/mkpeers built: in $FLASHYSPARK_PEERS_DIR, else in the newest
 * /opt/flashyspark-peers/<version>/bin. A name with a slash is a path and
 * is taken as it is.
 */
#ifndef FS_RUNTIME_PEER_PATH_H
#define FS_RUNTIME_PEER_PATH_H

#include <stddef.h>

#define FS_PEERS_ENV  "FLASHYSPARK_PEERS_DIR"
#define FS_PEERS_BASE "/opt/flashyspark-peers"

/*
 * Write the peer's path into buf. env_dir is the value of
 * FLASHYSPARK_PEERS_DIR (NULL or "" when unset) and base the folder of
 * built versions (FS_PEERS_BASE; another one in tests). Returns 0, or -1
 * with err saying where it looked.
 */
int fs_peer_resolve(const char *name, const char *env_dir, const char *base,
		    char *buf, size_t len, char *err, size_t errlen);

#endif
