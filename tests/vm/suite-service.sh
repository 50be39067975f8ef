#!/usr/bin/env bash
# VM suite, booted with systemd as init (vm-run --systemd): keep it. The
# Debian package installs the programs and flashyspark.service; `flashyspark
# install` makes the kernel run the set through the unit (enabled for boot,
# ready and knobs in `systemctl status`); a scheduler error is restarted by
# systemd with the reason in the journal; `flashyspark uninstall` and
# removing the package both bring back the kernel's default scheduler.
BUILD=$1
. "$(dirname "$0")/lib.sh"
UNIT=flashyspark.service
ETC=/etc/flashyspark/flashyspark.yaml
SET=/usr/share/flashyspark/configs/low-latency.yaml

prop() { systemctl show -p "$1" --value $UNIT; }
# wait_for SECS CMD...: poll CMD every 0.5 s until it succeeds.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.5
	done
}
# check_rc NAME RC LOG: RC is 0, else fail showing LOG.
check_rc() {
	if [ "$2" = 0 ]; then pass "$1"; else fail "$1" "exit $2: $(tail -5 "$3")"; fi
}
enabled_as_us() { [ "$(sched_state) $(sched_ops)" = "enabled flashyspark" ]; }

check_eq systemd-is-init systemd "$(cat /proc/1/comm)"
deb=$(ls "$BUILD"/pkg/flashyspark_*.deb 2>/dev/null | head -1)
check built-package test -n "$deb"
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >/tmp/dpkg.log 2>&1
check_rc package-installs "$?" /tmp/dpkg.log
check installed-programs test -x /usr/bin/scx_flashyspark -a -x /usr/bin/flashyspark
check_eq unit-loaded loaded "$(prop LoadState)"
check_eq unit-idle-before-install inactive "$(systemctl is-active $UNIT)"
check_eq eevdf-before-install disabled "$(sched_state)"

# A bad file changes nothing.
flashyspark install /tmp/no-such.yaml 2>/tmp/bad.err
check_eq install-bad-file-rc 2 "$?"
check install-bad-file-said grep -q "no-such.yaml" /tmp/bad.err
check install-bad-file-nothing-written test ! -e $ETC

# install: the set runs, now and at boot, and systemd says so.
flashyspark install $SET >/tmp/inst.out 2>&1
check_rc install-rc "$?" /tmp/inst.out
check install-sched-enabled enabled_as_us
check install-file-copied cmp -s $SET $ETC
check_eq unit-enabled-for-boot enabled "$(systemctl is-enabled $UNIT)"
check_eq unit-active active "$(systemctl is-active $UNIT)"
st=$(prop StatusText)
want=$(awk '/^knobs:/ { k = 1; next } /^[a-z]/ { k = 0 } k && $2 == "true" { sub(":", "", $1); printf "%s%s", s, $1; s = "," }' $SET)
check_eq status-ready-with-knobs "enabled; knobs: $want" "$st"
systemctl status --no-pager $UNIT >/tmp/status.out 2>&1
sed 's/^/  | /' /tmp/inst.out /tmp/status.out
check status-shows-it grep -q "Status: \"enabled; knobs: $want\"" /tmp/status.out
main=$(prop MainPID)
# The unit's scheduler serves its counters: --monitor finds it.
out=$(scx_flashyspark --monitor=1 2>&1 & m=$!; sleep 1.5; kill -INT $m; wait $m)
grep -q "monitoring pid $main" <<<"$out" && pass monitor-finds-unit ||
	fail monitor-finds-unit "$out"

# A scheduler error: the kernel ejects it (a 1 ms watchdog under load),
# the unit says why and systemd loads it again.
sed 's/watchdog_ms: .*/watchdog_ms: 1/' $SET >/tmp/stall.yaml
restarts0=$(prop NRestarts)
stress-ng --cpu "$(nproc)" --timeout 20 --temp-path /tmp -q &
load=$!
flashyspark install /tmp/stall.yaml --timeout 20 >/dev/null 2>&1
wait_for 40 sh -c "journalctl -u $UNIT -o cat | grep -q ERROR_STALL"
check_eq error-reason-in-journal 0 "$?"
wait_for 40 sh -c "[ \$(systemctl show -p NRestarts --value $UNIT) -gt $restarts0 ]"
check restarted-after-error test "$(prop NRestarts)" -gt "$restarts0"
kill $load 2>/dev/null
wait $load 2>/dev/null
# A good set again: running and enabled.
flashyspark install $SET >/tmp/inst2.out 2>&1
check_rc reinstall-rc "$?" /tmp/inst2.out
check reinstall-enabled enabled_as_us

# uninstall: a clean stop, EEVDF now and at boot.
main=$(prop MainPID)
flashyspark uninstall >/tmp/uninst.out 2>&1
check_rc uninstall-rc "$?" /tmp/uninst.out
check_eq eevdf-after-uninstall disabled "$(sched_state)"
check_eq unit-disabled disabled "$(systemctl is-enabled $UNIT)"
check_eq unit-inactive inactive "$(systemctl is-active $UNIT)"
check_eq clean-stop-result "success 0" "$(prop Result) $(prop ExecMainStatus)"
# This run's own exit record (earlier runs logged theirs too).
check clean-stop-reported sh -c "journalctl _PID=$main -o cat | grep -q 'scheduler exited: UNREG'"
check set-kept test -e $ETC
flashyspark uninstall --purge >/dev/null 2>&1
check set-purged test ! -e $ETC

# Removing the package while it runs stops it too.
flashyspark install $SET >/dev/null 2>&1
check running-before-remove enabled_as_us
dpkg -r flashyspark >/tmp/dpkg-r.log 2>&1
check_rc package-removes "$?" /tmp/dpkg-r.log
check_eq eevdf-after-remove disabled "$(sched_state)"
check programs-removed test ! -e /usr/bin/scx_flashyspark
finish
