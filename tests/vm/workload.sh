# Guest-side workloads for the knob suites: each exercises paths that one or
# more knobs change. All bounded in time; all must complete.

# A mixed load: messaging (sync wakeups, short runs), CPU hogs (long runs,
# busy CPUs), pinned tasks, timer sleeps (wakeups from idle), I/O
# completions (kworkers).
mixed_load() {
	hackbench -g 2 -l 20 >/dev/null &&
		stress-ng --cpu "$(nproc)" --timeout 1 --temp-path /tmp -q &&
		taskset -c 1 stress-ng --cpu 2 --timeout 1 --temp-path /tmp -q &&
		sleep_loop 20 &&
		dd if=/dev/zero of=/tmp/fs-dd bs=64k count=100 conv=fsync status=none &&
		rm -f /tmp/fs-dd
}

# N timer sleeps of 5 ms from one process: wake often, run briefly.
sleep_loop() {
	local i
	for i in $(seq "$1"); do
		sleep 0.005
	done
}
