// SPDX-License-Identifier: GPL-2.0
/* The processes that workload_pid names, looked up (workload_pids.h). */
#include "workload_pids.h"

#include <stdlib.h>
#include <string.h>

/* The Tgid: of @proc_root/@pid/status, or 0 if there is no such task. */
static unsigned long task_tgid(const char *proc_root, unsigned long pid)
{
	char path[4096], line[256];
	unsigned long tgid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%lu/status", proc_root, pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Tgid:", 5)) {
			tgid = strtoul(line + 5, NULL, 10);
			break;
		}
	fclose(f);
	return tgid;
}

int fs_workload_pids_warn(const struct fs_config *cfg, const char *proc_root,
			  FILE *out)
{
	unsigned long pid, tgid;
	int k, n = 0;

	for (k = 0; k < cfg->nr_workload_pid; k++) {
		pid = cfg->workload_pid[k];
		tgid = task_tgid(proc_root, pid);
		if (tgid == pid)
			continue;
		if (!tgid)
			fprintf(out,
				"scx_flashyspark: warning: workload_pid %lu: "
				"no such process\n",
				pid);
		else
			fprintf(out,
				"scx_flashyspark: warning: workload_pid %lu "
				"is a thread of process %lu: only its "
				"process id names the workload\n",
				pid, tgid);
		n++;
	}
	return n;
}
