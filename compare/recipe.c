// SPDX-License-Identifier: GPL-2.0
/* OS-tuning recipes as compare arms (recipe.h). */
#include "recipe.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sh_quote.h"

#define SLICE_FILE "kernel/debug/sched/base_slice_ns"
#define SLICE_NS   "3000000"
#define POLICY_DIR "devices/system/cpu/cpufreq"
#define GOVERNOR   "performance"

static int online_cpus(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus > 0 ? (int)cpus : 1;
}

/* The CPUs the pin recipe keeps: one per thread, at most all @cpus. */
static int pin_cpus(int threads, int cpus)
{
	if (threads > cpus)
		threads = cpus;
	return threads > 1 ? threads : 1;
}

static const char *const names[FS_NR_RECIPES] = {
	[FS_RECIPE_NICE] = "nice",	   [FS_RECIPE_RR] = "rr",
	[FS_RECIPE_PIN] = "pin",	   [FS_RECIPE_SLICE] = "slice",
	[FS_RECIPE_GOVERNOR] = "governor",
};

const char *fs_recipe_name(enum fs_recipe r)
{
	return r < FS_NR_RECIPES ? names[r] : "?";
}

void fs_recipe_describe(enum fs_recipe r, int threads, char *buf, size_t len)
{
	int cpus = online_cpus(), kept = pin_cpus(threads, cpus);

	switch (r) {
	case FS_RECIPE_NICE:
		snprintf(buf, len, "EEVDF, the benchmark under `nice -n -10`");
		break;
	case FS_RECIPE_RR:
		snprintf(buf, len,
			 "EEVDF, the benchmark under SCHED_RR (`chrt -r 1`)");
		break;
	case FS_RECIPE_PIN:
		if (kept < cpus)
			snprintf(buf, len,
				 "EEVDF, the benchmark pinned to CPUs 0-%d, a "
				 "neighbour if any to %d-%d (`taskset -c`)",
				 kept - 1, kept, cpus - 1);
		else
			snprintf(buf, len,
				 "EEVDF, the benchmark pinned to CPUs 0-%d "
				 "(`taskset -c`; no CPU left to keep a "
				 "neighbour away)",
				 cpus - 1);
		break;
	case FS_RECIPE_SLICE:
		snprintf(buf, len,
			 "EEVDF with base_slice_ns = " SLICE_NS " (debugfs)");
		break;
	default:
		snprintf(buf, len, "EEVDF, the `" GOVERNOR "` governor");
	}
}

int fs_recipe_parse(const char *list, bool on[FS_NR_RECIPES], char *err,
		    size_t errlen)
{
	const char *w = list, *end;

	memset(on, 0, FS_NR_RECIPES * sizeof(*on));
	if (!strcmp(list, "none"))
		return 0;
	if (!strcmp(list, "all")) {
		for (int r = 0; r < FS_NR_RECIPES; r++)
			on[r] = true;
		return 0;
	}
	for (;; w = end + 1) {
		size_t n;
		int r;

		end = strchr(w, ',');
		n = end ? (size_t)(end - w) : strlen(w);
		for (r = 0; r < FS_NR_RECIPES; r++)
			if (strlen(names[r]) == n && !strncmp(w, names[r], n))
				break;
		if (r == FS_NR_RECIPES) {
			snprintf(err, errlen,
				 "--recipes: unknown recipe '%.*s' (one of: "
				 "%s; or all, none)",
				 (int)n, w, FS_RECIPE_NAMES);
			return -1;
		}
		on[r] = true;
		if (!end)
			return 0;
	}
}

bool fs_recipe_available(enum fs_recipe r, const char *sys, char *why,
			 size_t len)
{
	char path[512];

	if (r == FS_RECIPE_SLICE) {
		snprintf(path, sizeof(path), "%s/" SLICE_FILE, sys);
		if (access(path, R_OK)) {
			snprintf(why, len,
				 "%s: %s (debugfs not mounted, or not root)",
				 path, strerror(errno));
			return false;
		}
	} else if (r == FS_RECIPE_GOVERNOR) {
		snprintf(path, sizeof(path), "%s/" POLICY_DIR "/policy0", sys);
		if (access(path, R_OK)) {
			snprintf(why, len, "no cpufreq on this machine (%s)",
				 path);
			return false;
		}
	}
	return true;
}

int fs_recipe_wrap(enum fs_recipe r, int threads, const struct fs_command *cmd,
		   struct fs_recipe_cmd *out)
{
	size_t n = 0, i;

	memset(out, 0, sizeof(*out));
	switch (r) {
	case FS_RECIPE_NICE:
		out->argv[n++] = "nice";
		out->argv[n++] = "-n";
		out->argv[n++] = "-10";
		break;
	case FS_RECIPE_RR:
		out->argv[n++] = "chrt";
		out->argv[n++] = "-r";
		out->argv[n++] = "1";
		break;
	case FS_RECIPE_PIN:
		snprintf(out->cpus, sizeof(out->cpus), "0-%d",
			 pin_cpus(threads, online_cpus()) - 1);
		out->argv[n++] = "taskset";
		out->argv[n++] = "-c";
		out->argv[n++] = out->cpus;
		break;
	default: /* machine-wide: the command as it is */
		out->cmd = *cmd;
		return 0;
	}
	if (cmd->argv) {
		for (i = 0; cmd->argv[i]; i++) {
			if (n + 1 >= sizeof(out->argv) / sizeof(out->argv[0]))
				return -1;
			out->argv[n++] = cmd->argv[i];
		}
	} else {
		out->argv[n++] = "sh";
		out->argv[n++] = "-c";
		out->argv[n++] = cmd->shell;
	}
	out->argv[n] = NULL;
	out->cmd.argv = out->argv;
	out->cmd.shell = NULL;
	return 0;
}

int fs_recipe_neighbour(enum fs_recipe r, int threads, int cpus,
			const char *neighbour, char *out, size_t len)
{
	int first, w;

	if (cpus <= 0)
		cpus = online_cpus();
	first = pin_cpus(threads, cpus);

	if (r != FS_RECIPE_PIN || !neighbour || !*neighbour || first >= cpus)
		return 0;
	/* exec: taskset and the shell stay the neighbour's process group */
	w = snprintf(out, len, "exec taskset -c %d-%d sh -c ", first, cpus - 1);
	if (w < 0 || (size_t)w >= len ||
	    fs_sh_quote(neighbour, out + w, len - (size_t)w))
		return -1;
	return 1;
}

static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fgets(buf, (int)len, f) ? strcspn(buf, "\n") : 0;
	buf[n] = '\0';
	fclose(f);
	return n ? 0 : -1;
}

static int write_line(const char *path, const char *v)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -1;
	ret = fputs(v, f) < 0;
	ret |= fclose(f) != 0;
	return ret ? -1 : 0;
}

/* Keep @path's value in @u, then write @v there. */
static int set(struct fs_recipe_undo *u, const char *path, const char *v,
	       char *err, size_t errlen)
{
	if (u->n == (int)(sizeof(u->path) / sizeof(u->path[0]))) {
		snprintf(err, errlen, "too many settings to keep");
		return -1;
	}
	if (read_line(path, u->old[u->n], sizeof(u->old[0]))) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
			 strerror(errno));
		return -1;
	}
	snprintf(u->path[u->n], sizeof(u->path[0]), "%s", path);
	u->n++;
	if (write_line(path, v)) {
		snprintf(err, errlen, "%s: cannot write %s: %s", path, v,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int fs_recipe_apply(enum fs_recipe r, const char *sys, struct fs_recipe_undo *u,
		    char *err, size_t errlen)
{
	char path[512], undo_err[256];
	struct dirent *e;
	DIR *d;
	int ret = 0;

	u->n = 0;
	if (r == FS_RECIPE_SLICE) {
		snprintf(path, sizeof(path), "%s/" SLICE_FILE, sys);
		ret = set(u, path, SLICE_NS, err, errlen);
	} else if (r == FS_RECIPE_GOVERNOR) {
		snprintf(path, sizeof(path), "%s/" POLICY_DIR, sys);
		d = opendir(path);
		if (!d) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		while (!ret && (e = readdir(d)))
			if (!strncmp(e->d_name, "policy", 6)) {
				snprintf(path, sizeof(path),
					 "%s/" POLICY_DIR
					 "/%s/scaling_governor",
					 sys, e->d_name);
				ret = set(u, path, GOVERNOR, err, errlen);
			}
		closedir(d);
	}
	if (ret)
		fs_recipe_undo(u, undo_err, sizeof(undo_err));
	return ret;
}

int fs_recipe_undo(struct fs_recipe_undo *u, char *err, size_t errlen)
{
	int ret = 0;

	while (u->n > 0) {
		u->n--;
		if (write_line(u->path[u->n], u->old[u->n]) && !ret) {
			snprintf(err, errlen, "%s: cannot put back %s: %s",
				 u->path[u->n], u->old[u->n], strerror(errno));
			ret = -1;
		}
	}
	return ret;
}
