/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_flashyspark: a flash-style sched_ext scheduler.
 *
 * First cut: every task carries a virtual deadline (its vruntime); a waking
 * task goes to an idle CPU picked by the kernel's idle selection when one
 * exists, else into one shared DSQ ordered by deadline, which every CPU
 * consumes when its local queue runs dry. Exit reasons are recorded for the
 * loader, and every decision is counted per CPU.
 */
#include "scx_api.bpf.h"
#include "intf.h"

char _license[] SEC("license") = "GPL";

#define SHARED_DSQ 0

const volatile bool knobs[FS_NR_KNOBS];
const volatile u64 slice_ns = 4096ULL * 1000;
const volatile u32 watchdog_ms = 5000;

struct fs_exit_record exit_record;

/* Global vruntime clock: the minimum a task may lag behind. */
static u64 vtime_now;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FS_NR_COUNTERS);
	__type(key, u32);
	__type(value, u64);
} counters SEC(".maps");

static void count(enum fs_counter c)
{
	u32 key = c;
	u64 *v = bpf_map_lookup_elem(&counters, &key);

	if (v)
		(*v)++;
}

s32 BPF_STRUCT_OPS(fs_select_cpu, struct task_struct *p, s32 prev_cpu,
		   u64 wake_flags)
{
	bool idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &idle);

	if (idle) {
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, 0);
		count(FS_CNT_local_inserts);
	}
	return cpu;
}

void BPF_STRUCT_OPS(fs_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 vtime = p->scx.dsq_vtime;

	/* Cap sleep credit at one slice so a long sleeper cannot starve others. */
	if (vtime + slice_ns < vtime_now)
		vtime = vtime_now - slice_ns;
	scx_bpf_dsq_insert_vtime(p, SHARED_DSQ, slice_ns, vtime, enq_flags);
	count(FS_CNT_enqueues);
}

void BPF_STRUCT_OPS(fs_dispatch, s32 cpu, struct task_struct *prev)
{
	if (scx_bpf_dsq_move_to_local(SHARED_DSQ))
		count(FS_CNT_dispatches);
}

void BPF_STRUCT_OPS(fs_running, struct task_struct *p)
{
	if (p->scx.dsq_vtime > vtime_now)
		vtime_now = p->scx.dsq_vtime;
}

void BPF_STRUCT_OPS(fs_stopping, struct task_struct *p, bool runnable)
{
	/* Charge the used part of the slice, inversely to the task's weight. */
	u64 used = slice_ns - p->scx.slice;

	p->scx.dsq_vtime += used * 100 / p->scx.weight;
}

void BPF_STRUCT_OPS(fs_enable, struct task_struct *p)
{
	p->scx.dsq_vtime = vtime_now;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(fs_init)
{
	return scx_bpf_create_dsq(SHARED_DSQ, -1);
}

void BPF_STRUCT_OPS(fs_exit, struct scx_exit_info *ei)
{
	exit_record.exit_code = ei->exit_code;
	bpf_probe_read_kernel_str(exit_record.reason, sizeof(exit_record.reason),
				  ei->reason);
	bpf_probe_read_kernel_str(exit_record.msg, sizeof(exit_record.msg),
				  ei->msg);
	/* Written last: the loader treats a non-zero kind as "record complete". */
	exit_record.kind = ei->kind;
}

SEC(".struct_ops.link")
struct sched_ext_ops flashyspark_ops = {
	.select_cpu = (void *)fs_select_cpu,
	.enqueue = (void *)fs_enqueue,
	.dispatch = (void *)fs_dispatch,
	.running = (void *)fs_running,
	.stopping = (void *)fs_stopping,
	.enable = (void *)fs_enable,
	.init = (void *)fs_init,
	.exit = (void *)fs_exit,
	.name = FS_OPS_NAME,
};
