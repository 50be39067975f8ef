/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error codes of the fsruntime library. Every call returns 0 or one of these
 * (negative) and writes a one-line reason into the caller's buffer.
 */
#ifndef FS_RUNTIME_ERROR_CODES_H
#define FS_RUNTIME_ERROR_CODES_H

#include <stddef.h>

enum fs_bench_status {
	FS_BENCH_OK = 0,
	FS_BENCH_EINVAL = -1,	 /* bad argument */
	FS_BENCH_ENOMEM = -2,	 /* out of memory */
	FS_BENCH_ESYS = -3,	 /* a system call failed (pipe, fork, poll) */
	FS_BENCH_EEXEC = -4,	 /* the command could not be started */
	FS_BENCH_EEXIT = -5,	 /* the command exited with a non-zero code */
	FS_BENCH_ESIGNAL = -6,	 /* the command was killed by a signal */
	FS_BENCH_ETIMEOUT = -7,	 /* the command ran past its time limit */
	FS_BENCH_EPARSE = -8,	 /* the output is malformed or truncated */
	FS_BENCH_ENOROWS = -9,	 /* the output holds no result rows */
	FS_BENCH_EMISSING = -10, /* an expected pp or tg row is missing */
	FS_BENCH_ESTOPPED = -11, /* stopped on request (a signal to us) */
};

/* Short name of a status ("timeout"); "unknown" for other values. */
const char *fs_bench_status_name(int status);

/*
 * printf into err (if non-NULL and errlen > 0) and return status, so that
 * error paths read `return fs_bench_fail(err, len, FS_BENCH_EPARSE, ...)`.
 */
int fs_bench_fail(char *err, size_t errlen, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
