// SPDX-License-Identifier: GPL-2.0
/* The command line of `flashyspark compare` (compare_opts.h). */
#include "compare_opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_ROUNDS = 1000,
	OPT_MODEL,
	OPT_BENCH_CMD,
	OPT_BENCH_ARGS,
	OPT_THREADS,
	OPT_OUT,
	OPT_PEER,
	OPT_SCX,
	OPT_TIMEOUT,
	OPT_SYSFS,
	OPT_SCENARIO,
	OPT_NEIGHBOUR,
	OPT_RECIPES,
	OPT_UNTIL,
};

void fs_compare_usage(FILE *f)
{
	fputs("Usage: flashyspark compare BEST.yaml [OPTIONS]\n"
	      "Measure llama-bench under EEVDF (no sched_ext scheduler), "
	      "scx_flashyspark\nwith default knobs, the knob set in BEST.yaml "
	      "and any peer schedulers,\ninterleaved in rounds (order rotated "
	      "each round), one benchmark process\nper measurement; report "
	      "each arm's mean t/s and its ratio to EEVDF with\n95% intervals, "
	      "paired by round. Needs root and a sched_ext kernel.\n\n"
	      "Options:\n"
	      "  --rounds N        rounds, each measuring every arm once "
	      "(default 5, >= 2\n"
	      "                    for intervals)\n"
	      "  --until-significant N\n"
	      "                    after the rounds, go on round by round "
	      "until the knob\n"
	      "                    set's ratio to EEVDF is significant on "
	      "every metric,\n"
	      "                    or N rounds in all\n"
	      "  --model FILE      GGUF model for the default benchmark:\n"
	      "                    llama-bench -m FILE -p P -n N -r 3 -t T "
	      "-o jsonl, P and N\n"
	      "                    sized to this machine by one calibration "
	      "run\n"
	      "                    (default: the built-in model, a "
	      "random-weight llama\n"
	      "                    of 125M parameters written once to "
	      "~/.cache/flashyspark\n"
	      "                    or $FLASHYSPARK_MODEL_DIR)\n"
	      "  --bench-cmd CMD   shell command to run instead; it must print "
	      "llama-bench\n"
	      "                    output (jsonl, json or markdown); "
	      "FLASHYSPARK_FLAGS holds\n"
	      "                    the arm's knobs, comma-separated\n"
	      "  --bench-args ARGS llama-bench arguments instead of the sized "
	      "-p -n -r\n"
	      "  --threads T       llama-bench -t (default: online CPUs; 2x "
	      "them when\n"
	      "                    oversubscribed)\n"
	      "  --scenario NAME   what runs beside the benchmark: idle "
	      "(default), neighbour\n"
	      "                    (a CPU hog per CPU), oversubscribed "
	      "(threads = 2 x CPUs),\n"
	      "                    bursty (hackbench every 50 ms), smt "
	      "(threads = physical\n"
	      "                    cores on an SMT machine); the "
	      "neighbour starts\n"
	      "                    and ends with each benchmark run, and its "
	      "CPU share is\n"
	      "                    reported\n"
	      "  --neighbour CMD   shell command to run beside each benchmark "
	      "run instead\n"
	      "                    (ended by its process group; it must not "
	      "end by itself)\n"
	      "  --recipes LIST    also measure what one does without a "
	      "custom scheduler,\n"
	      "                    under EEVDF: nice (nice -n -10), rr (chrt "
	      "-r 1), pin\n"
	      "                    (taskset to CPUs 0..T-1, a neighbour "
	      "to the rest), slice\n"
	      "                    (base_slice_ns 3 ms), governor "
	      "(performance); all, or\n"
	      "                    none (default: nice,rr,pin\n"
	      "                    beside a neighbour or oversubscribed, "
	      "else none)\n"
	      "  --out DIR         where report.md, chart.svg and "
	      "compare.jsonl "
	      "go\n"
	      "                    (default runs/compare-<timestamp>)\n"
	      "  --peer BIN        also measure this sched_ext scheduler "
	      "(repeatable); a bare\n"
	      "                    name (scx_simple) is a kernel sample "
	      "that tools/peers/\n"
	      "                    mkpeers built: in $FLASHYSPARK_PEERS_DIR, "
	      "else in the\n"
	      "                    newest /opt/flashyspark-peers/*/bin\n"
	      "  --scx BIN         the scx_flashyspark loader (default: beside "
	      "this program,\n"
	      "                    ../loader/, or PATH)\n"
	      "  --timeout S       limit per benchmark process (default 600)\n"
	      "  --sysfs-dir DIR   read sched_ext state there instead of\n"
	      "                    /sys/kernel/sched_ext (for tests)\n"
	      "  -h, --help        this help\n\n"
	      "Exit status: 0 all measurements ok; 1 some failed (the report "
	      "says which\nand leaves them out); 2 bad usage or knob-set file; "
	      "130 interrupted\n(SIGINT/SIGTERM: the benchmark in progress "
	      "ends, the scheduler is stopped,\nand the report covers what was "
	      "measured).\n",
	      f);
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static enum fs_compare_parse bad(char *err, size_t errlen, const char *what,
				 const char *arg)
{
	snprintf(err, errlen, "%s: '%s'", what, arg);
	return FS_COMPARE_USAGE;
}

static void defaults(struct fs_compare_opts *o)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	o->rounds = 5;
	o->threads = cpus > 0 ? (int)cpus : 1;
	o->timeout_s = 600;
}

enum fs_compare_parse fs_compare_parse(int argc, char **argv,
				       struct fs_compare_opts *o, char *err,
				       size_t errlen)
{
	static const struct option opts[] = {
		{"rounds", required_argument, NULL, OPT_ROUNDS},
		{"model", required_argument, NULL, OPT_MODEL},
		{"bench-cmd", required_argument, NULL, OPT_BENCH_CMD},
		{"bench-args", required_argument, NULL, OPT_BENCH_ARGS},
		{"threads", required_argument, NULL, OPT_THREADS},
		{"out", required_argument, NULL, OPT_OUT},
		{"peer", required_argument, NULL, OPT_PEER},
		{"scx", required_argument, NULL, OPT_SCX},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"sysfs-dir", required_argument, NULL, OPT_SYSFS},
		{"scenario", required_argument, NULL, OPT_SCENARIO},
		{"neighbour", required_argument, NULL, OPT_NEIGHBOUR},
		{"recipes", required_argument, NULL, OPT_RECIPES},
		{"until-significant", required_argument, NULL, OPT_UNTIL},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, t;

	defaults(o);
	optind = 0; /* getopt's state is global: start afresh */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return FS_COMPARE_HELP;
		case OPT_ROUNDS:
			if (parse_int(optarg, 1, 10000, &o->rounds))
				return bad(err, errlen,
					   "--rounds: expected 1..10000",
					   optarg);
			break;
		case OPT_MODEL:
			o->model = optarg;
			break;
		case OPT_BENCH_CMD:
			o->bench_cmd = optarg;
			break;
		case OPT_BENCH_ARGS:
			o->bench_args = optarg;
			break;
		case OPT_THREADS:
			if (parse_int(optarg, 1, 4096, &o->threads))
				return bad(err, errlen,
					   "--threads: expected 1..4096",
					   optarg);
			o->threads_set = true;
			break;
		case OPT_SCENARIO:
			o->scenario = optarg;
			break;
		case OPT_NEIGHBOUR:
			o->neighbour = optarg;
			break;
		case OPT_RECIPES:
			o->recipes = optarg;
			break;
		case OPT_UNTIL:
			if (parse_int(optarg, 2, 10000, &o->until_cap))
				return bad(err, errlen,
					   "--until-significant: expected "
					   "2..10000 rounds",
					   optarg);
			break;
		case OPT_OUT:
			o->out_dir = optarg;
			break;
		case OPT_PEER:
			if (o->n_peers == FS_COMPARE_MAX_PEERS)
				return bad(err, errlen, "too many --peer",
					   optarg);
			o->peers[o->n_peers++] = optarg;
			break;
		case OPT_SCX:
			o->scx = optarg;
			break;
		case OPT_TIMEOUT:
			if (parse_int(optarg, 1, 86400, &t))
				return bad(err, errlen,
					   "--timeout: expected 1..86400 s",
					   optarg);
			o->timeout_s = t;
			break;
		case OPT_SYSFS:
			o->sysfs_dir = optarg;
			break;
		default:
			return bad(err, errlen, "unknown or incomplete option",
				   argv[optind - 1]);
		}
	}
	if (optind != argc - 1) {
		snprintf(err, errlen, "expected one knob-set file (BEST.yaml)");
		return FS_COMPARE_USAGE;
	}
	o->knobset = argv[optind];
	if (o->until_cap && o->until_cap < o->rounds) {
		snprintf(err, errlen,
			 "--until-significant %d: fewer than --rounds %d",
			 o->until_cap, o->rounds);
		return FS_COMPARE_USAGE;
	}
	if ((o->model || o->bench_args) && o->bench_cmd) {
		snprintf(err, errlen,
			 "--bench-cmd CMD replaces llama-bench: not with "
			 "--model "
			 "or --bench-args");
		return FS_COMPARE_USAGE;
	}
	return FS_COMPARE_RUN;
}
