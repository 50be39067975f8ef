# Shared paths of the test root; sourced by the tools in tools/vm.
# The root lives outside the repository, keyed by the package list, so a
# clean clone on the same machine reuses it and an edited list makes a new one.
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$VM_DIR/../.." && pwd)
CACHE_DIR=${FLASHYSPARK_CACHE:-/var/cache/flashyspark}
ROOT_KEY=$(cat "$VM_DIR/packages.txt" "$VM_DIR/mkroot" | sha256sum | cut -c1-16)
ROOT_DIR=$CACHE_DIR/root-$ROOT_KEY
# Where the repository appears inside the root (and so inside the guest).
ROOT_SRC=/src

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

root_ready() {
	[ -e "$ROOT_DIR/.complete" ]
}
