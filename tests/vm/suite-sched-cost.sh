#!/usr/bin/env bash
# VM suite: sched-run and a one-round quick bench/sched-cost. sched-run must
# load and unload each arm by pid, pass CMD's status through, and report a
# scheduler that died during CMD (126) or never loaded (125); sched-cost's
# parsers must read every real workload's output (hackbench, cyclictest,
# stress-ng, llama-bench) for every arm, and ratio-stats must print a row
# per arm, scx_simple (tools/peers/mkpeers) among them.
BUILD=$1
. "$(dirname "$0")/lib.sh"

RUN=$BUILD/bench/sched-run
W=/tmp/sched-cost-suite
mkdir -p $W

# Running schedulers of ours or the peers'.
loaders() { count_procs 'scx_*'; }

check_eq state-before disabled "$(sched_state)"
check_eq eevdf-runs 0 "$("$RUN" --eevdf -- true; echo $?)"
check_eq flashyspark-ops flashyspark "$("$RUN" --flashyspark -- cat $SYSFS/root/ops)"
check_eq config-ops flashyspark \
	"$("$RUN" --flashyspark --config configs/low-latency.yaml -- cat $SYSFS/root/ops)"
check_eq cmd-status-passed 3 "$("$RUN" --flashyspark -- sh -c 'exit 3' >/dev/null; echo $?)"
check_eq state-after-runs disabled "$(sched_state)"
printf 'knobs:\n  tickless: maybe\n' >$W/bad.yaml
check_eq bad-config-125 125 "$("$RUN" --flashyspark --config $W/bad.yaml -- true 2>/dev/null; echo $?)"
check_eq missing-peer-125 125 "$("$RUN" --peer scx_nothing_here -- true 2>/dev/null; echo $?)"
# The scheduler SIGKILLed under CMD: the run is not the arm's (126).
kill_loader='for c in /proc/[0-9]*/comm; do
	[ "$(cat $c 2>/dev/null)" = scx_flashyspark ] && { p=${c#/proc/}; kill -KILL ${p%/comm}; }
done; sleep 1'
check_eq loader-killed-126 126 "$("$RUN" --flashyspark -- sh -c "$kill_loader" 2>/dev/null; echo $?)"
check_eq state-after-kill disabled "$(sched_state)"

# The peers are part of every measurement: missing ones fail the suite.
peers=scx_simple
if peer_bin scx_simple >/dev/null; then
	check_eq peer-ops simple "$("$RUN" --peer scx_simple -- cat $SYSFS/root/ops)"
else
	fail peer-built "no scx_simple: run tools/peers/mkpeers"
fi

start=$(date +%s)
bench/sched-cost --in-guest --rounds 1 --quick --peers "$peers" --build "$BUILD" \
	--out $W/out >$W/stdout 2>$W/stderr
rc=$?
echo "sched-cost took $(($(date +%s) - start)) s"
sed 's/^/  | /' $W/stderr $W/stdout
check_eq sched-cost-exit 0 "$rc"
check no-failures test ! -e $W/out/failures.txt
arms="eevdf default low-latency throughput tuned $peers"
for a in $arms; do
	# Eight metrics (hackbench time, switches, idle; p50, p99; stress-ng;
	# pp, tg), each tagged with its round (0: the only one).
	check_eq "eight-samples-$a" 8 "$(grep -c "^[a-z0-9_]* $a [0-9.]* 0$" $W/out/samples.txt)"
	# A matrix row: the arm and eight ratio cells.
	check_eq "row-$a" 10 "$(grep "^| $a |" $W/out/results.md | head -1 | tr -cd '|' | wc -c)"
done
# Rounds named: the report compares paired by round.
check paired-report grep -q "^Paired by round" $W/out/results.md
# The llama step runs the scenario search and compare run (scenario-run):
# with a user's neighbour (one hog), every arm records the neighbour's CPU
# share from its process group, ended with the run (no hog left after).
bench/sched-cost --in-guest --rounds 1 --quick --peers "" --arms-only --only llama \
	--scenario neighbour --neighbour 'while :; do :; done # nb-marker' --build "$BUILD" \
	--out $W/nb >$W/nb.out 2>$W/nb.err
rc=$?
sed 's/^/  | /' $W/nb.err
check_eq sched-cost-neighbour-exit 0 "$rc"
for a in eevdf default; do
	check "neighbour-share-$a" awk -v a="$a" \
		'$1 == "llama_neighbour_cpus" && $2 == a && $3 > 0.2 && $3 <= 1.05 { f = 1 } END { exit !f }' \
		$W/nb/samples.txt
	check "neighbour-tg-$a" awk -v a="$a" \
		'$1 == "llama_tg_ts" && $2 == a && $3 > 0 { f = 1 } END { exit !f }' $W/nb/samples.txt
done
left=0
for c in /proc/[0-9]*/cmdline; do
	[[ $(tr '\0' ' ' <"$c" 2>/dev/null) == *nb-marker* ]] && left=$((left + 1))
done
check_eq neighbour-none-left 0 "$left"
bench/sched-cost --scenario smt --rounds 1 >/dev/null 2>$W/smt.err
check_eq smt-without-siblings-2 2 $?
check smt-says-why grep -q "needs a VM with SMT siblings" $W/smt.err
# bpf-cost: the kernel's own accounting of each scheduler's callbacks
# (bpf_stats) under llama-bench tg, one quick round: a positive cost per
# context switch and per wakeup for ours and scx_simple, select_cpu and
# dispatch among the callbacks, and a paired ratio row; EEVDF's tg alone.
bench/bpf-cost --in-guest --rounds 1 --quick --eevdf --build "$BUILD" --out $W/bpf \
	>$W/bpf.out 2>$W/bpf.err
rc=$?
sed 's/^/  | /' $W/bpf.err $W/bpf.out
check_eq bpf-cost-exit 0 "$rc"
for a in default scx_simple; do
	for m in bpf_ns_per_ctxt bpf_ns_per_wakeup cb_select_cpu_ns cb_dispatch_ns llama_tg_ts; do
		check "bpf-cost-$a-$m>0" awk -v a="$a" -v m="$m" \
			'$1 == m && $2 == a && $3 > 0 { f = 1 } END { exit !f }' $W/bpf/samples.txt
	done
done
# EEVDF: tg only (no scheduler of ours to account), and a tg ratio to it.
check bpf-cost-eevdf-tg awk '$1 == "llama_tg_ts" && $2 == "eevdf" && $3 > 0 { f = 1 } END { exit !f }' \
	$W/bpf/samples.txt
check_eq bpf-cost-eevdf-no-bpf 0 "$(grep -c '^bpf_ns_per_ctxt eevdf ' $W/bpf/samples.txt)"
check bpf-cost-tg-to-eevdf grep -q "^### llama_tg_ts to EEVDF" $W/bpf/results.md
check bpf-cost-row grep -q "^| default | 1 | " $W/bpf/results.md
check bpf-cost-sysctl-off test "$(sysctl -n kernel.bpf_stats_enabled)" = 0
bench/bpf-cost --rounds 0 >/dev/null 2>&1
check_eq bpf-cost-rounds0-2 2 $?
# A workload or arm it does not know is a usage error, before any boot.
bench/sched-cost --only hackbench,nope >/dev/null 2>&1
check_eq only-unknown-2 2 $?
bench/sched-cost --arm 'x=default' >/dev/null 2>&1
check_eq arm-malformed-2 2 $?
check_eq state-after disabled "$(sched_state)"
check_eq no-loader-left 0 "$(loaders)"
[ "$(loaders)" = 0 ] || ps -eo pid,stat,ppid,args | awk 'NR == 1 || $4 ~ /scx_/' | sed 's/^/  | /'
finish
