#!/usr/bin/env bash
# The search report as a user gets it: a search (synthetic benchmark whose
# knob effects are known, one knob making the benchmark fail) writes
# report.md, episodes.csv and the charts; the effects table finds the
# knobs that help and hurt; `flashyspark report` redoes it elsewhere and
# refuses a directory that is no search; the charts render in Chromium.
# Usage: report-run.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=$1 SRC=$2
FS=$BUILD/cli/flashyspark
T_FAIL=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; T_FAIL=$((T_FAIL + 1)); }
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n" "'$*' failed"; fi; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

SYNTH_NOISE=2 SYNTH_FAIL=timer_kick "$FS" search --scheduler none \
	--bench-cmd "$SRC/tools/synthetic-bench" --algorithm random --metric tg \
	--episodes 48 --seed 5 --out "$dir/run" >"$dir/search.log" 2>&1
check search-ok test $? = 0
check search-says-report grep -q "report in $dir/run/report.md" "$dir/search.log"
for f in report.md episodes.csv values.svg effects.svg; do
	check "wrote-$f" test -s "$dir/run/$f"
done
check no-policy-for-random test ! -e "$dir/run/policy.svg"
check_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi; }
check_eq csv-rows 49 "$(wc -l <"$dir/run/episodes.csv")"
nfail=$(grep -c '"status":"bench-failed"' "$dir/run/episodes.jsonl")
check failures-happened test "$nfail" -gt 0
check failed-table grep -q "^## Failed episodes ($nfail)" "$dir/run/report.md"
check failed-reason grep -q "timer_kick is on: failing as asked" "$dir/run/report.md"
# The synthetic landscape: tickless +6 and sticky_cpu +4 t/s, rr_sched -9.
row() { grep "^| $1 |" "$dir/run/report.md"; }
# row_has KNOB PATTERN: the knob's row of the effects table matches.
row_has() { row "$1" | grep -q -- "$2"; }
check tickless-helps row_has tickless '| + |$'
check sticky-helps row_has sticky_cpu '| + |$'
check rr-hurts row_has rr_sched '| - |$'
check failing-knob-not-varied row_has timer_kick 'not varied'

echo "  $(row tickless)"
echo "  $(row rr_sched)"

# Again, elsewhere; and a directory that is no search.
"$FS" report "$dir/run" --out "$dir/again" >"$dir/again.out" 2>&1
check report-again test $? = 0 -a -s "$dir/again/report.md"
check report-same-csv cmp -s "$dir/run/episodes.csv" "$dir/again/episodes.csv"
"$FS" report "$dir/none" >"$dir/none.out" 2>&1
check_eq report-no-search-rc 1 "$?"
check report-no-search-says grep -q "$dir/none/checkpoint.yaml" "$dir/none.out"

# pg keeps probabilities: its report has the policy chart.
"$FS" search --scheduler none --bench-cmd "$SRC/tools/synthetic-bench" \
	--algorithm pg --metric tg --episodes 30 --seed 5 --out "$dir/pg" >/dev/null 2>&1
check pg-policy-chart test -s "$dir/pg/policy.svg"

# A real browser draws every chart, axes labelled.
browser=$(command -v chromium-headless-shell || command -v chromium)
if [ -z "$browser" ]; then
	fail charts-render "no headless Chromium (tools/vm/packages.txt has it)"
else
	check charts-render "$SRC/tests/browser/svg-render-check" "$browser" \
		"$dir"/run/*.svg "$dir"/pg/*.svg
fi
[ $T_FAIL = 0 ]
