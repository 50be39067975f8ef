// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line parsing of scx_flashyspark into a struct fs_config
 * (options.h).
 */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "knobs.h"

enum {
	OPT_KNOB0 = 1000, /* OPT_KNOB0 + k is knob k's flag */
	OPT_SLICE = 2000,
	OPT_SLICE_MIN,
	OPT_SLICE_LAG,
	OPT_RUN_LAG,
	OPT_MAX_NVCSW,
	OPT_BUSY,
	OPT_WATCHDOG,
	OPT_STATS,
	OPT_PRINT_CONFIG,
	OPT_CONFIG,
	OPT_READY_FILE,
	OPT_PERF_CORES,
	OPT_GPU_COMM,
	OPT_RESTART,
};

void fs_options_usage(FILE *out, const char *prog)
{
	char flag[64];
	int k;

	fprintf(out,
		"Usage: %s [OPTIONS]\n"
		"Load the scx_flashyspark sched_ext scheduler until a signal "
		"or "
		"its exit.\n\n"
		"Knobs (all off by default; --KNOB=false turns one off):\n",
		prog);
	for (k = 0; k < FS_NR_KNOBS; k++) {
		fs_knob_flag(k, flag, sizeof(flag));
		fprintf(out, "  %-29s %s\n", flag, fs_knob_table[k].help);
	}
	fprintf(out,
		"\nOptions:\n"
		"  --config FILE.yaml            read knobs and options (flags "
		"override it)\n"
		"  --slice-us N                  maximum time slice (default "
		"4096)\n"
		"  --slice-min-us N              minimum time slice (default "
		"128)\n"
		"  --slice-lag-us N              sleep-credit cap base "
		"(default 4096)\n"
		"  --run-lag-us N                cap of runtime charged per "
		"wakeup (default 32768)\n"
		"  --max-avg-nvcsw N             cap of the voluntary-switch "
		"rate (default 128)\n"
		"  --cpu-busy-thresh PCT         utilisation counted as busy "
		"(default: auto)\n"
		"  --watchdog-ms N               stall timeout, 1..30000 "
		"(default 5000)\n"
		"  --perf-cores LIST             performance cores, e.g. 0-3,8 "
		"(default: detect)\n"
		"  --gpu-comm NAME               treat processes named NAME as "
		"GPU tasks (repeatable)\n"
		"  --stats[=SECS]                print counters every SECS "
		"(default 1)\n"
		"  --print-config                print the effective "
		"configuration as YAML, exit\n"
		"  --ready-file FILE             create FILE once the "
		"scheduler is enabled\n"
		"  --restart                     reload after a recoverable "
		"scheduler exit\n"
		"  -h, --help                    this help\n"
		"\nOnce enabled, one line \"ready\" is printed on stdout. "
		"SIGINT, SIGTERM\n"
		"and SIGHUP detach the scheduler, print final counters and "
		"exit 0; a\n"
		"scheduler error prints the kernel's reason and exits 2.\n");
}

static bool parse_ulong(const char *s, unsigned long lo, unsigned long hi,
			unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int fs_parse_bool(const char *s)
{
	static const char *const yes[] = {"true", "1", "yes", "on"};
	static const char *const no[] = {"false", "0", "no", "off"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

static enum fs_opt_result __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return FS_OPT_ERROR;
}

static enum fs_opt_result set_numeric(int opt, const char *arg,
				      struct fs_config *cfg, char *err,
				      size_t errlen)
{
	unsigned long v;
	struct {
		int opt;
		const char *name;
		unsigned long lo, hi;
		unsigned long *dst;
	} nums[] = {
		{OPT_SLICE, "--slice-us", 1, 1000000, &cfg->slice_us},
		{OPT_SLICE_MIN, "--slice-min-us", 1, 1000000,
		 &cfg->slice_min_us},
		{OPT_SLICE_LAG, "--slice-lag-us", 0, 1000000,
		 &cfg->slice_lag_us},
		{OPT_RUN_LAG, "--run-lag-us", 0, 10000000, &cfg->run_lag_us},
		{OPT_MAX_NVCSW, "--max-avg-nvcsw", 1, 100000,
		 &cfg->max_avg_nvcsw},
		{OPT_WATCHDOG, "--watchdog-ms", 1, 30000, &cfg->watchdog_ms},
	};
	size_t i;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		char range[64];

		if (nums[i].opt != opt)
			continue;
		snprintf(range, sizeof(range), "%lu..%lu", nums[i].lo,
			 nums[i].hi);
		if (!parse_ulong(arg, nums[i].lo, nums[i].hi, &v))
			return fail(err, errlen,
				    "%s: expected an integer in %s",
				    nums[i].name, range);
		*nums[i].dst = v;
		return FS_OPT_RUN;
	}
	return fail(err, errlen, "internal: unknown option %d", opt);
}

/*
 * getopt_long takes any unambiguous prefix ("--tickles" for "--tickless");
 * a mistyped knob must fail instead, so long names must match exactly.
 */
static const char *inexact_long_option(int argc, char **argv,
				       const struct option *opts)
{
	int i, j;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t len;
		bool found = false;

		if (!strcmp(a, "--"))
			break;
		if (strncmp(a, "--", 2))
			continue;
		len = strcspn(a + 2, "=");
		for (j = 0; opts[j].name && !found; j++)
			found = strlen(opts[j].name) == len &&
				!strncmp(opts[j].name, a + 2, len);
		if (!found)
			return a;
	}
	return NULL;
}

enum fs_opt_result fs_options_parse(int argc, char **argv,
				    struct fs_config *cfg,
				    bool cli_knobs[FS_NR_KNOBS], char *err,
				    size_t errlen)
{
	char names[FS_NR_KNOBS][48];
	struct option opts[FS_NR_KNOBS + 32];
	const struct option fixed[] = {
		{"slice-us", required_argument, NULL, OPT_SLICE},
		{"slice-min-us", required_argument, NULL, OPT_SLICE_MIN},
		{"slice-lag-us", required_argument, NULL, OPT_SLICE_LAG},
		{"run-lag-us", required_argument, NULL, OPT_RUN_LAG},
		{"max-avg-nvcsw", required_argument, NULL, OPT_MAX_NVCSW},
		{"cpu-busy-thresh", required_argument, NULL, OPT_BUSY},
		{"watchdog-ms", required_argument, NULL, OPT_WATCHDOG},
		{"stats", optional_argument, NULL, OPT_STATS},
		{"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"ready-file", required_argument, NULL, OPT_READY_FILE},
		{"perf-cores", required_argument, NULL, OPT_PERF_CORES},
		{"gpu-comm", required_argument, NULL, OPT_GPU_COMM},
		{"restart", no_argument, NULL, OPT_RESTART},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *bad;
	int n = 0, k, opt;

	for (k = 0; k < FS_NR_KNOBS; k++) {
		fs_knob_flag(k, names[k], sizeof(names[k]));
		opts[n++] = (struct option){names[k] + 2, optional_argument,
					    NULL, OPT_KNOB0 + k};
	}
	memcpy(&opts[n], fixed, sizeof(fixed));
	bad = inexact_long_option(argc, argv, opts);
	if (bad)
		return fail(err, errlen, "unknown option '%s' (see --help)",
			    bad);

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt >= OPT_KNOB0 && opt < OPT_KNOB0 + FS_NR_KNOBS) {
			int b = optarg ? fs_parse_bool(optarg) : 1;

			k = opt - OPT_KNOB0;
			if (b < 0)
				return fail(
					err, errlen,
					"%s: expected true or false, got '%s'",
					names[k], optarg);
			cfg->knobs[k] = b;
			cli_knobs[k] = true;
			continue;
		}
		switch (opt) {
		case 'h':
			return FS_OPT_HELP;
		case OPT_BUSY: {
			unsigned long v;

			if (!strcmp(optarg, "auto")) {
				cfg->cpu_busy_thresh = -1;
				break;
			}
			if (!parse_ulong(optarg, 0, 100, &v))
				return fail(err, errlen,
					    "--cpu-busy-thresh: expected "
					    "0..100 or auto, got '%s'",
					    optarg);
			cfg->cpu_busy_thresh = (int)v;
			break;
		}
		case OPT_STATS: {
			char *end;
			double v = optarg ? strtod(optarg, &end) : 1.0;

			if (optarg &&
			    (end == optarg || *end || !(v > 0) || v > 3600))
				return fail(err, errlen,
					    "--stats: expected seconds in (0, "
					    "3600], got '%s'",
					    optarg);
			cfg->stats_secs = v;
			break;
		}
		case OPT_PRINT_CONFIG:
			cfg->print_config = true;
			break;
		case OPT_CONFIG:
			cfg->config_file = optarg;
			break;
		case OPT_READY_FILE:
			cfg->ready_file = optarg;
			break;
		case OPT_PERF_CORES:
			if (strlen(optarg) >= sizeof(cfg->perf_cores))
				return fail(err, errlen,
					    "--perf-cores: list too long");
			strcpy(cfg->perf_cores, optarg);
			break;
		case OPT_GPU_COMM:
			if (cfg->nr_gpu_comms >= FS_MAX_GPU_COMMS)
				return fail(err, errlen,
					    "--gpu-comm: at most 8 names");
			if (!optarg[0] || strlen(optarg) >= FS_COMM_LEN)
				return fail(err, errlen,
					    "--gpu-comm: '%s' must be 1..15 "
					    "characters (a task's comm)",
					    optarg);
			strcpy(cfg->gpu_comms[cfg->nr_gpu_comms++], optarg);
			break;
		case OPT_RESTART:
			cfg->restart = true;
			break;
		case ':':
			return fail(err, errlen, "%s: missing value",
				    argv[optind - 1]);
		case '?':
			return fail(err, errlen,
				    "unknown option '%s' (see --help)",
				    argv[optind - 1]);
		default:
			if (set_numeric(opt, optarg, cfg, err, errlen) !=
			    FS_OPT_RUN)
				return FS_OPT_ERROR;
		}
	}
	if (optind < argc)
		return fail(err, errlen, "unexpected argument '%s'",
			    argv[optind]);
	if (cfg->slice_min_us > cfg->slice_us)
		return fail(err, errlen,
			    "--slice-min-us must not exceed --slice-us");
	return FS_OPT_RUN;
}
