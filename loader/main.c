// SPDX-License-Identifier: GPL-2.0
/*
 * scx_flashyspark: load the flashyspark sched_ext scheduler, say when it is
 * enabled, print counters, and detach on any signal or report why the
 * kernel threw it out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "config_yaml.h"
#include "gpu_scan.h"
#include "cmdline.h"
#include "ready.h"
#include "session.h"
#include "sigwatch.h"
#include "counters.h"
#include "sysfs.h"
#include "topology.h"

#define ENABLE_TIMEOUT_MS 10000
#define GPU_RESCAN_SECS	  2.0
#define MAX_GPU_TGIDS	  1024
/* Pause between --restart attempts, so a scheduler that fails at once
 * does not spin, and a signal in between still stops the loader. */
#define RESTART_DELAY_MS 250

enum exit_status {
	EXIT_DETACHED = 0,
	EXIT_FAILURE_LOAD = 1,
	EXIT_SCHED_ERROR = 2,
};

/*
 * Wait up to timeout_ms for a signal on sfd; on one, say so, set
 * *signalled and return true.
 */
static bool take_signal(int sfd, int timeout_ms, bool *signalled)
{
	int sig = fs_sigwatch_wait(sfd, timeout_ms);

	if (!sig)
		return false;
	fprintf(stderr, "scx_flashyspark: %s, detaching\n", strsignal(sig));
	*signalled = true;
	return true;
}

static void report_exit(const struct fs_exit_record *rec)
{
	fprintf(stderr, "scx_flashyspark: scheduler exited: %s (%d)",
		fs_exit_kind_name(rec->kind), rec->kind);
	if (rec->reason[0])
		fprintf(stderr, ": %s", rec->reason);
	fputc('\n', stderr);
	if (rec->msg[0])
		fprintf(stderr, "scx_flashyspark: %s\n", rec->msg);
}

static void print_final(struct fs_session *s)
{
	uint64_t cur[FS_NR_COUNTERS];

	if (fs_session_counters(s, cur) == 0) {
		printf("final counters:\n");
		fs_stats_print(stdout, cur, NULL);
	}
}

/*
 * Wait for the kernel to show our ops enabled; false if the scheduler
 * exited, a signal came, or the kernel never switched within the timeout.
 */
static bool wait_enabled(struct fs_session *s, int sfd, bool *signalled)
{
	double deadline = fs_now_s() + ENABLE_TIMEOUT_MS / 1000.0;
	struct fs_exit_record rec;

	while (fs_now_s() < deadline) {
		if (fs_session_exit(s, &rec))
			return false;
		if (fs_sysfs_enabled_as(FS_OPS_NAME))
			return true;
		if (take_signal(sfd, 2, signalled))
			return false;
	}
	return false;
}

/* Mark the processes that hold a GPU now (only needed by knob 12). */
static void rescan_gpu(struct fs_session *s)
{
	int tgids[MAX_GPU_TGIDS];
	int n = fs_gpu_scan("/proc", tgids, MAX_GPU_TGIDS);

	if (n > MAX_GPU_TGIDS)
		n = MAX_GPU_TGIDS;
	if (n >= 0)
		fs_session_set_gpu_tgids(s, tgids, n);
}

/* Run one attach until a signal (returns 0) or a scheduler exit. */
static int run_once(const struct fs_config *cfg, const struct fs_topology *topo,
		    int sfd, bool *signalled)
{
	char err[512];
	struct fs_session *s = fs_session_start(cfg, topo, err, sizeof(err));
	bool scan_gpu = cfg->knobs[FS_KNOB_aggressive_gpu_tasks];
	double next_gpu_scan = 0;
	struct fs_exit_record rec;
	uint64_t prev[FS_NR_COUNTERS], cur[FS_NR_COUNTERS];
	double next_stats;
	int status = EXIT_DETACHED;

	if (!s) {
		fprintf(stderr, "scx_flashyspark: %s\n", err);
		return EXIT_FAILURE_LOAD;
	}
	if (!wait_enabled(s, sfd, signalled)) {
		if (*signalled) {
			fs_session_free(s);
			return EXIT_DETACHED;
		}
		if (fs_session_exit(s, &rec)) {
			report_exit(&rec);
		} else {
			fprintf(stderr,
				"scx_flashyspark: the kernel did not enable "
				"the scheduler within %d ms\n",
				ENABLE_TIMEOUT_MS);
		}
		fs_session_free(s);
		return EXIT_SCHED_ERROR;
	}
	if (fs_session_idle_per_node(s))
		fprintf(stderr,
			"scx_flashyspark: idle CPUs tracked per NUMA node (%d "
			"nodes)\n",
			topo->nr_nodes);
	printf("ready\n");
	fflush(stdout);
	if (cfg->ready_file &&
	    fs_ready_file_write(cfg->ready_file, err, sizeof(err)) < 0)
		fprintf(stderr, "scx_flashyspark: %s\n", err);

	memset(prev, 0, sizeof(prev));
	next_stats = fs_now_s() + cfg->stats;
	for (;;) {
		if (take_signal(sfd, 100, signalled))
			break;
		if (fs_session_exit(s, &rec))
			break;
		if (scan_gpu && fs_now_s() >= next_gpu_scan) {
			rescan_gpu(s);
			next_gpu_scan = fs_now_s() + GPU_RESCAN_SECS;
		}
		if (cfg->stats > 0 && fs_now_s() >= next_stats &&
		    fs_session_counters(s, cur) == 0) {
			printf("counters:\n");
			fs_stats_print(stdout, cur, prev);
			memcpy(prev, cur, sizeof(prev));
			next_stats += cfg->stats;
		}
	}
	fs_session_detach(s);
	print_final(s);
	if (fs_session_exit(s, &rec)) {
		report_exit(&rec);
		if (rec.kind >= FS_EXIT_ERROR)
			status = EXIT_SCHED_ERROR;
	}
	if (cfg->ready_file)
		unlink(cfg->ready_file);
	fs_session_free(s);
	return status;
}

int main(int argc, char **argv)
{
	struct fs_config cfg;
	struct fs_topology topo;
	char err[1024];
	bool signalled = false;
	int sfd, status;

	switch (fs_config_from_args(argc, argv, &cfg, err, sizeof(err))) {
	case FS_OPT_HELP:
		fs_options_usage(stdout, argv[0]);
		return 0;
	case FS_OPT_ERROR:
		fprintf(stderr, "scx_flashyspark: %s\n", err);
		return EXIT_FAILURE_LOAD;
	case FS_OPT_RUN:
		break;
	}
	if (cfg.print_config) {
		fs_config_yaml_print(stdout, &cfg);
		return 0;
	}
	if (fs_topology_read("/sys", cfg.perf_cores[0] ? cfg.perf_cores : NULL,
			     &topo, err, sizeof(err))) {
		fprintf(stderr, "scx_flashyspark: %s\n", err);
		return EXIT_FAILURE_LOAD;
	}
	if (!fs_sysfs_available()) {
		fprintf(stderr,
			"scx_flashyspark: this kernel has no sched_ext (%s "
			"missing)\n",
			FS_SYSFS_DIR);
		return EXIT_FAILURE_LOAD;
	}
	sfd = fs_sigwatch_open(NULL);
	if (sfd < 0) {
		perror("scx_flashyspark: signalfd");
		return EXIT_FAILURE_LOAD;
	}
	for (;;) {
		status = run_once(&cfg, &topo, sfd, &signalled);
		if (!cfg.restart || status != EXIT_SCHED_ERROR || signalled)
			break;
		/* Stopped while waiting to restart: nothing is attached. */
		if (take_signal(sfd, RESTART_DELAY_MS, &signalled)) {
			status = EXIT_DETACHED;
			break;
		}
		fprintf(stderr, "scx_flashyspark: restarting\n");
	}
	close(sfd);
	return status;
}
