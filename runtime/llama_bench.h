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
};

/* Owns the argv strings; no allocation. */
struct fs_llama_argv {
	const char *argv[16];
	char num[4][16];
};

/* The defaults search and compare both run: -p 32 -n 16 -r 3, all CPUs. */
void fs_llama_args_init(struct fs_llama_args *a);

/* `BINARY -m MODEL -p P -n N -r R -t T -o jsonl`; FS_BENCH_EINVAL if bad. */
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
