#!/usr/bin/env bash
# Host-side check of tools/vm/vm-run: output a user redirects to a file
# keeps everything, what was written before the guest booted included
# (QEMU opens the stdout it is given with O_TRUNC; a file there lost it).
set -u
vm_run=$(dirname "$0")/../../tools/vm/vm-run
log=$(mktemp /tmp/vm-log-kept.XXXXXX)
{
	echo "before-the-guest"
	"$vm_run" --timeout 300 -- echo "inside-the-guest"
	echo "after-the-guest"
} >"$log" 2>&1
rc=0
for want in before-the-guest inside-the-guest after-the-guest; do
	if grep -q "$want" "$log"; then
		echo "PASS $want"
	else
		echo "FAIL $want: not in the log"
		rc=1
	fi
done
[ $rc = 0 ] || sed 's/^/  | /' "$log"
rm -f "$log"
exit $rc
