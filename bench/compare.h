/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flashyspark compare BEST.yaml [options]: is the knob set really faster
 * than the kernel's default scheduler? Measures EEVDF (no sched_ext
 * scheduler), scx_flashyspark with default knobs, the knob set and any
 * peer schedulers, interleaved in rotated rounds, and reports each arm's
 * mean tokens/s and its ratio to EEVDF with 95% intervals and p-values
 * (stdout, report.md, chart.svg, compare.jsonl).
 */
#ifndef FS_BENCH_COMPARE_H
#define FS_BENCH_COMPARE_H

/*
 * argv[0] is the command's name. Returns the exit status: 0 every
 * measurement ok, 1 some failed or the outputs could not be written (the
 * report says which), 2 bad usage or knob-set file, 130 interrupted.
 */
int fs_compare_main(int argc, char **argv);

#endif
