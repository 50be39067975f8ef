// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark compare: options and knob-set file, the arms, the output
 * folder, signals as a signalfd (restored on return, since this runs
 * inside a bigger program), the measuring loop, then the reports.
 */
#include "commands.h"

#include "atomic_file.h"
#include "compare_data.h"
#include "compare_opts.h"
#include "compare_report.h"
#include "compare_run.h"
#include "default_model.h"
#include "dirs.h"
#include "config.h"
#include "config_yaml.h"
#include "llama_bench.h"
#include "options.h"
#include "peer_path.h"
#include "recipe.h"
#include "scenario.h"
#include "sigwatch.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define PROG "flashyspark compare"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

struct compare {
	struct fs_compare_opts o;
	struct fs_config cfg; /* the knob set */
	struct fs_arm arms[3 + FS_NR_RECIPES + FS_COMPARE_MAX_PEERS];
	struct fs_scenario scn;
	bool recipes[FS_NR_RECIPES];
	struct fs_compare_data d;
	struct fs_llama_argv largv;
	struct fs_command bench;
	char peer_paths[FS_COMPARE_MAX_PEERS][PATH_MAX];
	char model[PATH_MAX]; /* the built-in default, when no --model */
	char out_dir[PATH_MAX];
	char path[PATH_MAX];
};

static void add_arm(struct compare *c, const char *id, enum fs_arm_kind kind,
		    const char *binary, const char *config, const bool *knobs)
{
	struct fs_arm *a = &c->arms[c->d.n_arms++];
	char desc[2100];

	memset(a, 0, sizeof(*a));
	snprintf(a->id, sizeof(a->id), "%s", id);
	a->kind = kind;
	a->binary = binary;
	a->config = config;
	if (knobs)
		memcpy(a->knobs, knobs, sizeof(a->knobs));
	if (kind == FS_ARM_EEVDF)
		snprintf(a->what, sizeof(a->what),
			 "the kernel's fair class, no sched_ext scheduler");
	else if (kind == FS_ARM_RECIPE)
		snprintf(a->what, sizeof(a->what), "%s", binary);
	else if (kind == FS_ARM_PEER)
		snprintf(a->what, sizeof(a->what), "peer scheduler `%.400s`",
			 binary);
	else if (config) { /* the knob set's own arm: the file read into cfg */
		fs_knob_set_describe(&c->cfg, "all knobs off", desc,
				     sizeof(desc));
		snprintf(a->what, sizeof(a->what),
			 "scx_flashyspark --config `%.400s`: %.1600s", config,
			 desc);
	} else
		snprintf(a->what, sizeof(a->what),
			 "scx_flashyspark, default knobs (all off)");
}

static void make_arms(struct compare *c)
{
	static const bool none[FS_NR_KNOBS];

	c->d.arms = c->arms;
	add_arm(c, "eevdf", FS_ARM_EEVDF, NULL, NULL, NULL);
	add_arm(c, "default", FS_ARM_FLASHY, c->o.scx, NULL, none);
	add_arm(c, "best", FS_ARM_FLASHY, c->o.scx, c->o.knobset, c->cfg.knobs);
	for (int r = 0; r < FS_NR_RECIPES; r++) {
		char id[64], what[256];

		if (!c->recipes[r])
			continue;
		snprintf(id, sizeof(id), "eevdf-%s", fs_recipe_name(r));
		fs_recipe_describe(r, c->o.threads, what, sizeof(what));
		add_arm(c, id, FS_ARM_RECIPE, what, NULL, NULL);
		c->arms[c->d.n_arms - 1].binary = NULL;
		c->arms[c->d.n_arms - 1].recipe = r;
	}
	for (int i = 0; i < c->o.n_peers; i++) {
		const char *base = strrchr(c->o.peers[i], '/');
		char id[64];

		snprintf(id, sizeof(id), "peer-%.50s",
			 base ? base + 1 : c->o.peers[i]);
		add_arm(c, id, FS_ARM_PEER, c->peer_paths[i], NULL, NULL);
	}
}

/*
 * The scenario, and the recipe arms: the user's list, or nice, rr and pin
 * where there is contention. A recipe this machine cannot apply is left
 * out, saying why (a named one is an error).
 */
static int make_scenario(struct compare *c, char *err, size_t errlen)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *list = c->o.recipes;
	char why[600];

	if (fs_scenario_make(&c->scn, c->o.scenario, c->o.neighbour,
			     c->o.threads_set ? c->o.threads : 0,
			     cpus > 0 ? (int)cpus : 1, err, errlen))
		return -1;
	if (c->scn.threads)
		c->o.threads = c->scn.threads;
	if (!list)
		list = fs_scenario_contended(&c->scn) ? "nice,rr,pin" : "none";
	if (fs_recipe_parse(list, c->recipes, err, errlen))
		return -1;
	for (int r = 0; r < FS_NR_RECIPES; r++) {
		if (!c->recipes[r] ||
		    fs_recipe_available(r, "/sys", why, sizeof(why)))
			continue;
		if (c->o.recipes && strcmp(c->o.recipes, "all")) {
			snprintf(err, errlen, "--recipes %s: %s",
				 fs_recipe_name(r), why);
			return -1;
		}
		fprintf(stderr, PROG ": recipe %s left out: %s\n",
			fs_recipe_name(r), why);
		c->recipes[r] = false;
	}
	return 0;
}

/* A bare peer name is one of the samples tools/peers/mkpeers built. */
static int resolve_peers(struct compare *c, char *err, size_t errlen)
{
	for (int i = 0; i < c->o.n_peers; i++)
		if (fs_peer_resolve(c->o.peers[i], getenv(FS_PEERS_ENV),
				    FS_PEERS_BASE, c->peer_paths[i],
				    sizeof(c->peer_paths[i]), err, errlen))
			return -1;
	return 0;
}

/* The default benchmark sized to this machine, once (llama_bench.h). */
/* The benchmark, llama-bench sized first unless --bench-args says; 1
 * when a signal on @sigfd cut the sizing short. */
static int make_bench(struct compare *c, int sigfd, char *err, size_t errlen)
{
	struct fs_llama_args a;
	size_t used = 0;

	if (c->o.bench_cmd) {
		c->bench.shell = c->o.bench_cmd;
		snprintf(c->d.bench, sizeof(c->d.bench), "%s", c->o.bench_cmd);
		return 0;
	}
	if (!c->o.model) {
		if (fs_default_model_use(PROG, c->model, sizeof(c->model), err,
					 errlen))
			return -1;
		c->o.model = c->model;
	}
	if (access(c->o.model, R_OK)) {
		snprintf(err, errlen, "%s: %s", c->o.model, strerror(errno));
		return -1;
	}
	fs_llama_args_init(&a);
	a.model = c->o.model;
	a.threads = c->o.threads;
	a.extra = c->o.bench_args;
	if (!a.extra && fs_llama_size(&a, c->o.timeout_s, sigfd, PROG))
		return 1;
	if (fs_llama_argv_build(&a, &c->largv, err, errlen))
		return -1;
	c->bench.argv = c->largv.argv;
	for (size_t i = 0; c->largv.argv[i] && used < sizeof(c->d.bench); i++)
		used += (size_t)snprintf(c->d.bench + used,
					 sizeof(c->d.bench) - used, "%s%s",
					 i ? " " : "", c->largv.argv[i]);
	return 0;
}

static void describe_run(struct compare *c)
{
	time_t now = time(NULL);
	struct utsname u;
	struct tm tm;

	snprintf(c->d.knobset, sizeof(c->d.knobset), "%s", c->o.knobset);
	fs_scenario_describe(&c->scn, c->d.scenario, sizeof(c->d.scenario));
	fs_knob_set_describe(&c->cfg, "(all knobs off)", c->d.knobset_desc,
			     sizeof(c->d.knobset_desc));
	c->d.rounds = c->o.rounds;
	gmtime_r(&now, &tm);
	strftime(c->d.started, sizeof(c->d.started), "%Y-%m-%d %H:%M:%S UTC",
		 &tm);
	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "?");
	snprintf(c->d.host, sizeof(c->d.host), "Linux %.64s, %ld online CPUs",
		 u.release, sysconf(_SC_NPROCESSORS_ONLN));
}

static int make_out_dir(struct compare *c)
{
	if (c->o.out_dir) {
		snprintf(c->out_dir, sizeof(c->out_dir), "%s", c->o.out_dir);
	} else {
		time_t now = time(NULL);
		struct tm tm;
		char stamp[32];

		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		snprintf(c->out_dir, sizeof(c->out_dir), "runs/compare-%s",
			 stamp);
	}
	if (fs_mkdir_p(c->out_dir)) {
		fprintf(stderr, PROG ": cannot create %s: %s\n", c->out_dir,
			strerror(errno));
		return -1;
	}
	return 0;
}

static const char *out_path(struct compare *c, const char *name)
{
	snprintf(c->path, sizeof(c->path), "%s/%s", c->out_dir, name);
	return c->path;
}

/* Every output, each atomically; the table on stdout. */
static int write_outputs(struct compare *c)
{
	static const struct {
		const char *name;
		fs_fill_fn fill;
	} files[] = {
		{"compare.jsonl", fs_report_jsonl},
		{"report.md", fs_report_markdown},
		{"chart.svg", fs_report_svg},
	};
	char err[PATH_MAX + 128];
	int ret = 0;

	fs_report_table(stdout, &c->d);
	fflush(stdout);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (fs_atomic_write(out_path(c, files[i].name), files[i].fill,
				    &c->d, err, sizeof(err))) {
			fprintf(stderr, PROG ": %s\n", err);
			ret = -1;
		}
	}
	if (!ret)
		fprintf(stderr, PROG ": report in %s/report.md\n", c->out_dir);
	return ret;
}

/* Measure every arm, signals read from @sigfd, and write the report. */
static int measure_and_report(struct compare *c, int sigfd)
{
	struct fs_compare_env env = {
		.bench = &c->bench,
		.bench_timeout_s = c->o.timeout_s,
		.sysfs_dir = c->o.sysfs_dir,
		.progress = stderr,
		.scenario = &c->scn,
		.threads = c->o.threads,
		.until_cap = c->o.until_cap,
		.decide_arm = 2, /* best: the knob set under test */
		/* not against a stand-in sysfs (tests): no kernel to settle */
		.quiet = !c->o.sysfs_dir,
	};
	char err[PATH_MAX + 128];
	int ret, status = EXIT_OK;
	bool all_ok = true;

	env.sigfd = sigfd;
	env.jsonl_path = strdup(out_path(c, "compare.jsonl"));
	if (!env.jsonl_path) {
		status = EXIT_FAIL;
		goto out;
	}
	ret = fs_compare_run(&env, &c->d, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, PROG ": %s\n", err);
		status = EXIT_FAIL;
	} else if (ret > 0) {
		fprintf(stderr, PROG ": %s: stopped\n", strsignal(ret));
		status = EXIT_INTERRUPTED;
	}
	for (size_t i = 0; i < c->d.n_m; i++)
		all_ok &= c->d.m[i].ok;
	if (write_outputs(c) && status == EXIT_OK)
		status = EXIT_FAIL;
	if (status == EXIT_OK && !all_ok)
		status = EXIT_FAIL;
out:
	/*
	 * A signal that came during the last measurement is still pending:
	 * unblocking it would kill us with the default action. Take it
	 * here; the user asked to stop, and everything is done.
	 */
	while ((ret = fs_sigwatch_pending(env.sigfd)) > 0)
		status = EXIT_INTERRUPTED;
	free((char *)env.jsonl_path);
	return status;
}

int fs_cmd_compare(int argc, char **argv)
{
	struct compare *c = calloc(1, sizeof(*c));
	char err[1024];
	int status = EXIT_USAGE, sigfd = -1, ret;
	sigset_t old;

	if (!c) {
		fprintf(stderr, PROG ": out of memory\n");
		return EXIT_FAIL;
	}
	switch (fs_compare_parse(argc, argv, &c->o, err, sizeof(err))) {
	case FS_COMPARE_HELP:
		fs_compare_usage(stdout);
		status = EXIT_OK;
		goto out;
	case FS_COMPARE_USAGE:
		fprintf(stderr, PROG ": %s\n(see " PROG " --help)\n", err);
		goto out;
	case FS_COMPARE_RUN:
		break;
	}
	fs_config_defaults(&c->cfg);
	if (fs_config_yaml_load(c->o.knobset, &c->cfg, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		goto out;
	}
	if (make_scenario(c, err, sizeof(err)) ||
	    resolve_peers(c, err, sizeof(err))) {
		fprintf(stderr, PROG ": %s\n", err);
		goto out;
	}
	/* Signals are read from a descriptor from here on (the sizing run
	 * included); the old mask comes back at the end. */
	sigfd = fs_sigwatch_open(&old);
	if (sigfd < 0) {
		fprintf(stderr, PROG ": signalfd: %s\n", strerror(errno));
		status = EXIT_FAIL;
		goto out;
	}
	ret = make_bench(c, sigfd, err, sizeof(err));
	if (ret) {
		if (ret > 0) {
			fprintf(stderr, PROG ": %s: stopped\n",
				strsignal(fs_sigwatch_pending(sigfd)));
			status = EXIT_INTERRUPTED;
		} else {
			fprintf(stderr, PROG ": %s\n", err);
		}
		goto out;
	}
	make_arms(c);
	describe_run(c);
	status = EXIT_FAIL;
	if (make_out_dir(c))
		goto out;
	status = measure_and_report(c, sigfd);
out:
	if (sigfd >= 0) {
		close(sigfd);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	fs_compare_data_free(&c->d);
	free(c);
	return status;
}
