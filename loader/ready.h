/* The "ready" file other programs may wait on instead of the stdout line. */
#ifndef FLASHYSPARK_READY_H
#define FLASHYSPARK_READY_H

/* Create @path holding our pid, atomically (temp file + rename); -1/errno. */
int fs_ready_file_write(const char *path);

#endif
