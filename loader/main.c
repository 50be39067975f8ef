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
#include "knobs.h"
#include "monitor.h"
#include "publish.h"
#include "cmdline.h"
#include "ready.h"
#include "sd_notify.h"
#include "report.h"
#include "session.h"
#include "sigwatch.h"
#include "counters.h"
#include "sysfs.h"
#include "topology.h"
#include "workload_cgroups.h"
#include "workload_pids.h"

#define ENABLE_TIMEOUT_MS 10000
/* The kernel's "restart me" bit of an exit code (SCX_ECODE_ACT_RESTART). */
#define FS_ECODE_ACT_RESTART (1ULL << 48)
#define GPU_RESCAN_SECS	     2.0
#define MAX_GPU_TGIDS	     1024
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

/* systemd (Type=notify): enabled, with which knobs. */
static void notify_ready(const struct fs_config *cfg)
{
	char knobs[1024];

	fs_knobs_join(cfg->knobs, knobs, sizeof(knobs));
	fs_sd_notify("READY=1\nSTATUS=enabled; knobs: %s",
		     knobs[0] ? knobs : "none");
}

/* systemd: why the scheduler exited (systemctl status shows it). */
static void notify_exit(const struct fs_exit_record *rec)
{
	char what[sizeof(rec->reason) + 64];

	fs_exit_describe(rec, what, sizeof(what));
	fs_sd_notify("STATUS=%s", what);
}

/* The kernel's dump at an error exit, to stderr. */
static void report_dump(const struct fs_session *s)
{
	static char dump[FS_EXIT_DUMP_LEN]; /* large: not on the stack */

	if (fs_session_exit_dump(s, dump, sizeof(dump)))
		fs_report_dump(dump);
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
		    const struct fs_cgroup_ids *cgroups,
		    const struct fs_report *rep, int sfd, bool *signalled)
{
	char err[512];
	struct fs_session *s =
		fs_session_start(cfg, topo, cgroups, err, sizeof(err));
	bool scan_gpu = cfg->knobs[FS_KNOB_aggressive_gpu_tasks];
	double next_gpu_scan = 0;
	struct fs_exit_record rec;
	struct fs_publisher pub;
	uint64_t prev[FS_NR_COUNTERS], cur[FS_NR_COUNTERS];
	unsigned int targets[FS_MAX_CPUS];
	bool have_cur, have_rec;
	double next_stats;
	int status = EXIT_DETACHED, nr_targets;

	if (!s) {
		fs_report_final(rep, NULL, NULL, err);
		return EXIT_FAILURE_LOAD;
	}
	if (!wait_enabled(s, sfd, signalled)) {
		if (*signalled) {
			fs_session_free(s);
			return EXIT_DETACHED;
		}
		have_rec = fs_session_exit(s, &rec);
		if (!have_rec)
			snprintf(err, sizeof(err),
				 "the kernel did not enable the scheduler "
				 "within %d ms",
				 ENABLE_TIMEOUT_MS);
		fs_report_final(rep, NULL, have_rec ? &rec : NULL,
				have_rec ? NULL : err);
		if (have_rec && rec.kind >= FS_EXIT_ERROR)
			report_dump(s);
		fs_session_free(s);
		return EXIT_SCHED_ERROR;
	}
	if (fs_session_idle_per_node(s))
		fprintf(stderr,
			"scx_flashyspark: idle CPUs tracked per NUMA node (%d "
			"nodes)\n",
			topo->nr_nodes);
	fs_report_ready(rep, fs_session_idle_per_node(s));
	notify_ready(cfg);
	if (cfg->ready_file &&
	    fs_ready_file_write(cfg->ready_file, err, sizeof(err)) < 0)
		fprintf(stderr, "scx_flashyspark: %s\n", err);

	fs_publish_start(&pub, cfg, s);
	memset(prev, 0, sizeof(prev));
	next_stats = fs_now_s() + cfg->stats;
	for (;;) {
		if (take_signal(sfd, 100, signalled))
			break;
		if (fs_session_exit(s, &rec))
			break;
		fs_publish_tick(&pub, s);
		if (scan_gpu && fs_now_s() >= next_gpu_scan) {
			rescan_gpu(s);
			next_gpu_scan = fs_now_s() + GPU_RESCAN_SECS;
		}
		if (cfg->stats > 0 && fs_now_s() >= next_stats &&
		    fs_session_counters(s, cur) == 0) {
			fs_report_interval(rep, cur, prev,
					   fs_session_sys_util(s));
			memcpy(prev, cur, sizeof(prev));
			next_stats += cfg->stats;
		}
	}
	if (*signalled)
		fs_sd_notify("STOPPING=1\nSTATUS=detaching on a signal");
	/* While it still runs: detaching, the timer sees CPUs go idle. */
	nr_targets = fs_session_perf_targets(s, targets, FS_MAX_CPUS);
	fs_session_detach(s);
	have_cur = fs_session_counters(s, cur) == 0;
	fs_publish_stop(&pub, s, have_cur ? cur : NULL);
	have_rec = fs_session_exit(s, &rec);
	fs_report_cpuperf(rep, targets, nr_targets,
			  cfg->knobs[FS_KNOB_cpufreq]);
	fs_report_final(rep, have_cur ? cur : NULL, have_rec ? &rec : NULL,
			NULL);
	if (have_rec && rec.kind >= FS_EXIT_ERROR)
		report_dump(s);
	/*
	 * An error, or an exit the kernel wants restarted (a CPU went on or
	 * offline: SCX_ECODE_ACT_RESTART): exit 2, so that --restart and
	 * systemd load it again.
	 */
	if (have_rec && (rec.kind >= FS_EXIT_ERROR ||
			 (rec.exit_code & FS_ECODE_ACT_RESTART)))
		status = EXIT_SCHED_ERROR;
	if (have_rec)
		notify_exit(&rec);
	if (cfg->ready_file)
		unlink(cfg->ready_file);
	fs_session_free(s);
	return status;
}

int main(int argc, char **argv)
{
	static struct fs_origins from; /* large: not on the stack */
	struct fs_cgroup_ids cgroups;
	struct fs_config cfg;
	struct fs_topology topo;
	struct fs_report rep;
	char err[1024];
	bool signalled = false;
	int sfd, status;

	switch (fs_config_from_args(argc, argv, &cfg, &from, err,
				    sizeof(err))) {
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
	fs_report_init(&rep, cfg.stats_json);
	sfd = fs_sigwatch_open(NULL);
	if (sfd < 0) {
		perror("scx_flashyspark: signalfd");
		return EXIT_FAILURE_LOAD;
	}
	if (cfg.monitor > 0) { /* watch the running one; load nothing */
		status = fs_monitor_run(cfg.stats_socket, cfg.monitor, &rep,
					sfd);
		close(sfd);
		return status;
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
	if (fs_workload_cgroups_resolve(&cfg, &from, "/proc/self/mountinfo",
					&cgroups, err, sizeof(err))) {
		fprintf(stderr, "scx_flashyspark: %s\n", err);
		return EXIT_FAILURE_LOAD;
	}
	fs_workload_pids_warn(&cfg, "/proc", stderr);
	for (;;) {
		status = run_once(&cfg, &topo, &cgroups, &rep, sfd, &signalled);
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
