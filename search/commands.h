/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands of the flashyspark binary. Each takes its own argv
 * (argv[0] is the command's name), prints its own --help, and returns the
 * process exit status: 0 done, 1 failed, 2 bad usage, 130 interrupted.
 */
#ifndef FS_SEARCH_COMMANDS_H
#define FS_SEARCH_COMMANDS_H

enum fs_exit {
	FS_EXIT_OK = 0,
	FS_EXIT_FAIL = 1,
	FS_EXIT_USAGE = 2,
	FS_EXIT_INTERRUPTED = 130,
};

int fs_cmd_search(int argc, char **argv);
int fs_cmd_replay(int argc, char **argv);

#endif
