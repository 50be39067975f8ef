#!/usr/bin/env bash
# VM suite: the knobs whose effect needs LLCs that are not NUMA nodes
# (vm.knobs' VM has one LLC per node, where more_dsqs splits the queues as
# the node DSQs do and disable_l3 decides nothing). Two sockets of two
# cores, one node: each socket an LLC. Measured, so run alone.
BUILD=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/workload.sh"

mkfifo /tmp/knobs-never
exec 8<>/tmp/knobs-never
declare -A llc_of
domain_map llc_of llc
echo "topology: $(nproc) CPUs, LLC (first CPU) of CPUs 0-3: ${llc_of[0]} ${llc_of[1]} ${llc_of[2]} ${llc_of[3]}," \
	"nodes: $(ls -d /sys/devices/system/node/node* | wc -l)"
check two-llcs-one-node test "${llc_of[0]}" = "${llc_of[1]}" -a "${llc_of[2]}" = "${llc_of[3]}" \
	-a "${llc_of[0]}" != "${llc_of[2]}" -a ! -e /sys/devices/system/node/node1

# more_dsqs, disable_l3: six hogs on the 4 CPUs: how often a hog was in
# another LLC than at the sample before (hogs_cross). The defaults queue
# every hog in the one node's DSQ, which every CPU serves: about half the
# moves cross (82-113 of 180 in a probe; EEVDF 6-18). more_dsqs, with
# CPU 0 named the performance core (on a uniform machine it is one DSQ),
# queues them in the performance core's DSQ and one per LLC (CPU 1's,
# CPUs 2-3's), each served by its own CPUs first: they stay (0 of 180).
# disable_l3 with it makes the non-performance CPUs one LLC, one DSQ:
# they cross again (55-70 of 180, once 25, which failed the 15% this
# check first asked; more_dsqs alone 0-1, the defaults 98-99). Seen failing: with shared_dsq() ignoring more_dsqs, more_dsqs
# read 86-93 of 180; with its LLC DSQ ignoring disable_l3, disable_l3
# read 0 (bench/data/knob-llc-probe-2026-12-04.txt).
read -r cross n <<<"$(hogs_cross llc_of)"
echo "EEVDF: hogs changed LLC in $cross of $n samples"
for set in "" --more-dsqs "--more-dsqs --disable-l3"; do
	UNDER_ARGS="--perf-cores 0" under llc "$set" hogs_cross llc_of || continue
	read -r cross n <<<"$UNDER"
	echo "${set:-defaults}: hogs changed LLC in $cross of $n samples"
	case $set in
	"")
		check "defaults-effect: hogs changed LLC in $cross of $n samples (>= 25%)" \
			test $((cross * 4)) -ge "$n" -a "$n" -ge 150
		;;
	--more-dsqs)
		check "more_dsqs-effect: hogs changed LLC in $cross of $n samples (<= 5%)" \
			test $((cross * 20)) -le "$n" -a "$n" -ge 150
		;;
	*)
		check "disable_l3-effect: with more_dsqs, hogs changed LLC in $cross of $n samples (>= 5%)" \
			test $((cross * 20)) -ge "$n" -a "$n" -ge 150
		;;
	esac
done

check_eq no-deprecated-api "" "$(dmesg | grep 'sched_ext:.*deprecated')"
finish
