#!/usr/bin/env bash
# VM suite: the scheduler is sound and work-conserving, judged by what the
# kernel accounted, not by which branch ran.
# - affinity churn (runnable hogs moved between CPU sets, stress-ng
#   --affinity) under the knob sets that once ejected or stalled it: it stays
#   enabled, no error exit, every task completes;
# - work conservation: more runnable hogs than CPUs, started piled on one
#   CPU and then let go: the CPUs are (almost) never idle (/proc/stat);
#   a bursty load's idle share is printed beside EEVDF's;
# - a CPU taken by a SCHED_FIFO task: the hogs that were queued there get
#   CPU time elsewhere (/proc/PID/schedstat);
# - weighted share: a nice -10 and a nice 0 hog on one CPU share it in
#   the ratio of their weights, normalised (2:1) and native (9.3:1).
# EEVDF's figures are measured in the same boot and printed beside ours.
BUILD=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/workload.sh"
NCPU=$(nproc)

# sched_ok NAME: the scheduler is still enabled, then detaches with status 0.
sched_ok() {
	local state
	state=$(sched_state)
	if stop_sched INT && [ "$state" = enabled ]; then
		pass "$1"
	else
		fail "$1" "state=$state; $(grep -E 'exited|ERROR' "$SCHED_OUT" | head -3)"
	fi
}

# --- affinity churn -------------------------------------------------------
for set in "" "--disable-numa" "--disable-numa --tickless" "--more-dsqs" \
	"--rr-sched --disable-numa" "--local-pcpu --direct-dispatch" \
	"--local-pcpu --direct-dispatch --disable-numa" "--local-kthreads --tickless"; do
	name="churn(${set:-defaults})"
	# shellcheck disable=SC2086 # a knob set is several flags
	if ! start_sched $set; then
		fail "$name-start" "$set"
		continue
	fi
	affinity_churn 4 || fail "$name-tasks" "stress-ng --affinity did not complete"
	sched_ok "$name"
done

# --- work conservation ----------------------------------------------------
# overload_idle_pct: 2 x CPUs hogs started on CPU 0, then allowed every CPU;
# the share of CPU time (percent, x10) that was idle over the next 3 s.
overload_idle_pct() {
	local pids=() pid i i0 i1 t0 t1
	for i in $(seq $((2 * NCPU))); do
		taskset -c 0 sh -c 'while :; do :; done' &
		pids+=($!)
	done
	sleep 0.5
	for pid in "${pids[@]}"; do taskset -pc "0-$((NCPU - 1))" "$pid" >/dev/null; done
	i0=$(idle_ticks)
	t0=$(date +%s%N)
	sleep 3
	i1=$(idle_ticks)
	t1=$(date +%s%N)
	kill "${pids[@]}"
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
	# ticks are 1/100 s: idle per mille of NCPU x elapsed
	echo $(((i1 - i0) * 10000000 * 1000 / ((t1 - t0) / 1000 * NCPU) / 1000))
}

# bursty_idle_pct: 3 x CPUs workers at 50% duty (1.5x the machine's
# capacity), idle per mille over 3 s. Printed beside EEVDF's, not judged:
# stress-ng's duty cycle under TCG idles EEVDF itself 15-30%, run to run.
bursty_idle_pct() {
	local i0 i1 t0 t1 sng
	stress-ng --cpu $((3 * NCPU)) --cpu-load 50 --cpu-load-slice 3 --timeout 5 --temp-path /tmp -q >/dev/null 2>&1 &
	sng=$!
	sleep 1
	i0=$(idle_ticks)
	t0=$(date +%s%N)
	sleep 3
	i1=$(idle_ticks)
	t1=$(date +%s%N)
	wait $sng
	echo $(((i1 - i0) * 10000000 * 1000 / ((t1 - t0) / 1000 * NCPU) / 1000))
}

eevdf_overload=$(overload_idle_pct)
eevdf_bursty=$(bursty_idle_pct)
echo "EEVDF: idle per mille overloaded $eevdf_overload, bursty $eevdf_bursty"
for set in "" "--disable-numa" "--local-pcpu"; do
	name="conserving(${set:-defaults})"
	# shellcheck disable=SC2086
	start_sched $set || { fail "$name-start" "$set"; continue; }
	ov=$(overload_idle_pct)
	bu=$(bursty_idle_pct)
	echo "$name: idle per mille overloaded $ov, bursty $bu; steals $(counter nr_steals)"
	sched_ok "$name-enabled"
	echo "  counters: steals=$(counter nr_steals) stranded=$(counter nr_stranded_requeues)"
	# 2x hogs: any idle time is a task waiting beside an idle CPU.
	check "$name-overloaded-idle<2%: $ov" test "$ov" -lt 20
done

# --- a CPU taken by a SCHED_FIFO task -------------------------------------
# fifo_min_share: NCPU hogs; a SCHED_FIFO hog takes CPU 1 for 3 s; the
# least CPU time any of our hogs got meanwhile, per mille of its fair share
# of the CPUs left ((NCPU - 1) / NCPU of 3 s).
fifo_min_share() {
	local pids=() pid i r0=() min= d fair
	for i in $(seq "$NCPU"); do
		spin
		pids+=($!)
	done
	sleep 1
	for pid in "${pids[@]}"; do r0+=("$(runtime_ns "$pid")"); done
	timeout 3 chrt -f 50 taskset -c 1 sh -c 'while :; do :; done'
	i=0
	for pid in "${pids[@]}"; do
		d=$(($(runtime_ns "$pid") - r0[i]))
		i=$((i + 1))
		[ -z "$min" ] || [ "$d" -lt "$min" ] && min=$d
	done
	kill "${pids[@]}"
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
	fair=$((3000000000 * (NCPU - 1) / NCPU))
	echo $((min * 1000 / fair))
}
echo "EEVDF: least share beside a FIFO hog $(fifo_min_share) per mille"
for set in "" "--tickless"; do
	name="fifo-takeover(${set:-defaults})"
	# shellcheck disable=SC2086
	start_sched $set || { fail "$name-start" "$set"; continue; }
	share=$(fifo_min_share)
	sched_ok "$name-enabled"
	echo "  counters: reenqueues=$(counter nr_reenqueues) stranded=$(counter nr_stranded_requeues) steals=$(counter nr_steals)"
	check "$name-least-share>=50%: $share" test "$share" -ge 500
done

# --- weighted share -------------------------------------------------------
# nice_ratio: a nice -10 and a nice 0 hog pinned to CPU 1 for 4 s; the
# ratio of their CPU time, x100.
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
# normalised weights: 128 (nice -10 clamps there) : 64; native: 932 : 100
for spec in ":200" "--native-priority:932"; do
	set=${spec%:*}
	want=${spec#*:}
	name="weights(${set:-defaults})"
	# shellcheck disable=SC2086
	start_sched $set || { fail "$name-start" "$set"; continue; }
	r=$(nice_ratio)
	sched_ok "$name-enabled"
	check "$name-ratio $r/100 within 15% of $want/100" \
		test $((r * 100)) -ge $((want * 85)) -a $((r * 100)) -le $((want * 115))
done
finish
