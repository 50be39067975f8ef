// SPDX-License-Identifier: GPL-2.0
/* The llama-bench command line and one benchmark run (llama_bench.h). */
#include "llama_bench.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "metric.h"

void fs_llama_args_init(struct fs_llama_args *a)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	a->binary = "llama-bench";
	a->model = NULL;
	a->n_prompt = 32;
	a->n_gen = 16;
	a->repetitions = 3;
	a->threads = cpus > 0 ? (int)cpus : 1;
	a->extra = NULL;
}

static void add_opt(struct fs_llama_argv *out, size_t *n, int *slot,
		    const char *opt, int value)
{
	snprintf(out->num[*slot], sizeof(out->num[*slot]), "%d", value);
	out->argv[(*n)++] = opt;
	out->argv[(*n)++] = out->num[(*slot)++];
}

int fs_llama_size(struct fs_llama_args *a, double timeout_s, int stop_fd,
		  const char *who)
{
	struct fs_runner run;
	char msg[256], why[512];
	int ret;

	fs_runner_init(&run);
	run.timeout_s = timeout_s;
	run.stop_fd = stop_fd;
	ret = fs_llama_calibrate(a, &run, msg, sizeof(msg), why, sizeof(why));
	if (ret == FS_BENCH_ESTOPPED)
		return ret;
	if (ret)
		fprintf(stderr,
			"%s: sizing the benchmark failed (%s); -p %d -n %d\n",
			who, why, a->n_prompt, a->n_gen);
	else
		fprintf(stderr, "%s: %s\n", who, msg);
	return 0;
}

int fs_llama_argv_build(const struct fs_llama_args *a,
			struct fs_llama_argv *out, char *err, size_t errlen)
{
	size_t n = 0;
	int slot = 0;

	memset(out, 0, sizeof(*out));
	if (!a->binary || !*a->binary || !a->model || !*a->model)
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "llama-bench needs a binary and a model");
	/* --bench-args replaces -p -n -r: their values are then unused. */
	if (a->threads < 1 ||
	    (!a->extra && (a->n_prompt < 0 || a->n_gen < 0 ||
			   a->n_prompt + a->n_gen == 0 || a->repetitions < 1)))
		return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
				     "bad llama-bench sizes: -p %d -n %d -r %d "
				     "-t %d",
				     a->n_prompt, a->n_gen, a->repetitions,
				     a->threads);
	out->argv[n++] = a->binary;
	out->argv[n++] = "-m";
	out->argv[n++] = a->model;
	if (a->extra) {
		char *save, *word;
		int k = 0;

		if (strlen(a->extra) >= sizeof(out->extra))
			return fs_bench_fail(err, errlen, FS_BENCH_EINVAL,
					     "--bench-args: too long");
		strcpy(out->extra, a->extra);
		for (word = strtok_r(out->extra, " \t", &save); word;
		     word = strtok_r(NULL, " \t", &save)) {
			if (k++ == FS_LLAMA_MAX_EXTRA)
				return fs_bench_fail(err, errlen,
						     FS_BENCH_EINVAL,
						     "--bench-args: more than "
						     "%d words",
						     FS_LLAMA_MAX_EXTRA);
			out->argv[n++] = word;
		}
	} else {
		add_opt(out, &n, &slot, "-p", a->n_prompt);
		add_opt(out, &n, &slot, "-n", a->n_gen);
		add_opt(out, &n, &slot, "-r", a->repetitions);
	}
	add_opt(out, &n, &slot, "-t", a->threads);
	out->argv[n++] = "-o";
	out->argv[n++] = "jsonl";
	out->argv[n] = NULL;
	return 0;
}

/* The largest power of two of tokens @tps does in the target time. */
static int tokens_for(double tps, int floor)
{
	int n = floor;

	while (isfinite(tps) && n * 2 <= FS_LLAMA_MAX_TOKENS &&
	       n * 2 <= tps * FS_LLAMA_TARGET_S)
		n *= 2;
	return n;
}

int fs_llama_calibrate(struct fs_llama_args *a, const struct fs_runner *r,
		       char *msg, size_t msglen, char *err, size_t errlen)
{
	struct fs_llama_args once = *a;
	struct fs_bench_results res;
	struct fs_llama_argv argv;
	struct fs_command cmd = {0};
	double pp, tg;
	int ret;

	once.repetitions = 1;
	once.extra = NULL;
	ret = fs_llama_argv_build(&once, &argv, err, errlen);
	if (ret)
		return ret;
	cmd.argv = argv.argv;
	ret = fs_llama_bench_run(r, &cmd, &res, NULL, err, errlen);
	pp = fs_metric_value(&res, FS_METRIC_PP);
	tg = fs_metric_value(&res, FS_METRIC_TG);
	fs_bench_results_free(&res);
	if (ret)
		return ret;
	if (a->n_prompt)
		a->n_prompt = tokens_for(pp, a->n_prompt);
	if (a->n_gen)
		a->n_gen = tokens_for(tg, a->n_gen);
	snprintf(msg, msglen,
		 "benchmark sized to this machine: -p %d -n %d -r %d (one "
		 "calibration run: pp %.1f, tg %.1f t/s; aiming at %.1f s a "
		 "test)",
		 a->n_prompt, a->n_gen, a->repetitions, pp, tg,
		 FS_LLAMA_TARGET_S);
	return 0;
}

/* A parse failure is often explained by what the program said on stderr. */
static int add_stderr(int status, const struct fs_run_result *run, char *err,
		      size_t errlen)
{
	char tail[512], why[256];

	if (!fs_run_result_stderr_tail(run, 400, tail, sizeof(tail)))
		return status;
	snprintf(why, sizeof(why), "%s", err);
	return fs_bench_fail(err, errlen, status, "%s; stderr: %s", why, tail);
}

int fs_llama_bench_run(const struct fs_runner *r, const struct fs_command *cmd,
		       struct fs_bench_results *res, struct fs_run_result *run,
		       char *err, size_t errlen)
{
	struct fs_run_result local;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!run)
		run = &local;
	ret = fs_runner_run(r, cmd, run, err, errlen);
	if (!ret && run->out_truncated)
		ret = fs_bench_fail(err, errlen, FS_BENCH_EPARSE,
				    "stdout exceeded the %zu-byte capture "
				    "limit",
				    r->capture_limit);
	if (!ret) {
		ret = fs_llama_parse(run->out, run->out_len, FS_LLAMA_AUTO, res,
				     err, errlen);
		if (ret && err && errlen)
			ret = add_stderr(ret, run, err, errlen);
	}
	if (run == &local)
		fs_run_result_free(&local);
	return ret;
}
