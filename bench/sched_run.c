// SPDX-License-Identifier: GPL-2.0
/*
 * sched-run ARM -- CMD [ARGS...]: run one command under one scheduler arm
 * (EEVDF, scx_flashyspark with a knob set, or a peer), for benchmark
 * scripts. The scheduler is a child started and stopped by pid through
 * sched_child (ready = enabled in sysfs), so scripts never load or kill
 * schedulers themselves. A scheduler that died or changed during CMD makes
 * the run fail with its own status: numbers taken then are not the arm's.
 *
 * SIGINT/SIGTERM/SIGHUP are blocked for our lifetime (CMD gets an empty
 * mask): a signal must not kill us while a scheduler we started runs. It
 * is honoured once the scheduler is stopped (exit 130).
 */
#include "peer_path.h"
#include "run_under.h"

#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	EXIT_TIMEOUT = 124,
	EXIT_NO_SCHED = 125,   /* scheduler did not load, or EEVDF not free */
	EXIT_SCHED_LOST = 126, /* it died or would not stop cleanly */
	EXIT_SIGNALLED = 130,
	EXIT_USAGE = 2,
};

static const char help[] =
	"Usage: sched-run ARM [OPTIONS] -- CMD [ARGS...]\n"
	"Run CMD under one scheduler and report whether the scheduler stayed\n"
	"enabled throughout. ARM is one of:\n"
	"  --eevdf             no sched_ext scheduler (sched_ext must be "
	"disabled\n"
	"                      before and after)\n"
	"  --flashyspark       scx_flashyspark, knobs from --config (default: "
	"all off)\n"
	"  --peer NAME         a peer scheduler; a bare name is looked up in\n"
	"                      $FLASHYSPARK_PEERS_DIR or "
	"/opt/flashyspark-peers/*/bin\n"
	"Options:\n"
	"  --config FILE       knob set for --flashyspark\n"
	"  --scx BIN           the scx_flashyspark loader (default: beside "
	"this\n"
	"                      program, ../loader/, or PATH)\n"
	"  --timeout S         limit for CMD (default: none)\n"
	"  --ready-timeout S   limit for the scheduler to be enabled (default "
	"60)\n"
	"  -h, --help          this help\n"
	"CMD's stdout and stderr are passed through as they come.\n"
	"Exit status: CMD's; 124 CMD timed out; 125 the scheduler did not "
	"load\n(or sched_ext was busy for --eevdf); 126 the scheduler died "
	"or changed\nduring CMD; 130 interrupted; 2 bad usage.\n";

struct opts {
	enum { ARM_NONE, ARM_EEVDF, ARM_FLASHY, ARM_PEER } arm;
	const char *peer, *config, *scx;
	double timeout_s, ready_s;
	char *const *cmd;
};

static int parse_secs(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	if (end != s && !*end && *out > 0)
		return 0;
	fprintf(stderr, "sched-run: bad time '%s'\n", s);
	return -1;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{"eevdf", no_argument, NULL, 'e'},
		{"flashyspark", no_argument, NULL, 'f'},
		{"peer", required_argument, NULL, 'p'},
		{"config", required_argument, NULL, 'c'},
		{"scx", required_argument, NULL, 's'},
		{"timeout", required_argument, NULL, 't'},
		{"ready-timeout", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, arms = 0;

	memset(o, 0, sizeof(*o));
	o->ready_s = FS_SCHED_READY_S;
	while ((c = getopt_long(argc, argv, "+h", lo, NULL)) != -1) {
		switch (c) {
		case 'e':
			o->arm = ARM_EEVDF;
			arms++;
			break;
		case 'f':
			o->arm = ARM_FLASHY;
			arms++;
			break;
		case 'p':
			o->arm = ARM_PEER;
			o->peer = optarg;
			arms++;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 's':
			o->scx = optarg;
			break;
		case 't':
			if (parse_secs(optarg, &o->timeout_s))
				return -1;
			break;
		case 'r':
			if (parse_secs(optarg, &o->ready_s))
				return -1;
			break;
		case 'h':
			fputs(help, stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (arms != 1 || optind >= argc ||
	    (o->config && o->arm != ARM_FLASHY)) {
		fprintf(stderr, "sched-run: give one arm (--eevdf, "
				"--flashyspark [--config FILE], --peer NAME) "
				"and a command\n");
		return -1;
	}
	o->cmd = argv + optind;
	return 0;
}

/* The arm as a scheduler spec; false (said why) if it cannot be. */
static bool arm_spec(const struct opts *o, struct fs_sched_spec *spec,
		     const char **extra, char *path, size_t len)
{
	char err[2048];

	fs_sched_spec_init(spec);
	spec->ready_timeout_s = o->ready_s;
	if (o->arm == ARM_PEER) {
		if (fs_peer_resolve(o->peer, getenv(FS_PEERS_ENV),
				    FS_PEERS_BASE, path, len, err,
				    sizeof(err))) {
			fprintf(stderr, "sched-run: %s\n", err);
			return false;
		}
		spec->binary = path;
		return true;
	}
	spec->binary = o->scx;
	spec->is_flashyspark = true;
	spec->extra_args = o->config ? extra : NULL;
	return true;
}

int main(int argc, char **argv)
{
	const char *extra[3] = {"--config", NULL, NULL};
	struct fs_command cmd = {0};
	struct fs_sched_spec spec;
	struct fs_runner r;
	struct opts o;
	sigset_t set, pending;
	char path[PATH_MAX], err[2048];
	int code = 1;

	if (parse(argc, argv, &o))
		return EXIT_USAGE;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	extra[1] = o.config;
	if (o.arm != ARM_EEVDF &&
	    !arm_spec(&o, &spec, extra, path, sizeof(path)))
		return EXIT_NO_SCHED;
	cmd.argv = (const char *const *)o.cmd;
	fs_runner_init(&r);
	r.timeout_s = o.timeout_s;
	switch (fs_run_under(o.arm == ARM_EEVDF ? NULL : &spec, &r, &cmd, &code,
			     NULL, NULL, err, sizeof(err))) {
	case FS_RUN_UNDER_DONE:
		break;
	case FS_RUN_UNDER_NO_SCHED:
		fprintf(stderr, "sched-run: %s\n", err);
		return EXIT_NO_SCHED;
	case FS_RUN_UNDER_LOST:
		fprintf(stderr, "sched-run: %s\n", err);
		code = EXIT_SCHED_LOST;
		break;
	case FS_RUN_UNDER_TIMEOUT:
		code = EXIT_TIMEOUT;
		break;
	case FS_RUN_UNDER_STOPPED:
	case FS_RUN_UNDER_FAILED:
		fprintf(stderr, "sched-run: %s\n", err);
		code = 1;
		break;
	}
	sigpending(&pending);
	if (sigismember(&pending, SIGINT) || sigismember(&pending, SIGTERM) ||
	    sigismember(&pending, SIGHUP))
		return EXIT_SIGNALLED;
	return code;
}
