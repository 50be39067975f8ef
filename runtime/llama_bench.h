/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The llama-bench command line and one benchmark run: run it through the
 * runner, parse its output, insist on result rows.
 */
#ifndef FS_RUNTIME_LLAMA_BENCH_H
#define FS_RUNTIME_LLAMA_BENCH_H

#include "llama_output.h"
#include "runner.h"

struct fs_llama_args {
	const char *binary; /* "llama-bench" */
	const char *model;  /* -m, required */
	int n_prompt;	    /* -p 32; 0 skips the pp test */
	int n_gen;	    /* -n 16; 0 skips the tg test */
	int repetitions;    /* -r 3 */
	int threads;	    /* -t: the online CPUs */
	/* NULL, or llama-bench arguments (split at spaces) that replace
	 * -p, -n and -r: the user's own sizes (--bench-args). */
	const char *extra;
};

#define FS_LLAMA_MAX_EXTRA 16

/* Owns the argv strings; no allocation. */
struct fs_llama_argv {
	const char *argv[16 + FS_LLAMA_MAX_EXTRA];
	char num[4][16];
	char extra[512];
};

/*
 * The time one repetition of each test should take when the benchmark is
 * sized to the machine (fs_llama_calibrate): long enough to rise above the
 * noise, short enough for a search of a hundred episodes.
 */
#define FS_LLAMA_TARGET_S   0.5
#define FS_LLAMA_MAX_TOKENS 512

/* The defaults search and compare both run: -p 32 -n 16 -r 3, all CPUs. */
void fs_llama_args_init(struct fs_llama_args *a);

/*
 * Size -p and -n to this machine: one calibration run (-r 1) at the
 * current sizes, then each test's tokens the largest power of two its
 * measured rate does in FS_LLAMA_TARGET_S, never below the defaults nor
 * above FS_LLAMA_MAX_TOKENS (under QEMU/TCG the defaults stay). 0 with
 * @a resized and what was chosen and why in @msg; else the run's error
 * and @a unchanged.
 */
int fs_llama_calibrate(struct fs_llama_args *a, const struct fs_runner *r,
		       char *msg, size_t msglen, char *err, size_t errlen);

/*
 * fs_llama_calibrate for a command (search, compare): limited to
 * @timeout_s, cut short by @stop_fd (-1: none), saying on stderr, after
 * "@who: ", what it chose or why it kept the sizes. 0, or
 * FS_BENCH_ESTOPPED when a signal came (@a unchanged).
 */
int fs_llama_size(struct fs_llama_args *a, double timeout_s, int stop_fd,
		  const char *who);

/*
 * `BINARY -m MODEL -p P -n N -r R -t T -o jsonl`, or with extra its words
 * instead of -p -n -r; FS_BENCH_EINVAL if bad.
 */
int fs_llama_argv_build(const struct fs_llama_args *a,
			struct fs_llama_argv *out, char *err, size_t errlen);

/*
 * Run cmd (e.g. an fs_llama_argv's argv) and parse its stdout in any
 * llama-bench format. 0 with at least one row in res; else the runner's
 * error, or FS_BENCH_EPARSE / FS_BENCH_ENOROWS with the tail of stderr.
 * run (may be NULL) receives the raw run; free it and res in any case.
 */
int fs_llama_bench_run(const struct fs_runner *r, const struct fs_command *cmd,
		       struct fs_bench_results *res, struct fs_run_result *run,
		       char *err, size_t errlen);

#endif
