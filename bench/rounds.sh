# rounds.sh: the plumbing the VM benchmarks share (sourced by
# bench/sched-cost, bench/bpf-cost and bench/scenario-compare): the arm
# list, the rotated order of a round, the atomic append of samples and the
# host-side launch of ONE VM boot that writes its results inside the
# repository. Why rotated rounds in one boot: TCG timings mean something
# only relative to each other within one boot, and drift would favour the
# arm that always runs first.
# Callers set REPO and PROG and define die().

# Arms: parallel arrays of names and sched-run arguments.
names=()
specs=()

# rounds_add_arm NAME ARGS: measure ARGS (sched-run's arm arguments).
rounds_add_arm() {
	names+=("$1")
	specs+=("$2")
}

# rounds_add_arm_specs NAME=ARGS...: the --arm options, in order.
rounds_add_arm_specs() {
	local a
	for a in "$@"; do
		rounds_add_arm "${a%%=*}" "${a#*=}"
	done
}

# rounds_add_peers LIST: comma-separated peer schedulers.
rounds_add_peers() {
	local a plist
	IFS=, read -ra plist <<<"$1"
	for a in "${plist[@]}"; do
		[ -n "$a" ] && rounds_add_arm "$a" "--peer $a"
	done
	return 0
}

# rounds_count_list LIST: how many names a comma-separated list holds.
rounds_count_list() {
	tr , '\n' <<<"$1" | { grep -c . || true; }
}

# rounds_check_arm NAME=ARGS: whether an --arm value has that shape.
rounds_check_arm() {
	case $1 in
	[a-zA-Z0-9_]*=--*) return 0 ;;
	*)
		echo "$PROG: --arm: expected NAME=ARGS (ARGS: sched-run's, e.g. --flashyspark --config F)" >&2
		return 2
		;;
	esac
}

# rounds_each ROUNDS FN: FN ROUND INDEX for every arm of every round, the
# order rotated each round (A B C, C A B, B C A, ...). FN's status is
# ignored unless ROUNDS_STOP_ON_FAIL=1.
rounds_each() {
	local rounds=$1 fn=$2 n=${#names[@]} r s
	for r in $(seq 0 $((rounds - 1))); do
		for s in $(seq 0 $((n - 1))); do
			if ! "$fn" "$r" $(((s + n - r % n) % n)) &&
				[ "${ROUNDS_STOP_ON_FAIL:-0}" = 1 ]; then
				return 1
			fi
		done
	done
}

# rounds_append FILE: add stdin's lines to FILE atomically (copy, add,
# rename). FILE may not exist yet.
rounds_append() {
	{ [ ! -e "$1" ] || cat "$1"; cat; } >"$1.tmp.$$"
	mv "$1.tmp.$$" "$1"
}

# rounds_repo_out DIR: DIR made, as a path inside the repository (the
# guest writes it there); dies when it is outside.
rounds_repo_out() {
	local out
	out=$(realpath -m "$1")
	[ "${out#"$REPO"/}" != "$out" ] || die "--out must be inside $REPO (the guest writes it)"
	mkdir -p "$out" || die "$1: cannot make it"
	echo "${out#"$REPO"/}"
}

# rounds_vm CPUS|S,C,T TIMEOUT OUT CMD...: run CMD in one VM boot (or
# natively on a sched_ext host) from the repository, OUT writable; its
# status.
rounds_vm() {
	local shape=$1 timeout_s=$2 out=$3 geo
	shift 3
	case $shape in
	*,*) geo=(--topology "$shape") ;;
	*) geo=(--cpus "$shape") ;;
	esac
	(cd "$REPO" && "$REPO/tools/vm/vm-run" "${geo[@]}" --timeout "$timeout_s" --rwdir "$out" -- "$@")
}
