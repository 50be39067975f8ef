// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark report RUN_DIR [--out DIR]: the search report (run_report.h)
 * of a finished, stopped or running search, again or elsewhere.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "run_report.h"

static const char help[] =
	"Usage: flashyspark report RUN_DIR [--out DIR]\n"
	"\n"
	"Make the report of the search in RUN_DIR (its checkpoint.yaml and\n"
	"episodes.jsonl; a search writes it itself when it ends): report.md\n"
	"with the run and its best set, values.svg (every episode's t/s with\n"
	"the spread of each knob set's runs and the best-so-far curve),\n"
	"policy.svg (pg's knob probabilities over the episodes), effects.svg\n"
	"and a table of each knob's estimated effect on the metric with a 95%\n"
	"interval, the failed episodes with the kernel's reasons, and\n"
	"episodes.csv (one row per episode).\n"
	"\n"
	"  --out DIR    write there instead of into RUN_DIR (made if missing)\n"
	"  -h, --help   this help\n";

int fs_cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	char err[2 * PATH_MAX + 256];
	int o;

	optind = 1;
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return FS_EXIT_OK;
		default:
			fputs("Try 'flashyspark report --help'.\n", stderr);
			return FS_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs("flashyspark report: expected one search directory\n"
		      "Try 'flashyspark report --help'.\n",
		      stderr);
		return FS_EXIT_USAGE;
	}
	if (fs_run_report_write(argv[optind], out, err, sizeof(err))) {
		fprintf(stderr, "flashyspark report: %s\n", err);
		return FS_EXIT_FAIL;
	}
	printf("%s/report.md\n", out ? out : argv[optind]);
	return FS_EXIT_OK;
}
