// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark search: its command line (help, options, what --resume
 * allows) around one search run (search/run.h), and its exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "default_model.h"
#include "dirs.h"
#include "knobs.h"
#include "node.h"
#include "run.h"
#include "run_report.h"
#include "scenario.h"

#define DEFAULT_SEED 1

static const char help[] =
	"Usage: flashyspark search --metric pp|tg --episodes N [options]\n"
	"       flashyspark search --resume DIR [--episodes N]\n"
	"       flashyspark search --storage URL --study NAME --metric pp|tg\n"
	"                          --episodes N [options]\n"
	"\n"
	"Search the 20 scx_flashyspark knobs for the set that gives "
	"llama-bench\n"
	"the most tokens/s. Each episode starts the scheduler with a knob "
	"set,\n"
	"waits until it is enabled, runs the benchmark, and stops it. A set\n"
	"that makes the scheduler fail is a failed episode (its reason kept);\n"
	"the search learns from it and goes on.\n"
	"\n"
	"  --metric pp|tg      what to maximise: prompt processing or text\n"
	"                      generation tokens/s\n"
	"  --episodes N        benchmark runs in all (races and the re-test\n"
	"                      count too)\n"
	"  --algorithm A       pg (default), random or greedy\n"
	"  --seed S            random seed (default 1): same seed, same run\n"
	"  --out DIR           where results go (default runs/<timestamp>)\n"
	"  --resume DIR        continue the search saved in DIR; its settings\n"
	"                      come from DIR/checkpoint.yaml (--episodes may\n"
	"                      raise the budget)\n"
	"  --model FILE        GGUF model for llama-bench -m (default: the\n"
	"                      built-in model, a random-weight llama of\n"
	"                      125M parameters written once to\n"
	"                      ~/.cache/flashyspark or "
	"$FLASHYSPARK_MODEL_DIR)\n"
	"  --threads T         llama-bench -t (default: online CPUs; 2x them\n"
	"                      oversubscribed)\n"
	"  --scenario NAME     search for the box as it runs: idle (default),\n"
	"                      neighbour (a CPU hog per CPU beside every\n"
	"                      benchmark run), oversubscribed (threads = 2 x\n"
	"                      CPUs), bursty (hackbench every 50 ms) or smt\n"
	"                      (threads = physical cores, SMT machines); the\n"
	"                      neighbour starts and ends with each run, its\n"
	"                      CPU share goes into episodes.jsonl\n"
	"  --neighbour CMD     shell command to run beside each benchmark run\n"
	"                      instead (ended by its process group)\n"
	"  --workload NAME     the scheduler protects processes named NAME\n"
	"                      (--workload-comm) in every episode; none: no\n"
	"                      one (default: llama-bench beside a neighbour "
	"or\n"
	"                      oversubscribed, else none); "
	"best_parameters.yaml\n"
	"                      keeps it\n"
	"  --bench-cmd CMD     run this shell command instead of llama-bench;\n"
	"                      it must print llama-bench jsonl or markdown.\n"
	"                      FLASHYSPARK_FLAGS holds the knobs that are on,\n"
	"                      comma-separated (\"\" for none)\n"
	"  --bench-args ARGS   llama-bench arguments instead of the sized\n"
	"                      -p -n -r (e.g. \"-p 512 -n 128 -r 5\")\n"
	"  --bench-timeout S   limit per benchmark run (default 600)\n"
	"  --retest R          end with a held-out re-test: the best set and\n"
	"                      the runner-up R fresh runs each, alternately,\n"
	"                      within the budget (default 3; at most N/8;\n"
	"                      0: none); the better held-out mean wins\n"
	"  --scheduler none    do not load the scheduler (test the search\n"
	"                      anywhere: the knobs reach the benchmark only\n"
	"                      through FLASHYSPARK_FLAGS)\n"
	"  --scx-binary FILE   scx_flashyspark to start (default: beside this\n"
	"                      program, else in PATH)\n"
	"  --stop-after K      stop as if interrupted once K episodes are "
	"done\n"
	"                      (for tests of --resume)\n"
	"  --storage URL       share the search with other identical machines\n"
	"                      through PostgreSQL (a libpq URL such as\n"
	"                      postgresql://user@host/db): run the same\n"
	"                      command on every node; the first one fixes\n"
	"                      the settings, the others are checked against\n"
	"                      them (and their hardware fingerprint); each\n"
	"                      node claims evaluations, runs them under its\n"
	"                      own scheduler and writes the results. Running\n"
	"                      it again is the resume (see flashyspark study)\n"
	"  --study NAME        the shared search's name (with --storage)\n"
	"  --node NAME         this node's name in the study (default\n"
	"                      HOST:PID)\n"
	"  --lease S           a node that has not renewed its claim for S\n"
	"                      seconds is taken for dead: the evaluation goes\n"
	"                      to another node (default 60)\n"
	"  -h, --help          this help\n"
	"\n"
	"The default benchmark is `llama-bench -m MODEL -p P -n N -r 3 -t T\n"
	"-o jsonl`, P and N sized to this machine by one calibration run\n"
	"before the first episode (each test about 0.5 s; at least 32 and 16,\n"
	"at most 512 tokens). DIR receives episodes.jsonl (one line per "
	"episode),\n"
	"best_parameters.yaml (load it with scx_flashyspark --config) and\n"
	"checkpoint.yaml (written after every episode).\n"
	"Exit status: 0 done, 1 failed, 2 bad usage, 130 interrupted.\n";

enum opt_id {
	OPT_METRIC = 256,
	OPT_EPISODES,
	OPT_ALGORITHM,
	OPT_SEED,
	OPT_OUT,
	OPT_RESUME,
	OPT_MODEL,
	OPT_BENCH_CMD,
	OPT_BENCH_TIMEOUT,
	OPT_SCHEDULER,
	OPT_THREADS,
	OPT_SCX,
	OPT_STOP_AFTER,
	OPT_RETEST,
	OPT_BENCH_ARGS,
	OPT_STORAGE,
	OPT_STUDY,
	OPT_NODE,
	OPT_LEASE,
	OPT_SCENARIO,
	OPT_NEIGHBOUR,
	OPT_WORKLOAD,
};

static const struct option long_opts[] = {
	{"metric", required_argument, NULL, OPT_METRIC},
	{"episodes", required_argument, NULL, OPT_EPISODES},
	{"algorithm", required_argument, NULL, OPT_ALGORITHM},
	{"seed", required_argument, NULL, OPT_SEED},
	{"out", required_argument, NULL, OPT_OUT},
	{"resume", required_argument, NULL, OPT_RESUME},
	{"model", required_argument, NULL, OPT_MODEL},
	{"bench-cmd", required_argument, NULL, OPT_BENCH_CMD},
	{"bench-timeout", required_argument, NULL, OPT_BENCH_TIMEOUT},
	{"scheduler", required_argument, NULL, OPT_SCHEDULER},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"scx-binary", required_argument, NULL, OPT_SCX},
	{"stop-after", required_argument, NULL, OPT_STOP_AFTER},
	{"retest", required_argument, NULL, OPT_RETEST},
	{"bench-args", required_argument, NULL, OPT_BENCH_ARGS},
	{"storage", required_argument, NULL, OPT_STORAGE},
	{"study", required_argument, NULL, OPT_STUDY},
	{"node", required_argument, NULL, OPT_NODE},
	{"lease", required_argument, NULL, OPT_LEASE},
	{"scenario", required_argument, NULL, OPT_SCENARIO},
	{"neighbour", required_argument, NULL, OPT_NEIGHBOUR},
	{"workload", required_argument, NULL, OPT_WORKLOAD},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct cli {
	struct fs_search_settings set;
	bool have_metric;
	const char *out, *resume;
	int stop_after;
	int n_search_opts;	   /* options --resume does not allow */
	struct fs_node_opts fleet; /* url set: a shared search */
	bool have_lease;
	bool workload_set; /* --workload given */
};

static int usage_error(const char *fmt, const char *arg)
{
	fputs("flashyspark search: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'flashyspark search --help'.\n", stderr);
	return FS_EXIT_USAGE;
}

static int parse_long(const char *s, long lo, long hi, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return end == s || *end || errno || *v < lo || *v > hi ? -1 : 0;
}

static int copy_setting(char *dst, const char *src, const char *what)
{
	if (strlen(src) >= FS_SETTING_LEN)
		return usage_error("%s: too long", what);
	strcpy(dst, src);
	return 0;
}

/*
 * The scenario is known and this machine can run it; the threads it
 * implies unless --threads; the workload named by default where there is
 * contention and the benchmark is llama-bench.
 */
static int check_scenario(struct cli *c)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	struct fs_scenario s;
	char err[1200];

	if (fs_scenario_make(&s, c->set.scenario[0] ? c->set.scenario : NULL,
			     c->set.neighbour[0] ? c->set.neighbour : NULL,
			     c->set.threads, n > 0 ? (int)n : 1, err,
			     sizeof(err)))
		return usage_error("%s", err);
	if (!c->set.threads)
		c->set.threads = s.threads ? s.threads : (n > 0 ? (int)n : 1);
	if (!c->set.scenario[0])
		strcpy(c->set.scenario, "idle");
	if (!strcmp(c->set.workload, "none"))
		c->set.workload[0] = '\0';
	else if (!c->workload_set && !c->set.bench_cmd[0] &&
		 fs_scenario_contended(&s))
		strcpy(c->set.workload, "llama-bench");
	return 0;
}

/* No --model and no --bench-cmd: the built-in default model. */
static int use_default_model(struct fs_search_settings *set)
{
	char path[PATH_MAX], err[PATH_MAX + 128];

	if (fs_default_model_use("flashyspark search", path, sizeof(path), err,
				 sizeof(err))) {
		fprintf(stderr, "flashyspark search: %s\n", err);
		return -1;
	}
	return copy_setting(set->model, path, "model path");
}

static int parse_cli(int argc, char **argv, struct cli *c)
{
	long v;
	int o;

	memset(c, 0, sizeof(*c));
	strcpy(c->set.algorithm, "pg");
	c->set.seed = DEFAULT_SEED;
	c->set.bench_timeout_s = FS_BENCH_TIMEOUT_S;
	c->set.retest = FS_RETEST_RUNS;
	c->fleet.lease_s = FS_LEASE_S;
	optind = 1;
	while ((o = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		const char *a = optarg;

		if (o != OPT_EPISODES && o != OPT_RESUME &&
		    o != OPT_STOP_AFTER && o != 'h')
			c->n_search_opts++;
		switch (o) {
		case OPT_METRIC:
			if (fs_metric_parse(a, &c->set.metric))
				return usage_error(
					"--metric: expected pp or tg, got '%s'",
					a);
			c->have_metric = true;
			break;
		case OPT_EPISODES:
			if (parse_long(a, 1, 1000000, &v))
				return usage_error("--episodes: expected "
						   "1..1000000, got '%s'",
						   a);
			c->set.episodes = (int)v;
			break;
		case OPT_ALGORITHM:
			if (strlen(a) >= sizeof(c->set.algorithm))
				return usage_error(
					"--algorithm: unknown algorithm '%s' "
					"(expected pg, random or greedy)",
					a);
			strcpy(c->set.algorithm, a);
			break;
		case OPT_SEED:
			if (parse_long(a, 0, LONG_MAX, &v))
				return usage_error(
					"--seed: expected a non-negative "
					"integer, got '%s'",
					a);
			c->set.seed = (unsigned long)v;
			break;
		case OPT_OUT:
			c->out = a;
			break;
		case OPT_RESUME:
			c->resume = a;
			break;
		case OPT_MODEL:
			if (copy_setting(c->set.model, a, "--model"))
				return FS_EXIT_USAGE;
			break;
		case OPT_BENCH_CMD:
			if (!*a)
				return usage_error(
					"--bench-cmd: empty command%s", "");
			if (copy_setting(c->set.bench_cmd, a, "--bench-cmd"))
				return FS_EXIT_USAGE;
			break;
		case OPT_BENCH_TIMEOUT:
			if (parse_long(a, 1, 86400, &v))
				return usage_error("--bench-timeout: expected "
						   "1..86400 seconds, got '%s'",
						   a);
			c->set.bench_timeout_s = (int)v;
			break;
		case OPT_SCHEDULER:
			if (!strcmp(a, "none"))
				c->set.no_scheduler = true;
			else if (strcmp(a, "flashyspark"))
				return usage_error("--scheduler: expected none "
						   "or flashyspark, got '%s'",
						   a);
			break;
		case OPT_THREADS:
			if (parse_long(a, 1, 4096, &v))
				return usage_error(
					"--threads: expected 1..4096, got '%s'",
					a);
			c->set.threads = (int)v;
			break;
		case OPT_SCX:
			if (copy_setting(c->set.scx_binary, a, "--scx-binary"))
				return FS_EXIT_USAGE;
			break;
		case OPT_SCENARIO:
			if (strlen(a) >= sizeof(c->set.scenario))
				return usage_error("--scenario: unknown "
						   "scenario '%s'",
						   a);
			strcpy(c->set.scenario, a);
			break;
		case OPT_NEIGHBOUR:
			if (!*a)
				return usage_error(
					"--neighbour: empty command%s", "");
			if (copy_setting(c->set.neighbour, a, "--neighbour"))
				return FS_EXIT_USAGE;
			break;
		case OPT_WORKLOAD:
			if (!*a || strlen(a) >= sizeof(c->set.workload))
				return usage_error("--workload: expected a "
						   "process name of 1..15 "
						   "characters, got '%s'",
						   a);
			strcpy(c->set.workload, a);
			c->workload_set = true;
			break;
		case OPT_BENCH_ARGS:
			if (copy_setting(c->set.bench_args, a, "--bench-args"))
				return FS_EXIT_USAGE;
			break;
		case OPT_RETEST:
			if (parse_long(a, 0, 1000, &v))
				return usage_error(
					"--retest: expected 0..1000, "
					"got '%s'",
					a);
			c->set.retest = (int)v;
			break;
		case OPT_STOP_AFTER:
			if (parse_long(a, 1, 1000000, &v))
				return usage_error("--stop-after: expected "
						   "1..1000000, got '%s'",
						   a);
			c->stop_after = (int)v;
			break;
		case OPT_STORAGE:
			c->fleet.url = a;
			break;
		case OPT_STUDY:
			c->fleet.study = a;
			break;
		case OPT_NODE:
			c->fleet.node = a;
			break;
		case OPT_LEASE:
			if (parse_long(a, 3, 86400, &v))
				return usage_error("--lease: expected 3..86400 "
						   "seconds, got '%s'",
						   a);
			c->fleet.lease_s = (int)v;
			c->have_lease = true;
			break;
		case 'h':
			fputs(help, stdout);
			return -1;
		default:
			return usage_error("%s", "bad option");
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return 0;
}

/* A fresh search's settings are complete and make sense. */
static int check_new(struct cli *c)
{
	const struct fs_algo_ops *const *ops;
	bool known = false;
	int ret;

	for (ops = fs_algos; *ops; ops++)
		known |= !strcmp((*ops)->name, c->set.algorithm);
	if (!known)
		return usage_error("--algorithm: unknown algorithm '%s' "
				   "(expected pg, random or greedy)",
				   c->set.algorithm);
	if (!c->have_metric)
		return usage_error("%s", "--metric pp|tg is required");
	if (!c->set.episodes)
		return usage_error("%s", "--episodes N is required");
	if (!c->set.bench_cmd[0]) {
		if (!c->set.model[0] && use_default_model(&c->set))
			return FS_EXIT_FAIL;
		if (access(c->set.model, R_OK)) {
			fprintf(stderr, "flashyspark search: --model %s: %s\n",
				c->set.model, strerror(errno));
			return FS_EXIT_USAGE;
		}
	}
	if ((ret = check_scenario(c)))
		return ret;
	if (c->set.scx_binary[0] && access(c->set.scx_binary, X_OK)) {
		fprintf(stderr, "flashyspark search: --scx-binary %s: %s\n",
			c->set.scx_binary, strerror(errno));
		return FS_EXIT_USAGE;
	}
	return 0;
}

/* The run's report (flashyspark report DIR); a failure is only said. */
static void write_report(const char *dir)
{
	char err[2 * PATH_MAX + 256];

	if (fs_run_report_write(dir, NULL, err, sizeof(err)))
		fprintf(stderr, "flashyspark search: no report: %s\n", err);
	else
		fprintf(stderr,
			"flashyspark search: report in %s/report.md "
			"(charts, knob effects, episodes.csv)\n",
			dir);
}

/* --storage: this machine's part in a shared search (fleet/node.h). */
static int shared_search(struct cli *c)
{
	char err[2 * PATH_MAX + 256];

	c->fleet.out = c->out;
	switch (fs_node_run(&c->fleet, &c->set, err, sizeof(err))) {
	case FS_NODE_DONE:
		return FS_EXIT_OK;
	case FS_NODE_INTERRUPTED:
		return FS_EXIT_INTERRUPTED;
	case FS_NODE_NO_RESULT:
		return FS_EXIT_FAIL;
	case FS_NODE_FAILED:
		break;
	}
	fprintf(stderr, "flashyspark search: %s\n", err);
	return FS_EXIT_FAIL;
}

int fs_cmd_search(int argc, char **argv)
{
	struct fs_search_run r;
	struct cli c;
	char err[2 * PATH_MAX + 256];
	int ret;

	ret = parse_cli(argc, argv, &c);
	if (ret)
		return ret < 0 ? FS_EXIT_OK : ret;
	if (c.resume && (c.n_search_opts || c.out))
		return usage_error("%s", "--resume DIR takes its settings from "
					 "DIR/checkpoint.yaml; only --episodes "
					 "and --stop-after may be added");
	if (!c.fleet.url != !c.fleet.study)
		return usage_error("%s", "--storage URL and --study NAME go "
					 "together");
	if (!c.fleet.url && (c.fleet.node || c.have_lease))
		return usage_error("%s", "--node and --lease need --storage");
	if (c.fleet.url && (c.resume || c.stop_after))
		return usage_error("%s", "a shared search resumes by joining "
					 "its study again: no --resume or "
					 "--stop-after with --storage");
	if (!c.resume && (ret = check_new(&c)))
		return ret;
	if (c.fleet.url)
		return shared_search(&c);

	fs_search_run_init(&r);
	ret = c.resume
		      ? fs_search_open_resume(&r, c.resume, c.set.episodes, err,
					      sizeof(err))
		      : fs_search_open_new(&r, &c.set, c.out, err, sizeof(err));
	if (!ret)
		ret = fs_search_start(&r, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "flashyspark search: %s\n", err);
		ret = FS_EXIT_FAIL;
	} else {
		err[0] = '\0';
		switch (fs_search_loop(&r, c.stop_after, err, sizeof(err))) {
		case FS_SEARCH_DONE:
		case FS_SEARCH_STOPPED:
			ret = FS_EXIT_OK;
			break;
		case FS_SEARCH_INTERRUPTED:
			ret = FS_EXIT_INTERRUPTED;
			break;
		case FS_SEARCH_NO_RESULT:
			ret = FS_EXIT_FAIL;
			break;
		default:
			ret = FS_EXIT_FAIL;
			if (err[0])
				fprintf(stderr, "flashyspark search: %s\n",
					err);
		}
	}
	if (ret != FS_EXIT_INTERRUPTED && r.done > 0)
		write_report(r.dir);
	fs_search_run_free(&r);
	return ret;
}
