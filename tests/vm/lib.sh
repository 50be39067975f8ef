# Guest-side helpers for VM test suites: start/stop the scheduler by pid,
# read sched_ext state, record each check, and close with the summary line
# "N passed, N failed" that the suite's exit status agrees with.
# Sourced by suite-*.sh with BUILD set to the build directory.

SCX=${BUILD:?BUILD unset}/loader/scx_flashyspark
SYSFS=/sys/kernel/sched_ext
T_PASS=0
T_FAIL=0
SCHED_PID=
SCHED_OUT=
export TMPDIR=/tmp

# Each result line ends with the suite's seconds so far ([Ns]): where a
# suite spends its time, read from any log.
pass() {
	T_PASS=$((T_PASS + 1))
	echo "PASS $1 [${SECONDS}s]"
}

fail() {
	T_FAIL=$((T_FAIL + 1))
	echo "FAIL $1: $2 [${SECONDS}s]"
}

# check NAME CMD...: pass if CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "'$*' failed"; fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

# comm_pids GLOB: the pids whose comm matches GLOB, kernel threads
# included (kworker/1:*), one per line, read from /proc.
comm_pids() {
	local d comm
	for d in /proc/[0-9]*; do
		read -r comm 2>/dev/null <"$d/comm" || continue
		# shellcheck disable=SC2254 # GLOB is a pattern
		case $comm in $1) echo "${d#/proc/}" ;; esac
	done
}

# count_procs GLOB: user-space processes whose comm matches GLOB. Kernel
# threads (PF_KTHREAD in the flags of /proc/PID/stat) are not counted:
# sched_ext's own scx_enable_helper kthread is named like a loader but is
# the kernel's.
count_procs() {
	local p stat f n=0
	for p in $(comm_pids "$1"); do
		read -r stat 2>/dev/null <"/proc/$p/stat" || continue
		# After "(comm) ": state ppid pgrp session tty_nr tpgid flags.
		read -ra f <<<"${stat##*) }"
		((f[6] & 0x200000)) || n=$((n + 1))
	done
	echo $n
}

# peer_bin NAME: the peer scheduler NAME that tools/peers/mkpeers built
# ($FLASHYSPARK_PEERS_DIR, else /opt/flashyspark-peers/*/bin); fails if none.
peer_bin() {
	local d
	for d in ${FLASHYSPARK_PEERS_DIR:-} /opt/flashyspark-peers/*/bin; do
		[ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}

sched_state() { cat $SYSFS/state; }
sched_ops() { cat $SYSFS/root/ops 2>/dev/null || echo none; }

# start_sched ARGS...: start the loader with --stats-json in the background
# and wait (up to 20 s) for its "ready" event; its stdout (JSON Lines) and
# stderr go to $SCHED_OUT.
start_sched() {
	SCHED_OUT=$(mktemp /tmp/sched.XXXXXX)
	"$SCX" --stats-json "$@" >"$SCHED_OUT" 2>&1 &
	SCHED_PID=$!
	local i
	for i in $(seq 200); do
		json_get ready ops >/dev/null && return 0
		kill -0 "$SCHED_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "scheduler did not become ready; its output:"
	cat "$SCHED_OUT"
	return 1
}

# stop_sched [SIGNAL]: signal the loader by pid, wait for it; returns its status.
stop_sched() {
	local rc=0
	[ -n "$SCHED_PID" ] || return 0
	kill "-${1:-TERM}" "$SCHED_PID" 2>/dev/null
	wait "$SCHED_PID" || rc=$?
	SCHED_PID=
	return $rc
}

# sched_ok NAME: the scheduler is still enabled, then detaches with status 0.
sched_ok() {
	local state
	state=$(sched_state)
	if stop_sched INT && [ "$state" = enabled ]; then
		pass "$1"
	else
		fail "$1" "state=$state; $(grep -E 'exited|ERROR' "$SCHED_OUT" | head -3)"
		show_dump
	fi
}

# show_dump: the kernel's dump at an error exit, as the loader printed it
# (which task waited where), the first 100 lines, for the log.
show_dump() {
	sed -n "/the kernel's dump at the exit follows/,/end of the kernel's dump/p" \
		"$SCHED_OUT" | head -100
}

# under TAG SET CMD...: CMD (a measurement that prints one line) run under
# the scheduler started with SET's words ("": the defaults) and
# UNDER_ARGS' (both arms' options), its output in UNDER. ARM names the
# set: defaults, or its first flag as a knob (slice_lag_scaling). Returns
# non-zero, after a FAIL ARM-TAG-start, when the scheduler did not start;
# a detach that fails is a FAIL ARM-TAG-detach.
under() {
	local tag=$1 set=$2
	shift 2
	ARM=${set:-defaults}
	ARM=${ARM#--}
	ARM=${ARM%% *}
	ARM=${ARM//-/_}
	# shellcheck disable=SC2086 # words
	start_sched $set ${UNDER_ARGS:-} || {
		fail "$ARM-$tag-start" "$set"
		return 1
	}
	UNDER=$("$@")
	stop_sched INT || fail "$ARM-$tag-detach" "$(tail -3 "$SCHED_OUT")"
	return 0
}

# versus TAG FLAGS CMD...: a knob's effect, the same measurement both
# ways: CMD under the defaults, then under FLAGS (under()); the outputs in
# DEF and ON, each printed. Non-zero if either scheduler did not start.
versus() {
	local tag=$1 flags=$2 rc=0
	shift 2
	DEF='' ON=''
	if under "$tag" "" "$@"; then DEF=$UNDER; else rc=1; fi
	echo "defaults${UNDER_ARGS:+ $UNDER_ARGS} ($tag): $DEF"
	if under "$tag" "$flags" "$@"; then ON=$UNDER; else rc=1; fi
	echo "$ARM ($tag): $ON"
	return $rc
}

# json_get EVENT PATH [--all]: a key of the loader's last EVENT in $SCHED_OUT
# ("final" "exit.kind", "final" "counters.nr_enqueues"); see json-get.
json_get() {
	"$(dirname "${BASH_SOURCE[0]}")/json-get" "$SCHED_OUT" "$@"
}

# counter NAME: counter NAME in the last run's final event.
counter() {
	json_get final "counters.$1"
}

# c NAME: counter nr_NAME of the last loader output, 0 if absent.
c() { counter "nr_$1" | grep . || echo 0; }

# prog_rows NAME: bpftool's line for each loaded BPF program named NAME.
prog_rows() {
	bpftool prog show 2>/dev/null | awk -v want="$1" '$3 == "name" && $4 == want'
}
# prog_count NAME: how many loaded BPF programs are named NAME.
prog_count() { prog_rows "$1" | wc -l; }
# prog_runs NAME: run_cnt of the loaded BPF programs named NAME (counted
# between bpf_stats_on and bpf_stats_off).
prog_runs() {
	prog_rows "$1" | awk '{ for (i = 5; i < NF; i++) if ($i == "run_cnt") s += $(i + 1) } END { print s + 0 }'
}
# bpf_stats_on / bpf_stats_off: the kernel counts BPF programs' runs
# (kernel.bpf_stats_enabled) between them; off puts back what was set.
bpf_stats_on() {
	BPF_STATS0=$(cat /proc/sys/kernel/bpf_stats_enabled)
	echo 1 >/proc/sys/kernel/bpf_stats_enabled
}
bpf_stats_off() {
	echo "${BPF_STATS0:-0}" >/proc/sys/kernel/bpf_stats_enabled
}

# moved NAME COUNTER: the counter of the last run is > 0.
moved() {
	local v
	v=$(c "$2")
	if [ "$v" -gt 0 ]; then pass "$1: nr_$2=$v"; else fail "$1" "nr_$2 stayed 0"; fi
}

# scenario_compare DIR SCENARIO ROUNDS RECIPES: a smoke run of flashyspark
# compare (configs/protect-llama.yaml, tiny model written into DIR, tg
# only) in SCENARIO; its status, the report in DIR/SCENARIO, its output in
# DIR/SCENARIO.out and .err.
scenario_compare() {
	local dir=$1 repo rc
	repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	[ -s "$dir/tiny.gguf" ] ||
		"$BUILD/tools/mkmodel/flashyspark-mkmodel" --preset tiny -o "$dir/tiny.gguf" || return
	"$BUILD/cli/flashyspark" compare "$repo/configs/protect-llama.yaml" \
		--scenario "$2" --rounds "$3" --recipes "$4" --model "$dir/tiny.gguf" \
		--bench-args "-p 0 -n 16 -r 2" --out "$dir/$2" \
		>"$dir/$2.out" 2>"$dir/$2.err"
	rc=$?
	# A failed smoke must say why in the test's log: the failed
	# measurements and the command's last words.
	if [ "$rc" != 0 ]; then
		grep -E 'FAILED|flashyspark:' "$dir/$2.err" | tail -8 | sed "s/^/  $2: /"
		dmesg | grep -E 'sched_ext' | tail -5 | sed "s/^/  $2 dmesg: /"
	fi
	return "$rc"
}

# Make sure no scheduler outlives the suite, whatever happened.
cleanup() {
	[ -n "$SCHED_PID" ] && kill -KILL "$SCHED_PID" 2>/dev/null
	return 0
}
trap cleanup EXIT

finish() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" = 0 ]
}
