/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands of the flashyspark binary. Each takes its own argv
 * (argv[0] is the command's name), prints its own --help, and returns the
 * process exit status: 0 done, 1 failed, 2 bad usage, 130 interrupted.
 */
#ifndef FS_CLI_COMMANDS_H
#define FS_CLI_COMMANDS_H

enum fs_exit {
	FS_EXIT_OK = 0,
	FS_EXIT_FAIL = 1,
	FS_EXIT_USAGE = 2,
	FS_EXIT_INTERRUPTED = 130,
};

/* search: cmd_search.c; replay: cmd_replay.c. */
int fs_cmd_search(int argc, char **argv);
int fs_cmd_replay(int argc, char **argv);

/*
 * flashyspark compare BEST.yaml [options]: is the knob set really faster
 * than the kernel's default scheduler? Measures EEVDF (no sched_ext
 * scheduler), scx_flashyspark with default knobs, the knob set and any
 * peer schedulers, interleaved in rotated rounds, and reports each arm's
 * mean tokens/s and its ratio to EEVDF with 95% intervals and p-values
 * (stdout, report.md, chart.svg, compare.jsonl). Exit status as above; 1
 * also when some measurement failed or the outputs could not be written.
 */
int fs_cmd_compare(int argc, char **argv);

/* study NAME --storage URL: a shared search's progress (cmd_study.c). */
int fs_cmd_study(int argc, char **argv);

/* report RUN_DIR: a search's report, charts and CSV (cmd_report.c). */
int fs_cmd_report(int argc, char **argv);

/*
 * install FILE / uninstall: keep a knob set loaded at every boot through
 * flashyspark.service, or go back to the kernel's scheduler (cmd_install.c).
 */
int fs_cmd_install(int argc, char **argv);
int fs_cmd_uninstall(int argc, char **argv);

#endif
