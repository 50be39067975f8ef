// SPDX-License-Identifier: GPL-2.0
/*
 * scenario-run: one llama-bench run under a scenario, for the shell
 * benchmarks (bench/sched-cost). The scenario is the one search and
 * compare run (runtime/scenario.h): its threads, and its neighbour
 * started just before the run and ended by process group just after. It
 * prints "name value" lines: llama_pp_ts, llama_tg_ts and, beside a
 * neighbour, llama_neighbour_cpus (the neighbour's CPU share).
 */
#include "llama_bench.h"
#include "metric.h"
#include "scenario.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
	"Usage: scenario-run --model FILE [OPTIONS]\n"
	"Run llama-bench once under a scenario and print llama_pp_ts,\n"
	"llama_tg_ts and, beside a neighbour, llama_neighbour_cpus (the\n"
	"neighbour's CPU seconds per second), one \"name value\" a line.\n"
	"\n"
	"Options:\n"
	"  --model FILE        the GGUF model (required)\n"
	"  --scenario S        " FS_SCENARIO_NAMES " (default idle)\n"
	"  --neighbour CMD     shell command beside the run instead of the\n"
	"                      scenario's own\n"
	"  --threads N         llama-bench -t (default: the scenario's, else\n"
	"                      the online CPUs)\n"
	"  --bench-args ARGS   llama-bench sizes (default \"-p 16 -n 16 -r "
	"2\")\n"
	"  --llama-bench PATH  the binary (default llama-bench)\n"
	"  --timeout S         limit for the run (default 300)\n"
	"  -h, --help          this help\n"
	"Exit status: 0 ok; 1 the run failed; 2 bad usage.\n";

struct opts {
	const char *model, *scenario, *neighbour, *bench_args, *binary;
	int threads;
	double timeout_s;
};

static int usage_error(const char *what)
{
	fprintf(stderr, "scenario-run: %s (--help for usage)\n", what);
	return 2;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{"model", required_argument, NULL, 'm'},
		{"scenario", required_argument, NULL, 's'},
		{"neighbour", required_argument, NULL, 'N'},
		{"threads", required_argument, NULL, 't'},
		{"bench-args", required_argument, NULL, 'a'},
		{"llama-bench", required_argument, NULL, 'b'},
		{"timeout", required_argument, NULL, 'T'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	char *end;
	int c;

	*o = (struct opts){.bench_args = "-p 16 -n 16 -r 2",
			   .binary = "llama-bench",
			   .timeout_s = 300};
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case 'm':
			o->model = optarg;
			break;
		case 's':
			o->scenario = optarg;
			break;
		case 'N':
			o->neighbour = optarg;
			break;
		case 'a':
			o->bench_args = optarg;
			break;
		case 'b':
			o->binary = optarg;
			break;
		case 't':
			o->threads = (int)strtol(optarg, &end, 10);
			if (*end || o->threads < 1 || o->threads > 4096)
				return usage_error("--threads: expected 1 to "
						   "4096");
			break;
		case 'T':
			o->timeout_s = strtod(optarg, &end);
			if (*end || !(o->timeout_s > 0))
				return usage_error("--timeout: expected "
						   "seconds > 0");
			break;
		case 'h':
			fputs(help, stdout);
			exit(0);
		default:
			return 2;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument");
	if (!o->model)
		return usage_error("--model FILE is required");
	if (access(o->model, R_OK)) {
		fprintf(stderr, "scenario-run: %s: %s\n", o->model,
			strerror(errno));
		return 2;
	}
	return 0;
}

static void print_rate(const char *name, const struct fs_bench_results *res,
		       enum fs_metric m)
{
	double v = fs_metric_value(res, m);

	if (isfinite(v))
		printf("%s %.6f\n", name, v);
}

int main(int argc, char **argv)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	struct fs_bench_results res = {0};
	struct fs_llama_argv largv;
	struct fs_llama_args a;
	struct fs_command cmd = {0};
	struct fs_scenario s;
	struct fs_runner r;
	struct opts o;
	char err[1200];
	double cpus;
	int ret = parse(argc, argv, &o);

	if (ret)
		return ret;
	if (fs_scenario_make(&s, o.scenario, o.neighbour, o.threads,
			     n > 0 ? (int)n : 1, err, sizeof(err)))
		return usage_error(err);
	fs_llama_args_init(&a);
	a.binary = o.binary;
	a.model = o.model;
	a.extra = o.bench_args;
	if (s.threads)
		a.threads = s.threads;
	if (fs_llama_argv_build(&a, &largv, err, sizeof(err)))
		return usage_error(err);
	cmd.argv = largv.argv;
	fs_runner_init(&r);
	r.timeout_s = o.timeout_s;
	ret = fs_scenario_bench_run(&s, &r, &cmd, &res, &cpus, err,
				    sizeof(err));
	if (ret) {
		fprintf(stderr, "scenario-run: %s\n", err);
		fs_bench_results_free(&res);
		return 1;
	}
	print_rate("llama_pp_ts", &res, FS_METRIC_PP);
	print_rate("llama_tg_ts", &res, FS_METRIC_TG);
	if (s.neighbour[0])
		printf("llama_neighbour_cpus %.4f\n", cpus);
	fs_bench_results_free(&res);
	return 0;
}
