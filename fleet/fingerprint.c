// SPDX-License-Identifier: GPL-2.0
/* This machine's fingerprint for a shared search (fingerprint.h). */
#include "fingerprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "runner.h"

/* The first "model name" of /proc/cpuinfo. */
static void cpu_model(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(out, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !v)
			continue;
		v += 1 + strspn(v + 1, " \t");
		v[strcspn(v, "\n")] = '\0';
		snprintf(out, len, "%s", v);
		break;
	}
	fclose(f);
}

/* One line of a sysfs topology file of CPU @cpu ("" if absent). */
static void topo(long cpu, const char *file, char *out, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path),
		 "/sys/devices/system/cpu/cpu%ld/topology/%s", cpu, file);
	out[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

/* Distinct packages and cores among the online CPUs. */
static void arrangement(long ncpu, int *packages, int *cores)
{
	char (*pkg)[64] = calloc((size_t)ncpu, 64);
	char (*core)[64] = calloc((size_t)ncpu, 64);
	long c, k;

	*packages = *cores = 0;
	if (!pkg || !core)
		goto out;
	for (c = 0; c < ncpu; c++) {
		char p[64], s[64];

		topo(c, "physical_package_id", p, sizeof(p));
		topo(c, "core_cpus_list", s, sizeof(s));
		for (k = 0; k < *packages && strcmp(pkg[k], p); k++)
			;
		if (k == *packages)
			memcpy(pkg[(*packages)++], p, sizeof(p));
		for (k = 0; k < *cores && strcmp(core[k], s); k++)
			;
		if (k == *cores)
			memcpy(core[(*cores)++], s, sizeof(s));
	}
out:
	free(pkg);
	free(core);
}

/* "version: 0.7.0 (build 11669, ...)" from llama-bench --version. */
static void llama_build(char *out, size_t len)
{
	static const char *const argv[] = {"llama-bench", "--version", NULL};
	struct fs_command cmd = {.argv = argv};
	struct fs_run_result res;
	struct fs_runner run;
	char err[256];
	const char *v;

	snprintf(out, len, "unknown");
	fs_runner_init(&run);
	run.timeout_s = 30;
	if (fs_runner_run(&run, &cmd, &res, err, sizeof(err)))
		return;
	v = res.out ? strstr(res.out, "version: ") : NULL;
	if (!v && res.err)
		v = strstr(res.err, "version: ");
	if (v) {
		v += strlen("version: ");
		snprintf(out, len, "%.*s", (int)strcspn(v, "\n"), v);
	}
	fs_run_result_free(&res);
}

void fs_fingerprint(const struct fs_search_settings *set, char *out, size_t len)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	char model[160], llama[160];
	struct utsname u;
	int packages, cores;

	cpu_model(model, sizeof(model));
	arrangement(ncpu > 0 ? ncpu : 0, &packages, &cores);
	if (uname(&u))
		snprintf(u.release, sizeof(u.release), "unknown");
	if (set->bench_cmd[0])
		snprintf(llama, sizeof(llama), "bench-cmd");
	else
		llama_build(llama, sizeof(llama));
	snprintf(out, len,
		 "cpu=%s; cpus=%ld; packages=%d; cores=%d; kernel=%s; "
		 "llama=%s",
		 model, ncpu, packages, cores, u.release, llama);
}
