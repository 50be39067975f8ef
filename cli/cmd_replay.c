// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark replay FILE [--run CMD]: load a knob set a search found
 * (scx_flashyspark --config FILE as a child, waited on until enabled) and
 * either run CMD under it and stop, or stay until Ctrl-C.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "config_yaml.h"
#include "knobs.h"
#include "neighbour.h"
#include "options.h"
#include "run_under.h"
#include "scenario.h"
#include "sigwatch.h"

static const char help[] =
	"Usage: flashyspark replay FILE [--run CMD] [--scx-binary FILE]\n"
	"\n"
	"Load the knob set in FILE (a best_parameters.yaml, or any file that\n"
	"scx_flashyspark --config reads) and wait until the kernel has the\n"
	"scheduler enabled. With --run, run the shell command CMD under it\n"
	"(FLASHYSPARK_FLAGS names the knobs that are on; its output comes\n"
	"through as it runs), then stop the scheduler and exit with CMD's\n"
	"status; without it, stay until Ctrl-C. Ctrl-C ends CMD at once,\n"
	"stops the scheduler and exits 130.\n"
	"\n"
	"  --run CMD           command to run under the scheduler\n"
	"  --scenario NAME     with --run: run the scenario's neighbour "
	"beside\n"
	"                      CMD (neighbour: a CPU hog per CPU; bursty:\n"
	"                      hackbench every 50 ms), started once the\n"
	"                      scheduler is enabled, ended by its process "
	"group\n"
	"                      when CMD ends; its CPU share is printed\n"
	"  --neighbour CMD2    with --run: this shell command beside CMD "
	"instead\n"
	"  --scx-binary FILE   scx_flashyspark to start (default: beside this\n"
	"                      program, else in PATH)\n"
	"  -h, --help          this help\n";

static const struct option long_opts[] = {
	{"run", required_argument, NULL, 'r'},
	{"scx-binary", required_argument, NULL, 's'},
	{"scenario", required_argument, NULL, 'S'},
	{"neighbour", required_argument, NULL, 'N'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "flashyspark replay: %s%s\n", what, arg);
	fputs("Try 'flashyspark replay --help'.\n", stderr);
	return FS_EXIT_USAGE;
}

/* What happens once the scheduler is enabled: say so, start the neighbour. */
struct on_ready {
	const char *shown; /* the knobs on and the options changed */
	const struct fs_scenario *scn; /* NULL or no neighbour: none */
	struct fs_neighbour n;
	int start_ret;
	char err[512];
};

static void say_enabled(void *arg)
{
	struct on_ready *o = arg;

	fprintf(stderr, "flashyspark replay: scx_flashyspark enabled with %s\n",
		o->shown);
	if (!o->scn || !o->scn->neighbour[0])
		return;
	o->start_ret = fs_neighbour_start(&o->n, o->scn->neighbour, o->err,
					  sizeof(o->err));
	if (o->start_ret)
		fprintf(stderr,
			"flashyspark replay: the neighbour did not "
			"start: %s\n",
			o->err);
	else
		fprintf(stderr, "flashyspark replay: beside it: %s\n",
			o->scn->neighbour);
}

/* End the neighbour; 0, or -1 when it had ended by itself (said). */
static int end_neighbour(struct on_ready *o)
{
	double cpus;

	if (!o->scn || !o->scn->neighbour[0] || o->start_ret)
		return o->start_ret ? -1 : 0;
	if (fs_neighbour_stop(&o->n, &cpus, o->err, sizeof(o->err))) {
		fprintf(stderr, "flashyspark replay: %s\n", o->err);
		return -1;
	}
	if (o->n.started_s > 0)
		fprintf(stderr,
			"flashyspark replay: the neighbour's CPU share: %.2f "
			"CPUs\n",
			cpus);
	return 0;
}

/*
 * Run CMD under the scheduler, its output streamed through; CMD's exit
 * status, or 130 when Ctrl-C (on the spec's stop_fd) ended it.
 */
static int run_cmd(const struct fs_sched_spec *spec, const char *shell,
		   char *flags, const char *shown,
		   const struct fs_scenario *scn)
{
	struct fs_command cmd = {.shell = shell};
	struct on_ready o = {.shown = shown, .scn = scn};
	struct fs_runner r;
	char err[1024];
	int code = FS_EXIT_FAIL, ret;
	enum fs_run_under_end end;

	fs_runner_init(&r);
	r.timeout_s = 0;
	r.flags = flags;
	r.stop_fd = spec->stop_fd;
	end = fs_run_under(spec, &r, &cmd, &code, say_enabled, &o, err,
			   sizeof(err));
	ret = end_neighbour(&o);
	switch (end) {
	case FS_RUN_UNDER_DONE:
		return ret ? FS_EXIT_FAIL : code;
	case FS_RUN_UNDER_STOPPED:
		fprintf(stderr, "flashyspark replay: %s: %s\n",
			strsignal(fs_sigwatch_pending(spec->stop_fd)), err);
		return FS_EXIT_INTERRUPTED;
	case FS_RUN_UNDER_NO_SCHED:
		fprintf(stderr, "flashyspark replay: %s\n", err);
		return fs_sigwatch_pending(spec->stop_fd) ? FS_EXIT_INTERRUPTED
							  : FS_EXIT_FAIL;
	default:
		fprintf(stderr, "flashyspark replay: %s\n", err);
		return FS_EXIT_FAIL;
	}
}

/* Load the scheduler and keep it until Ctrl-C (or its own exit). */
static int stay(const struct fs_sched_spec *spec, const char *shown)
{
	struct fs_sched_child child;
	char err[1024];
	int ret = FS_EXIT_OK;

	memset(&child, 0, sizeof(child));
	if (fs_sched_start(spec, &child, err, sizeof(err))) {
		fprintf(stderr, "flashyspark replay: %s\n", err);
		return fs_sigwatch_pending(spec->stop_fd) ? FS_EXIT_INTERRUPTED
							  : FS_EXIT_FAIL;
	}
	fprintf(stderr, "flashyspark replay: scx_flashyspark enabled with %s\n",
		shown);
	fprintf(stderr, "flashyspark replay: Ctrl-C to stop\n");
	while (!fs_sigwatch_wait(spec->stop_fd, 1000))
		if (!fs_sched_alive(&child))
			break;
	if (fs_sched_stop(&child, FS_SCHED_STOP_GRACE_S, err, sizeof(err))) {
		fprintf(stderr, "flashyspark replay: scheduler: %s\n", err);
		ret = FS_EXIT_FAIL;
	}
	fs_sched_child_free(&child);
	return ret;
}

int fs_cmd_replay(int argc, char **argv)
{
	const char *run = NULL, *scx = NULL, *file, *scenario = NULL,
		   *neighbour = NULL;
	struct fs_scenario scn;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *extra[3];
	struct fs_sched_spec spec;
	struct fs_config cfg;
	char err[1024], flags[1024], shown[2100];
	int o, sigfd, ret = FS_EXIT_OK;

	optind = 1;
	while ((o = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (o) {
		case 'r':
			run = optarg;
			break;
		case 's':
			scx = optarg;
			break;
		case 'S':
			scenario = optarg;
			break;
		case 'N':
			neighbour = optarg;
			break;
		case 'h':
			fputs(help, stdout);
			return FS_EXIT_OK;
		default:
			return usage_error("bad option", "");
		}
	}
	if (optind != argc - 1)
		return usage_error("expected one knob file", "");
	file = argv[optind];
	if ((scenario || neighbour) && !run)
		return usage_error("--scenario and --neighbour go with --run",
				   "");
	if (fs_scenario_make(&scn, scenario, neighbour, 0,
			     cpus > 0 ? (int)cpus : 1, err, sizeof(err)))
		return usage_error(err, "");
	/* Check the file here, so its error names it before any loading. */
	fs_config_defaults(&cfg);
	if (fs_config_yaml_load(file, &cfg, err, sizeof(err))) {
		fprintf(stderr, "flashyspark replay: %s\n", err);
		return FS_EXIT_USAGE;
	}
	fs_knobs_join(cfg.knobs, flags, sizeof(flags));
	fs_knob_set_describe(&cfg, "all knobs off", shown, sizeof(shown));
	sigfd = fs_sigwatch_open(NULL);
	if (sigfd < 0) {
		fprintf(stderr, "flashyspark replay: signalfd: %s\n",
			strerror(errno));
		return FS_EXIT_FAIL;
	}
	fs_sched_spec_init(&spec);
	extra[0] = "--config";
	extra[1] = file;
	extra[2] = NULL;
	spec.binary = scx; /* NULL: beside us, ../loader/, PATH */
	spec.is_flashyspark = true;
	spec.extra_args = extra;
	spec.ready_timeout_s = FS_SCHED_READY_S;
	spec.stop_fd = sigfd;
	ret = run ? run_cmd(&spec, run, flags, shown, &scn)
		  : stay(&spec, shown);
	close(sigfd);
	return ret;
}
