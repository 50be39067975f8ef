/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The heartbeat that keeps a node's claim alive while its episode runs:
 * a thread with its own database connection renews the lease every third
 * of its length. A node that dies stops renewing, and after one lease its
 * evaluation is issued again to another node.
 */
#ifndef FS_FLEET_LEASE_H
#define FS_FLEET_LEASE_H

#include <pthread.h>
#include <stdbool.h>

#include "study.h"

struct fs_lease {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	PGconn *db;
	const struct fs_study *study;
	struct fs_study_job job;
	bool holding, stop, started;
};

/* Start the heartbeat for @s over a second connection to @url; -1 with
 * err. */
int fs_lease_start(struct fs_lease *l, const struct fs_study *s,
		   const char *url, char *err, size_t errlen);
/* Renew @job's lease from now on, until fs_lease_drop. */
void fs_lease_hold(struct fs_lease *l, const struct fs_study_job *job);
void fs_lease_drop(struct fs_lease *l);
void fs_lease_stop(struct fs_lease *l);

#endif
