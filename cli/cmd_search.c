// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark search: pick a knob set, run an episode with it, record it,
 * checkpoint, repeat. Ctrl-C or SIGTERM stops the scheduler, writes the
 * checkpoint as it was before the cut episode, and exits; --resume then
 * replays nothing and carries on with the very same sequence.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "commands.h"
#include "default_model.h"
#include "dirs.h"
#include "engine.h"
#include "episode.h"
#include "knobs.h"
#include "llama_bench.h"
#include "outputs.h"
#include "sigwatch.h"

#define DEFAULT_SEED	1
#define BENCH_TIMEOUT_S 600

static const char help[] =
	"Usage: flashyspark search --metric pp|tg --episodes N [options]\n"
	"       flashyspark search --resume DIR [--episodes N]\n"
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
	"  --episodes N        benchmark runs in all (races count too)\n"
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
	"  --threads T         llama-bench -t (default: online CPUs)\n"
	"  --bench-cmd CMD     run this shell command instead of llama-bench;\n"
	"                      it must print llama-bench jsonl or markdown.\n"
	"                      FLASHYSPARK_FLAGS holds the knobs that are on,\n"
	"                      comma-separated (\"\" for none)\n"
	"  --bench-timeout S   limit per benchmark run (default 600)\n"
	"  --scheduler none    do not load the scheduler (test the search\n"
	"                      anywhere: the knobs reach the benchmark only\n"
	"                      through FLASHYSPARK_FLAGS)\n"
	"  --scx-binary FILE   scx_flashyspark to start (default: beside this\n"
	"                      program, else in PATH)\n"
	"  --stop-after K      stop as if interrupted once K episodes are "
	"done\n"
	"                      (for tests of --resume)\n"
	"  -h, --help          this help\n"
	"\n"
	"The default benchmark is `llama-bench -m MODEL -p 32 -n 16 -r 3 -t T\n"
	"-o jsonl`. DIR receives episodes.jsonl (one line per episode),\n"
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
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct cli {
	struct fs_search_settings set;
	bool have_metric;
	const char *out, *resume;
	double bench_timeout_s;
	int stop_after;
	int n_search_opts; /* options --resume does not allow */
};

/* Everything one run holds; freed by run_free. */
struct run {
	struct fs_search_settings set;
	char dir[PATH_MAX];
	char ckpt_path[PATH_MAX + 32], best_path[PATH_MAX + 32];
	char jsonl_path[PATH_MAX + 32];
	gsl_rng *rng, *snap;
	struct fs_engine *engine;
	FILE *jsonl;
	int done;
	double seconds;
	int sigfd;
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
	c->bench_timeout_s = BENCH_TIMEOUT_S;
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
			c->bench_timeout_s = (double)v;
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
		case OPT_STOP_AFTER:
			if (parse_long(a, 1, 1000000, &v))
				return usage_error("--stop-after: expected "
						   "1..1000000, got '%s'",
						   a);
			c->stop_after = (int)v;
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
	if (!c->set.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		c->set.threads = n > 0 ? (int)n : 1;
	}
	if (c->set.scx_binary[0] && access(c->set.scx_binary, X_OK)) {
		fprintf(stderr, "flashyspark search: --scx-binary %s: %s\n",
			c->set.scx_binary, strerror(errno));
		return FS_EXIT_USAGE;
	}
	return 0;
}

static void set_paths(struct run *r, const char *dir)
{
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	snprintf(r->ckpt_path, sizeof(r->ckpt_path), "%s/checkpoint.yaml", dir);
	snprintf(r->best_path, sizeof(r->best_path), "%s/best_parameters.yaml",
		 dir);
	snprintf(r->jsonl_path, sizeof(r->jsonl_path), "%s/episodes.jsonl",
		 dir);
}

static int new_engine(struct run *r, char *err, size_t errlen)
{
	struct fs_algo algo;

	if (fs_algo_new(r->set.algorithm, FS_NR_KNOBS, &algo, err, errlen))
		return -1;
	r->engine = fs_engine_new(&algo);
	if (!r->engine) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int open_new(struct run *r, const struct cli *c, char *err,
		    size_t errlen)
{
	char dir[PATH_MAX];

	r->set = c->set;
	if (c->out) {
		snprintf(dir, sizeof(dir), "%s", c->out);
	} else {
		time_t t = time(NULL);
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(dir, sizeof(dir), "runs/%Y%m%d-%H%M%S", &tm);
	}
	set_paths(r, dir);
	if (fs_mkdir_p(dir)) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!access(r->ckpt_path, F_OK)) {
		snprintf(err, errlen,
			 "%s already holds a search; continue it with --resume "
			 "%s "
			 "or choose another --out",
			 dir, dir);
		return -1;
	}
	r->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r->rng) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	gsl_rng_set(r->rng, r->set.seed);
	if (new_engine(r, err, errlen))
		return -1;
	r->jsonl = fopen(r->jsonl_path, "w");
	if (!r->jsonl) {
		snprintf(err, errlen, "%s: %s", r->jsonl_path, strerror(errno));
		return -1;
	}
	return 0;
}

static int open_resume(struct run *r, const struct cli *c, char *err,
		       size_t errlen)
{
	struct fs_checkpoint ck;
	char why[512];
	int ret;

	set_paths(r, c->resume);
	if (fs_checkpoint_read(r->ckpt_path, &ck, &r->rng, err, errlen))
		return -1;
	r->set = ck.settings;
	r->done = ck.done;
	r->seconds = ck.seconds;
	if (c->set.episodes)
		r->set.episodes = c->set.episodes;
	ret = new_engine(r, err, errlen);
	if (!ret && fs_engine_load(r->engine, &ck.engine, &ck.policy, why,
				   sizeof(why))) {
		snprintf(err, errlen, "%s: engine/policy: %s", r->ckpt_path,
			 why);
		ret = -1;
	}
	fs_vars_free(&ck.engine);
	fs_vars_free(&ck.policy);
	if (ret || fs_episodes_truncate(r->jsonl_path, r->done, err, errlen))
		return -1;
	r->jsonl = fopen(r->jsonl_path, "a");
	if (!r->jsonl) {
		snprintf(err, errlen, "%s: %s", r->jsonl_path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_checkpoint(struct run *r, char *err, size_t errlen)
{
	struct fs_checkpoint ck;
	int ret;

	memset(&ck, 0, sizeof(ck));
	ck.settings = r->set;
	ck.done = r->done;
	ck.seconds = r->seconds;
	if (fs_engine_save(r->engine, &ck.engine, &ck.policy)) {
		snprintf(err, errlen, "%s: out of memory", r->ckpt_path);
		ret = -1;
	} else {
		ret = fs_checkpoint_write(r->ckpt_path, &ck, r->rng, err,
					  errlen);
	}
	fs_vars_free(&ck.engine);
	fs_vars_free(&ck.policy);
	return ret;
}

static void format_knobs(uint64_t mask, char *buf, size_t len)
{
	bool on[FS_NR_KNOBS];

	fs_mask_to(mask, FS_NR_KNOBS, on);
	fs_knobs_join(on, buf, len);
	if (!buf[0])
		snprintf(buf, len, "(all off)");
}

static void format_eta(double s, char *buf, size_t len)
{
	long t = (long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, len, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
}

static void progress(const struct run *r, const struct fs_episode *ep)
{
	const struct fs_set_stats *best = fs_engine_incumbent(r->engine);
	const char *m = fs_metric_name(r->set.metric);
	char knobs[1024], eta[32];

	format_eta(r->seconds / r->done * (r->set.episodes - r->done), eta,
		   sizeof(eta));
	if (ep->ok)
		fprintf(stderr, "episode %d/%d %-15s %s %.2f t/s", r->done,
			r->set.episodes, fs_role_name(ep->role), m,
			fs_episode_reward(ep, r->set.metric));
	else
		fprintf(stderr, "episode %d/%d %-15s %s: %.120s", r->done,
			r->set.episodes, fs_role_name(ep->role), ep->status,
			ep->reason);
	if (best) {
		format_knobs(best->mask, knobs, sizeof(knobs));
		fprintf(stderr, " | best %.2f ±%.2f (n=%d) %s",
			fs_set_mean(best), fs_set_stddev(best), best->n, knobs);
	}
	fprintf(stderr, " | ETA %s\n", eta);
}

static int record(struct run *r, const struct fs_episode *ep, char *err,
		  size_t errlen)
{
	const struct fs_set_stats *best;
	double other = r->set.metric == FS_METRIC_PP
			       ? (ep->has_tg ? ep->tg : NAN)
			       : (ep->has_pp ? ep->pp : NAN);

	if (fs_engine_record(r->engine, ep->knobs, ep->role, !ep->ok,
			     fs_episode_reward(ep, r->set.metric), other)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->done++;
	r->seconds += ep->seconds;
	if (fs_episodes_append(r->jsonl, ep, r->set.metric, err, errlen) ||
	    write_checkpoint(r, err, errlen))
		return -1;
	best = fs_engine_incumbent(r->engine);
	if (best) {
		struct fs_best b = {best, r->set.metric, r->set.algorithm,
				    r->done};

		if (fs_best_write(r->best_path, &b, err, errlen))
			return -1;
	}
	return 0;
}

static void summary(const struct run *r)
{
	const struct fs_set_stats *best = fs_engine_incumbent(r->engine);
	char knobs[1024];

	if (!best) {
		fprintf(stderr,
			"flashyspark search: no episode succeeded; see %s for "
			"the reasons\n",
			r->jsonl_path);
		return;
	}
	format_knobs(best->mask, knobs, sizeof(knobs));
	printf("best %s: %.3f ± %.3f t/s over %d runs with %s\n",
	       fs_metric_name(r->set.metric), fs_set_mean(best),
	       fs_set_stddev(best), best->n, knobs);
	printf("results: %s\n", r->dir);
	printf("keep it: scx_flashyspark --config %s\n", r->best_path);
}

static int run_loop(struct run *r, const struct cli *c, char *err,
		    size_t errlen)
{
	struct fs_llama_argv largv;
	struct fs_command cmd = {0};
	struct fs_episode_env env = {0};

	if (r->set.bench_cmd[0]) {
		cmd.shell = r->set.bench_cmd;
	} else {
		struct fs_llama_args a;

		fs_llama_args_init(&a);
		a.model = r->set.model;
		a.threads = r->set.threads;
		if (fs_llama_argv_build(&a, &largv, err, errlen))
			return FS_EXIT_FAIL;
		cmd.argv = largv.argv;
	}
	env.metric = r->set.metric;
	env.no_scheduler = r->set.no_scheduler;
	/* NULL: sched_child looks beside us, in ../loader/, then PATH. */
	env.scx_binary = r->set.scx_binary[0] ? r->set.scx_binary : NULL;
	env.bench = &cmd;
	env.bench_timeout_s = c->bench_timeout_s;
	env.sigfd = r->sigfd;
	fprintf(stderr,
		"flashyspark search: %s, metric %s, %d episodes, seed %lu, "
		"results in %s\n",
		r->set.algorithm, fs_metric_name(r->set.metric),
		r->set.episodes, r->set.seed, r->dir);

	while (r->done < r->set.episodes) {
		struct fs_episode ep;
		int sig = fs_sigwatch_pending(r->sigfd);

		if (c->stop_after && r->done >= c->stop_after) {
			fprintf(stderr,
				"flashyspark search: stopped after %d episodes "
				"(--stop-after); continue with --resume %s\n",
				r->done, r->dir);
			return FS_EXIT_OK;
		}
		memset(&ep, 0, sizeof(ep));
		ep.index = r->done;
		gsl_rng_memcpy(r->snap, r->rng);
		if (!sig) {
			fs_engine_next(r->engine, r->rng, ep.knobs, &ep.role);
			if (fs_episode_run(&env, &ep, &sig) ==
			    FS_EPISODE_DONE) {
				if (record(r, &ep, err, errlen))
					return FS_EXIT_FAIL;
				progress(r, &ep);
				continue;
			}
		}
		/* Forget the cut episode's draw: resume proposes it again. */
		gsl_rng_memcpy(r->rng, r->snap);
		if (write_checkpoint(r, err, errlen))
			return FS_EXIT_FAIL;
		fprintf(stderr,
			"flashyspark search: %s after %d episodes; scheduler "
			"stopped, checkpoint written; continue with "
			"--resume %s\n",
			strsignal(sig), r->done, r->dir);
		return FS_EXIT_INTERRUPTED;
	}
	summary(r);
	return fs_engine_incumbent(r->engine) ? FS_EXIT_OK : FS_EXIT_FAIL;
}

int fs_cmd_search(int argc, char **argv)
{
	struct run r;
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
	if (!c.resume && (ret = check_new(&c)))
		return ret;

	memset(&r, 0, sizeof(r));
	r.sigfd = -1;
	ret = c.resume ? open_resume(&r, &c, err, sizeof(err))
		       : open_new(&r, &c, err, sizeof(err));
	if (!ret && r.set.episodes < r.done) {
		snprintf(err, sizeof(err),
			 "--episodes %d: the search already has %d",
			 r.set.episodes, r.done);
		ret = -1;
	}
	if (!ret && !(r.snap = gsl_rng_clone(r.rng))) {
		snprintf(err, sizeof(err), "out of memory");
		ret = -1;
	}
	if (!ret && (r.sigfd = fs_sigwatch_open(NULL)) < 0) {
		snprintf(err, sizeof(err), "signalfd: %s", strerror(errno));
		ret = -1;
	}
	if (ret) {
		fprintf(stderr, "flashyspark search: %s\n", err);
		ret = FS_EXIT_FAIL;
	} else {
		err[0] = '\0';
		ret = run_loop(&r, &c, err, sizeof(err));
		if (ret == FS_EXIT_FAIL && err[0])
			fprintf(stderr, "flashyspark search: %s\n", err);
	}
	if (r.jsonl)
		fclose(r.jsonl);
	if (r.sigfd >= 0)
		close(r.sigfd);
	fs_engine_free(r.engine);
	if (r.rng)
		gsl_rng_free(r.rng);
	if (r.snap)
		gsl_rng_free(r.snap);
	return ret;
}
