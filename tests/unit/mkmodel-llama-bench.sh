#!/bin/sh
# Every model preset (and every tensor type on the tiny shape) that
# flashyspark-mkmodel writes with ggml's GGUF API loads and runs in
# llama.cpp's own llama-bench. Usage: mkmodel-llama-bench.sh MKMODEL
set -u
MK=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bad=0
for spec in "tiny q8_0" "tiny f16" "tiny q4_0" "small q4_0"; do
	set -- $spec
	f=$dir/$1-$2.gguf
	if ! "$MK" --preset "$1" --type "$2" -o "$f" >/dev/null 2>"$dir/mk.err"; then
		echo "FAIL $1 $2: mkmodel: $(cat "$dir/mk.err")"
		bad=1
		continue
	fi
	out=$(llama-bench -m "$f" -p 8 -n 4 -r 1 -t 1 -o jsonl 2>"$dir/lb.err")
	n=$(printf '%s\n' "$out" | grep -c '"avg_ts": *[0-9]*[1-9]')
	if [ "$n" = 2 ]; then
		echo "PASS $1 $2: $(printf '%s\n' "$out" | grep -o '"model_type": *"[^"]*"' | head -1)"
	else
		echo "FAIL $1 $2: llama-bench gave $n results: $(tail -3 "$dir/lb.err")"
		bad=1
	fi
done
exit $bad
