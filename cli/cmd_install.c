// SPDX-License-Identifier: GPL-2.0
/*
 * flashyspark install FILE / flashyspark uninstall: keep a knob set loaded
 * across reboots through the systemd unit the package ships
 * (flashyspark.service), and take it away again. install puts FILE where
 * the unit reads it, enables and (re)starts the unit and waits until the
 * kernel shows the scheduler enabled; uninstall stops and disables it and
 * waits until the kernel is back on its default scheduler.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "clock.h"
#include "commands.h"
#include "config.h"
#include "config_yaml.h"
#include "knobs.h"
#include "runner.h"
#include "sigwatch.h"
#include "sysfs.h"

#define UNIT	     "flashyspark.service"
#define ETC_DIR	     "/etc/flashyspark"
#define INSTALLED    ETC_DIR "/flashyspark.yaml"
#define WAIT_DEFAULT 30.0

static const char install_help[] =
	"Usage: flashyspark install FILE [--no-start] [--timeout SECS]\n"
	"\n"
	"Keep the knob set in FILE (a best_parameters.yaml, or any file that\n"
	"scx_flashyspark --config reads) loaded, now and after every boot:\n"
	"FILE is checked and copied to " INSTALLED ",\n"
	"and " UNIT " is enabled and (re)started. Waits until the\n"
	"kernel shows scx_flashyspark enabled; `systemctl status flashyspark`\n"
	"then shows its state and, after a scheduler error, the reason (the\n"
	"unit restarts it). Needs root and systemd, and the unit installed\n"
	"(the Debian package, or cmake --install).\n"
	"\n"
	"  --no-start      enable for the next boot only; load nothing now\n"
	"  --timeout SECS  how long to wait for the scheduler (default 30)\n"
	"  -h, --help      this help\n";

static const char uninstall_help[] =
	"Usage: flashyspark uninstall [--purge] [--timeout SECS]\n"
	"\n"
	"Stop and disable " UNIT ": the kernel goes back to its\n"
	"default scheduler (EEVDF) now and at every boot. Waits until the\n"
	"kernel shows scx_flashyspark gone.\n"
	"\n"
	"  --purge         also remove " INSTALLED "\n"
	"  --timeout SECS  how long to wait (default 30)\n"
	"  -h, --help      this help\n";

struct ctx {
	const char *cmd; /* "install" or "uninstall", for messages */
	int sigfd;
	double timeout_s;
};

static int usage_error(const char *cmd, const char *what)
{
	fprintf(stderr, "flashyspark %s: %s\nTry 'flashyspark %s --help'.\n",
		cmd, what, cmd);
	return FS_EXIT_USAGE;
}

/*
 * Run systemctl (or journalctl) with @argv; its exit code, or -1 when it
 * could not run or was stopped. @out (may be NULL): its stdout, and its
 * stderr is not shown.
 */
static int run_tool(const struct ctx *c, const char *const *argv, char *out,
		    size_t outlen)
{
	struct fs_command cmd = {.argv = argv};
	struct fs_run_result res;
	struct fs_runner r;
	char err[1024];
	int rc, code = -1;

	fs_runner_init(&r);
	r.timeout_s = 120;
	r.stop_fd = c->sigfd;
	rc = fs_runner_run(&r, &cmd, &res, err, sizeof(err));
	if (rc == 0 || rc == FS_BENCH_EEXIT)
		code = res.exit_code;
	else
		fprintf(stderr, "flashyspark %s: %s: %s\n", c->cmd, argv[0],
			err);
	if (out)
		snprintf(out, outlen, "%s", res.out ? res.out : "");
	if (code > 0 && !out && res.err && res.err[0])
		fprintf(stderr, "%s", res.err);
	fs_run_result_free(&res);
	return code;
}

/* systemctl VERB [OPT] flashyspark.service (daemon-reload: no unit). */
static int systemctl(const struct ctx *c, const char *verb, const char *opt)
{
	const char *argv[5] = {"systemctl", verb};
	int n = 2;

	if (opt)
		argv[n++] = opt;
	if (strcmp(verb, "daemon-reload"))
		argv[n++] = UNIT;
	argv[n] = NULL;
	return run_tool(c, argv, NULL, 0);
}

/* Root, a running systemd, and the unit known to it. */
static int check_host(const struct ctx *c)
{
	const char *cat[] = {"systemctl", "cat", UNIT, NULL};
	char out[256];

	if (geteuid() != 0) {
		fprintf(stderr,
			"flashyspark %s: must run as root (it writes " ETC_DIR
			" and starts a system service)\n",
			c->cmd);
		return -1;
	}
	if (access("/run/systemd/system", F_OK)) {
		fprintf(stderr,
			"flashyspark %s: systemd is not this system's init; "
			"run scx_flashyspark --config FILE from your own "
			"service manager instead\n",
			c->cmd);
		return -1;
	}
	if (run_tool(c, cat, out, sizeof(out)) != 0) {
		fprintf(stderr,
			"flashyspark %s: " UNIT " is not installed (install "
			"the flashyspark package, or cmake --install)\n",
			c->cmd);
		return -1;
	}
	return 0;
}

/*
 * Only one sched_ext scheduler runs at a time: one of another name (e.g.
 * from scx_loader) would make our unit fail to attach.
 */
static int check_no_other(const struct ctx *c)
{
	char ops[128];

	if (!fs_sysfs_enabled_ops(ops, sizeof(ops)) ||
	    !strcmp(ops, FS_OPS_NAME))
		return 0;
	fprintf(stderr,
		"flashyspark %s: the sched_ext scheduler \"%s\" runs; stop it "
		"first (e.g. systemctl disable --now scx_loader, or the unit "
		"that started it)\n",
		c->cmd, ops);
	return -1;
}

/* Wait until sched_ext shows us enabled (@want) or not; false on timeout. */
static bool wait_state(const struct ctx *c, bool want)
{
	double deadline = fs_now_s() + c->timeout_s;

	while (fs_now_s() < deadline) {
		if (fs_sysfs_enabled_as(FS_OPS_NAME) == want)
			return true;
		if (fs_sigwatch_wait(c->sigfd, 100))
			return false;
	}
	return fs_sysfs_enabled_as(FS_OPS_NAME) == want;
}

/* What systemd and the journal say about the unit, for a failure. */
static void show_unit(const struct ctx *c)
{
	const char *status[] = {"systemctl", "show", "-p", "StatusText",
				"--value",   UNIT,   NULL};
	const char *journal[] = {"journalctl", "-u", UNIT,  "-n", "8",
				 "--no-pager", "-o", "cat", NULL};
	char out[4096];

	if (run_tool(c, status, out, sizeof(out)) == 0 && out[0]) {
		out[strcspn(out, "\n")] = '\0';
		fprintf(stderr, "flashyspark %s: " UNIT " says: %s\n", c->cmd,
			out);
	}
	if (run_tool(c, journal, out, sizeof(out)) == 0 && out[0])
		fprintf(stderr, "flashyspark %s: its journal ends:\n%s", c->cmd,
			out);
}

/* Copy @path's bytes into the file atomic_write makes. */
static int copy_fill(FILE *f, const void *arg)
{
	FILE *in = fopen(arg, "r");
	char buf[8192];
	size_t n;
	int rc = 0;

	if (!in)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, f) != n)
			rc = -1;
	if (ferror(in))
		rc = -1;
	fclose(in);
	return rc;
}

static int install(const struct ctx *c, const char *file, bool start)
{
	struct fs_config cfg;
	char err[1024], knobs[1024];

	/* The file first: its error names it, before anything changes. */
	fs_config_defaults(&cfg);
	if (fs_config_yaml_load(file, &cfg, err, sizeof(err))) {
		fprintf(stderr, "flashyspark install: %s\n", err);
		return FS_EXIT_USAGE;
	}
	if (check_host(c) || check_no_other(c))
		return FS_EXIT_FAIL;
	if (mkdir(ETC_DIR, 0755) && errno != EEXIST) {
		fprintf(stderr, "flashyspark install: " ETC_DIR ": %s\n",
			strerror(errno));
		return FS_EXIT_FAIL;
	}
	if (fs_atomic_write(INSTALLED, copy_fill, file, err, sizeof(err))) {
		fprintf(stderr, "flashyspark install: %s\n", err);
		return FS_EXIT_FAIL;
	}
	fs_knobs_join(cfg.knobs, knobs, sizeof(knobs));
	fprintf(stderr,
		"flashyspark install: %s -> " INSTALLED " (knobs: %s)\n", file,
		knobs[0] ? knobs : "none");
	if (systemctl(c, "daemon-reload", NULL) < 0 ||
	    systemctl(c, "enable", "--quiet") != 0) {
		fprintf(stderr,
			"flashyspark install: could not enable " UNIT "\n");
		return FS_EXIT_FAIL;
	}
	if (!start) {
		fprintf(stderr,
			"flashyspark install: " UNIT
			" enabled: it loads the set at the next boot\n");
		return FS_EXIT_OK;
	}
	/*
	 * A unit that hit its start limit (a bad set before) refuses to start
	 * until reset; restart, not start: a running one must take the file.
	 */
	systemctl(c, "reset-failed", NULL);
	if (systemctl(c, "restart", NULL) != 0 || !wait_state(c, true)) {
		if (fs_sigwatch_pending(c->sigfd))
			return FS_EXIT_INTERRUPTED;
		fprintf(stderr,
			"flashyspark install: " UNIT
			" did not get scx_flashyspark enabled within %.0f s\n",
			c->timeout_s);
		show_unit(c);
		return FS_EXIT_FAIL;
	}
	printf("scx_flashyspark enabled by " UNIT
	       " with %s; it is loaded at every boot\n"
	       "  systemctl status flashyspark   # its state, and why it "
	       "exited if it did\n"
	       "  flashyspark uninstall          # back to the kernel's "
	       "default scheduler\n",
	       knobs[0] ? knobs : "all knobs off");
	return FS_EXIT_OK;
}

static int uninstall(const struct ctx *c, bool purge)
{
	if (check_host(c))
		return FS_EXIT_FAIL;
	if (systemctl(c, "disable", "--now") != 0) {
		fprintf(stderr,
			"flashyspark uninstall: could not stop " UNIT "\n");
		return FS_EXIT_FAIL;
	}
	if (!wait_state(c, false)) {
		if (fs_sigwatch_pending(c->sigfd))
			return FS_EXIT_INTERRUPTED;
		fprintf(stderr,
			"flashyspark uninstall: scx_flashyspark still enabled "
			"after %.0f s\n",
			c->timeout_s);
		show_unit(c);
		return FS_EXIT_FAIL;
	}
	if (purge && unlink(INSTALLED) && errno != ENOENT) {
		fprintf(stderr, "flashyspark uninstall: " INSTALLED ": %s\n",
			strerror(errno));
		return FS_EXIT_FAIL;
	}
	if (purge)
		rmdir(ETC_DIR); /* only if empty */
	printf(UNIT " stopped and disabled: the kernel's default scheduler "
		    "runs, now and after a reboot%s\n",
	       purge ? "" : " (" INSTALLED " kept; --purge removes it)");
	return FS_EXIT_OK;
}

/* Both commands: parse, open the signal descriptor, run. */
static int run(int argc, char **argv, bool is_install)
{
	static const struct option opts[] = {
		{"no-start", no_argument, NULL, 'n'},
		{"purge", no_argument, NULL, 'p'},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct ctx c = {.cmd = is_install ? "install" : "uninstall",
			.timeout_s = WAIT_DEFAULT};
	bool start = true, purge = false;
	char *end;
	int o, ret;

	optind = 1;
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'n':
			if (!is_install)
				return usage_error(c.cmd, "bad option");
			start = false;
			break;
		case 'p':
			if (is_install)
				return usage_error(c.cmd, "bad option");
			purge = true;
			break;
		case 't':
			errno = 0;
			c.timeout_s = strtod(optarg, &end);
			if (errno || *end || !(c.timeout_s > 0) ||
			    c.timeout_s > 3600)
				return usage_error(
					c.cmd,
					"--timeout: seconds in (0, 3600]");
			break;
		case 'h':
			fputs(is_install ? install_help : uninstall_help,
			      stdout);
			return FS_EXIT_OK;
		default:
			return usage_error(c.cmd, "bad option");
		}
	}
	if (is_install && optind != argc - 1)
		return usage_error(c.cmd, "expected one knob file");
	if (!is_install && optind != argc)
		return usage_error(c.cmd, "takes no file");
	c.sigfd = fs_sigwatch_open(NULL);
	if (c.sigfd < 0) {
		fprintf(stderr, "flashyspark %s: signalfd: %s\n", c.cmd,
			strerror(errno));
		return FS_EXIT_FAIL;
	}
	ret = is_install ? install(&c, argv[optind], start)
			 : uninstall(&c, purge);
	close(c.sigfd);
	return ret;
}

int fs_cmd_install(int argc, char **argv)
{
	return run(argc, argv, true);
}

int fs_cmd_uninstall(int argc, char **argv)
{
	return run(argc, argv, false);
}
