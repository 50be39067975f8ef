// SPDX-License-Identifier: GPL-2.0
/* One command under one scheduler (run_under.h). */
#include "run_under.h"

#include <stdio.h>
#include <string.h>

#include "sysfs.h"

/* Without sched_ext at all, every task runs under EEVDF. */
static bool sched_ext_off(void)
{
	char state[32] = "";

	if (!fs_sysfs_available())
		return true;
	fs_sysfs_read(NULL, "state", state, sizeof(state));
	return !strcmp(state, "disabled");
}

/* The command's own end, as a run_under end. */
static enum fs_run_under_end command_end(int ret)
{
	switch (ret) {
	case 0:
		return FS_RUN_UNDER_DONE;
	case FS_BENCH_ETIMEOUT:
		return FS_RUN_UNDER_TIMEOUT;
	case FS_BENCH_ESTOPPED:
		return FS_RUN_UNDER_STOPPED;
	default:
		return FS_RUN_UNDER_FAILED;
	}
}

static enum fs_run_under_end under_eevdf(const struct fs_runner *r,
					 const struct fs_command *cmd,
					 int *code, void (*on_ready)(void *),
					 void *arg, char *err, size_t errlen)
{
	enum fs_run_under_end end;

	if (!sched_ext_off()) {
		snprintf(err, errlen,
			 "sched_ext is busy: a scheduler would "
			 "be measured as EEVDF");
		return FS_RUN_UNDER_NO_SCHED;
	}
	if (on_ready)
		on_ready(arg);
	end = command_end(fs_runner_run_through(r, cmd, code, err, errlen));
	if (end == FS_RUN_UNDER_DONE && !sched_ext_off()) {
		snprintf(err, errlen,
			 "a scheduler was loaded during the "
			 "EEVDF run");
		return FS_RUN_UNDER_LOST;
	}
	return end;
}

enum fs_run_under_end fs_run_under(const struct fs_sched_spec *spec,
				   const struct fs_runner *r,
				   const struct fs_command *cmd, int *code,
				   void (*on_ready)(void *arg), void *arg,
				   char *err, size_t errlen)
{
	struct fs_sched_spec s;
	struct fs_sched_child child;
	enum fs_run_under_end end;
	char why[1024];
	bool alive;

	if (!spec)
		return under_eevdf(r, cmd, code, on_ready, arg, err, errlen);
	s = *spec;
	if (s.stop_fd < 0)
		s.stop_fd = r->stop_fd;
	memset(&child, 0, sizeof(child));
	if (fs_sched_start(&s, &child, err, errlen))
		return FS_RUN_UNDER_NO_SCHED;
	if (on_ready)
		on_ready(arg);
	end = command_end(fs_runner_run_through(r, cmd, code, err, errlen));
	alive = fs_sched_alive(&child);
	if (fs_sched_stop(&child, FS_SCHED_STOP_GRACE_S, why, sizeof(why))) {
		snprintf(err, errlen, "%s", why);
		end = FS_RUN_UNDER_LOST;
	} else if (!alive) {
		snprintf(err, errlen, "%s exited during the command",
			 child.name);
		end = FS_RUN_UNDER_LOST;
	}
	fs_sched_child_free(&child);
	return end;
}
