#!/usr/bin/env bash
# VM suite: the scheduler attaches, shows as enabled under its name, runs a
# load, detaches on SIGTERM, and the kernel is back to the fair class.
BUILD=$1
. "$(dirname "$0")/lib.sh"

check_eq state-before disabled "$(sched_state)"
if start_sched --stats=1; then
	pass attach
	check_eq state-enabled enabled "$(sched_state)"
	check_eq ops-name flashyspark "$(sched_ops)"
	check stress-ng-under-scheduler stress-ng --cpu 2 --timeout 3 --temp-path /tmp -q
	check_eq sched-still-enabled enabled "$(sched_state)"
	stop_sched TERM
	check_eq loader-exit-0 0 "$?"
	check_eq state-after-detach disabled "$(sched_state)"
	check reported-unreg grep -q 'scheduler exited: UNREG' "$SCHED_OUT"
	n=$(counter nr_enqueues)
	check counted-enqueues test "${n:-0}" -gt 0
else
	fail attach "loader never reported ready"
fi
finish
