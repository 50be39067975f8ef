#!/usr/bin/env bash
# VM suite: the native path. Inside the guest the kernel has sched_ext, so
# with FLASHYSPARK_VM unset tools/quickstart must take the path a user with
# such a kernel takes: tools/build builds natively (here: finds the build
# up to date), vm-run runs the search and the compare natively, no VM
# inside the VM. Run by vm-run with build/ and runs/ writable.
BUILD=$1
. "$(dirname "$0")/lib.sh"

unset FLASHYSPARK_VM
check sched-ext-kernel test -e $SYSFS/state
check_eq state-before disabled "$(sched_state)"
cd /src || exit 1
mode=$(tools/build 2>/tmp/build.err)
check_eq build-mode native "$mode"
check build-said-native grep -q 'build: native build done' /tmp/build.err
grep 'build: native build done' /tmp/build.err
start=$SECONDS
EPISODES=2 ROUNDS=1 tools/quickstart >/tmp/quickstart.out 2>/tmp/quickstart.err
rc=$?
echo "quickstart took $((SECONDS - start)) s"
check_eq quickstart-exit-0 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/  | /' /tmp/quickstart.err | tail -30
check quickstart-native grep -q 'build: native build done' /tmp/quickstart.err
check no-vm-inside sh -c "! grep -q 'virtme\|qemu' /tmp/quickstart.err"
check_eq two-episodes 2 "$(wc -l <runs/quickstart/search/episodes.jsonl)"
check best-written test -s runs/quickstart/search/best_parameters.yaml
check compare-report grep -q eevdf runs/quickstart/compare/report.md
check_eq three-measurements 3 \
	"$(grep -c '"ok":true' runs/quickstart/compare/compare.jsonl)"
# The neighbour scenario: EEVDF, nice -10, default knobs, protect-llama.
check_eq neighbour-four-measurements 4 \
	"$(grep -c '"ok":true' runs/quickstart/neighbour/compare.jsonl)"
check neighbour-verdict-printed grep -q '^== verdict, neighbour ==' /tmp/quickstart.out
# What that compare must show (it is the scenarios' neighbour smoke too):
# the scenario and the recipe arm, the neighbour's share in every run,
# tg under the protected set well above the default knobs', nothing left.
N=runs/quickstart/neighbour
check neighbour-scenario-in-report grep -q "^| scenario | neighbour, beside: a CPU hog per CPU |" $N/report.md
check neighbour-recipe-arm grep -q '"arm":"eevdf-nice"' $N/compare.jsonl
check_eq neighbour-share-every-run 0 "$(grep -c '"neighbour_cpus":null' $N/compare.jsonl)"
# arm_tg ARM: ARM's tg in the compare's one round.
arm_tg() {
	sed -n "s/.*\"arm\":\"$1\".*\"ok\":true.*\"tg\":\([0-9.eE+-]*\).*/\1/p" $N/compare.jsonl | head -1
}
best=$(arm_tg best) def=$(arm_tg default)
echo "  tg beside the hogs: protect-llama $best, default knobs $def"
check "neighbour: protected tg $best >= 1.5 x default $def" \
	awk -v a="$best" -v b="$def" 'BEGIN { exit !(b > 0 && a >= 1.5 * b) }'
check_eq neighbour-no-loader-left 0 "$(count_procs scx_flashyspark)"
check_eq neighbour-no-benchmark-left 0 "$(count_procs llama-bench)"
# The built-in neighbour's shell and hogs carry its loop in their command line.
check_eq neighbour-no-hog-left 0 "$(pgrep -c -f 'while \[ \$i -lt' || true)"
check_eq state-after disabled "$(sched_state)"
sed 's/^/  | /' runs/quickstart/compare/report.md | head -20
finish
