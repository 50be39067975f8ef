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
#include "run_under.h"
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
	"  --scx-binary FILE   scx_flashyspark to start (default: beside this\n"
	"                      program, else in PATH)\n"
	"  -h, --help          this help\n";

static const struct option long_opts[] = {
	{"run", required_argument, NULL, 'r'},
	{"scx-binary", required_argument, NULL, 's'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "flashyspark replay: %s%s\n", what, arg);
	fputs("Try 'flashyspark replay --help'.\n", stderr);
	return FS_EXIT_USAGE;
}

static void say_enabled(void *flags)
{
	const char *f = flags;

	fprintf(stderr, "flashyspark replay: scx_flashyspark enabled with %s\n",
		f[0] ? f : "all knobs off");
}

/*
 * Run CMD under the scheduler, its output streamed through; CMD's exit
 * status, or 130 when Ctrl-C (on the spec's stop_fd) ended it.
 */
static int run_cmd(const struct fs_sched_spec *spec, const char *shell,
		   char *flags)
{
	struct fs_command cmd = {.shell = shell};
	struct fs_runner r;
	char err[1024];
	int code = FS_EXIT_FAIL;

	fs_runner_init(&r);
	r.timeout_s = 0;
	r.flags = flags;
	r.stop_fd = spec->stop_fd;
	switch (fs_run_under(spec, &r, &cmd, &code, say_enabled, flags, err,
			     sizeof(err))) {
	case FS_RUN_UNDER_DONE:
		return code;
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
static int stay(const struct fs_sched_spec *spec, char *flags)
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
	say_enabled(flags);
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
	const char *run = NULL, *scx = NULL, *file;
	const char *extra[3];
	struct fs_sched_spec spec;
	struct fs_config cfg;
	char err[1024], flags[1024];
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
	/* Check the file here, so its error names it before any loading. */
	fs_config_defaults(&cfg);
	if (fs_config_yaml_load(file, &cfg, err, sizeof(err))) {
		fprintf(stderr, "flashyspark replay: %s\n", err);
		return FS_EXIT_USAGE;
	}
	fs_knobs_join(cfg.knobs, flags, sizeof(flags));
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
	ret = run ? run_cmd(&spec, run, flags) : stay(&spec, flags);
	close(sigfd);
	return ret;
}
