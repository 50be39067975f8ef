#!/usr/bin/env bash
# VM suite: every knob proven by its counter, and by its effect where one is
# measured so far. For each knob, load the scheduler with only that knob
# on, run the mixed load, detach, and check the knob's counter (knobs.def
# names it) moved (or, for the disable_* knobs, stayed at 0 where the
# default run moved it). Effects: what the kernel accounted with the knob
# on against the defaults (CPU shares, placement), each check named
# KNOB-effect. Run with SMT, two LLCs and two NUMA nodes; so the smt
# scenario's compare smoke runs here too.
BUILD=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/workload.sh"

# run_with NAME ARGS...: one load/measure/detach cycle; counters in $SCHED_OUT.
run_with() {
	local name=$1
	shift
	if ! start_sched "$@"; then
		fail "$name-attach" "scheduler did not start with $*"
		return 1
	fi
	if ! mixed_load; then
		fail "$name-load" "the workload failed under $*"
	fi
	if ! stop_sched INT; then
		fail "$name-detach" "loader exited non-zero: $(tail -3 "$SCHED_OUT")"
		return 1
	fi
	check_eq "$name-disabled-after" disabled "$(sched_state)"
	cp "$SCHED_OUT" "/tmp/out-$name"
}

c() { counter "nr_$1" | grep . || echo 0; }

# moved NAME COUNTER: the counter of the last run is > 0.
moved() {
	local v
	v=$(c "$2")
	if [ "$v" -gt 0 ]; then pass "$1: nr_$2=$v"; else fail "$1" "nr_$2 stayed 0"; fi
}

# zero NAME COUNTER DEFAULT_VALUE: 0 now, though the default run moved it.
zero() {
	local v
	v=$(c "$2")
	if [ "$3" -le 0 ]; then
		fail "$1" "nr_$2 did not move in the default run either; the test proves nothing"
	elif [ "$v" = 0 ]; then
		pass "$1: nr_$2=0 (default run: $3)"
	else
		fail "$1" "nr_$2=$v, expected 0"
	fi
}

echo "topology: $(nproc) CPUs, L2 of cpu0: $(cat /sys/devices/system/cpu/cpu0/cache/index2/shared_cpu_list)," \
	"LLC: $(cat /sys/devices/system/cpu/cpu0/cache/index3/shared_cpu_list), nodes: $(ls -d /sys/devices/system/node/node* | wc -l)"

run_with defaults
declare -A def
for n in l2_picks l3_picks idle_core_picks node_dsq_inserts immediate_kicks wake_sync_pulls wake_sync_ignored wakeup_preempts; do
	def[$n]=$(c $n)
done
moved defaults-wake-sync wake_sync_pulls
check_eq defaults-no-sync-ignored 0 "${def[wake_sync_ignored]}"
# Not a knob: wakees with earlier deadlines preempt (all but rr_sched).
moved defaults-wakeup-preempt wakeup_preempts

# Not a knob: the option wakeup_gran_us sets how long a runner runs before a
# wakeup may preempt it; at its maximum no wakeup preempts.
run_with wakeup_gran_max --wakeup-gran-us 1000000 &&
	zero wakeup_gran_max-no-preempt wakeup_preempts "${def[wakeup_preempts]}"
run_with slice_lag_scaling --slice-lag-scaling && moved slice_lag_scaling lag_scaled
run_with tickless --tickless && { moved tickless tickless_slices; moved tickless preempt_kicks; }
run_with rr_sched --rr-sched &&
	{ moved rr_sched rr_enqueues; zero rr_sched-no-wakeup-preempt wakeup_preempts "${def[wakeup_preempts]}"; }
run_with no_builtin_idle --no-builtin-idle && moved no_builtin_idle custom_idle_picks
run_with local_pcpu --local-pcpu && moved local_pcpu pcpu_local
run_with direct_dispatch --direct-dispatch && moved direct_dispatch direct_dispatches
run_with sticky_cpu --sticky-cpu && moved sticky_cpu sticky_hits
run_with local_kthreads --local-kthreads && moved local_kthreads kthread_direct
run_with no_wake_sync --no-wake-sync && { moved no_wake_sync wake_sync_ignored; zero no_wake_sync-no-pulls wake_sync_pulls "${def[wake_sync_pulls]}"; }
run_with stay_with_kthread --stay-with-kthread && moved stay_with_kthread kthread_stays
run_with aggressive_gpu_tasks --aggressive-gpu-tasks --gpu-comm hackbench --perf-cores 0-1 &&
	moved aggressive_gpu_tasks gpu_task_placements
run_with workload_aware_scheduling --workload-aware-scheduling &&
	{ moved workload_aware_scheduling classified_latency; moved workload_aware_scheduling classified_cpu; }
run_with timer_kick --timer-kick &&
	{ moved timer_kick timer_kicks; zero timer_kick-no-immediate immediate_kicks "${def[immediate_kicks]}"; }
run_with more_dsqs --more-dsqs && moved more_dsqs extra_dsq_inserts
run_with disable_l2 --disable-l2 && zero disable_l2 l2_picks "${def[l2_picks]}"
run_with disable_l3 --disable-l3 && zero disable_l3 l3_picks "${def[l3_picks]}"
run_with disable_smt --disable-smt && zero disable_smt idle_core_picks "${def[idle_core_picks]}"
run_with disable_numa --disable-numa && zero disable_numa node_dsq_inserts "${def[node_dsq_inserts]}"
run_with cpufreq --cpufreq && moved cpufreq cpuperf_sets
# --- effects: what a knob changes in the kernel's own accounting ------------
# nice_ratio: a nice -10 and a nice 0 hog pinned to CPU 1 for 4 s; the
# ratio of their CPU time (/proc/PID/schedstat), x100.
nice_ratio() {
	local a b ra rb
	taskset -c 1 nice -n -10 sh -c 'while :; do :; done' &
	a=$!
	taskset -c 1 sh -c 'while :; do :; done' &
	b=$!
	sleep 0.5
	ra=$(runtime_ns $a)
	rb=$(runtime_ns $b)
	sleep 4
	ra=$(($(runtime_ns $a) - ra))
	rb=$(($(runtime_ns $b) - rb))
	kill $a $b
	wait $a $b 2>/dev/null
	echo $((ra * 100 / (rb > 0 ? rb : 1)))
}
echo "EEVDF: nice -10 : nice 0 = $(nice_ratio)/100"
# native_priority, rr_sched: the normalised weights share the CPU 2:1 (nice
# -10 clamps at 128 against 64), the kernel's 9.3:1 (932:100), round robin
# 1:1 (no weights). Seen failing: with rr_sched's test taken out of
# prev_goes_on() (a runner goes on while its deadline is the earliest),
# rr_sched gave 0/100: one hog kept the CPU.
for spec in "defaults::200" "native_priority:--native-priority:932" "rr_sched:--rr-sched:100"; do
	name=${spec%%:*}
	set=${spec#*:}
	want=${set#*:}
	set=${set%:*}
	# shellcheck disable=SC2086
	start_sched $set || { fail "$name-share-start" "$set"; continue; }
	# The median of three: one 4 s window once gave 1234 for 932 in CI
	# (a probe of ten gave 940-978), a stall of the host's, not a share.
	r=$(for i in 1 2 3; do nice_ratio; done | sort -n | sed -n 2p)
	stop_sched INT || fail "$name-share-detach" "$(tail -3 "$SCHED_OUT")"
	check "$name-effect: nice -10 : nice 0 = $r/100, want $want/100 +-15%" \
		test $((r * 100)) -ge $((want * 85)) -a $((r * 100)) -le $((want * 115))
	[ "$name" = native_priority ] && moved native_priority-counts-clamped native_weight
done

# aggressive_gpu_tasks: two hogs named as GPU feeders (--gpu-comm) and two
# plain hogs on 4 CPUs, CPUs 0-1 the performance cores: where each ran last
# (/proc/PID/stat), sampled 30 times by shell builtins (a sampler that forks
# disturbs placement). The marked hogs run only on CPUs 0-1, the plain ones
# on the rest. Seen failing: before a GPU task was confined (it went where
# the early placements or its previous CPU said when no performance core
# was idle, and any CPU could steal it), 4 of 30 samples of the marked hogs
# were on CPUs 0-1. Either half of gpu_home()'s use alone, placement in
# ops.select_cpu or queueing and stealing, keeps this at 30 of 30.
ln -sf "$(command -v bash)" /tmp/fsgpu
mkfifo /tmp/knobs-never
exec 8<>/tmp/knobs-never
# last_cpu PID: the CPU PID ran on last, into LAST_CPU (no $(...): a
# fork is placed beside what is measured; seen moving a pipe pair).
last_cpu() {
	local f
	read -r -a f <"/proc/$1/stat"
	LAST_CPU=${f[38]}
}
# gpu_placement: "ON_PERF OFF_PERF" for the marked and the plain hogs.
gpu_placement() {
	local pids=() i p on=0 off=0
	for i in 1 2; do
		/tmp/fsgpu -c 'while :; do :; done' &
		pids+=($!)
	done
	for i in 1 2; do
		spin
		pids+=($!)
	done
	read -t 0.3 -u 8
	for i in $(seq 15); do
		read -t 0.2 -u 8
		for p in "${pids[@]:0:2}"; do
			last_cpu "$p"
			[ "$LAST_CPU" -le 1 ] && on=$((on + 1))
		done
		for p in "${pids[@]:2:2}"; do
			last_cpu "$p"
			[ "$LAST_CPU" -ge 2 ] && off=$((off + 1))
		done
	done
	kill "${pids[@]}"
	wait "${pids[@]}" 2>/dev/null
	echo "$on $off"
}
read -r on off <<<"$(gpu_placement)"
echo "EEVDF: marked hogs on CPUs 0-1 in $on of 30 samples"
if start_sched --aggressive-gpu-tasks --gpu-comm fsgpu --perf-cores 0-1; then
	read -r on off <<<"$(gpu_placement)"
	stop_sched INT || fail aggressive_gpu_tasks-effect-detach "$(tail -3 "$SCHED_OUT")"
	check "aggressive_gpu_tasks-effect: marked hogs on CPUs 0-1 in $on of 30 samples" test "$on" -ge 29
	check "aggressive_gpu_tasks-effect: plain hogs on CPUs 2-3 in $off of 30 samples" test "$off" -ge 27
else
	fail aggressive_gpu_tasks-effect-start "--aggressive-gpu-tasks"
fi

# Sync wake-ups (the defaults) and no_wake_sync: a pipe pair (two shells
# echoing to each other through FIFOs: pipe writes wake with WF_SYNC)
# started on CPUs 0 and 2, one per node, then free: its migrations and
# sleeps (/proc/PID/sched) over 2 s, and in how many of 10 samples the two
# ran last on one node. The defaults pull the wakee into the waker's LLC
# and then leave it on its idle CPU there: few migrations, one node;
# no_wake_sync places from the wakee's own CPU: two nodes. Seen failing:
# when a sync wakee went to the nearest whole idle core first, the pair
# migrated at 8,641 of 11,853 sleeps (73%).
declare -A node_of
for c in /sys/devices/system/cpu/cpu[0-9]*; do
	for n in "$c"/node[0-9]*; do
		node_of[${c##*cpu}]=${n##*node}
	done
done
mkfifo /tmp/knobs-ab /tmp/knobs-ba
# pipe_pair: "MIGRATIONS SLEEPS SAMPLES_ON_ONE_NODE" of the pair.
pipe_pair() {
	local a b m0 v0 i one=0 ca cb seq=
	taskset -c 0 bash -c "exec 3<>/tmp/knobs-ab 4<>/tmp/knobs-ba
		while :; do echo x >&3; read -r -u 4; done" &
	a=$!
	taskset -c 2 bash -c "exec 3<>/tmp/knobs-ab 4<>/tmp/knobs-ba
		while :; do read -r -u 3; echo y >&4; done" &
	b=$!
	read -t 0.3 -u 8
	taskset -pc 0-3 $a >/dev/null
	taskset -pc 0-3 $b >/dev/null
	read -t 0.3 -u 8
	m0=$(($(sched_field $a se.nr_migrations) + $(sched_field $b se.nr_migrations)))
	v0=$(($(sched_field $a nr_voluntary_switches) + $(sched_field $b nr_voluntary_switches)))
	for i in $(seq 10); do
		read -t 0.2 -u 8
		# (with a $(...) per sample: 6 of 10 on one node, not 10)
		last_cpu $a
		ca=$LAST_CPU
		last_cpu $b
		cb=$LAST_CPU
		seq="$seq$ca$cb "
		[ "${node_of[$ca]}" = "${node_of[$cb]}" ] && one=$((one + 1))
	done
	echo "pipe pair's CPUs: $seq" >&2
	echo "$(($(sched_field $a se.nr_migrations) + $(sched_field $b se.nr_migrations) - m0))" \
		"$(($(sched_field $a nr_voluntary_switches) + $(sched_field $b nr_voluntary_switches) - v0))" "$one"
	kill $a $b
	wait $a $b 2>/dev/null
}
read -r moves sleeps one <<<"$(pipe_pair)"
echo "EEVDF: pipe pair $moves migrations in $sleeps sleeps, on one node in $one of 10"
for set in "" --no-wake-sync; do
	name=${set:-defaults}
	name=${name#--}
	name=${name//-/_}
	start_sched $set || { fail "$name-pipe-start" "$set"; continue; }
	read -r moves sleeps one <<<"$(pipe_pair)"
	stop_sched INT || fail "$name-pipe-detach" "$(tail -3 "$SCHED_OUT")"
	if [ -z "$set" ]; then
		check "defaults-effect: pipe pair $moves migrations in $sleeps sleeps (< 5%)" \
			test $((moves * 20)) -lt "$sleeps"
		check "defaults-effect: pipe pair on one node in $one of 10 samples" test "$one" -ge 8
	else
		check "no_wake_sync-effect: pipe pair on one node in $one of 10 samples" test "$one" -le 2
	fi
done

# --- the smt scenario end to end (this VM has SMT siblings) ------------------
# compare --scenario smt: llama-bench with one thread per core (2 here)
# under each arm; smoke only (one round), its numbers are docs/'s.
scenario_compare /tmp smt 1 none
check_eq smt-compare-exit 0 "$?"
check smt-compare-threads grep -qE -- "-t 2([^0-9]|$)" /tmp/smt/report.md
check_eq smt-no-scheduler-left disabled "$(sched_state)"

# Only our scheduler ran in this boot: the kernel must not have warned about
# a deprecated API (e.g. writing p->scx.slice instead of the kfunc).
check_eq no-deprecated-api "" "$(dmesg | grep 'sched_ext:.*deprecated')"
finish
