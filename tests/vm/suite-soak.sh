#!/usr/bin/env bash
# VM suite: soak. A 50-episode random search back to back, every episode
# loading scx_flashyspark for real with a fast benchmark, while the
# scheduler child is SIGKILLed at random moments and the search itself is
# stopped (SIGTERM, SIGKILL, SIGTERM) and resumed with --resume. Then
# nothing may be left loaded, the outputs must parse, the episode count
# must be right and the run must resume once more. SOAK_SEED=N repeats
# the same random moments.
BUILD=$1
. "$(dirname "$0")/lib.sh"

FS=$BUILD/cli/flashyspark
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=/tmp/soak
EPISODES=50
SEED=${SOAK_SEED:-$(date +%s)}
RANDOM=$SEED
SEARCH_PID=
KILLS=0

# Whatever happens, no search (and so, by its death signal, no scheduler
# child) outlives the suite.
cleanup() {
	[ -n "$SEARCH_PID" ] && kill -KILL "$SEARCH_PID" 2>/dev/null
	return 0
}

# alive PID: running, not a zombie waiting for us.
alive() {
	local line
	read -r line 2>/dev/null <"/proc/$1/stat" || return 1
	line=${line##*) }
	[ "${line%% *}" != Z ]
}

# sched_child_of PID: the pid of PID's scx_flashyspark child, if any.
sched_child_of() {
	local parent=$1 f line rest
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		case $line in *"(scx_flashyspark) "*) ;; *) continue ;; esac
		rest=${line##*) }
		set -- $rest
		if [ "$2" = "$parent" ]; then
			echo "${line%% *}"
			return 0
		fi
	done
	return 1
}

loaders() {
	local f line n=0
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		case $line in *"(scx_flashyspark) "*) alive "${line%% *}" && n=$((n + 1)) ;; esac
	done
	echo $n
}

episodes_done() {
	if [ -f $OUT/episodes.jsonl ]; then wc -l <$OUT/episodes.jsonl; else echo 0; fi
}

# settled NAME: within 10 s sched_ext is disabled and no loader is left.
settled() {
	local i
	for i in $(seq 100); do
		[ "$(sched_state)" = disabled ] && [ "$(loaders)" = 0 ] && break
		sleep 0.1
	done
	check_eq "$1-disabled" disabled "$(sched_state)"
	check_eq "$1-no-loader" 0 "$(loaders)"
}

# search ARGS...: start flashyspark search in the background.
search() {
	"$FS" search "$@" 2>>/tmp/soak.err &
	SEARCH_PID=$!
}

# finish_search: wait for the search; its exit status goes in RC (not
# printed: a $(...) subshell cannot wait for this shell's child).
finish_search() {
	RC=0
	wait "$SEARCH_PID" || RC=$?
	SEARCH_PID=
}

# harass TARGET: until TARGET episodes are recorded (or the search ends),
# SIGKILL the scheduler child at random moments, about 1 look in 3.
harass() {
	local target=$1 pid
	while alive "$SEARCH_PID" && [ "$(episodes_done)" -lt "$target" ]; do
		sleep "$((RANDOM % 2)).$((RANDOM % 10))"
		[ $((RANDOM % 3)) = 0 ] || continue
		pid=$(sched_child_of "$SEARCH_PID") || continue
		kill -KILL "$pid" 2>/dev/null && KILLS=$((KILLS + 1))
	done
}

# mid_episode: wait (up to 30 s) until the search has a scheduler child;
# prints its pid.
mid_episode() {
	local i pid
	for i in $(seq 300); do
		pid=$(sched_child_of "$SEARCH_PID") && { echo "$pid"; return 0; }
		sleep 0.1
	done
	return 1
}

phase() {
	echo "--- $1 ($(($(date +%s) - T0)) s, $(episodes_done) episodes, $KILLS scheduler kills)"
}

echo "soak seed $SEED (SOAK_SEED=$SEED repeats it)"
T0=$(date +%s)
rm -rf $OUT /tmp/soak.err
check_eq state-before disabled "$(sched_state)"

phase "search, scheduler SIGKILLed at random, SIGTERM after 12 episodes"
search --algorithm random --metric tg --episodes $EPISODES --seed 5 \
	--scx-binary "$SCX" --bench-timeout 60 \
	--bench-cmd "SYNTH_SLEEP=0.3 $SRC/tools/synthetic-bench" --out $OUT
harass 12
mid_episode >/dev/null
kill -TERM "$SEARCH_PID"
finish_search
check_eq sigterm-exit-130 130 "$RC"
settled after-sigterm
check_eq checkpoint-matches-episodes "$(episodes_done)" \
	"$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["done"])' \
		$OUT/checkpoint.yaml 2>&1)"

phase "resume, SIGKILL of the search itself mid-episode after 25"
search --resume $OUT
harass 25
child=$(mid_episode)
kill -KILL "$SEARCH_PID"
finish_search
check_eq sigkill-exit-137 137 "$RC"
# The orphaned scheduler gets SIGTERM from its parent's death and unloads.
settled after-sigkill
if [ -n "$child" ] && alive "$child"; then
	fail orphan-scheduler-gone "scx_flashyspark $child outlived the search"
else
	pass orphan-scheduler-gone
fi

phase "resume, SIGTERM mid-episode after 38"
search --resume $OUT
harass 38
mid_episode >/dev/null
kill -TERM "$SEARCH_PID"
finish_search
check_eq second-sigterm-exit-130 130 "$RC"
settled after-second-sigterm

phase "resume to the end"
search --resume $OUT
harass $EPISODES
finish_search
check_eq end-exit-0 0 "$RC"
settled after-end
phase "done"

check_eq episode-count $EPISODES "$(episodes_done)"
echo "episodes by status:"
python3 - $OUT/episodes.jsonl <<'EOF' | sed 's/^/  | /'
import collections, json, sys
print(collections.Counter(json.loads(l)["status"] for l in open(sys.argv[1])))
EOF
# Every line is JSON, indices run 0..N-1 once each, and every episode is ok
# or a scheduler failure with its reason (only the scheduler was harmed).
if out=$(python3 - $OUT/episodes.jsonl $EPISODES $KILLS <<'EOF' 2>&1
import json, sys
eps = [json.loads(l) for l in open(sys.argv[1])]
assert [e["index"] for e in eps] == list(range(int(sys.argv[2]))), "indices"
for e in eps:
    ok = e["status"] == "ok" and e["reason"] == ""
    sched = e["status"].startswith("sched-") and e["reason"]
    assert ok or sched, "episode %d: %s %r" % (e["index"], e["status"], e["reason"])
failed = sum(e["status"] != "ok" for e in eps)
assert int(sys.argv[3]) == 0 or failed > 0, "kills but no failed episode"
EOF
); then pass episodes-parse-and-explained; else fail episodes-parse-and-explained "$out"; fi
[ "$KILLS" -ge 3 ] && pass "scheduler-killed-$KILLS-times" ||
	fail scheduler-killed "only $KILLS kills"
check checkpoint-parses python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert d["done"] == int(sys.argv[2])' \
	$OUT/checkpoint.yaml $EPISODES
check best-parses python3 -c 'import sys, yaml; assert yaml.safe_load(open(sys.argv[1]))["knobs"]' \
	$OUT/best_parameters.yaml
if "$SCX" --config $OUT/best_parameters.yaml --print-config >/tmp/soak-cfg.out 2>&1; then
	pass best-loads-with-config
else
	fail best-loads-with-config "$(cat /tmp/soak-cfg.out)"
fi

# The finished run still resumes: 3 more episodes.
search --resume $OUT --episodes $((EPISODES + 3))
finish_search
check_eq resume-more-exit-0 0 "$RC"
check_eq resume-more-count $((EPISODES + 3)) "$(episodes_done)"
settled after-resume-more
echo "search stderr (last lines):"
tail -5 /tmp/soak.err | sed 's/^/  | /'
phase "end"
finish
