#!/bin/bash
# Probe: spread of the nice -10 : nice 0 CPU-time ratio (x100) under EEVDF
# and --native-priority, 4 s and 10 s windows (why vm.soundness takes a median).
BUILD=$1
. /src/tests/vm/lib.sh
. /src/tests/vm/workload.sh
nr() {
	local a b ra rb
	taskset -c 1 nice -n -10 sh -c 'while :; do :; done' &
	a=$!
	taskset -c 1 sh -c 'while :; do :; done' &
	b=$!
	sleep 0.5
	ra=$(runtime_ns $a); rb=$(runtime_ns $b)
	sleep $1
	ra=$(($(runtime_ns $a) - ra)); rb=$(($(runtime_ns $b) - rb))
	kill $a $b; wait $a $b 2>/dev/null
	echo "$((ra * 100 / (rb > 0 ? rb : 1))) a=$((ra/1000000)) b=$((rb/1000000))"
}
for i in 1 2 3; do echo "EEVDF 4s: $(nr 4)"; done
start_sched --native-priority
for i in 1 2 3 4 5 6; do echo "native 4s: $(nr 4)"; done
for i in 1 2 3 4; do echo "native 10s: $(nr 10)"; done
stop_sched
