#!/usr/bin/env bash
# VM suite: every knob proven by its counter. For each knob, load the
# scheduler with only that knob on, run the mixed load, detach, and check
# the knob's counter (knobs.def names it) moved (or, for the disable_*
# knobs, stayed at 0 where the default run moved it); and the smt
# scenario's compare smoke. Checks of behaviour only (tools/test runs it
# beside another guest); what each knob changes in the kernel's accounting
# is suite-knobs.sh's, in the same VM shape: SMT, two LLCs, two NUMA nodes.
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
