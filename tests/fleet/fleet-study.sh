#!/usr/bin/env bash
# A shared search end to end, through a real PostgreSQL server started in
# a temporary folder on loopback (tools/pg-scratch): three nodes with
# --scheduler none and the synthetic benchmark, one SIGKILLed in the
# middle of an episode; the study completes its budget with every
# evaluation done exactly once; a one-node study gives the very sequence
# `search` gives on one machine with the same seed; nodes with other
# settings or other hardware are refused; Ctrl-C gives a claim back.
# Seen red: with lapsed leases never issued again, the two live nodes
# waited for the dead one's evaluation and 9 checks failed.
# Usage: fleet-study.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 src=$2
fs=$build/cli/flashyspark
synth=$src/tools/synthetic-bench
tmp=$(mktemp -d)
chmod 755 "$tmp" # the server runs as postgres when we are root
pgdir=$tmp/pg
pids=()
fails=0
# A node and its benchmark's process group (the runner makes one).
kill_node() {
	local c
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		kill -KILL -- "-$c" 2>/dev/null
	done
	kill -KILL "$1" 2>/dev/null
}
cleanup() {
	for p in "${pids[@]}"; do kill_node "$p"; done
	"$src/tools/pg-scratch" stop "$pgdir"
	rm -rf "$tmp"
}
trap cleanup EXIT
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# wait_for PID SECONDS: its exit status, or 124 (and killed) when late.
wait_for() {
	local i
	for i in $(seq 1 $(( $2 * 10 ))); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1"
		wait "$1" 2>/dev/null
		return 124
	fi
	wait "$1"
}
check() { # check WHAT COMMAND...
	local what=$1; shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

url=$("$src/tools/pg-scratch" start "$pgdir") || { echo "FAIL: no PostgreSQL server"; exit 1; }
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
sql() { "$bin/psql" -X -A -t -q "$url" -c "$1"; }
echo "server: $url"

# Same options on every node (the study checks them).
opts=(--metric tg --algorithm pg --seed 7 --scheduler none --bench-cmd "$synth" --lease 3)

# 1. Three nodes, one killed mid-episode.
export SYNTH_SLEEP=0.4
for n in 1 2 3; do
	"$fs" search --storage "$url" --study three --episodes 30 "${opts[@]}" \
		--node "n$n" --out "$tmp/out$n" >"$tmp/n$n.out" 2>"$tmp/n$n.err" &
	pids+=($!)
	eval "pid$n=$!"
done
# Wait until n3 holds a claim, stop it there (SIGSTOP: it can neither
# finish nor give it back), read which, then SIGKILL it and its benchmark.
killed_seq=
for i in $(seq 1 200); do
	if [ "$(sql "SELECT count(*) FROM flashyspark_evaluation WHERE node = 'n3' AND status = 'claimed'" 2>/dev/null)" = 1 ]; then
		kill -STOP "$pid3"
		killed_seq=$(sql "SELECT seq FROM flashyspark_evaluation WHERE node = 'n3' AND status = 'claimed'")
		[ -n "$killed_seq" ] && break
		kill -CONT "$pid3"
	fi
	sleep 0.05
done
kill_node "$pid3"
check "n3 killed while holding evaluation ${killed_seq:-?}" test -n "$killed_seq"
rc1=0 rc2=0
wait_for "$pid1" 90 || rc1=$?
wait_for "$pid2" 30 || rc2=$?
check "the two other nodes finish the study (rc $rc1 $rc2)" test "$rc1$rc2" = 00
[ "$rc1$rc2" = 00 ] || tail -5 "$tmp/n1.err" "$tmp/n2.err"
check "30 evaluations done, seq 1..30, none twice" \
	test "$(sql "SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM flashyspark_evaluation WHERE study = 'three' AND status = 'done'")" = "30|30|1|30"
check "nothing pending, running or beyond the budget" \
	test "$(sql "SELECT count(*) FROM flashyspark_evaluation WHERE study = 'three' AND (status <> 'done' OR seq > 30)")" = 0
check "the killed node's evaluation was issued again and done by another node" \
	test "$(sql "SELECT node <> 'n3' AND attempt >= 2 FROM flashyspark_evaluation WHERE study = 'three' AND seq = ${killed_seq:-0}")" = t
check "the study's state has applied all 30 in order" \
	test "$(sql "SELECT issued || '/' || applied FROM flashyspark_study WHERE name = 'three'")" = "30/30"
"$fs" study three --storage "$url" --export "$tmp/export" >"$tmp/study.out" 2>&1
check "flashyspark study shows the progress and the three nodes" \
	grep -q "progress: 30 done (30 in the search's state), 0 running" "$tmp/study.out"
check "  ... n1, n2 and n3 each with their count" \
	test "$(grep -cE '^  n[123] +[0-9]+ done' "$tmp/study.out")" = 3
# The engine counted each evaluation once: its sets' runs (n + failed),
# with the held-out runs, add up to the 30 results.
runs=$(python3 -c '
import json, sys
lines = open(sys.argv[1] + "/episodes.jsonl").read().splitlines()
idx = [json.loads(l)["index"] for l in lines]
print(len(lines), len(set(idx)), min(idx), max(idx))' "$tmp/export")
check "exported episodes.jsonl: 30 lines, indices 0..29 once each ($runs)" test "$runs" = "30 30 0 29"
check "the engine's tables count 30 runs (sets + held-out re-test)" \
	test "$(python3 -c '
import re, sys
t = open(sys.argv[1] + "/checkpoint.yaml").read()
def vec(name):
    m = re.search(r"\n  " + name + r": \[([^\]]*)\]", t)
    return [float(v) for v in m.group(1).split(",")] if m and m.group(1).strip() else []
sets = vec("sets"); rt = vec("retest")
n = sum(sets[i + 1] + sets[i + 2] for i in range(0, len(sets), 8))
held = rt[5:]
n += held[1] + held[9]   # held-out runs (n) of winner and runner-up
print(int(n))' "$tmp/export")" = 30
check "best_parameters.yaml exported and written by the nodes" \
	test -s "$tmp/export/best_parameters.yaml" -a -s "$tmp/out1/best_parameters.yaml"
check "the report runs on the exported study" \
	sh -c "'$fs' report '$tmp/export' >/dev/null 2>&1"

# 2. One node and the same seed: the very sequence `search` runs.
unset SYNTH_SLEEP
"$fs" search --storage "$url" --study alone --episodes 40 "${opts[@]}" \
	--out "$tmp/alone" >/dev/null 2>"$tmp/alone.err" || { bad "one-node study"; tail -3 "$tmp/alone.err"; }
"$fs" study alone --storage "$url" --export "$tmp/alone-export" >/dev/null 2>&1
"$fs" search --episodes 40 --metric tg --algorithm pg --seed 7 --scheduler none \
	--bench-cmd "$synth" --out "$tmp/local" >/dev/null 2>&1 || bad "local search"
seq_of() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    print(e["role"], ",".join(sorted(k for k, v in e["knobs"].items() if v)) if isinstance(e["knobs"], dict) else e["knobs"], e.get("tg"))' "$1/episodes.jsonl"
}
seq_of "$tmp/local" >"$tmp/local.seq"
seq_of "$tmp/alone-export" >"$tmp/alone.seq"
check "one-node study = search on one machine: 40 proposals, roles and results alike" \
	cmp -s "$tmp/local.seq" "$tmp/alone.seq"
cmp -s "$tmp/local.seq" "$tmp/alone.seq" || diff "$tmp/local.seq" "$tmp/alone.seq" | head -5
check "  ... and the same best set" \
	test -s "$tmp/local/best_parameters.yaml" -a -s "$tmp/alone-export/best_parameters.yaml"
check "  ... the same knobs in it" \
	cmp -s <(grep -v '^#' "$tmp/local/best_parameters.yaml" | grep -A30 '^knobs:') \
		<(grep -v '^#' "$tmp/alone-export/best_parameters.yaml" | grep -A30 '^knobs:')
check "  ... over 40 lines" test "$(wc -l <"$tmp/local.seq")" = 40

# 3. Refusals: other settings; other hardware.
"$fs" search --storage "$url" --study three --episodes 31 "${opts[@]}" >/dev/null 2>"$tmp/other.err"
rc=$?
check "a node with another budget is refused (rc $rc): $(head -c 120 "$tmp/other.err")" \
	grep -q "episodes: the study has 30, this node asks for 31" "$tmp/other.err"
sql "UPDATE flashyspark_study SET fingerprint = 'cpu=elsewhere' WHERE name = 'three'"
"$fs" search --storage "$url" --study three --episodes 30 "${opts[@]}" >/dev/null 2>"$tmp/hw.err"
rc=$?
check "a node on other hardware is refused (rc $rc)" \
	sh -c "test $rc = 1 && grep -q 'differs from the study' '$tmp/hw.err'"

# 4. Ctrl-C while holding a claim: given back at once, exit 130.
export SYNTH_SLEEP=30
"$fs" search --storage "$url" --study intr --episodes 5 "${opts[@]}" --node ci \
	>/dev/null 2>"$tmp/intr.err" &
ipid=$!
pids+=($ipid)
for i in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM flashyspark_evaluation WHERE study = 'intr' AND status = 'claimed'" 2>/dev/null)" = 1 ] && break
	sleep 0.1
done
t0=$(date +%s)
kill -INT "$ipid"
rc=0
wait_for "$ipid" 20 || rc=$?
check "Ctrl-C: exit 130 within 5 s (rc $rc, $(( $(date +%s) - t0 )) s)" \
	test "$rc" = 130 -a $(( $(date +%s) - t0 )) -le 5
check "  ... its evaluation is pending again for another node" \
	test "$(sql "SELECT status || ' ' || coalesce(node, '-') FROM flashyspark_evaluation WHERE study = 'intr' AND seq = 1")" = "pending -"
check "bad usage: --storage without --study (exit 2)" \
	sh -c "'$fs' search --storage '$url' --metric tg --episodes 3 >/dev/null 2>&1; test \$? = 2"
check "flashyspark study: no such study (exit 1)" \
	sh -c "'$fs' study nosuch --storage '$url' >/dev/null 2>&1; test \$? = 1"

echo "fleet: $fails failed"
[ "$fails" = 0 ]
