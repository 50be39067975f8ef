// SPDX-License-Identifier: GPL-2.0
/* Error codes of the fsruntime library (error_codes.h). */
#include "error_codes.h"

#include <stdarg.h>
#include <stdio.h>

const char *fs_bench_status_name(int status)
{
	static const char *const names[] = {
		"ok",
		"invalid argument",
		"out of memory",
		"system error",
		"cannot execute",
		"non-zero exit",
		"killed by signal",
		"timeout",
		"malformed output",
		"no rows",
		"missing row",
		"stopped",
	};

	if (status > 0 || -status >= (int)(sizeof(names) / sizeof(names[0])))
		return "unknown";
	return names[-status];
}

int fs_bench_fail(char *err, size_t errlen, int status, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return status;
}
