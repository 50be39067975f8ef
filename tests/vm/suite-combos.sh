#!/usr/bin/env bash
# VM suite: robustness. Random knob combinations under messaging, CPU
# load and affinity churn (no stall, no error exit, every task completes);
# the same churn (runnable hogs moved between CPU sets, stress-ng
# --affinity) under each knob set that once ejected or stalled it; on a
# NUMA machine the kernel tracks idle CPUs per node for us (not under
# --disable-numa) and every path that asks for idle CPUs works with it
# (the machine-wide kfuncs would eject us); the loader killed
# with SIGKILL (the kernel reverts to the fair class); a forced watchdog
# stall (the loader reports the kernel's reason and exits 2) and the same
# with --restart (it loads again); a bad config file (nothing loaded).
BUILD=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/workload.sh"

KNOBS=$("$SCX" --help | awk '/^Knobs/ { f = 1; next } f && /^$/ { exit } f { print $1 }')
check_eq twenty-knob-flags 20 "$(echo "$KNOBS" | wc -l)"

RANDOM=20261121 # reproducible combinations
for i in $(seq 20); do
	args=()
	for k in $KNOBS; do
		[ $((RANDOM % 2)) = 1 ] && args+=("$k")
	done
	name="combo$i"
	if ! start_sched "${args[@]}" --gpu-comm hackbench; then
		fail "$name-start" "${args[*]}"
		continue
	fi
	# affinity churn too: a runnable task whose CPU leaves its mask once
	# ejected the scheduler (mixed FIFO/vtime DSQ) or stalled it.
	if hackbench -g 2 -l 20 >/dev/null && stress-ng --cpu "$(nproc)" --timeout 1 --temp-path /tmp -q &&
		sleep_loop 10 && affinity_churn 2; then
		load_ok=1
	else
		load_ok=0
	fi
	alive=enabled
	[ "$(sched_state)" = enabled ] || alive=$(sched_state)
	if stop_sched INT && [ $load_ok = 1 ] && [ $alive = enabled ]; then
		pass "$name (${args[*]})"
	else
		fail "$name" "knobs '${args[*]}': load_ok=$load_ok state=$alive; $(grep 'exited' "$SCHED_OUT")"
	fi
done

# --- affinity churn -------------------------------------------------------
# Under the knob sets that once ejected the scheduler (a runnable task
# whose CPU left its mask) or stalled it (moved from vm.soundness).
for set in "" "--disable-numa" "--disable-numa --tickless" "--more-dsqs" \
	"--rr-sched --disable-numa" "--local-pcpu --direct-dispatch" \
	"--local-pcpu --direct-dispatch --disable-numa" "--local-kthreads --tickless" \
	"--rr-sched --local-pcpu"; do
	name="churn(${set:-defaults})"
	# shellcheck disable=SC2086 # a knob set is several flags
	if ! start_sched $set; then
		fail "$name-start" "$set"
		continue
	fi
	affinity_churn 4 || fail "$name-tasks" "stress-ng --affinity did not complete"
	sched_ok "$name"
done

# --- per-node idle tracking -----------------------------------------------
# With SCX_OPS_BUILTIN_IDLE_PER_NODE the kernel ends a scheduler that calls
# a machine-wide idle kfunc. Under churn and a crowd, every idle query
# runs: the built-in search and affinity moves (defaults), our own scan,
# the timer's kicks and sticky placement (the second set).
nodes=$(ls -d /sys/devices/system/node/node* | wc -l)
if [ "$nodes" -gt 1 ]; then
	for set in "" "--no-builtin-idle --timer-kick --sticky-cpu --workload-aware-scheduling"; do
		name="idle-per-node(${set:-defaults})"
		# shellcheck disable=SC2086
		start_sched $set || { fail "$name-start" "$set"; continue; }
		check "$name-tracked-per-node" grep -q "idle CPUs tracked per NUMA node ($nodes nodes)" "$SCHED_OUT"
		affinity_churn 3 || fail "$name-tasks" "stress-ng --affinity did not complete"
		(cd /tmp && hackbench -g 2 -l 50 >/dev/null) || fail "$name-hackbench" "hackbench failed"
		sched_ok "$name"
	done
	start_sched --disable-numa || fail "idle-machine-wide(disable_numa)-start"
	check "idle-machine-wide(disable_numa)" sh -c "! grep -q 'tracked per NUMA node' '$SCHED_OUT'"
	sched_ok "idle-machine-wide(disable_numa)-enabled"
else
	echo "one NUMA node: per-node idle tracking not exercised"
fi

# SIGKILL: no detach by the loader, the kernel must drop the link itself.
if start_sched --tickless --more-dsqs; then
	kill -KILL "$SCHED_PID"
	wait "$SCHED_PID" 2>/dev/null
	SCHED_PID=
	for i in $(seq 100); do
		[ "$(sched_state)" = disabled ] && break
		sleep 0.1
	done
	check_eq sigkill-reverts-to-fair disabled "$(sched_state)"
	check sigkill-system-still-works hackbench -g 1 -l 10
else
	fail sigkill-start "scheduler did not start"
fi

# tickless with local_kthreads: a hog pinned on CPU 1 holds an infinite
# slice while per-CPU kthreads (ksoftirqd, the LRU-drain kworker that
# memory compaction waits for) are queued at the head of CPU 1; the hog
# must be preempted for them, or the kernel sees a stall. Before the fix:
# "ksoftirqd/1 failed to run for 3.7 s" here, found by a search episode.
if start_sched --tickless --local-kthreads --watchdog-ms 3000; then
	taskset -c 1 stress-ng --vm 1 --vm-bytes 32M --timeout 10 --temp-path /tmp -q &
	hog=$!
	sleep 1
	for i in $(seq 10); do
		taskset -c 0 sh -c 'echo 1 >/proc/sys/vm/compact_memory'
	done
	wait $hog
	check_eq tickless-kthreads-still-enabled enabled "$(sched_state)"
	stop_sched INT
	check_eq tickless-kthreads-exit-0 0 "$?"
	grep -q ERROR_STALL "$SCHED_OUT" && sed 's/^/  | /' "$SCHED_OUT"
	check tickless-kthreads-preempted test "$(counter nr_preempt_kicks)" -gt 0
else
	fail tickless-kthreads-start "scheduler did not start"
fi

# A 1 ms watchdog under load: the kernel ejects us for a stall (under TCG
# it may do so before "ready"); the loader must say why and exit 2.
SCHED_OUT=/tmp/stall.out
"$SCX" --stats-json --watchdog-ms 1 >"$SCHED_OUT" 2>&1 &
SCHED_PID=$!
stress-ng --cpu "$(nproc)" --timeout 3 --temp-path /tmp -q
for i in $(seq 300); do
	kill -0 "$SCHED_PID" 2>/dev/null || break
	sleep 0.1
done
stop_sched INT
check_eq stall-exit-status 2 "$?"
check_eq stall-reason-reported ERROR_STALL "$(json_get final exit.kind)"
check stall-reason-said grep -q '^scx_flashyspark: scheduler exited: ERROR_STALL' "$SCHED_OUT"
# ... and print the kernel's own dump of that moment (the task that waited,
# each CPU's state), framed by the loader.
check stall-dump-printed sh -c "sed -n '/dump at the exit follows/,/end of the kernel/p' $SCHED_OUT | grep -q 'triggered exit kind 1026'"
check_eq stall-reverts-to-fair disabled "$(sched_state)"

# --restart: after a stall the loader loads the scheduler again (a second
# stall report proves it), and still detaches cleanly on SIGINT, even
# between attempts.
SCHED_OUT=/tmp/restart.out
"$SCX" --stats-json --watchdog-ms 1 --restart >"$SCHED_OUT" 2>&1 &
SCHED_PID=$!
stress-ng --cpu "$(nproc)" --timeout 3 --temp-path /tmp -q
for i in $(seq 300); do
	[ "$(json_get final exit.kind --all | grep -c ERROR_STALL)" -ge 2 ] && break
	sleep 0.1
done
check restart-reloaded grep -q '^scx_flashyspark: restarting' "$SCHED_OUT"
check restart-stalled-again test "$(json_get final exit.kind --all | grep -c ERROR_STALL)" -ge 2
stop_sched INT
check_eq restart-sigint-exit-0 0 "$?"
check_eq restart-reverts-to-fair disabled "$(sched_state)"
[ "$(sched_state)" = disabled ] || sed 's/^/  | /' "$SCHED_OUT"

# A bad config: rejected with file:line, nothing loaded.
printf 'knobs:\n  tickless: true\n  warp_drive: true\n' >/tmp/bad.yaml
out=$("$SCX" --config /tmp/bad.yaml 2>&1)
check_eq bad-config-exit 1 "$?"
check bad-config-names-line grep -q '/tmp/bad.yaml:3: knobs.warp_drive: unknown knob' <<<"$out"
check_eq bad-config-nothing-loaded disabled "$(sched_state)"
finish
