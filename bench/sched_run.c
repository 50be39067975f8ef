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
#include "runner.h"
#include "sched_child.h"
#include "sysfs.h"

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
	"CMD's stdout and stderr are passed through when it ends.\n"
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

static int sched_state_is(const char *want)
{
	char state[32] = "";

	if (!fs_sysfs_available())
		return !strcmp(want, "disabled"); /* no sched_ext: EEVDF */
	fs_sysfs_read(NULL, "state", state, sizeof(state));
	return !strcmp(state, want);
}

static int start(const struct opts *o, struct fs_sched_child *child)
{
	const char *extra[] = {"--config", o->config, NULL};
	char path[PATH_MAX], err[2048];
	struct fs_sched_spec spec;

	fs_sched_spec_init(&spec);
	spec.ready_timeout_s = o->ready_s;
	if (o->arm == ARM_PEER) {
		if (fs_peer_resolve(o->peer, getenv(FS_PEERS_ENV),
				    FS_PEERS_BASE, path, sizeof(path), err,
				    sizeof(err))) {
			fprintf(stderr, "sched-run: %s\n", err);
			return -1;
		}
		spec.binary = path;
	} else {
		spec.binary = o->scx;
		spec.is_flashyspark = true;
		spec.extra_args = o->config ? extra : NULL;
	}
	if (fs_sched_start(&spec, child, err, sizeof(err))) {
		fprintf(stderr, "sched-run: %s\n", err);
		return -1;
	}
	return 0;
}

static int run_cmd(const struct opts *o)
{
	struct fs_command cmd = {.argv = (const char *const *)o->cmd};
	struct fs_runner r;
	char err[1024];
	int ret, code;

	fs_runner_init(&r);
	r.timeout_s = o->timeout_s;
	ret = fs_runner_run_through(&r, &cmd, &code, err, sizeof(err));
	if (!ret)
		return code;
	if (ret == FS_BENCH_ETIMEOUT)
		return EXIT_TIMEOUT;
	fprintf(stderr, "sched-run: %s\n", err);
	return 1;
}

int main(int argc, char **argv)
{
	struct fs_sched_child child;
	struct opts o;
	sigset_t set, pending;
	char err[2048];
	int ret;

	if (parse(argc, argv, &o))
		return EXIT_USAGE;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(&child, 0, sizeof(child));
	if (o.arm == ARM_EEVDF) {
		if (!sched_state_is("disabled")) {
			fprintf(stderr, "sched-run: sched_ext is busy: a "
					"scheduler would be measured as "
					"EEVDF\n");
			return EXIT_NO_SCHED;
		}
		ret = run_cmd(&o);
		if (!sched_state_is("disabled")) {
			fprintf(stderr, "sched-run: a scheduler was loaded "
					"during the EEVDF run\n");
			ret = EXIT_SCHED_LOST;
		}
	} else {
		if (start(&o, &child))
			return EXIT_NO_SCHED;
		ret = run_cmd(&o);
		if (!fs_sched_alive(&child)) {
			fprintf(stderr,
				"sched-run: %s exited during the "
				"command\n",
				child.name);
			ret = EXIT_SCHED_LOST;
		}
		if (fs_sched_stop(&child, FS_SCHED_STOP_GRACE_S, err,
				  sizeof(err))) {
			fprintf(stderr, "sched-run: %s\n", err);
			ret = EXIT_SCHED_LOST;
		}
		fs_sched_child_free(&child);
	}
	sigpending(&pending);
	if (sigismember(&pending, SIGINT) || sigismember(&pending, SIGTERM) ||
	    sigismember(&pending, SIGHUP))
		return EXIT_SIGNALLED;
	return ret;
}
