// SPDX-License-Identifier: GPL-2.0
/* The heartbeat of a node's claim (lease.h). */
#include "lease.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pq.h"

static void *beat(void *arg)
{
	struct fs_lease *l = arg;
	double period = l->study->lease_s / 3.0;
	struct timespec t;

	pthread_mutex_lock(&l->lock);
	while (!l->stop) {
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += (time_t)period;
		t.tv_nsec += (long)((period - (double)(time_t)period) * 1e9);
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&l->wake, &l->lock, &t) !=
			    ETIMEDOUT ||
		    l->stop || !l->holding)
			continue;
		{
			struct fs_study_job job = l->job;
			char err[256];

			/* The renewal runs unlocked: a slow server never
			 * holds up the node. */
			pthread_mutex_unlock(&l->lock);
			if (fs_study_renew(l->db, l->study->name,
					   l->study->node, &job,
					   l->study->lease_s, err, sizeof(err)))
				fprintf(stderr,
					"flashyspark search: renewing the "
					"lease of evaluation %d: %s\n",
					job.seq, err);
			pthread_mutex_lock(&l->lock);
		}
	}
	pthread_mutex_unlock(&l->lock);
	return NULL;
}

int fs_lease_start(struct fs_lease *l, const struct fs_study *s,
		   const char *url, char *err, size_t errlen)
{
	memset(l, 0, sizeof(*l));
	l->study = s;
	l->db = fs_pq_connect(url, err, errlen);
	if (!l->db)
		return -1;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->wake, NULL);
	if (pthread_create(&l->thread, NULL, beat, l)) {
		snprintf(err, errlen, "cannot start the lease's heartbeat");
		pthread_mutex_destroy(&l->lock);
		pthread_cond_destroy(&l->wake);
		PQfinish(l->db);
		l->db = NULL;
		return -1;
	}
	l->started = true;
	return 0;
}

void fs_lease_hold(struct fs_lease *l, const struct fs_study_job *job)
{
	pthread_mutex_lock(&l->lock);
	l->job = *job;
	l->holding = true;
	pthread_mutex_unlock(&l->lock);
}

void fs_lease_drop(struct fs_lease *l)
{
	pthread_mutex_lock(&l->lock);
	l->holding = false;
	pthread_mutex_unlock(&l->lock);
}

void fs_lease_stop(struct fs_lease *l)
{
	if (!l->started)
		return;
	pthread_mutex_lock(&l->lock);
	l->stop = true;
	pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->lock);
	pthread_join(l->thread, NULL);
	pthread_mutex_destroy(&l->lock);
	pthread_cond_destroy(&l->wake);
	PQfinish(l->db);
	l->started = false;
}
