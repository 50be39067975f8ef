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

# A CPU hog in a subshell of this shell: its pid in $!, ended by pid.
spin() {
	(while :; do :; done) &
}

# short_sleeper FIFO STEPS [SHELL]: a task that counts STEPS loop steps,
# then sleeps 1 ms (a timed read of FIFO, which nobody writes), forever;
# run by SHELL, words (default bash; a link to bash named as the workload
# makes it the workload's, 'taskset -c 1 bash' pins it); its pid in $!,
# ended by pid.
short_sleeper() {
	# shellcheck disable=SC2086 # SHELL is words
	${3:-bash} -c "exec 9<>$1
		while :; do
			for ((j = 0; j < $2; j++)); do :; done
			read -t 0.001 -u 9
		done" &
}

# affinity_churn SECS: 2 x CPUs hogs whose affinity is rewritten at random
# (one CPU, two CPUs, all) every 50 ms while stress-ng --affinity moves its
# own workers, for SECS seconds. Every hog is ended by pid and reaped, and
# stress-ng must complete: returns non-zero if it did not.
affinity_churn() {
	local secs=$1 n pids=() pid i end rc=0 sng
	n=$(nproc)
	for i in $(seq $((2 * n))); do
		spin
		pids+=($!)
	done
	stress-ng --affinity "$n" --affinity-rand --timeout "$secs" --temp-path /tmp -q 2>/tmp/churn.err &
	sng=$!
	end=$((SECONDS + secs))
	while [ $SECONDS -lt $end ]; do
		for pid in "${pids[@]}"; do
			case $((RANDOM % 3)) in
			0) taskset -pc "$((RANDOM % n))" "$pid" ;;
			1) taskset -pc "$((RANDOM % n)),$((RANDOM % n))" "$pid" ;;
			2) taskset -pc "0-$((n - 1))" "$pid" ;;
			esac >/dev/null 2>&1
		done
		sleep 0.05
	done
	kill "${pids[@]}" 2>/dev/null
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null
	done
	wait "$sng" || { rc=1; cat /tmp/churn.err; }
	return $rc
}

# runtime_ns PID: the CPU time PID has had, from the kernel's schedstat.
runtime_ns() {
	local r
	read -r r _ <"/proc/$1/schedstat"
	echo "$r"
}

# idle_ticks: the idle + iowait time of all CPUs so far, in USER_HZ ticks.
idle_ticks() {
	awk '$1 == "cpu" { print $5 + $6; exit }' /proc/stat
}

# rundelay_ns PID: the time PID has waited on a runqueue, from schedstat.
rundelay_ns() {
	local r d
	read -r r d _ <"/proc/$1/schedstat"
	echo "$d"
}

# sched_field PID FIELD: one field of /proc/PID/sched (se.nr_migrations,
# nr_voluntary_switches, ...).
sched_field() {
	awk -v f="$2" '$1 == f { print $3 }' "/proc/$1/sched"
}
