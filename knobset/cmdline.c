// SPDX-License-Identifier: GPL-2.0
/*
 * scx_flashyspark's command line (cmdline.h): getopt entries and --help made
 * from the knob and option tables; the flags are read once into a list and
 * applied after the --config file.
 */
#include "cmdline.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config_yaml.h"
#include "knobs.h"
#include "options.h"

/* getopt's value for knob k is KNOB0 + k, for option i OPTION0 + i. */
enum {
	KNOB0 = 1000,
	OPTION0 = 2000,
};

struct assignment {
	int id; /* KNOB0 + k or OPTION0 + i */
	const char *val;
};

static enum fs_opt_result __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return FS_OPT_ERROR;
}

/* "N", "LIST" ...: what follows an option's flag in --help. */
static const char *metavar(const struct fs_option_info *o)
{
	switch (o->type) {
	case FS_OT_UINT:
		return " N";
	case FS_OT_PERCENT:
		return " PCT";
	case FS_OT_CPUS:
		return " LIST";
	case FS_OT_COMMS:
		return " NAME";
	case FS_OT_PIDS:
		return " PID";
	case FS_OT_CGROUPS:
		return " CGROUP";
	case FS_OT_SECS:
		return "[=SECS]";
	case FS_OT_PATH:
		return " FILE";
	case FS_OT_FLAG:
		break;
	}
	return "";
}

void fs_options_usage(FILE *out, const char *prog)
{
	char flag[64], left[96];
	int k, i;

	fprintf(out,
		"Usage: %s [OPTIONS]\n"
		"Load the scx_flashyspark sched_ext scheduler until a signal "
		"or its exit.\n\n"
		"Knobs (all off by default; --KNOB=false turns one off; "
		"[the counter of its mechanism]):\n",
		prog);
	for (k = 0; k < FS_NR_KNOBS; k++) {
		fs_knob_flag(k, flag, sizeof(flag));
		fprintf(out, "  %-29s %s [%s]\n", flag, fs_knob_table[k].help,
			fs_knob_table[k].counter);
	}
	fprintf(out, "\nOptions (also under options: in a --config file):\n");
	for (i = 0; i < FS_NR_OPTIONS; i++) {
		const struct fs_option_info *o = &fs_option_table[i];

		if (o->to == FS_TO_RUN &&
		    (i == 0 || fs_option_table[i - 1].to != FS_TO_RUN))
			fprintf(out, "\nRunning (command line only):\n");
		fs_option_flag(i, flag, sizeof(flag));
		snprintf(left, sizeof(left), "%s%s", flag, metavar(o));
		fprintf(out, "  %-29s %s", left, o->help);
		if (o->type == FS_OT_UINT || o->type == FS_OT_PERCENT)
			fprintf(out, " (%lu..%lu %s, default %lu)", o->min,
				o->max, o->unit, o->def);
		else if (o->type == FS_OT_SECS)
			fprintf(out, " (default 1 when given)");
		else if (fs_option_is_list(i))
			fprintf(out, " (repeatable, up to %d)",
				FS_MAX_GPU_COMMS);
		fputc('\n', out);
	}
	fprintf(out,
		"  -h, --help                    this help\n"
		"\nOnce enabled, one line \"ready\" is printed on stdout. "
		"SIGINT, SIGTERM\n"
		"and SIGHUP detach the scheduler, print final counters and "
		"exit 0; a\n"
		"scheduler error prints the kernel's reason and exits 2.\n");
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

static int has_arg(const struct fs_option_info *o)
{
	if (o->type == FS_OT_FLAG)
		return no_argument;
	return o->type == FS_OT_SECS ? optional_argument : required_argument;
}

/* The flags of @argv, in order, into @list (argc entries at most). */
static enum fs_opt_result scan(int argc, char **argv, struct assignment *list,
			       int *nr, char *err, size_t errlen)
{
	char names[FS_NR_KNOBS + FS_NR_OPTIONS][48];
	struct option opts[FS_NR_KNOBS + FS_NR_OPTIONS + 2];
	const char *bad;
	int n = 0, k, i, opt;

	for (k = 0; k < FS_NR_KNOBS; k++) {
		fs_knob_flag(k, names[n], sizeof(names[n]));
		opts[n] = (struct option){names[n] + 2, optional_argument, NULL,
					  KNOB0 + k};
		n++;
	}
	for (i = 0; i < FS_NR_OPTIONS; i++) {
		fs_option_flag(i, names[n], sizeof(names[n]));
		opts[n] = (struct option){names[n] + 2,
					  has_arg(&fs_option_table[i]), NULL,
					  OPTION0 + i};
		n++;
	}
	opts[n++] = (struct option){"help", no_argument, NULL, 'h'};
	opts[n] = (struct option){NULL, 0, NULL, 0};
	bad = inexact_long_option(argc, argv, opts);
	if (bad)
		return fail(err, errlen, "unknown option '%s' (see --help)",
			    bad);

	*nr = 0;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			return FS_OPT_HELP;
		case ':':
			return fail(err, errlen, "%s: missing value",
				    argv[optind - 1]);
		case '?':
			return fail(err, errlen,
				    "unknown option '%s' (see --help)",
				    argv[optind - 1]);
		default:
			list[*nr].id = opt;
			list[*nr].val = optarg;
			(*nr)++;
		}
	}
	if (optind < argc)
		return fail(err, errlen, "unexpected argument '%s'",
			    argv[optind]);
	return FS_OPT_RUN;
}

/* One flag over @cfg: a knob's boolean, or an option's value. */
static enum fs_opt_result apply(const struct assignment *a,
				struct fs_config *cfg, struct fs_origins *from,
				char *err, size_t errlen)
{
	char why[256], flag[48];
	int i = a->id - OPTION0;

	if (a->id < OPTION0) {
		int b = a->val ? fs_parse_bool(a->val) : 1;

		fs_knob_flag(a->id - KNOB0, flag, sizeof(flag));
		if (b < 0)
			return fail(err, errlen,
				    "%s: expected true or false, got '%s'",
				    flag, a->val);
		cfg->knobs[a->id - KNOB0] = b;
		return FS_OPT_RUN;
	}
	fs_option_flag(i, flag, sizeof(flag));
	if (fs_option_set(cfg, i, a->val, why, sizeof(why)))
		return fail(err, errlen, "%s: %s", flag, why);
	fs_origin_note(from, cfg, i, flag);
	return FS_OPT_RUN;
}

enum fs_opt_result fs_config_from_args(int argc, char **argv,
				       struct fs_config *cfg,
				       struct fs_origins *origins, char *err,
				       size_t errlen)
{
	struct assignment *list = calloc((size_t)argc + 1, sizeof(*list));
	struct fs_origins *from = origins ? origins : calloc(1, sizeof(*from));
	enum fs_opt_result res = FS_OPT_ERROR;
	int nr, i;

	fs_config_defaults(cfg);
	if (from)
		memset(from, 0, sizeof(*from));
	if (!list || !from) {
		fail(err, errlen, "out of memory");
		goto out;
	}
	res = scan(argc, argv, list, &nr, err, errlen);
	if (res != FS_OPT_RUN)
		goto out;
	for (i = 0; i < nr; i++)
		if (list[i].id == OPTION0 + FS_OPT_config)
			cfg->config = list[i].val;
	if (cfg->config &&
	    fs_config_yaml_apply(cfg->config, cfg, from, err, errlen)) {
		res = FS_OPT_ERROR;
		goto out;
	}
	for (i = 0; i < nr && res == FS_OPT_RUN; i++)
		res = apply(&list[i], cfg, from, err, errlen);
	if (res == FS_OPT_RUN && fs_config_check(cfg, from, err, errlen))
		res = FS_OPT_ERROR;
out:
	free(list);
	if (from != origins)
		free(from);
	return res;
}
