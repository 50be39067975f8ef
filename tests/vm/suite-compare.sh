#!/usr/bin/env bash
# VM suite: flashyspark compare for real. Two rounds of EEVDF, default
# knobs and a knob set on the tiny model (6 llama-bench processes); the
# report's numbers must be the raw runs' means, no scheduler may be left
# loaded, and an interrupted compare must stop its scheduler and say so.
# Then a smoke run in two scenarios (tiny model, tg only):
# oversubscribed (2 x CPUs threads) and bursty (hackbench beside).
BUILD=$1
. "$(dirname "$0")/lib.sh"

FS=$BUILD/cli/flashyspark
W=/tmp/compare-suite
MODEL=$W/tiny.gguf
OUT=$W/out
mkdir -p $W

loaders() { count_procs scx_flashyspark; }

# jsonl_mean ARM KEY: mean and count of KEY over ARM's ok runs.
jsonl_mean() {
	awk -v arm="$1" -v key="$2" '
		index($0, "\"arm\":\"" arm "\"") && index($0, "\"ok\":true") &&
		match($0, "\"" key "\":[-0-9.eE+]+") {
			s += substr($0, RSTART + length(key) + 3,
				    RLENGTH - length(key) - 3)
			n++
		}
		END { if (n) printf "%.6f %d\n", s / n, n }' "$OUT/compare.jsonl"
}

# paired_ratio ARM KEY: the geometric mean over rounds of ARM's KEY over
# EEVDF's in the same round (compare's paired ratio).
paired_ratio() {
	awk -v arm="$1" -v key="$2" '
		function num(k,   s) {
			if (!match($0, "\"" k "\":[-0-9.eE+]+")) return ""
			s = substr($0, RSTART, RLENGTH); sub(/^[^:]*:/, "", s); return s
		}
		index($0, "\"ok\":true") && num(key) != "" {
			if (index($0, "\"arm\":\"" arm "\"")) a[num("round")] = num(key)
			if (index($0, "\"arm\":\"eevdf\"")) e[num("round")] = num(key)
		}
		END {
			for (r in a) if (r in e) { s += log(a[r] / e[r]); n++ }
			if (n) printf "%.4f\n", exp(s / n)
		}' "$OUT/compare.jsonl"
}

# report_cell METRIC ARM COLUMN: a cell of ARM's row in METRIC's table
# (columns: 1 arm, 2 n, 3 mean, 4 CI, 5 ratio, 6 CI of ratio, 7 p, 8 sig).
report_cell() {
	awk -F'|' -v sec="## $1:" -v arm="$2" -v col="$3" '
		/^## / { in_sec = index($0, sec) == 1 }
		in_sec && $2 == " " arm " " {
			v = $(col + 1); gsub(/^ +| +$/, "", v); print v; exit
		}' "$OUT/report.md"
}

# close_to A B: |A - B| <= 0.0011 (the report prints 3 decimals).
close_to() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(a != "" && b != "" && d <= 0.0011 && d >= -0.0011) }'
}

check mkmodel "$BUILD/tools/mkmodel/flashyspark-mkmodel" --preset tiny -o $MODEL
printf 'knobs:\n  tickless: true\n  slice_lag_scaling: true\n' >$W/best.yaml
echo "knob set:"; sed 's/^/  | /' $W/best.yaml
check_eq state-before disabled "$(sched_state)"

start=$(date +%s)
"$FS" compare $W/best.yaml --rounds 2 --model $MODEL --threads 2 \
	--out $OUT >$W/stdout 2>$W/stderr
rc=$?
echo "compare took $(($(date +%s) - start)) s"
sed 's/^/  | /' $W/stderr $W/stdout
check_eq compare-exit 0 "$rc"
check_eq state-after disabled "$(sched_state)"
check_eq no-loader-left 0 "$(loaders)"
for f in report.md chart.svg compare.jsonl; do
	check "wrote-$f" test -s "$OUT/$f"
done
check no-temp-files-left test -z "$(ls $OUT | grep '\.tmp\.')"
check_eq six-measurements 6 "$(grep -c '"ok":true' $OUT/compare.jsonl)"
# Rotated order: A B C, then C A B.
check_eq rotated-order "eevdf default best best eevdf default" \
	"$(sed 's/.*"arm":"\([^"]*\)".*/\1/' $OUT/compare.jsonl | xargs)"

# Every mean in the report is the mean of the raw runs, and every ratio
# the geometric mean of the arm's per-round ratios to EEVDF (paired).
for metric in pp tg; do
	for arm in eevdf default best; do
		set -- $(jsonl_mean $arm $metric)
		mean=$1 n=$2
		check_eq "n-$metric-$arm" "$n" "$(report_cell $metric $arm 2)"
		got=$(report_cell $metric $arm 3)
		if close_to "$mean" "$got"; then
			pass "mean-$metric-$arm"
		else
			fail "mean-$metric-$arm" "report $got, raw runs $mean"
		fi
		[ $arm = eevdf ] && continue
		check_eq "ratio-$metric-$arm" "$(paired_ratio $arm $metric)" \
			"$(report_cell $metric $arm 5)"
		sig=$(report_cell $metric $arm 8)
		check "verdict-$metric-$arm" test "$sig" = yes -o "$sig" = no
	done
done
check svg-well-formed python3 -c \
	"import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])" \
	"$OUT/chart.svg"

# A bad knob set is refused before anything runs, naming FILE:LINE.
printf 'knobs:\n  tickless: maybe\n' >$W/bad.yaml
"$FS" compare $W/bad.yaml --model $MODEL --out $W/bad 2>$W/bad.err
check_eq bad-yaml-exit 2 "$?"
check bad-yaml-says-where grep -q "$W/bad.yaml:2:" $W/bad.err

# SIGINT in the middle: the scheduler is stopped, the report says so.
# A 4 s stand-in benchmark keeps this part short; the signal lands while
# the default-knobs arm has its scheduler loaded.
DATA=$(cd "$(dirname "$0")/../data" && pwd)
"$FS" compare $W/best.yaml --rounds 3 \
	--bench-cmd "sleep 4; cat $DATA/llama-bench-tiny.jsonl" \
	--out $W/int >$W/int.out 2>$W/int.err &
cpid=$!
for i in $(seq 600); do
	grep -q ' default \.\.\.$' $W/int.err &&
		[ "$(sched_state)" = enabled ] && break
	kill -0 $cpid 2>/dev/null || break
	sleep 0.1
done
check_eq scheduler-up-before-sigint enabled "$(sched_state)"
kill -INT $cpid
wait $cpid
check_eq sigint-exit 130 "$?"
sed 's/^/  | /' $W/int.err
check_eq sigint-state-after disabled "$(sched_state)"
check_eq sigint-no-loader-left 0 "$(loaders)"
check sigint-report-says-so grep -q interrupted $W/int/report.md
n=$(wc -l <$W/int/compare.jsonl)
check sigint-partial-jsonl test "$n" -ge 1 -a "$n" -lt 9

# Each run starts on quiet CPUs: once the first run (EEVDF) has ended and
# the next arm's scheduler is enabled, a busy loop runs on every CPU for
# 3 s (started from this script, not from the benchmark: compare ends
# whatever its runs leave behind). That run (the default knobs) must not
# start before the last loop ended: compare waits for a quiet window
# after loading the scheduler (at most 5 s); without the wait it starts
# within the loops.
cat >$W/quiet-bench.sh <<'EOS'
echo "${EPOCHREALTIME/./}" >>$1/quiet-starts
cat $2
: >>$1/quiet-first-done
EOS
rm -f $W/quiet-starts $W/quiet-first-done $W/quiet-ends
(
	while [ ! -e $W/quiet-first-done ]; do sleep 0.01; done
	for i in $(seq 6000); do
		[ "$(sched_state)" = enabled ] && break
		sleep 0.01
	done
	for i in $(seq $(nproc)); do
		(
			end=$((${EPOCHREALTIME/./} + 3000000))
			while ((${EPOCHREALTIME/./} < end)); do :; done
			echo ${EPOCHREALTIME/./} >>$W/quiet-ends
		) &
	done
	wait
) &
burner=$!
"$FS" compare $W/best.yaml --rounds 1 \
	--bench-cmd "bash $W/quiet-bench.sh $W $DATA/llama-bench-tiny.jsonl" \
	--out $W/quiet >$W/quiet.out 2>$W/quiet.err
check_eq quiet-compare-exit 0 "$?"
: >>$W/quiet-first-done # had it not run at all, the loops start now
wait $burner
second=$(sed -n 2p $W/quiet-starts)
ended=$(sort -n $W/quiet-ends 2>/dev/null | tail -1)
echo "quiet: busy loops ended at $ended, the second run started at $second (us)"
check quiet-second-run-after-busy test -n "$ended" -a -n "$second" -a \
	"${second:-0}" -ge "${ended:-1}"

# pin keeps the neighbour off the benchmark's CPUs: one benchmark thread
# on CPU 0, so the neighbour (a hog per CPU) gets the other CPUs only;
# its CPU share (its threads' schedstat) must stay at most theirs, while
# beside EEVDF's arm (a stand-in benchmark that sleeps) it takes them all.
"$FS" compare $W/best.yaml --rounds 1 --scenario neighbour --threads 1 \
	--recipes pin --bench-cmd "sleep 3; cat $DATA/llama-bench-tiny.jsonl" \
	--out $W/pin >$W/pin.out 2>$W/pin.err
check_eq pin-compare-exit 0 "$?"
neighbour_cpus() {
	grep "\"arm\":\"$1\"" $W/pin/compare.jsonl |
		grep -o '"neighbour_cpus":[0-9.]*' | cut -d: -f2
}
n_pin=$(neighbour_cpus eevdf-pin) n_eevdf=$(neighbour_cpus eevdf)
echo "pin: the neighbour used $n_pin CPUs beside pin, $n_eevdf beside EEVDF ($(nproc) CPUs)"
check pin-neighbour-kept-off awk -v p="$n_pin" -v e="$n_eevdf" -v n=$(nproc) \
	'BEGIN { exit !(p != "" && e != "" && p <= n - 1 + 0.1 && e >= n - 0.5) }'
check pin-report-says-so grep -q "a neighbour if any to 1-" $W/pin/report.md

# A peer (the kernel's scx_simple, built by tools/peers/mkpeers) is an arm
# like ours: each of its runs happens with it loaded (the stand-in
# benchmark records root/ops), it is stopped after, and it has its row.
if ! peer_bin scx_simple >/dev/null; then
	fail peer-built "no scx_simple: run tools/peers/mkpeers"
else
	"$FS" compare $W/best.yaml --rounds 2 --peer scx_simple \
		--bench-cmd "cat $SYSFS/root/ops >>$W/peer-ops; cat $DATA/llama-bench-tiny.jsonl" \
		--out $W/peer >$W/peer.out 2>$W/peer.err
	check_eq peer-compare-exit 0 "$?"
	sed 's/^/  | /' $W/peer.err
	check_eq peer-runs-ok 2 "$(grep '"arm":"peer-scx_simple"' $W/peer/compare.jsonl | grep -c '"ok":true')"
	check_eq peer-loaded-in-its-runs 2 "$(grep -cx simple $W/peer-ops)"
	check_eq peer-ours-in-ours 4 "$(grep -cx flashyspark $W/peer-ops)"
	check peer-row grep -q '^| peer-scx_simple |' $W/peer/report.md
	check_eq peer-state-after disabled "$(sched_state)"
	check_eq peer-none-left 0 "$(count_procs 'scx_*')"
fi

# --- compare in two scenarios (smoke) ---------------------------------------
scenario_compare $W oversubscribed 1 none
check_eq oversubscribed-exit 0 "$?"
check oversubscribed-threads grep -q -- "-t $((2 * $(nproc)))" $W/oversubscribed/report.md
scenario_compare $W bursty 1 none
check_eq bursty-exit 0 "$?"
check bursty-share grep -q '"neighbour_cpus":[0-9]' $W/bursty/compare.jsonl
check_eq scenarios-no-scheduler-left disabled "$(sched_state)"
finish
