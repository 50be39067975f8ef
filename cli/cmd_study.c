// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark study NAME --storage URL: a shared search's progress, its
 * nodes and its best set so far; --export DIR writes it out as a search
 * folder (best_parameters.yaml, episodes.jsonl, checkpoint.yaml).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "pq.h"
#include "study.h"
#include "study_view.h"

static const char help[] =
	"Usage: flashyspark study NAME --storage URL [--export DIR]\n"
	"\n"
	"Show a search shared through PostgreSQL (flashyspark search\n"
	"--storage URL --study NAME): evaluations done, running and waiting,\n"
	"what each node ran and when it was last heard of, and the best set\n"
	"so far.\n"
	"\n"
	"  --storage URL   the study's PostgreSQL (libpq URL)\n"
	"  --export DIR    also write DIR/best_parameters.yaml (load it with\n"
	"                  scx_flashyspark --config), DIR/episodes.jsonl and\n"
	"                  DIR/checkpoint.yaml (flashyspark report DIR)\n"
	"  -h, --help      this help\n"
	"Exit status: 0 done, 1 failed (no such study, no server), 2 bad "
	"usage.\n";

static int usage_error(const char *what)
{
	fprintf(stderr,
		"flashyspark study: %s\nTry 'flashyspark study --help'.\n",
		what);
	return FS_EXIT_USAGE;
}

int fs_cmd_study(int argc, char **argv)
{
	static const struct option opts[] = {
		{"storage", required_argument, NULL, 's'},
		{"export", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *url = NULL, *out = NULL;
	char err[PATH_MAX + 512], fp[512];
	struct fs_study s;
	int o, ret = FS_EXIT_FAIL;

	optind = 1;
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (o == 's')
			url = optarg;
		else if (o == 'e')
			out = optarg;
		else if (o == 'h')
			return fputs(help, stdout) < 0;
		else
			return usage_error("bad option");
	}
	if (optind != argc - 1)
		return usage_error("expected one study NAME");
	if (!url)
		return usage_error("--storage URL is required");
	if (fs_study_connect(&s, url, argv[optind], err, sizeof(err)))
		goto out;
	/* What is shown and exported is one moment of a running study. */
	if (fs_pq_begin_snapshot(s.db, err, sizeof(err)))
		goto out;
	o = fs_study_load(&s, fp, sizeof(fp), err, sizeof(err));
	if (!o)
		snprintf(err, sizeof(err), "no study named %s", s.name);
	if (o <= 0 || fs_study_print(&s, stdout, err, sizeof(err)))
		goto out;
	if (out) {
		if (fs_study_export(&s, out, err, sizeof(err)))
			goto out;
		printf("exported to %s\n", out);
	}
	ret = FS_EXIT_OK;
out:
	if (ret)
		fprintf(stderr, "flashyspark study: %s\n", err);
	fs_study_close(&s);
	return ret;
}
