/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sched_ext kfuncs and helpers this scheduler uses, declared here from
 * the kernel's API (not copied from any header). vmlinux.h's own kfunc
 * prototypes are suppressed because they lack address-space attributes.
 *
 * Where a kfunc's signature changed (move_to_local gained enq_flags in 7.1,
 * dsq_insert returns bool from 6.19), the kernel keeps the old prototype
 * under the old name, so declaring that one works on 6.13 through 7.2.
 * Kfuncs newer than 6.12 are __weak and guarded with bpf_ksym_exists().
 */
#ifndef FLASHYSPARK_SCX_API_BPF_H
#define FLASHYSPARK_SCX_API_BPF_H

#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <asm-generic/errno.h>

#define PF_KTHREAD	0x00200000
#define PF_EXITING	0x00000004
#define CLOCK_MONOTONIC 1

/* One untorn access to a value other CPUs write without a lock. */
#define READ_ONCE(x)	 (*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

/* Built-in DSQ ids (SCX_DSQ_FLAG_BUILTIN | id) are in vmlinux.h's enums. */

/* DSQs, insertion and moving */
s32 scx_bpf_create_dsq(u64 dsq_id, s32 node) __ksym;
s32 scx_bpf_dsq_nr_queued(u64 dsq_id) __ksym;
void scx_bpf_dsq_insert(struct task_struct *p, u64 dsq_id, u64 slice,
			u64 enq_flags) __ksym __weak;
void scx_bpf_dsq_insert_vtime(struct task_struct *p, u64 dsq_id, u64 slice,
			      u64 vtime, u64 enq_flags) __ksym __weak;
bool scx_bpf_dsq_move_to_local(u64 dsq_id) __ksym __weak;
bool scx_bpf_dsq_move_to_local___v2(u64 dsq_id, u64 enq_flags) __ksym __weak;
void scx_bpf_dsq_reenq(u64 dsq_id, u64 reenq_flags) __ksym __weak;
int bpf_iter_scx_dsq_new(struct bpf_iter_scx_dsq *it, u64 dsq_id,
			 u64 flags) __ksym __weak;
struct task_struct *
bpf_iter_scx_dsq_next(struct bpf_iter_scx_dsq *it) __ksym __weak;
void bpf_iter_scx_dsq_destroy(struct bpf_iter_scx_dsq *it) __ksym __weak;
bool scx_bpf_dsq_move(struct bpf_iter_scx_dsq *it__iter, struct task_struct *p,
		      u64 dsq_id, u64 enq_flags) __ksym __weak;
struct task_struct *scx_bpf_dsq_peek(u64 dsq_id) __ksym __weak;

/* idle tracking and CPU selection */
s32 scx_bpf_select_cpu_dfl(struct task_struct *p, s32 prev_cpu, u64 wake_flags,
			   bool *is_idle) __ksym;
s32 scx_bpf_pick_idle_cpu(const struct cpumask *cpus_allowed, u64 flags) __ksym;
s32 scx_bpf_pick_any_cpu(const struct cpumask *cpus_allowed, u64 flags) __ksym;
/* per-node idle tracking (SCX_OPS_BUILTIN_IDLE_PER_NODE, 6.15+) */
s32 scx_bpf_pick_idle_cpu_node(const struct cpumask *cpus_allowed, s32 node,
			       u64 flags) __ksym __weak;
s32 scx_bpf_pick_any_cpu_node(const struct cpumask *cpus_allowed, s32 node,
			      u64 flags) __ksym __weak;
const struct cpumask *scx_bpf_get_idle_cpumask_node(s32 node) __ksym __weak;
const struct cpumask *scx_bpf_get_idle_smtmask_node(s32 node) __ksym __weak;
bool scx_bpf_test_and_clear_cpu_idle(s32 cpu) __ksym;
const struct cpumask *scx_bpf_get_idle_cpumask(void) __ksym;
const struct cpumask *scx_bpf_get_idle_smtmask(void) __ksym;
void scx_bpf_put_idle_cpumask(const struct cpumask *cpumask) __ksym;
const struct cpumask *scx_bpf_get_online_cpumask(void) __ksym;
void scx_bpf_put_cpumask(const struct cpumask *cpumask) __ksym;
void scx_bpf_kick_cpu(s32 cpu, u64 flags) __ksym;
s32 scx_bpf_task_cpu(const struct task_struct *p) __ksym;
bool scx_bpf_task_running(const struct task_struct *p) __ksym;
u32 scx_bpf_nr_cpu_ids(void) __ksym __weak;

/* frequency */
u32 scx_bpf_cpuperf_cap(s32 cpu) __ksym __weak;
u32 scx_bpf_cpuperf_cur(s32 cpu) __ksym __weak;
void scx_bpf_cpuperf_set(s32 cpu, u32 perf) __ksym __weak;

/* per-task state (6.19+: direct writes to p->scx.slice are deprecated) */
bool scx_bpf_task_set_slice(struct task_struct *p, u64 slice) __ksym __weak;

/* time and errors */
u64 scx_bpf_now(void) __ksym __weak;
void scx_bpf_error_bstr(char *fmt, unsigned long long *data,
			u32 data_len) __ksym;

/* BPF cpumasks */
struct bpf_cpumask *bpf_cpumask_create(void) __ksym;
void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym;
struct bpf_cpumask *bpf_cpumask_acquire(struct bpf_cpumask *cpumask) __ksym;
void bpf_cpumask_set_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym;
void bpf_cpumask_clear_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym;
bool bpf_cpumask_test_cpu(u32 cpu, const struct cpumask *cpumask) __ksym;
bool bpf_cpumask_and(struct bpf_cpumask *dst, const struct cpumask *src1,
		     const struct cpumask *src2) __ksym;
bool bpf_cpumask_empty(const struct cpumask *cpumask) __ksym;
bool bpf_cpumask_equal(const struct cpumask *src1,
		       const struct cpumask *src2) __ksym;
u32 bpf_cpumask_weight(const struct cpumask *cpumask) __ksym;
bool bpf_cpumask_intersects(const struct cpumask *src1,
			    const struct cpumask *src2) __ksym;
u32 bpf_cpumask_any_and_distribute(const struct cpumask *src1,
				   const struct cpumask *src2) __ksym;
void bpf_rcu_read_lock(void) __ksym;
void bpf_rcu_read_unlock(void) __ksym;

#define BPF_STRUCT_OPS(name, args...) \
	SEC("struct_ops/" #name)      \
	BPF_PROG(name, ##args)

#define BPF_STRUCT_OPS_SLEEPABLE(name, args...) \
	SEC("struct_ops.s/" #name)              \
	BPF_PROG(name, ##args)

/* scx_bpf_error() with printf-style arguments packed for the bstr kfunc. */
#define fs_error(fmt, args...)                                                 \
	({                                                                     \
		static char ___fmt[] = fmt;                                    \
		unsigned long long ___param[___bpf_narg(args) ?: 1] = {};      \
		_Pragma("GCC diagnostic push")                                 \
			_Pragma("GCC diagnostic ignored \"-Wint-conversion\"") \
				___bpf_fill(___param, args);                   \
		_Pragma("GCC diagnostic pop") scx_bpf_error_bstr(              \
			___fmt, ___param, sizeof(___param));                   \
	})

/* Monotonic ns; scx_bpf_now() is cheaper where it exists (6.14+). */
static __always_inline u64 fs_now(void)
{
	if (bpf_ksym_exists(scx_bpf_now))
		return scx_bpf_now();
	return bpf_ktime_get_ns();
}

/*
 * SCX_ENQ_IMMED (7.2+) where the kernel has it: a task inserted into a
 * local DSQ runs at once or comes back to ops.enqueue (SCX_ENQ_REENQ), so
 * none is stranded behind an RT task that takes its CPU.
 */
static __always_inline u64 fs_immed(void)
{
	if (bpf_core_enum_value_exists(enum scx_enq_flags, SCX_ENQ_IMMED))
		return bpf_core_enum_value(enum scx_enq_flags, SCX_ENQ_IMMED);
	return 0;
}

/* Move the first task of @dsq that may run here to the local DSQ. */
static __always_inline bool fs_move_to_local(u64 dsq)
{
	if (bpf_ksym_exists(scx_bpf_dsq_move_to_local___v2))
		return scx_bpf_dsq_move_to_local___v2(dsq, fs_immed());
	return scx_bpf_dsq_move_to_local(dsq);
}

/* Wrap-safe order of two vruntime / deadline values. */
static __always_inline bool vtime_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/* Set p's slice through the kfunc where the kernel has it. */
static __always_inline void fs_set_slice(struct task_struct *p, u64 slice)
{
	if (bpf_ksym_exists(scx_bpf_task_set_slice))
		scx_bpf_task_set_slice(p, slice);
	else
		p->scx.slice = slice;
}

#endif
