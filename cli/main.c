// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark COMMAND [ARGS]: one binary, one table of commands (as
 * bpftool does), each with its own --help.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"search", fs_cmd_search,
	 "find the knob set that maximises llama-bench pp or tg"},
	{"replay", fs_cmd_replay,
	 "load a knob set found by search, run a command under it"},
	{"compare", fs_cmd_compare,
	 "measure a knob set against EEVDF and default knobs, with intervals"},
	{"study", fs_cmd_study,
	 "a search shared by many machines: progress, nodes, best, export"},
	{"report", fs_cmd_report,
	 "a search's report: charts, knob effects, failures, CSV"},
	{"install", fs_cmd_install,
	 "keep a knob set loaded at every boot (systemd unit)"},
	{"uninstall", fs_cmd_uninstall,
	 "stop and disable the unit: back to the kernel's scheduler"},
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: flashyspark COMMAND [ARGS]\n\nCommands:\n", f);
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\n'flashyspark COMMAND --help' describes each one.\n", f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return FS_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return FS_EXIT_OK;
	}
	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "flashyspark: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return FS_EXIT_USAGE;
}
