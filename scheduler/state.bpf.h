/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything the scheduler's parts share: the loader's read-only settings
 * and topology, per-task and per-CPU context, and the event counters.
 * Included once, by main.bpf.c, ahead of the parts that use it.
 */
#ifndef FLASHYSPARK_STATE_BPF_H
#define FLASHYSPARK_STATE_BPF_H

#include "scx_api.bpf.h"
#include "intf.h"

#define KNOB(id) (knobs[FS_KNOB_##id])

/*
 * Settings: written by the loader before load, constant afterwards. Each
 * options.def line with to=BPF is a variable of its name, in its unit (a
 * CGROUPS one holds the ids the loader found for its paths).
 */
const volatile bool knobs[FS_NR_KNOBS];
#define FS_BPF_UINT(name, def)	  const volatile u64 name = def;
#define FS_BPF_PERCENT(name, def) const volatile u64 name = def;
#define FS_BPF_COMMS(name, def)                                  \
	const volatile char name[FS_MAX_GPU_COMMS][FS_COMM_LEN]; \
	const volatile u32 nr_##name;
#define FS_BPF_PIDS(name, def)                     \
	const volatile u32 name[FS_MAX_GPU_COMMS]; \
	const volatile u32 nr_##name;
#define FS_BPF_CGROUPS(name, def)                  \
	const volatile u64 name[FS_MAX_GPU_COMMS]; \
	const volatile u32 nr_##name;
#define FS_BPF_BPF(type, name, def) FS_BPF_##type(name, def)
#define FS_BPF_OPS_TIMEOUT(type, name, def)
#define FS_BPF_LOADER(type, name, def)
#define FS_BPF_RUN(type, name, def)
#define FS_OPTION(name, type, min, max, def, unit, to, help) \
	FS_BPF_##to(type, name, def)
#include "options.def"
#undef FS_OPTION

/* The settings in the units the scheduler works in. */
#define SLICE_MAX_NS   (slice_us * 1000ULL)
#define SLICE_MIN_NS   (slice_min_us * 1000ULL)
#define WAKEUP_GRAN_NS (wakeup_gran_us * 1000ULL)
#define SLICE_LAG_NS   (slice_lag_us * 1000ULL)
#define RUN_LAG_NS     (run_lag_us * 1000ULL)
/* Utilisation (0..1024) above which a CPU counts as busy. */
#define BUSY_UTIL (cpu_busy_thresh * 1024 / 100)

/* Topology: ids per CPU (the first CPU of each domain), from sysfs. */
const volatile u32 nr_cpus = 1;
const volatile u32 nr_nodes = 1;
const volatile u32 nr_llcs = 1;
const volatile bool smt_present;
const volatile u16 cpu_core_id[FS_MAX_CPUS]; /* first SMT sibling */
const volatile u16 cpu_l2_id[FS_MAX_CPUS];
const volatile u16 cpu_llc_id[FS_MAX_CPUS];  /* dense 0..nr_llcs-1 */
const volatile u16 cpu_node_id[FS_MAX_CPUS]; /* 0..nr_nodes-1 */
const volatile bool cpu_is_perf[FS_MAX_CPUS];
/*
 * The kernel tracks idle CPUs per NUMA node (the loader set
 * SCX_OPS_BUILTIN_IDLE_PER_NODE): only the _node idle kfuncs may be used
 * (idle.bpf.h); the machine-wide ones end the scheduler with an error.
 */
const volatile bool idle_per_node;

/* Written in ops.exit, read by the loader. */
struct fs_exit_record exit_record;
char exit_dump[FS_EXIT_DUMP_LEN]; /* the kernel's dump, at an error exit */

/*
 * System utilisation over the online CPUs, 0..1024, refreshed by the
 * periodic timer; the loader reports it in its interval events.
 */
u64 sys_util;

struct task_ctx {
	u64 vruntime;	  /* weighted runtime: the fairness clock */
	u64 exec_runtime; /* runtime since the task last slept */
	u64 last_run_at;
	u64 nvcsw; /* voluntary switches in the current window */
	u64 nvcsw_window_at;
	u64 avg_nvcsw;	 /* voluntary switches per second, smoothed */
	u64 avg_runtime; /* ns per run, smoothed */
	u64 last_woke_at;
	u64 wake_freq;	  /* wakeups per second, smoothed */
	u64 window;	  /* deadline spread allowed where it last queued */
	u8 class;	  /* enum task_class */
	bool sync_wakeup; /* set by select_cpu: the waker is about to sleep */
	bool no_idle;	  /* select_cpu found no idle CPU for this wakeup */
	s32 last_cpu;	  /* where it last ran */
	u32 own_slot;	  /* 1 + the CPU whose own_queued counts it; 0: none */
	u32 shared_slot;  /* 1 + the shared_queued slot counting it; 0: none */
	bool workload;	  /* named by workload_comm, _pid or _cgroup */
	bool wl_queued;	  /* counted in wl_queued_all (workload.bpf.h) */
	u64 exec_id;	  /* p->self_exec_id when that was decided */
	u64 cgroup_id;	  /* and its cgroup's id (with workload_cgroup) */
	u64 queued_at;	  /* queued since (rescue.bpf.h); 0: it ran since */
};

enum task_class {
	CLASS_NONE,
	CLASS_LATENCY,
	CLASS_CPU,
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

struct cpu_ctx {
	u64 started_at;	   /* when the current task started running */
	u64 busy_ns;	   /* running time, accumulated */
	u64 busy_seen;	   /* busy_ns at the last utilisation sample */
	u64 util;	   /* smoothed utilisation, 0..1024 */
	u64 last_perf;	   /* last cpuperf target set */
	bool tickless;	   /* current task holds an infinite slice */
	u64 cur_deadline;  /* the current task's deadline when it started */
	u64 cur_weight;	   /* and its weight, to age that deadline */
	s32 cur_tgid;	   /* and its process, for preempt_for_wakeup() */
	u64 served_at;	   /* when this CPU last served its DSQs */
	u32 shared_cpus;   /* CPUs that serve this CPU's shared DSQ */
	u64 own_queued;	   /* at least the tasks in its own DSQ (dsq.bpf.h) */
	bool cur_workload; /* the current task is the workload's */
	u64 other_ran_at;  /* last time no other task waited in vain here */
	u64 turn_ends;	   /* the others' guard turn here lasts until then */
	s32 cur_pid;	   /* the current task (smt.bpf.h) */
	bool cur_free;	   /* it may run anywhere: spread_smt() may move it */
	s32 spread_pid;	   /* the task spread_smt() preempted to move it */
	s32 sibling;	   /* the next SMT sibling (a ring), -1 if none */
	/*
	 * For each idle-search domain (enum domain), the narrower domains
	 * that hold the same CPUs (bit per domain): the search skips a
	 * stage that would look at the very CPUs it just looked at (on a
	 * VM without SMT the L2, LLC and node stages are often one mask).
	 */
	u8 same_as[4];
	struct bpf_cpumask __kptr *l2_mask;
	struct bpf_cpumask __kptr *llc_mask;
	struct bpf_cpumask __kptr *node_mask;
	/*
	 * Scratch for mask intersections, used only by the CPU that owns it,
	 * with interrupts off (select_cpu, enqueue, dispatch), so no two
	 * searches ever share one.
	 */
	struct bpf_cpumask __kptr *tmp_mask;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FS_MAX_CPUS);
	__type(key, u32);
	__type(value, struct cpu_ctx);
} cpu_ctxs SEC(".maps");

/* Whole-machine masks, built once in ops.init. */
#define FS_PRIVATE(name) \
	SEC(".data." #name) __hidden __attribute__((aligned(8)))
FS_PRIVATE(masks) struct bpf_cpumask __kptr *perf_mask;
FS_PRIVATE(masks) struct bpf_cpumask __kptr *other_mask;

/* Thread-group ids the loader found holding a GPU. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, u32);
	__type(value, u8);
} gpu_tgids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FS_NR_COUNTERS);
	__type(key, u32);
	__type(value, u64);
} counters SEC(".maps");

static __always_inline void count(enum fs_counter c)
{
	u32 key = c;
	u64 *v = bpf_map_lookup_elem(&counters, &key);

	if (v)
		(*v)++;
}

static __always_inline struct task_ctx *task_ctx(const struct task_struct *p)
{
	return bpf_task_storage_get(&task_ctxs, (struct task_struct *)p, 0, 0);
}

static __always_inline struct cpu_ctx *cpu_ctx(s32 cpu)
{
	u32 key = cpu;

	return bpf_map_lookup_elem(&cpu_ctxs, &key);
}

/* The calling CPU's context (its scratch mask is its own). */
static __always_inline struct cpu_ctx *this_cpu_ctx(void)
{
	return cpu_ctx(bpf_get_smp_processor_id());
}

static __always_inline bool is_pcpu_task(const struct task_struct *p)
{
	return p->nr_cpus_allowed == 1 || p->migration_disabled;
}

static __always_inline bool is_pcpu_kthread(const struct task_struct *p)
{
	return (p->flags & PF_KTHREAD) && p->nr_cpus_allowed == 1;
}

/*
 * Index of @cpu into the topology arrays. The mask (FS_MAX_CPUS is a power
 * of two) keeps the verifier's bounds even where the compiler drops the
 * range check's width.
 */
#define CPU_IDX(cpu) ((u32)(cpu) & (FS_MAX_CPUS - 1))

static __always_inline u16 node_of(s32 cpu)
{
	return cpu_node_id[CPU_IDX(cpu)];
}

static __always_inline u16 llc_of(s32 cpu)
{
	return cpu_llc_id[CPU_IDX(cpu)];
}

static __always_inline bool perf_cpu(s32 cpu)
{
	return cpu_is_perf[CPU_IDX(cpu)];
}

/* How far apart two CPUs are: 0 same L2 (SMT siblings), 1 same LLC, 2 same
 * node, 3 across nodes. Work is looked for nearest first. */
static __always_inline u32 cpu_distance(s32 a, s32 b)
{
	if (cpu_l2_id[CPU_IDX(a)] == cpu_l2_id[CPU_IDX(b)])
		return 0;
	if (llc_of(a) == llc_of(b))
		return 1;
	if (node_of(a) == node_of(b))
		return 2;
	return 3;
}

static __always_inline u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

static __always_inline u64 max_u64(u64 a, u64 b)
{
	return a > b ? a : b;
}

static __always_inline const struct cpumask *cast_mask(struct bpf_cpumask *m)
{
	return (const struct cpumask *)m;
}

#endif
