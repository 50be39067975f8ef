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
check_eq state-after disabled "$(sched_state)"
sed 's/^/  | /' runs/quickstart/compare/report.md | head -20
finish
