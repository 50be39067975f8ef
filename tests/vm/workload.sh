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

# spin_on CPUS: a CPU hog pinned to CPUS (taskset's list): its pid in $!,
# ended by pid.
spin_on() {
	taskset -c "$1" sh -c 'while :; do :; done' &
}

# short_sleeper FIFO STEPS [SHELL [SECS]]: a task that counts STEPS loop
# steps, then sleeps SECS (default 0.001: a timed read of FIFO, which
# nobody writes), forever;
# run by SHELL, words (default bash; a link to bash named as the workload
# makes it the workload's, 'taskset -c 1 bash' pins it); its pid in $!,
# ended by pid.
short_sleeper() {
	# shellcheck disable=SC2086 # SHELL is words
	${3:-bash} -c "exec 9<>$1
		while :; do
			for ((j = 0; j < $2; j++)); do :; done
			read -t ${4:-0.001} -u 9
		done" &
}

# sleeper_crowd N FIFO STEPS [SHELL]: N short_sleepers (FIFO, STEPS,
# SHELL as there), their pids in the array CROWD, ended by pid.
sleeper_crowd() {
	local i
	CROWD=()
	for ((i = 0; i < $1; i++)); do
		short_sleeper "$2" "$3" "${4:-}"
		CROWD+=($!)
	done
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

# runtime_sum PID...: the CPU time (ns) the PIDs have had, summed, into
# SUM (the kernel's schedstat; no fork, as sched_sum).
runtime_sum() {
	local p r
	SUM=0
	for p in "$@"; do
		read -r r _ <"/proc/$p/schedstat"
		SUM=$((SUM + r))
	done
}

# runtime_ns PID: the CPU time PID has had, printed.
runtime_ns() {
	runtime_sum "$1"
	echo "$SUM"
}

# cpu_ticks: the total and the idle (+ iowait) ticks of all CPUs so far,
# into TICKS and IDLE (/proc/stat; no fork, as sched_sum).
cpu_ticks() {
	local f i
	read -r -a f </proc/stat
	TICKS=0
	for ((i = 1; i < ${#f[@]}; i++)); do TICKS=$((TICKS + f[i])); done
	IDLE=$((f[4] + f[5]))
}

# idle_ticks: the idle + iowait time of all CPUs so far, in USER_HZ ticks.
idle_ticks() {
	cpu_ticks
	echo "$IDLE"
}

# rundelay_ns PID: the time PID has waited on a runqueue, from schedstat.
rundelay_ns() {
	local r d
	read -r r d _ <"/proc/$1/schedstat"
	echo "$d"
}

# sched_sum FIELD PID...: FIELD of /proc/PID/sched (se.nr_migrations,
# nr_voluntary_switches, ...) summed over the PIDs, into SUM. Read by the
# shell's builtins, no fork: a shell beside the workload class is a
# neighbour that runs in guard turns, and a fork per read (awk) made one
# 3 s measurement take a minute there.
sched_sum() {
	local f=$1 p k _ v
	shift
	SUM=0
	for p in "$@"; do
		while read -r k _ v; do
			[ "$k" = "$f" ] && { SUM=$((SUM + v)); break; }
		done <"/proc/$p/sched"
	done
}

# sched_field PID FIELD: one field of /proc/PID/sched, printed.
sched_field() {
	sched_sum "$2" "$1"
	echo "$SUM"
}

# The placement helpers below sleep by a timed read of fd 8, which the
# suite opens on a FIFO nobody writes (a sleep(1) fork is placed beside
# what is measured).

# last_cpu PID: the CPU PID ran on last, into LAST_CPU (no $(...): a
# fork is placed beside what is measured; seen moving a pipe pair).
last_cpu() {
	local f
	read -r -a f <"/proc/$1/stat"
	LAST_CPU=${f[38]}
}

# domain_map ARRAY node|llc|core: ARRAY (associative, declared by the
# caller) maps each CPU to its NUMA node, or to the first CPU of its LLC
# or of its SMT core.
domain_map() {
	local -n map=$1
	local c n list
	for c in /sys/devices/system/cpu/cpu[0-9]*; do
		case $2 in
		node)
			for n in "$c"/node[0-9]*; do
				map[${c##*cpu}]=${n##*node}
			done
			continue
			;;
		llc) list=$c/cache/index3/shared_cpu_list ;;
		core) list=$c/topology/thread_siblings_list ;;
		esac
		map[${c##*cpu}]=$(awk -F '[-,]' '{ print $1 }' "$list")
	done
}

# pipe_pair ARRAY: a pipe pair (two shells echoing to each other through
# FIFOs: pipe writes wake with WF_SYNC) started on CPUs 0 and 2, then free
# on CPUs 0-3: "MIGRATIONS SLEEPS SAMPLES_IN_ONE_DOMAIN" over 10 samples
# 0.2 s apart, the domain of each CPU from ARRAY (domain_map).
pipe_pair() {
	local -n dom=$1
	local a b m0 v0 moved i one=0 ca cb seq=
	[ -p /tmp/fs-ab ] || mkfifo /tmp/fs-ab /tmp/fs-ba
	taskset -c 0 bash -c "exec 3<>/tmp/fs-ab 4<>/tmp/fs-ba
		while :; do echo x >&3; read -r -u 4; done" &
	a=$!
	taskset -c 2 bash -c "exec 3<>/tmp/fs-ab 4<>/tmp/fs-ba
		while :; do read -r -u 3; echo y >&4; done" &
	b=$!
	read -t 0.3 -u 8
	taskset -pc 0-3 $a >/dev/null
	taskset -pc 0-3 $b >/dev/null
	read -t 0.3 -u 8
	sched_sum se.nr_migrations $a $b
	m0=$SUM
	sched_sum nr_voluntary_switches $a $b
	v0=$SUM
	for i in $(seq 10); do
		read -t 0.2 -u 8
		# (with a $(...) per sample: 6 of 10 on one node, not 10)
		last_cpu $a
		ca=$LAST_CPU
		last_cpu $b
		cb=$LAST_CPU
		seq="$seq$ca$cb "
		[ "${dom[$ca]}" = "${dom[$cb]}" ] && one=$((one + 1))
	done
	echo "pipe pair's CPUs: $seq" >&2
	sched_sum se.nr_migrations $a $b
	moved=$((SUM - m0))
	sched_sum nr_voluntary_switches $a $b
	echo "$moved $((SUM - v0)) $one"
	kill $a $b
	wait $a $b 2>/dev/null
}

# hogs_cross ARRAY: six free hogs on the CPUs, where each ran last sampled
# every 0.1 s, 30 times: "CROSS SAMPLES", CROSS the samples in which a hog
# was in another domain (ARRAY, from domain_map) than at the one before.
hogs_cross() {
	local -n dom=$1
	local pids=() prev=() i k cross=0 n=0
	for i in 1 2 3 4 5 6; do
		spin
		pids+=($!)
	done
	read -t 0.5 -u 8
	for k in "${!pids[@]}"; do
		last_cpu "${pids[k]}"
		prev[k]=$LAST_CPU
	done
	for i in $(seq 30); do
		read -t 0.1 -u 8
		for k in "${!pids[@]}"; do
			last_cpu "${pids[k]}"
			[ "${dom[$LAST_CPU]}" != "${dom[${prev[k]}]}" ] && cross=$((cross + 1))
			prev[k]=$LAST_CPU
			n=$((n + 1))
		done
	done
	kill "${pids[@]}"
	wait "${pids[@]}" 2>/dev/null
	echo "$cross $n"
}

# niced_gap SECS: a nice-19 task that spins 20 ms (reading the clock) then
# sleeps 50 ms, for SECS, beside one CPU hog per CPU and a hackbench loop
# (hackbench -g 2 -l 50, again and again): prints the longest it was held
# off a CPU while spinning, in us. The crowd is what its deadline waits
# behind (rescue.bpf.h); the hogs and the loop are ended by pid.
niced_gap() {
	local hogs=() pid loop gap i
	for i in $(seq "$(nproc)"); do
		spin
		hogs+=($!)
	done
	(while :; do
		hackbench -g 2 -l 50 >/dev/null 2>&1
		sleep 0.05
	done) &
	loop=$!
	gap=$(nice -n 19 bash -c '
		end=$((${EPOCHREALTIME/./} + $1 * 1000000)) max=0
		while :; do
			now=${EPOCHREALTIME/./}
			[ "$now" -ge "$end" ] && break
			stop=$((now + 20000)) last=$now
			while [ "$now" -lt "$stop" ]; do
				now=${EPOCHREALTIME/./}
				[ $((now - last)) -gt "$max" ] && max=$((now - last))
				last=$now
			done
			sleep 0.05
		done
		echo "$max"' _ "$1")
	kill "${hogs[@]}" "$loop"
	for pid in "${hogs[@]}" "$loop"; do wait "$pid" 2>/dev/null; done
	echo "$gap"
}
