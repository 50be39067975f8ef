#!/usr/bin/env bash
# VM suite: flashyspark search for real. Each of 6 episodes loads
# scx_flashyspark with a knob set, runs llama-bench on the tiny model and
# unloads it; then the best set loads with --config, replays a command, and
# is compared with EEVDF and the default knobs.
BUILD=$1
. "$(dirname "$0")/lib.sh"

FS=$BUILD/cli/flashyspark
MODEL=/tmp/tiny.gguf
OUT=/tmp/search-tg

loaders() { count_procs scx_flashyspark; }

check mkmodel "$BUILD/tools/mkmodel/flashyspark-mkmodel" --preset tiny -o $MODEL
check_eq state-before disabled "$(sched_state)"

start=$(date +%s)
"$FS" search --metric tg --episodes 6 --model $MODEL --threads 2 \
	--seed 1 --out $OUT 2>/tmp/search.err
rc=$?
end=$(date +%s)
echo "search took $((end - start)) s"
sed 's/^/  | /' /tmp/search.err
check_eq search-exit-0 0 "$rc"
check_eq six-episodes 6 "$(wc -l <$OUT/episodes.jsonl)"
check_eq six-numeric-tg 6 "$(grep -c '"tg":[0-9][0-9.e+-]*,' $OUT/episodes.jsonl)"
# A knob set may make the scheduler fail (a stall): then the episode is
# failed, with the kernel's reason, and the search goes on.
check_eq every-episode-ok-or-explained 6 "$(grep -c -e '"status":"ok","reason":""' \
	-e '"status":"sched-[a-z-]*","reason":"[^"]' $OUT/episodes.jsonl)"
if grep -q '"status":"sched-error"' $OUT/episodes.jsonl; then
	check kernel-reason-kept grep -q '"status":"sched-error","reason":"[^"]*scheduler exited: ' \
		$OUT/episodes.jsonl
fi
# Each episode records what the scheduler did: its final counters.
check episodes-have-counters python3 -c '
import json, sys
eps = [json.loads(l) for l in open(sys.argv[1])]
ok = [e for e in eps if e["status"] == "ok"]
sys.exit(not ok or any(not (e["counters"] or {}).get("nr_enqueues") for e in ok))
' $OUT/episodes.jsonl
echo "episodes:"
sed 's/^/  | /' $OUT/episodes.jsonl
check_eq state-after-search disabled "$(sched_state)"
check_eq no-loader-left 0 "$(loaders)"
check keep-it-comment grep -qx '# keep it: scx_flashyspark --config best_parameters.yaml' \
	$OUT/best_parameters.yaml
if "$SCX" --config $OUT/best_parameters.yaml --print-config >/tmp/cfg.out 2>&1; then
	pass best-loads-with-config
else
	fail best-loads-with-config "$(cat /tmp/cfg.out)"
fi
echo "best_parameters.yaml:"
sed 's/^/  | /' $OUT/best_parameters.yaml

# replay: the knob set is loaded while CMD runs, and unloaded after.
got=$("$FS" replay $OUT/best_parameters.yaml \
	--run "cat $SYSFS/state $SYSFS/root/ops" 2>/tmp/replay.err)
rc=$?
check_eq replay-exit-0 0 "$rc"
check_eq replay-ran-under-scheduler "enabled flashyspark" "$(echo $got)"
check_eq state-after-replay disabled "$(sched_state)"
check_eq no-loader-left-after-replay 0 "$(loaders)"

# Ctrl-C during replay --run: the command ends at once, the scheduler is
# unloaded, exit 130, and what the command printed so far came through.
"$FS" replay $OUT/best_parameters.yaml --run "echo started; sleep 100" \
	>/tmp/replay-int.out 2>/tmp/replay-int.err &
pid=$!
for i in $(seq 600); do
	grep -q started /tmp/replay-int.out && break
	sleep 0.1
done
check replay-streams-output grep -q started /tmp/replay-int.out
t0=$(date +%s.%N)
kill -INT $pid
wait $pid
rc=$?
took=$(python3 -c "print(round($(date +%s.%N) - $t0, 2))")
echo "  replay stopped in $took s"
check_eq replay-ctrl-c-exit-130 130 "$rc"
check replay-ctrl-c-within-3s python3 -c "import sys; sys.exit(not $took < 3)"
check_eq state-after-replay-ctrl-c disabled "$(sched_state)"
check_eq no-loader-left-after-replay-ctrl-c 0 "$(loaders)"

# compare on the search's result: EEVDF, default knobs and the best set.
"$FS" compare $OUT/best_parameters.yaml --rounds 2 --model $MODEL --threads 2 \
	--out /tmp/compare-best 2>/tmp/compare.err
rc=$?
check_eq compare-on-result-exit-0 0 "$rc"
check_eq compare-on-result-six-measurements 6 \
	"$(grep -c '"ok":true' /tmp/compare-best/compare.jsonl)"
check compare-on-result-report grep -q 'eevdf' /tmp/compare-best/report.md
check_eq state-after-compare disabled "$(sched_state)"
check_eq no-loader-left-after-compare 0 "$(loaders)"
sed 's/^/  | /' /tmp/compare-best/report.md

# A scheduler that cannot load is a failed episode with its reason.
"$FS" search --metric tg --episodes 2 --scx-binary /bin/false \
	--bench-cmd "cat /src/tests/data/llama-bench-tiny.jsonl" \
	--out /tmp/search-fail 2>/dev/null
check_eq failed-load-exit-1 1 "$?"
check_eq failed-load-recorded 2 \
	"$(grep -c '"status":"sched-load-failed"' /tmp/search-fail/episodes.jsonl)"
finish
