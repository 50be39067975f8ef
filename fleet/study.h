/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A search shared by many identical machines, kept in PostgreSQL: the
 * study. Its row holds the search's whole state as a checkpoint document
 * (settings, generator, engine, policy); its evaluations are rows that
 * nodes claim, run and fill in.
 *
 * One search, however many nodes: under the study row's lock a node
 * applies the finished results in the order they were issued (so the
 * engine sees what a search on one machine would see), then issues the
 * next evaluation the engine can give while others are out
 * (fs_engine_issue: pg's generation at once, races beside it). A node
 * claims an evaluation for a lease that a heartbeat renews; one whose
 * lease ran out (its node died) goes back to pending and is claimed with
 * FOR UPDATE SKIP LOCKED by another node; a result is written only by
 * the claim that is current, so nothing counts twice.
 */
#ifndef FS_FLEET_STUDY_H
#define FS_FLEET_STUDY_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "checkpoint.h"
#include "engine.h"
#include "settings.h"

#define FS_STUDY_NAME_LEN 64
#define FS_NODE_NAME_LEN  128

struct fs_study {
	PGconn *db;
	char name[FS_STUDY_NAME_LEN];
	char node[FS_NODE_NAME_LEN];
	int lease_s;
	/* The study's settings (fixed by its first node). */
	struct fs_search_settings set;
	/* Its engine as this node last saw it (after a claim), and counts. */
	struct fs_engine *engine;
	int issued, applied;
	double seconds; /* the applied episodes' total time */
};

/* An evaluation this node holds. */
struct fs_study_job {
	int seq; /* 1, 2, ... in order of issue */
	int attempt;
	uint64_t mask;
	enum fs_role role;
	bool has_policy;
	double policy[64];
};

enum fs_study_claim {
	FS_STUDY_RUN,  /* job holds an evaluation to run */
	FS_STUDY_WAIT, /* nothing can go out before others finish */
	FS_STUDY_DONE, /* every evaluation of the budget is in */
};

/* Connect, make the tables if missing; -1 with err. */
int fs_study_connect(struct fs_study *s, const char *url, const char *name,
		     char *err, size_t errlen);
void fs_study_close(struct fs_study *s);

/*
 * The study's settings into s->set and its fingerprint: 1, or 0 when no
 * such study exists yet, or -1 with err.
 */
int fs_study_load(struct fs_study *s, char *fingerprint, size_t fplen,
		  char *err, size_t errlen);

/*
 * Create the study with @set (a fresh search: seeded generator, new
 * engine): 1, or 0 when another node created it first (then load it).
 */
int fs_study_create(struct fs_study *s, const struct fs_search_settings *set,
		    const char *fingerprint, char *err, size_t errlen);

/*
 * The first setting of @mine that differs from the study's (the sizes
 * llama-bench was given are the study's when @mine left them open), as
 * "NAME: the study has X, this node asks for Y"; 0 when none differs.
 */
int fs_study_settings_differ(const struct fs_search_settings *study,
			     const struct fs_search_settings *mine, char *why,
			     size_t len);

/* Join as s->node with this machine's @fingerprint; -1 with err (also
 * when it differs from the study's). */
int fs_study_join(struct fs_study *s, const char *fingerprint, char *err,
		  size_t errlen);

/* The next evaluation for this node (see enum); -1 with err. */
int fs_study_claim(struct fs_study *s, struct fs_study_job *job, char *err,
		   size_t errlen);

/*
 * Write the result of @job: 1, or 0 when the claim was lost (its lease
 * ran out and another node has it: the result is dropped). @line is the
 * episode's episodes.jsonl line.
 */
int fs_study_finish(struct fs_study *s, const struct fs_study_job *job,
		    bool failed, double reward, double other, double seconds,
		    const char *line, char *err, size_t errlen);

/* Give @job back at once (Ctrl-C): pending for another node. */
void fs_study_release(struct fs_study *s, const struct fs_study_job *job);

/* Renew @job's lease (and the node's last-seen) over @db; -1 with err. */
int fs_study_renew(PGconn *db, const char *study, const char *node,
		   const struct fs_study_job *job, int lease_s, char *err,
		   size_t errlen);

#endif
