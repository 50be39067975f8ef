#!/usr/bin/env bash
# VM suite: what each knob changes in the kernel's own accounting (CPU
# shares, placement, node changes, the tick, wake-ups of idle CPUs), with
# the knob on against the defaults, each check named KNOB-effect; measured,
# so run alone. The counters are suite-knob-counters.sh's. Run with SMT,
# two LLCs and two NUMA nodes, CPU 3 nohz_full.
BUILD=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/workload.sh"

# --- effects: what a knob changes in the kernel's own accounting ------------
# nice_ratio: a nice -10 and a nice 0 hog pinned to CPU 1 for 4 s; the
# ratio of their CPU time (/proc/PID/schedstat), x100.
nice_ratio() {
	local a b ra rb
	taskset -c 1 nice -n -10 sh -c 'while :; do :; done' &
	a=$!
	spin_on 1
	b=$!
	sleep 0.5
	ra=$(runtime_ns $a)
	rb=$(runtime_ns $b)
	sleep 4
	ra=$(($(runtime_ns $a) - ra))
	rb=$(($(runtime_ns $b) - rb))
	kill $a $b
	wait $a $b 2>/dev/null
	echo $((ra * 100 / (rb > 0 ? rb : 1)))
}
echo "EEVDF: nice -10 : nice 0 = $(nice_ratio)/100"
# native_priority, rr_sched: the normalised weights share the CPU 2:1 (nice
# -10 clamps at 128 against 64), the kernel's 9.3:1 (932:100), round robin
# 1:1 (no weights). Seen failing: with rr_sched's test taken out of
# prev_goes_on() (a runner goes on while its deadline is the earliest),
# rr_sched gave 0/100: one hog kept the CPU.
# The median of three: one 4 s window once gave 1234 for 932 in CI (a
# probe of ten gave 940-978), a stall of the host's, not a share.
median_ratio() {
	for i in 1 2 3; do nice_ratio; done | sort -n | sed -n 2p
}
for spec in ":200" "--native-priority:932" "--rr-sched:100"; do
	under share "${spec%:*}" median_ratio || continue
	want=${spec#*:}
	check "$ARM-effect: nice -10 : nice 0 = $UNDER/100, want $want/100 +-15%" \
		test $((UNDER * 100)) -ge $((want * 85)) -a $((UNDER * 100)) -le $((want * 115))
	[ "$ARM" = native_priority ] && moved native_priority-counts-clamped native_weight
done

# aggressive_gpu_tasks: two hogs named as GPU feeders (--gpu-comm) and two
# plain hogs on 4 CPUs, CPUs 0-1 the performance cores: where each ran last
# (/proc/PID/stat), sampled 30 times by shell builtins (a sampler that forks
# disturbs placement). The marked hogs run only on CPUs 0-1, the plain ones
# on the rest. Seen failing: before a GPU task was confined (it went where
# the early placements or its previous CPU said when no performance core
# was idle, and any CPU could steal it), 4 of 30 samples of the marked hogs
# were on CPUs 0-1. Either half of gpu_home()'s use alone, placement in
# ops.select_cpu or queueing and stealing, keeps this at 30 of 30. Plain
# hogs only prefer the other CPUs (a performance CPU's dispatch may take
# one): 30 of 30 in four boots, 26 in a fifth (this check asked 27 then).
ln -sf "$(command -v bash)" /tmp/fsgpu
mkfifo /tmp/knobs-never
exec 8<>/tmp/knobs-never
# gpu_placement: "ON_PERF OFF_PERF" for the marked and the plain hogs.
gpu_placement() {
	local pids=() i p on=0 off=0
	for i in 1 2; do
		/tmp/fsgpu -c 'while :; do :; done' &
		pids+=($!)
	done
	for i in 1 2; do
		spin
		pids+=($!)
	done
	read -t 0.3 -u 8
	for i in $(seq 15); do
		read -t 0.2 -u 8
		for p in "${pids[@]:0:2}"; do
			last_cpu "$p"
			[ "$LAST_CPU" -le 1 ] && on=$((on + 1))
		done
		for p in "${pids[@]:2:2}"; do
			last_cpu "$p"
			[ "$LAST_CPU" -ge 2 ] && off=$((off + 1))
		done
	done
	kill "${pids[@]}"
	wait "${pids[@]}" 2>/dev/null
	echo "$on $off"
}
read -r on off <<<"$(gpu_placement)"
echo "EEVDF: marked hogs on CPUs 0-1 in $on of 30 samples"
if under gpu "--aggressive-gpu-tasks --gpu-comm fsgpu --perf-cores 0-1" gpu_placement; then
	read -r on off <<<"$UNDER"
	check "aggressive_gpu_tasks-effect: marked hogs on CPUs 0-1 in $on of 30 samples" test "$on" -ge 29
	check "aggressive_gpu_tasks-effect: plain hogs on CPUs 2-3 in $off of 30 samples (>= 24)" test "$off" -ge 24
fi

# Sync wake-ups (the defaults) and no_wake_sync: a pipe pair (two shells
# echoing to each other through FIFOs: pipe writes wake with WF_SYNC)
# started on CPUs 0 and 2, one per node, then free: its migrations and
# sleeps (/proc/PID/sched) over 2 s, and in how many of 10 samples the two
# ran last on one node. The defaults pull the wakee into the waker's LLC
# and then leave it on its idle CPU there: few migrations, one node;
# no_wake_sync places from the wakee's own CPU: two nodes. Seen failing:
# when a sync wakee went to the nearest whole idle core first, the pair
# migrated at 8,641 of 11,853 sleeps (73%).
declare -A node_of
domain_map node_of node
read -r moves sleeps one <<<"$(pipe_pair node_of)"
echo "EEVDF: pipe pair $moves migrations in $sleeps sleeps, on one node in $one of 10"
if versus pipe --no-wake-sync pipe_pair node_of; then
	read -r moves sleeps one <<<"$DEF"
	check "defaults-effect: pipe pair $moves migrations in $sleeps sleeps (< 5%)" \
		test $((moves * 20)) -lt "$sleeps"
	check "defaults-effect: pipe pair on one node in $one of 10 samples" test "$one" -ge 8
	read -r moves sleeps one <<<"$ON"
	check "no_wake_sync-effect: pipe pair on one node in $one of 10 samples" test "$one" -le 2
fi

# disable_numa: six hogs on the 4 CPUs (2 nodes), where each ran last
# (/proc/PID/stat) sampled every 0.1 s, 30 times: how often a hog was on
# another node than at the sample before. The defaults queue a hog whose
# slice ended in its node's DSQ (served by that node; another node steals
# only when much the shorter): it stays (0-4 of 240 in a probe, EEVDF
# 21-52). disable_numa queues every hog in one global DSQ: any CPU takes
# the next, about half the moves cross (112-117 of 240). Seen failing: with
# shared_dsq() ignoring disable_numa (the node DSQ always), disable_numa
# read like the defaults. (more_dsqs on this machine, every CPU a
# performance core, is one DSQ too: 126-130 of 240;
# bench/data/knob-numa-probe-2026-12-04.txt.)
# (hogs_cross, workload.sh.)
read -r cross n <<<"$(hogs_cross node_of)"
echo "EEVDF: hogs changed node in $cross of $n samples"
if versus numa --disable-numa hogs_cross node_of; then
	read -r cross n <<<"$DEF"
	check "defaults-effect: hogs changed node in $cross of $n samples (<= 10%)" \
		test $((cross * 10)) -le "$n" -a "$n" -ge 150
	read -r cross n <<<"$ON"
	check "disable_numa-effect: hogs changed node in $cross of $n samples (>= 25%)" \
		test $((cross * 4)) -ge "$n" -a "$n" -ge 150
fi

# workload_aware_scheduling: two tasks pinned to CPU 1 that each count
# 5,000 loop steps, then sleep 1 ms: long bursts, so the knob classes them
# CPU-bound and doubles their slices. Their involuntary switches
# (/proc/PID/sched) over two 3 s windows: the knob's are fewer. A slice
# ends at a tick (4 ms here, HZ=250), so the ratio is that of whole ticks:
# with the default 4,096 us slice, 2 ticks against 3 (one boot: 649 and
# 664 against the defaults' 1,002 and 987; another 544-655 against
# 767-800, once 0.854, over the 0.85 this check had). Both arms run with
# --slice-us 3500: 1 tick against 2 (a slice starts just after the tick
# that ended the last), the ratio a half. Seen failing: with
# the CPU-bound class's slice doubling taken out, the knob read 922 and
# 980 against 921 and 1,053 (bench/data/guard-turn-probes-2026-12-04.txt);
# see also below.
# bursts_switches: "INVOLUNTARY VOLUNTARY" over two windows.
bursts_switches() {
	local p=() i w iv=0 v=0
	for i in 1 2; do
		short_sleeper /tmp/knobs-never 5000 "taskset -c 1 bash"
		p+=($!)
	done
	read -t 0.5 -u 8
	for w in 1 2; do
		sched_sum nr_involuntary_switches "${p[@]}"
		iv=$((iv - SUM))
		sched_sum nr_voluntary_switches "${p[@]}"
		v=$((v - SUM))
		read -t 3 -u 8
		sched_sum nr_involuntary_switches "${p[@]}"
		iv=$((iv + SUM))
		sched_sum nr_voluntary_switches "${p[@]}"
		v=$((v + SUM))
	done
	kill "${p[@]}"
	wait "${p[@]}" 2>/dev/null
	echo "$iv $v"
}
if UNDER_ARGS="--slice-us 3500" versus bursts --workload-aware-scheduling bursts_switches; then
	read -r def _ <<<"$DEF"
	read -r iv _ <<<"$ON"
	check "workload_aware_scheduling-effect: $iv involuntary switches <= 75% of the defaults' $def (classified_cpu $(c classified_cpu))" \
		test "$def" -gt 100 -a $((iv * 100)) -le $((def * 75))
fi

# tickless: a lone hog pinned to CPU 3, which this VM boots as nohz_full
# (CMakeLists: vm-run --append): in how many of 10 samples 0.2 s apart
# the kernel had stopped CPU 3's tick (/proc/timer_list tick_stopped),
# the best of three windows (tickless: until one reads 8; EEVDF, shown
# for reference: one). The kernel stops it only while the running
# task's slice is infinite (sched_ext's can-stop-tick), which tickless
# gives a task that nothing waits behind: 10 of 10 (EEVDF, which needs no
# slice for one task, 9-10); the defaults' finite slices keep it ticking,
# 0 of 10. One window in four read 2 under tickless: a slice made finite
# while a kworker waited stays finite for the kernel until the next
# switch (keep_running() sets INF on a running task, which does not
# re-evaluate the tick). This check alone, twice in one boot: EEVDF 10,
# defaults 0, tickless 10 (both times). Seen failing: the defaults are
# tickless with its mechanism taken out (task_slice() never infinite): 0
# of 10 in every window (bench/data/knob-tick-probe-2026-12-04.txt).
# tick_stopped: CPU 3's tick_stopped from /proc/timer_list, by one awk
# per sample. Sampled by a bash read loop instead (a read and a seek back
# per line of the seq_file, ~380 lines), tickless read 3 and 6 of 10 in
# its best window and EEVDF 5: the sampler disturbed what it measured.
tick_stopped() {
	awk '/^cpu: 3$/ { c = 1 } c && /tick_stopped/ { print $3; exit }' /proc/timer_list
}
# lone_tick WINDOWS [ENOUGH]: the most samples of up to WINDOWS windows
# with CPU 3's tick stopped; a window with ENOUGH ends it early (a window
# is ~8 s under TCG).
lone_tick() {
	local a i w n best=0
	spin_on 3
	a=$!
	for w in $(seq "$1"); do
		[ "$best" -ge "${2:-11}" ] && break
		read -t 0.5 -u 8
		n=0
		for i in $(seq 10); do
			read -t 0.2 -u 8
			[ "$(tick_stopped)" = 1 ] && n=$((n + 1))
		done
		[ "$n" -gt "$best" ] && best=$n
	done
	kill $a
	wait $a 2>/dev/null
	echo "$best"
}
if grep -qx 3 /sys/devices/system/cpu/nohz_full 2>/dev/null; then
	echo "EEVDF: a lone hog's tick stopped in $(lone_tick 1) of 10 samples"
	# The defaults must stay ticking in all three windows; tickless needs
	# one good one (lone_tick's early end, 8, does not cut the defaults').
	if versus tick --tickless lone_tick 3 8; then
		check "defaults-effect: a lone hog's tick stopped in $DEF of 10 samples (<= 2)" test "$DEF" -le 2
		check "tickless-effect: a lone hog's tick stopped in $ON of 10 samples (>= 8)" test "$ON" -ge 8
	fi
else
	echo "SKIP tickless-effect: CPU 3 is not nohz_full here ($(cat /sys/devices/system/cpu/nohz_full 2>/dev/null))"
fi

# beside_hogs A B READER CMD...: hogs pinned to CPUs A and B, and a task
# that CMD starts in the background (its pid in $!): "COUNT SLEEPS" over
# 3 s, COUNT how much the number READER PID leaves in $SUM grew, SLEEPS
# the task's voluntary switches (/proc/PID/sched).
beside_hogs() {
	local h1 h2 w reader=$3 c0 v0 grew
	spin_on "$1"
	h1=$!
	spin_on "$2"
	h2=$!
	shift 3
	"$@"
	w=$!
	read -t 0.5 -u 8
	$reader $w
	c0=$SUM
	sched_sum nr_voluntary_switches $w
	v0=$SUM
	read -t 3 -u 8
	$reader $w
	grew=$((SUM - c0))
	sched_sum nr_voluntary_switches $w
	echo "$grew $((SUM - v0))"
	kill $h1 $h2 $w
	wait $h1 $h2 $w 2>/dev/null
}
# migrations_of PID: its migrations in $SUM (no fork: sched_sum).
migrations_of() {
	sched_sum se.nr_migrations "$1"
}
# moves_beside A B CMD...: "MIGRATIONS SLEEPS" of CMD's task beside hogs
# pinned to CPUs A and B, over 3 s (beside_hogs).
moves_beside() {
	local a=$1 b=$2
	shift 2
	beside_hogs "$a" "$b" migrations_of "$@"
}
# moves_effect KNOB MIN MAX A B CMD...: moves_beside A B CMD under EEVDF,
# the defaults and KNOB; the check KNOB-effect: the task moved at >= MIN%
# of its sleeps with KNOB and at <= MAX% with the defaults. KNOB gets a
# second window when the first falls short, and the higher rate counts:
# the rates are bimodal (disable_l2 read 41-58% in vm.knobs runs, but 17%
# once in a probe boot, bench/data/knob-sticky-rate-probe-2026-12-05.txt;
# and 16 of 49 in a slow spell of a vm.knobs run, then 47 of 95). Each
# arm needs 30 sleeps (a slow spell read 49-62 where 100-150 is usual).
moves_effect() {
	local knob=$1 min=$2 max=$3 m s dm ds m2 s2
	shift 3
	echo "EEVDF: $knob's task moved at $(moves_beside "$@") (migrations sleeps)"
	versus moves "--${knob//_/-}" moves_beside "$@" || return
	read -r dm ds <<<"$DEF"
	read -r m s <<<"$ON"
	if [ $((m * 100)) -lt $((s * min)) ] &&
		under moves "--${knob//_/-}" moves_beside "$@"; then
		read -r m2 s2 <<<"$UNDER"
		echo "$ARM (moves, a second window): $UNDER"
		if [ $((m2 * s)) -gt $((m * s2)) ]; then
			m=$m2 s=$s2
		fi
	fi
	check "$knob-effect: the task moved at $m of $s sleeps (>= $min%, the better of up to two windows), defaults $dm of $ds (<= $max%)" \
		test "$s" -ge 30 -a "$ds" -ge 30 -a $((m * 100)) -ge $((s * min)) -a $((dm * 100)) -le $((ds * max))
}

# stay_with_kthread: a shell that writes /proc/sys/vm/stat_refresh (a work
# item on every CPU's kworker; the writer sleeps until they are done and
# the last kworker wakes it) and sleeps 10 ms, in a loop, beside hogs
# pinned to CPUs 0 and 2: its migrations per sleep over 3 s. The defaults
# place the wakee from its own CPU (it stays there while that is idle;
# one boot: 74 of 390, 91 of 347); stay_with_kthread puts it on the
# kworker's CPU, whichever finished last, busy or not (469 of 478, 606 of
# 571; EEVDF 5 of 367). Seen failing: with the knob's 'return this_cpu'
# taken out, 59 of 360, 70 of 324, 73 of 204
# (bench/data/knob-placement-probe-2026-12-04.txt).
refresh_writer() {
	bash -c 'exec 9<>/tmp/knobs-never
		while :; do echo 1 >/proc/sys/vm/stat_refresh; read -t 0.01 -u 9; done' &
}
moves_effect stay_with_kthread 60 40 0 2 refresh_writer

# local_kthreads: eight short sleepers (10 loop steps, a 1 ms timed read)
# pinned to CPU 1, and a writer pinned to CPU 0 that writes
# /proc/sys/vm/stat_refresh for 2 s (a work item for every CPU's kworker,
# which wakes the writer when done): the wait per run of CPU 1's kworkers
# (kworker/1:*, /proc/PID/schedstat run delay over runs). The defaults
# queue a woken kworker by deadline among the sleepers, whose sleep credit
# is as early as its own: 2.1-2.4 ms a run (EEVDF 0.15-0.32 ms);
# local_kthreads puts it at the head of its CPU: 0.55-0.80 ms. Seen
# failing: with the knob's test taken out of fs_enqueue() (only the
# workload class's kworker rule left), the knob read 1.5 and 1.6 ms against
# the defaults' 1.5 and 1.6, where the build read 0.63 and 0.80 against 2.4
# and 2.1; this check's own runs: the knob 0.51 and 0.70 ms against 1.6
# and 4.6 (a whole vm.knobs run: 0.72 against 5.5), without the knob's
# test 2.5 and 4.2 against 1.9 and 4.4
# (bench/data/knob-kthread-probe-2026-12-05.txt).
# kw_runs: CPU 1's kworkers' summed run delay (ns) and runs, "DELAY RUNS".
kw_runs() {
	local d=0 n=0 p r w x
	for p in $(comm_pids 'kworker/1:*'); do
		read -r r w x <"/proc/$p/schedstat" 2>/dev/null || continue
		d=$((d + w)) n=$((n + x))
	done
	echo "$d $n"
}
# kworker_wait: CPU 1's kworkers' wait per run (us) beside the sleepers.
kworker_wait() {
	local d0 n0 d1 n1 end
	sleeper_crowd 8 /tmp/knobs-never 10 'taskset -c 1 bash'
	taskset -pc 0 $BASHPID >/dev/null
	read -t 0.5 -u 8
	read -r d0 n0 <<<"$(kw_runs)"
	end=$((${EPOCHREALTIME/./} + 2000000))
	while [ "${EPOCHREALTIME/./}" -lt $end ]; do
		echo 1 >/proc/sys/vm/stat_refresh
	done
	read -r d1 n1 <<<"$(kw_runs)"
	kill "${CROWD[@]}"
	wait "${CROWD[@]}" 2>/dev/null
	echo $(((d1 - d0) / (n1 - n0 + 1) / 1000))
}
if versus kworker --local-kthreads kworker_wait; then
	check "local_kthreads-effect: CPU 1's kworkers waited $ON us a run beside eight sleepers (<= half the defaults' $DEF; kthread_direct $(c kthread_direct))" \
		test "$DEF" -ge 500 -a $((ON * 2)) -le "$DEF"
fi

# disable_l2: a task that counts 200 loop steps then sleeps 1 ms, free,
# beside hogs pinned to CPUs 0 and 1: its migrations per sleep over 3 s.
# In this VM each CPU is its own L2, so the L2 stage of the idle search
# is the previous CPU itself: the defaults wake it there while it is idle
# (one boot: 19 of 199, 21 of 214; EEVDF 2 of 213); disable_l2 starts at
# the LLC (its core's two CPUs), where the kernel's idle picker takes
# either: about every other wake-up moves (100 of 198, 104 of 217; another
# boot 107 of 211 and 93 of 225). Seen failing: with the L2 stage kept
# under disable_l2 (domain_enabled() and the previous-CPU shortcut
# ignoring the knob) it moved 22 of 217 and 16 of 217
# (bench/data/knob-effects-probe2-2026-12-04.txt). On a slower host
# (2026-12-05) a vm.knobs run read the defaults at 35 of 116, over the
# 25% this check had; six more pairs in one boot: the defaults 2-35 of
# 134-145 (once 24%), the knob 44-56% (66-85 of 137-168), the same with
# the old awk reads (bench/data/knob-l2-probe-2026-12-05.txt). So the
# check asks >= 35% of the knob and <= 35% of the defaults: the knob's
# lowest reading is 41%, the failing build's 10%.
moves_effect disable_l2 35 35 0 1 short_sleeper /tmp/knobs-never 200

# sticky_cpu: the same sleeper beside the same hogs, both arms with
# disable_l2 and no_builtin_idle, so that the search starts at the LLC
# (CPUs 2-3) and our scan takes the first idle CPU after the previous
# one: the other CPU of the pair at nearly every wake-up (one boot: 80 of
# 91, 88 of 97, 142 of 155; once 30 of 141). sticky_cpu tries the idle
# previous CPU before any search: 3 of 85, 8 of 146, 8 of 102, 7 of 149.
# (Alone it changes nothing measurable here: the defaults try the previous
# CPU first too, but for a whole idle core elsewhere, and SMT spreading
# then moves the task off a shared core, knob or not.) Seen failing: with
# the knob's test taken out of early_placement(), the knob's arm moved 91
# of 104, 145 of 154, 98 of 126, 149 of 161
# (bench/data/knob-sticky-rate-probe-2026-12-05.txt). Each arm needs 30
# sleeps in its 3 s (50 before: a vm.knobs run in a slow spell read the
# knob at 0 of 132 and the arm without it at 24 of 49).
# At most 25% (was 15%): a vm.knobs run on 2026-12-05 read the knob at 17
# of 98 sleeps and the arm without it at 37 of 86; the build without the
# knob's test reads 78-94%, and the 2x ratio stays.
if UNDER_ARGS="--disable-l2 --no-builtin-idle" versus sticky --sticky-cpu \
	moves_beside 0 1 short_sleeper /tmp/knobs-never 200; then
	read -r dm ds <<<"$DEF"
	read -r m s <<<"$ON"
	check "sticky_cpu-effect: with disable_l2 and no_builtin_idle, the sleeper moved at $m of $s sleeps (<= 25%), without sticky_cpu $dm of $ds (>= 10 and >= 2x the rate)" \
		test "$s" -ge 30 -a "$ds" -ge 30 -a "$dm" -ge 10 -a $((m * 100)) -le $((s * 25)) -a $((dm * s)) -ge $((2 * m * ds))
fi

# direct_dispatch: a short sleeper on CPUs 0-1 beside two hogs pinned to
# CPU 1, the waiting one in node 0's shared queue: when the sleeper wakes,
# CPU 0 is idle but work is counted as queued for it. The defaults send
# the wakee through ops.enqueue and a dispatch (it jumps no queue);
# direct_dispatch inserts it straight into CPU 0's local queue. Where it
# runs and how long it waits differ by less than the VM's noise
# (bench/data/knob-direct-probe-2026-12-05.txt), so the check reads the
# closest observable thing, the kernel's own BPF statistics: how often the
# kernel called ops.enqueue (fs_enqueue's run_cnt) per wake-up of the
# sleeper (10 loop steps, a 1 ms timed read) over 3 s. One boot: the
# defaults 1.24-1.29 a wake-up (the hogs' slice ends add the rest),
# direct_dispatch 0.31-0.35 (1,601-1,699 wake-ups). Seen failing: with the
# knob's test taken out of fs_select_cpu(), the knob read 1.26-1.27
# (bench/data/knob-direct-probe-2026-12-05.txt).
# enqueue_calls: fs_enqueue's run count in $SUM (the pid beside_hogs
# passes is not needed: the count is the scheduler's).
enqueue_calls() {
	SUM=$(prog_runs fs_enqueue)
}
# direct_enqueues: "ENQUEUES WAKEUPS" over 3 s.
direct_enqueues() {
	beside_hogs 1 1 enqueue_calls short_sleeper /tmp/knobs-never 10 \
		"taskset -c 0,1 bash"
}
bpf_stats_on
if versus direct --direct-dispatch direct_enqueues; then
	read -r de dw <<<"$DEF"
	read -r e w <<<"$ON"
	check "direct_dispatch-effect: the kernel called ops.enqueue $e times in $w wake-ups, the defaults $de in $dw (>= 0.5 a wake-up fewer; direct_dispatches $(c direct_dispatches))" \
		test "$w" -ge 200 -a "$dw" -ge 200 -a $(((de * w - e * dw) * 2)) -ge $((dw * w))
fi
bpf_stats_off

# SMT spreading (the defaults) and disable_smt: two hogs started on the
# siblings of one core, then free to run anywhere: in how many of 10
# samples 0.1 s apart (/proc/PID/stat) both ran last on one core; three
# pairs (CPUs 0 and 1, 2 and 3, 0 and 1). A hog never sleeps, so
# placement alone never parts them; the timer moves one that shares a
# core while a whole core idles (smt.bpf.h): 0 of 20 for each pair in
# three probes (EEVDF's load balancer: 0 of 30). disable_smt drops that
# with the whole-core preference: pairs stay, until a chance steal parts
# one (a hog queued behind a kworker, taken by the other node's idle
# CPU): per pair of 20-30 samples 28, 30; 30, 3; 0, 12; 20, 8. So the
# check counts the three pairs together. Seen failing: the build before
# the spread (f3dce5f) kept both pairs together, 30 and 30 of 30
# (bench/data/smt-spread-probe-2026-12-04.txt,
# knob-effects-probe2-2026-12-04.txt).
# pair_share A B: samples of 10 with the hogs started on CPUs A, B on one
# core.
pair_share() {
	local a b i n=0 ca
	spin_on "$1"
	a=$!
	spin_on "$2"
	b=$!
	read -t 0.3 -u 8
	taskset -pc 0-3 $a >/dev/null
	taskset -pc 0-3 $b >/dev/null
	read -t 0.3 -u 8
	for i in $(seq 10); do
		read -t 0.1 -u 8
		last_cpu $a
		ca=$LAST_CPU
		last_cpu $b
		[ "${core_of[$ca]}" = "${core_of[$LAST_CPU]}" ] && n=$((n + 1))
	done
	kill $a $b
	wait $a $b 2>/dev/null
	echo "$n"
}
declare -A core_of
domain_map core_of core
echo "EEVDF: hogs started on one core shared it in $(pair_share 0 1), $(pair_share 2 3) and $(pair_share 0 1) of 10 samples"
# pair_shares: pair_share on core 0-1, 2-3, then 0-1 again.
pair_shares() {
	echo "$(pair_share 0 1) $(pair_share 2 3) $(pair_share 0 1)"
}
for set in "" --disable-smt; do
	under smt "$set" pair_shares || continue
	read -r one two three <<<"$UNDER"
	if [ -z "$set" ]; then
		check "defaults-effect: hogs started on one core shared it in $one, $two and $three of 10 samples (<= 3 of the 30 together; smt_spreads $(c smt_spreads))" \
			test $((one + two + three)) -le 3
	else
		check "disable_smt-effect: hogs started on one core shared it in $one, $two and $three of 10 samples (>= 10 of the 30 together)" \
			test $((one + two + three)) -ge 10
	fi
done

# cpufreq: a hog pinned to CPU 1, the rest of the VM idle; after 2.5 s
# the scheduler is stopped (the hog still running): the performance
# target the kernel records for each CPU (its run queue's cpuperf_target,
# what schedutil reads), as the timer last read it before the loader
# detached (its "cpuperf" event). This VM has no cpufreq driver to act on
# it, so the target is the closest observable. The defaults leave every
# CPU at the kernel's one value (1024 1024 1024 1024); cpufreq asks for
# full speed on the busy CPU and little on the idle ones. Seen failing:
# a loader without the event gave none; read after the detach, the
# targets had followed the CPUs going idle (26 53 8 22); and before the
# timer steered too (only at a task's start), a hog's CPU kept the target
# it had when the hog began (bench/data/knob-cpufreq-probe-2026-12-04.txt).
for set in "" --cpufreq; do
	name=${set:-defaults}
	name=${name#--}
	start_sched $set || { fail "$name-perf-start" "$set"; continue; }
	spin_on 1
	h=$!
	read -t 2.5 -u 8
	stop_sched INT || fail "$name-perf-detach" "$(tail -3 "$SCHED_OUT")"
	kill $h
	wait $h 2>/dev/null
	read -r -a t <<<"$(json_get cpuperf targets | tr -d '[],')"
	lo=${t[0]:-0}
	hi=${t[0]:-0}
	for v in "${t[@]}"; do
		[ "$v" -lt "$lo" ] && lo=$v
		[ "$v" -gt "$hi" ] && hi=$v
	done
	echo "$name: the kernel's performance targets: ${t[*]}"
	if [ -z "$set" ]; then
		check "defaults-effect: one performance target on every CPU (${t[*]})" \
			test "${#t[@]}" -eq "$(nproc)" -a "$lo" = "$hi"
	else
		check "cpufreq-effect: the hog's CPU 1 asks for ${t[1]:-none} of 1024 (>= 768), the least busy $lo (<= 400)" \
			test "${#t[@]}" -eq "$(nproc)" -a "${t[1]:-0}" -ge 768 -a "$lo" -le 400
	fi
done

# no_builtin_idle: a shell started on CPU 1, then allowed CPUs 1-3, forks
# 80 subshells one after another; each reads the CPU it runs on
# (/proc/self/stat). A child is placed while its parent runs, on a whole
# idle core: CPUs 2-3 while the parent is on 1. The kernel's idle picker
# (the defaults) hands out the CPUs of a mask in turn
# (cpumask_any_and_distribute): children alternate 2, 3, 2; no_builtin_idle's
# own scan takes the first idle CPU after the previous one, CPU 2 again
# unless it is not idle yet. Counted: children on the CPU the one before
# them ran on, two runs of 80 summed (158 pairs): one boot, defaults
# 40-41, the knob 94-119 (single runs of 79 in another: 11-37 and 45-55;
# EEVDF 69-79); the suite's runs since: defaults 22-57, the knob 98-104.
# Seen failing: with pick_in()'s scan taken out (the
# kernel's picker under the knob), the knob read 30-42 against the
# defaults' 33-43 in the same boot
# (bench/data/knob-idle-probe-2026-12-05.txt). On a slower host
# (2026-12-05, later) a clean-clone CI run read the knob at 76 against
# the defaults' 50, under the 80 this check had; four pairs in one boot
# after it: the knob 86-97, the defaults 43-60
# (bench/data/knob-idle-probe2-2026-12-05.txt). So the check asks >= 70
# and at least the defaults' + 16 (was + 8): every reading of the knob
# is 26 or more above its defaults', the failing build's at most 9.
# fork_repeats: of 80 children, how many ran on their predecessor's CPU.
fork_repeats() {
	local c prev= rep=0
	: >/tmp/fork-cpus
	taskset -c 1 bash -c 'taskset -pc 1-3 $$ >/dev/null
	for i in $(seq 80); do
		(read -r -a f </proc/self/stat; echo "${f[38]}" >>/tmp/fork-cpus)
	done'
	while read -r c; do
		[ "$c" = "$prev" ] && rep=$((rep + 1))
		prev=$c
	done </tmp/fork-cpus
	echo $rep
}
echo "EEVDF: $(fork_repeats) of 79 children ran on their predecessor's CPU"
# fork_repeats2: fork_repeats twice, summed.
fork_repeats2() {
	echo $(($(fork_repeats) + $(fork_repeats)))
}
# A knob reading that falls short gets a second window, the better one
# counts: after a CI run at 113 against 65, a vm.knobs run read 82
# against 69 (2026-12-05); the failing build never came within 10.
if versus fork --no-builtin-idle fork_repeats2; then
	on=$ON
	if [ "$on" -lt 70 ] || [ "$on" -lt $((DEF + 16)) ]; then
		under fork --no-builtin-idle fork_repeats2 &&
			echo "$ARM (fork, a second window): $UNDER" &&
			[ "$UNDER" -gt "$on" ] && on=$UNDER
	fi
	check "no_builtin_idle-effect: $on of 158 children ran on their predecessor's CPU (>= 70 and >= the defaults' $DEF + 16, the better of up to two windows; custom_idle_picks $(c custom_idle_picks))" \
		test "$on" -ge 70 -a "$on" -ge $((DEF + 16))
fi

# slice_lag_scaling: a task that runs 1 ms (loop steps, timed alone first)
# and sleeps 3 ms, and a hog, both pinned to CPU 1, while hogs pinned to
# CPUs 0, 2 and 3 keep the machine busy (utilisation near 1024): the
# task's wait per wake-up over 3 s (/proc/PID/schedstat run delay over its
# voluntary switches, /proc/PID/sched). The defaults start a sleeper up to
# slice_lag x log2(wake rate) behind its CPU's clock, ahead of the hog:
# 0.3-1.5 ms a wake-up (EEVDF 4-56 ms); slice_lag_scaling scales that
# credit by the idle fraction, about nothing here: 7.0-10.8 ms. Seen
# failing: with lag_cap()'s scaling taken out, the knob read 501 and 626 us
# against the defaults' 749 and 1,392, in the boot where the build read
# 8,502 and 9,476 (bench/data/knob-lag-probe-2026-12-05.txt). The bar is
# 2x the defaults: a clean-clone CI run on 2026-12-05 read the defaults
# at 4,491 us and the knob at 12,728 (2.8x) and failed the 3x it had.
# sleeper_wait: the task's run delay per wake-up, in us.
sleeper_wait() {
	local s h others=() c d0 w0 d1 w1
	for c in 0 2 3; do
		spin_on $c
		others+=($!)
	done
	short_sleeper /tmp/knobs-never "$steps_ms" "taskset -c 1 bash" 0.003
	s=$!
	spin_on 1
	h=$!
	read -t 1 -u 8
	d0=$(rundelay_ns $s)
	w0=$(sched_field $s nr_voluntary_switches)
	read -t 3 -u 8
	d1=$(rundelay_ns $s)
	w1=$(sched_field $s nr_voluntary_switches)
	kill $s $h "${others[@]}"
	wait $s $h "${others[@]}" 2>/dev/null
	echo $(((d1 - d0) / (w1 - w0 + 1) / 1000))
}
t0=${EPOCHREALTIME/./}
for ((j = 0; j < 100000; j++)); do :; done
steps_ms=$((100000 * 1000 / (${EPOCHREALTIME/./} - t0) + 1))
echo "EEVDF: a 1 ms / 3 ms sleeper beside a hog waited $(sleeper_wait) us a wake-up ($steps_ms steps a ms)"
# A knob reading that falls short gets a second window, the better one
# counts: a clean-clone CI run on 2026-12-06 read the knob at 2,593 us
# against the defaults' 2,479 (lag_scaled 1,145, so the knob acted); the
# build without the scaling read 501 and 626 (see above), under the bar.
if versus lag --slice-lag-scaling sleeper_wait; then
	on=$ON
	if [ "$on" -lt 1000 ] || [ "$on" -lt $((DEF * 2)) ]; then
		under lag --slice-lag-scaling sleeper_wait &&
			echo "$ARM (lag, a second window): $UNDER" &&
			[ "$UNDER" -gt "$on" ] && on=$UNDER
	fi
	check "slice_lag_scaling-effect: a sleeper beside a hog, every CPU busy, waited $on us a wake-up (>= 2x the defaults' $DEF, the better of up to two windows; lag_scaled $(c lag_scaled))" \
		test "$on" -ge 1000 -a "$on" -ge $((DEF * 2))
fi

# local_pcpu, timer_kick: two hogs pinned to CPU 1 for 2 s, so one always
# waits there, while CPUs 0, 2 and 3 idle: how often each idle CPU was
# woken to schedule (/proc/schedstat sched_count, schedstats on for it).
# The defaults queue a pinned task whose CPU is busy in its node's shared
# DSQ, and the timer's rescue wakes an idle CPU whose shared DSQ holds
# work: CPU 0, at every period, for a task it cannot run. local_pcpu keeps
# it in CPU 1's own DSQ. timer_kick wakes every idle CPU while work waits
# anywhere, CPUs 2 and 3 (the other node) too. Counted first as
# rescheduling IPIs (/proc/interrupts RES): CPU 0 took 528-580 in 2 s
# under the defaults (EEVDF 0-1), 16-42 under local_pcpu; CPUs 2-3
# 569-1097 under timer_kick, 85-189 under the defaults; but a kick of the
# CPU the BPF timer fires on sends no IPI, and in one CI boot CPU 0 took
# 28 under the defaults (bench/data/knob-kick-probe-2026-12-04.txt).
# Seen failing: with local_pcpu's own-DSQ line and timer_kick's timer half
# (kick_idle_cpus(true)) taken out, CPU 0 took 539 IPIs against 530 and
# CPUs 2-3 58 against 60. Counted as schedule() calls (which a self-kick
# makes too), one boot: CPU 0 under the defaults 544-547, local_pcpu
# 53-117 (EEVDF 170-207); CPUs 2-3 under the defaults 520-549, timer_kick
# 1474-1477; the build without the mechanisms in the same boot: 532
# against 527 and 541 against 511, both checks failed.
# cpu_schedules CPU...: schedule() calls on those CPUs so far.
cpu_schedules() {
	awk -v want="$*" 'BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) c["cpu" w[i]] = 1 }
		$1 in c { s += $4 } END { print s + 0 }' /proc/schedstat
}
# idle_wakes: "CPU0 CPUS2AND3", their schedule() calls over the 2 s.
idle_wakes() {
	local a b z0 o0
	spin_on 1
	a=$!
	spin_on 1
	b=$!
	read -t 0.5 -u 8
	z0=$(cpu_schedules 0)
	o0=$(cpu_schedules 2 3)
	read -t 2 -u 8
	echo "$(($(cpu_schedules 0) - z0)) $(($(cpu_schedules 2 3) - o0))"
	kill $a $b
	wait $a $b 2>/dev/null
}
stats0=$(cat /proc/sys/kernel/sched_schedstats)
echo 1 >/proc/sys/kernel/sched_schedstats
read -r zero other <<<"$(idle_wakes)"
echo "EEVDF: idle CPU 0 scheduled $zero times, CPUs 2-3 $other"
dz=0 dt=0
for set in "" --local-pcpu --timer-kick; do
	under wake "$set" idle_wakes || continue
	read -r zero other <<<"$UNDER"
	echo "$ARM: idle CPU 0 scheduled $zero times, CPUs 2-3 $other"
	case $ARM in
	defaults) dz=$zero dt=$other ;;
	local_pcpu)
		check "local_pcpu-effect: idle CPU 0 woken $zero times (<= 40% of the defaults' $dz, >= 100)" \
			test "$dz" -ge 100 -a $((zero * 10)) -le $((dz * 4))
		;;
	timer_kick)
		check "timer_kick-effect: idle CPUs 2-3 woken $other times (>= 1.7x the defaults' $dt)" \
			test "$other" -ge 100 -a $((other * 10)) -ge $((dt * 17))
		;;
	esac
done
echo "$stats0" >/proc/sys/kernel/sched_schedstats

# Only our scheduler ran in this boot: the kernel must not have warned about
# a deprecated API (e.g. writing p->scx.slice instead of the kfunc).
check_eq no-deprecated-api "" "$(dmesg | grep 'sched_ext:.*deprecated')"
finish
