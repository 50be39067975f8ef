#!/usr/bin/env bash
# VM suite: watching the scheduler that runs. --monitor attaches through
# the stats socket without loading a second scheduler, follows the counters
# the running loader itself reports, and ends when that scheduler goes;
# --openmetrics keeps a metrics file that node exporter's textfile
# collector really scrapes.
BUILD=$1
. "$(dirname "$0")/lib.sh"
SOCK=/run/flashyspark/stats.sock

# Nothing runs: --monitor says so and fails.
out=$("$SCX" --monitor 2>&1)
check_eq monitor-nothing-rc 1 "$?"
check monitor-nothing-says grep -q "no running scheduler to monitor" <<<"$out"

# metric NAME FILE: the value of sample NAME in Prometheus text FILE.
metric() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }

dir=$(mktemp -d /tmp/metrics.XXXXXX)
prom=$dir/flashyspark.prom
if start_sched --stats=1 --openmetrics "$prom"; then
	check socket-served test -S $SOCK
	seq0=$(cat $SYSFS/enable_seq)
	mon_out=$(mktemp /tmp/mon.XXXXXX)
	"$SCX" --monitor=1 --stats-json >"$mon_out" 2>"$mon_out.err" &
	mon=$!
	stress-ng --cpu 2 --timeout 4 -q --temp-path /tmp
	# The monitor loaded nothing: the same scheduler, never re-enabled.
	check_eq monitor-loads-nothing "$seq0 flashyspark" "$(cat $SYSFS/enable_seq) $(sched_ops)"
	check monitor-still-running kill -0 $mon
	grep -q "monitoring pid $SCHED_PID" "$mon_out.err" &&
		pass monitor-names-the-loader ||
		fail monitor-names-the-loader "$(cat "$mon_out.err")"
	n=$("$(dirname "$0")/json-get" "$mon_out" interval delta.nr_enqueues --all | awk '$1 > 0' | wc -l)
	check monitor-deltas-move test "$n" -ge 2
	# Metrics while it runs: up, and counters as the loader counts them.
	check_eq metrics-up 1 "$(metric flashyspark_up "$prom")"
	m=$(metric flashyspark_enqueues_total "$prom")
	l=$(json_get interval counters.nr_enqueues)
	check metrics-count-enqueues test "${m:-0}" -gt 0
	check metrics-near-loader test "${m:-0}" -le "$((l * 2 + 1000))"
	# node exporter's textfile collector reads the file without error.
	ip link set lo up 2>/dev/null
	prometheus-node-exporter --collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$dir" \
		--web.listen-address=127.0.0.1:9917 >"$dir.ne.log" 2>&1 &
	ne=$!
	scrape=$dir.scrape
	for _ in $(seq 50); do
		python3 -c 'import urllib.request,sys; sys.stdout.write(urllib.request.urlopen("http://127.0.0.1:9917/metrics", timeout=2).read().decode())' >"$scrape" 2>/dev/null && break
		sleep 0.2
	done
	kill $ne
	wait $ne 2>/dev/null
	check_eq exporter-no-scrape-error 0 "$(metric node_textfile_scrape_error "$scrape")"
	check_eq exporter-sees-up 1 "$(metric flashyspark_up "$scrape")"
	check exporter-sees-counter test "$(metric flashyspark_enqueues_total "$scrape")" -gt 0
	grep -q '^# TYPE flashyspark_enqueues_total counter' "$scrape" &&
		pass exporter-types-counter || fail exporter-types-counter "$(grep enqueues "$scrape" | head -3)"
	check_eq exporter-sees-knob 0 "$(metric 'flashyspark_knob{knob="tickless"}' "$scrape")"

	stop_sched TERM
	check_eq loader-exit-0 0 "$?"
	wait $mon
	check_eq monitor-ends-0 0 "$?"
	grep -q "pid .* is gone" "$mon_out.err" && pass monitor-says-gone ||
		fail monitor-says-gone "$(tail -2 "$mon_out.err")"
	check socket-removed test ! -e $SOCK
	# The file now says down, with the loader's final counters.
	check_eq metrics-down 0 "$(metric flashyspark_up "$prom")"
	final=$(counter nr_enqueues)
	check metrics-final-known test -n "$final"
	check_eq metrics-final "$final" "$(metric flashyspark_enqueues_total "$prom")"
else
	fail attach "loader never reported ready"
fi

# A loader SIGKILLed leaves its socket; the next one serves there anyway.
if start_sched; then
	kill -KILL "$SCHED_PID"
	wait "$SCHED_PID" 2>/dev/null
	SCHED_PID=
	for _ in $(seq 50); do [ "$(sched_state)" = disabled ] && break; sleep 0.2; done
	check leftover-socket test -S $SOCK
	if start_sched; then
		out=$("$SCX" --monitor=1 2>&1 & m=$!; sleep 1.5; kill -INT $m; wait $m)
		grep -q "monitoring pid $SCHED_PID" <<<"$out" && pass monitor-after-leftover ||
			fail monitor-after-leftover "$out"
		stop_sched INT
	else
		fail attach-after-kill "loader never reported ready"
	fi
else
	fail attach-before-kill "loader never reported ready"
fi

# A path that is no socket is never removed: the loader serves nothing
# there, says why, and runs on.
echo keep >/tmp/not-a-socket
if start_sched --stats-socket /tmp/not-a-socket; then
	check_eq not-a-socket-kept keep "$(cat /tmp/not-a-socket)"
	check not-a-socket-said grep -q "no stats socket: /tmp/not-a-socket: exists and is no socket" "$SCHED_OUT"
	stop_sched INT
else
	fail not-a-socket-attach "loader never reported ready"
fi
finish
