/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_flashyspark: a flash-style sched_ext scheduler with 20 knobs.
 *
 * Tasks are ordered by a virtual deadline (deadline.bpf.h). On wakeup a
 * task goes straight to an idle CPU found by a topology-aware search
 * (idle.bpf.h) when nothing else waits; otherwise it waits in its previous
 * CPU's DSQ or a shared per-node DSQ (dsq.bpf.h), and an idle CPU is kicked
 * to take it (an idle CPU takes waiting work from anywhere, nearest first);
 * with none idle, a wakee whose deadline is earlier preempts its CPU's
 * runner. Tasks of a named workload come first (workload.bpf.h). A
 * periodic timer samples utilisation and re-queues work a CPU has
 * stopped serving (timer.bpf.h). Every knob changes one of these decisions
 * and counts it; the loader prints the counters and the exit record filled
 * here.
 */
#include "state.bpf.h"
#include "deadline.bpf.h"
#include "classify.bpf.h"
#include "idle.bpf.h"
#include "dsq.bpf.h"
#include "smt.bpf.h"
#include "workload.bpf.h"
#include "timer.bpf.h"

char _license[] SEC("license") = "GPL";

static __always_inline bool cpu_allowed(const struct task_struct *p, s32 cpu)
{
	return cpu >= 0 && bpf_cpumask_test_cpu(cpu, p->cpus_ptr);
}

/*
 * Placement before the idle search: sync wakeups, kthread locality and
 * stickiness. Returns a CPU, or -1 to go on with the search.
 */
static s32 early_placement(struct task_struct *p, struct task_ctx *tctx,
			   s32 prev_cpu, u64 wake_flags, bool *idle)
{
	s32 this_cpu = bpf_get_smp_processor_id();
	struct task_struct *waker = bpf_get_current_task_btf();

	*idle = false;
	tctx->sync_wakeup = (wake_flags & SCX_WAKE_SYNC) && !KNOB(no_wake_sync);
	if (wake_flags & SCX_WAKE_SYNC) {
		if (KNOB(no_wake_sync)) {
			count(FS_CNT_wake_sync_ignored);
		} else if (cpu_allowed(p, this_cpu) &&
			   !(waker->flags & PF_EXITING)) {
			const struct cpumask *llc;
			s32 cpu;

			/*
			 * Run near the waker's data: on its own CPU if that
			 * is idle and shares the waker's LLC (no move at
			 * all), else on an idle CPU in the waker's LLC, else
			 * the idle CPU nearest the waker's (it may well go on
			 * running: a pipe writer, hackbench), else on the
			 * waker's CPU when nothing waits there. Pulling onto
			 * a busy waker's CPU parked a pipe reader 45% of its
			 * time; the nearest idle whole core first moved a
			 * pipe pair at 73% of its wake-ups (vm.knobs).
			 */
			count(FS_CNT_wake_sync_pulls);
			llc = KNOB(disable_l3) ? NULL : llc_mask_of(this_cpu);
			if (cpu_allowed(p, prev_cpu) &&
			    (!llc || llc_of(prev_cpu) == llc_of(this_cpu)) &&
			    scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
				*idle = true;
				return prev_cpu;
			}
			cpu = pick_idle_cpu(p, this_cpu, llc);
			if (cpu < 0 && llc)
				cpu = pick_idle_cpu(p, this_cpu, NULL);
			if (cpu >= 0) {
				*idle = true;
				return cpu;
			}
			if (!nr_waiting(this_cpu))
				return this_cpu;
			tctx->no_idle = true;
			return prev_cpu;
		}
	}
	if (KNOB(stay_with_kthread) && is_pcpu_kthread(waker) &&
	    cpu_allowed(p, this_cpu)) {
		count(FS_CNT_kthread_stays);
		return this_cpu;
	}
	if ((KNOB(sticky_cpu) || tctx->class == CLASS_LATENCY) &&
	    cpu_allowed(p, prev_cpu) &&
	    scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
		if (KNOB(sticky_cpu))
			count(FS_CNT_sticky_hits);
		*idle = true;
		return prev_cpu;
	}
	return -1;
}

s32 BPF_STRUCT_OPS(fs_select_cpu, struct task_struct *p, s32 prev_cpu,
		   u64 wake_flags)
{
	struct task_ctx *tctx = task_ctx(p);
	const struct cpumask *cmask;
	bool idle, gpu;
	u64 queued;
	s32 cpu, home;

	if (!tctx)
		return prev_cpu;
	tctx->no_idle = false;
	if (tctx->workload) {
		cpu = workload_select(p, prev_cpu, &idle);
		tctx->no_idle = idle;
		return cpu >= 0 ? cpu : prev_cpu;
	}
	/* A confined GPU task skips the placements that ignore its mask. */
	home = gpu_home(p, prev_cpu);
	if (home >= 0)
		tctx->sync_wakeup = false; /* early_placement() sets it */
	cpu = home < 0 ? early_placement(p, tctx, prev_cpu, wake_flags, &idle)
		       : -1;
	if (cpu >= 0 && !idle)
		return cpu;
	if (cpu < 0) {
		cmask = class_mask_of(p, &gpu);
		cpu = pick_idle_cpu(p, prev_cpu, cmask);
		if (cpu < 0 && cmask && !gpu) /* others only prefer the rest */
			cpu = pick_idle_cpu(p, prev_cpu, NULL);
		if (cpu < 0) {
			tctx->no_idle =
				true; /* enqueue need not search again */
			return home >= 0 ? home : prev_cpu;
		}
		if (gpu)
			count(FS_CNT_gpu_task_placements);
	}
	/*
	 * An idle CPU was claimed: run there now if that jumps no queue (with
	 * direct_dispatch even if it does; counted only then).
	 */
	queued = nr_waiting(cpu);
	if (!queued || KNOB(direct_dispatch)) {
		place_vruntime(tctx, cpu, true, queued);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, tctx, 0),
				   fs_immed());
		count(queued ? FS_CNT_direct_dispatches : FS_CNT_local_inserts);
	}
	return cpu;
}

/*
 * Task @p woke with an earlier deadline than @cpu's runner has reached:
 * make the runner yield now rather than at the end of its slice, as EEVDF
 * does. A runner is left its first wakeup_gran so that wakeups cannot
 * ping-pong; sync wakeups never preempt (the waker yields soon anyway, and
 * preempting it cost hackbench 1.8x its EEVDF time in bench/sched-cost);
 * nor does a thread of the runner's own process (counted): threads that
 * meet at barriers gain nothing from taking each other's CPU, and with
 * 4 llama-bench threads on 2 CPUs these preemptions (42,915 involuntary
 * switches in one run) made tg 0.63x EEVDF's.
 */
static void preempt_for_wakeup(const struct task_struct *p, s32 cpu,
			       u64 deadline)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	u64 now = fs_now(), ran, reached;

	if (!cctx || !cctx->started_at || !cctx->cur_weight ||
	    now < cctx->started_at || (KNOB(tickless) && cctx->tickless))
		return; /* idle, or preempt_if_tickless() did it */
	ran = now - cctx->started_at;
	if (ran < WAKEUP_GRAN_NS)
		return;
	reached = cctx->cur_deadline + ran * weight_base() / cctx->cur_weight;
	if (deadline >= reached || workload_shields(cctx))
		return;
	if (p->tgid == cctx->cur_tgid) {
		count(FS_CNT_same_tgid_wakeups);
		return;
	}
	scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
	count(FS_CNT_wakeup_preempts);
}

/*
 * Get @p, just queued for @cpu (in its own DSQ or the shared one), running:
 * wake @cpu if it is idle, else an idle CPU @p may use, nearest first (it
 * will take @p or other waiting work); with none idle, a wakeup whose
 * @deadline is earlier preempts @cpu's runner (deadline 0: never).
 * @searched: select_cpu just found no idle CPU for @p, do not look again.
 */
static void kick_for(struct task_struct *p, s32 cpu, bool own_dsq, u64 deadline,
		     bool searched)
{
	s32 target = -1;

	preempt_if_tickless(cpu);
	if (!KNOB(timer_kick)) { /* else the timer kicks idle CPUs */
		if (own_dsq && scx_bpf_test_and_clear_cpu_idle(cpu))
			target = cpu;
		else if (!searched && !is_pcpu_task(p))
			target = pick_idle_cpu(p, cpu, gpu_only(p));
		if (target >= 0) {
			scx_bpf_kick_cpu(target, SCX_KICK_IDLE);
			count(FS_CNT_immediate_kicks);
			return;
		}
	}
	if (deadline)
		preempt_for_wakeup(p, cpu, deadline);
}

/*
 * The CPU @p is queued for: the one it last ran on, or, when an affinity
 * change left that CPU outside its mask, an allowed one (idle if any); a
 * confined GPU task's performance core (@confined).
 */
static s32 enqueue_cpu(struct task_struct *p, bool *confined)
{
	s32 cpu = scx_bpf_task_cpu(p), home = gpu_home(p, cpu);

	*confined = home >= 0;
	if (*confined)
		return home;
	if (cpu_allowed(p, cpu))
		return cpu;
	count(FS_CNT_affinity_moves);
	cpu = any_pick(p->cpus_ptr, node_of(cpu));
	return cpu >= 0 ? cpu : scx_bpf_task_cpu(p);
}

void BPF_STRUCT_OPS(fs_enqueue, struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *tctx = task_ctx(p);
	bool own_dsq, may_preempt, searched = false, confined;
	s32 cpu = enqueue_cpu(p, &confined);
	u64 dsq, deadline, nr;

	count(FS_CNT_enqueues);
	if (tctx) { /* back here: it left the DSQ it was counted in */
		dsq_count_out(tctx);
		wl_count_out(tctx);
		if (!tctx->queued_at) /* its wait starts (rescue.bpf.h) */
			tctx->queued_at = fs_now();
	}
	/* Preempted to leave a shared SMT core: to a whole idle one. */
	if (tctx && !(enq_flags & SCX_ENQ_WAKEUP) && smt_spread(p, tctx, cpu))
		return;
	/*
	 * Its CPU's last task (SCX_OPS_ENQ_LAST), asked for only by the
	 * spread, but no whole core idles any more: it goes on.
	 */
	if (enq_flags & SCX_ENQ_LAST) {
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, SLICE_MAX_NS, enq_flags);
		return;
	}
	/*
	 * A per-CPU kthread at the head of its CPU: with local_kthreads, and
	 * beside the workload class, where it could otherwise wait only for
	 * its own CPU's guard turns, behind every task queued there by
	 * deadline (a kworker waited 7.4 s beside hackbench: the watchdog).
	 * So it waits one slice at most.
	 */
	if ((KNOB(local_kthreads) || WORKLOAD_ON) && is_pcpu_kthread(p)) {
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, SLICE_MAX_NS,
				   enq_flags | SCX_ENQ_HEAD);
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		preempt_if_tickless(cpu);
		count(KNOB(local_kthreads) ? FS_CNT_kthread_direct
					   : FS_CNT_workload_kthreads);
		return;
	}
	if (!tctx) { /* cannot happen (init_task made one): still be sound */
		dsq_insert(p, shared_dsq(cpu), SLICE_MAX_NS, 0, enq_flags);
		shared_count_in(NULL, cpu);
		kick_for(p, cpu, false, 0, false);
		return;
	}
	/* Read once: pinned tasks wake without select_cpu resetting it. */
	may_preempt = (enq_flags & SCX_ENQ_WAKEUP) && !tctx->sync_wakeup;
	if (enq_flags & SCX_ENQ_WAKEUP)
		searched = tctx->no_idle;
	tctx->sync_wakeup = false;
	tctx->no_idle = false;
	workload_follow(p, tctx); /* it may have moved to another cgroup */
	if (tctx->workload) {
		workload_enqueue(p, tctx, cpu, searched, enq_flags);
		return;
	}
	/*
	 * A task the kernel handed back (its CPU was taken, e.g. by an RT
	 * task, or it was stranded) waits where every CPU looks.
	 */
	if (enq_flags & SCX_ENQ_REENQ) {
		own_dsq = false;
		count(FS_CNT_reenqueues);
	} else {
		own_dsq = !cpu_busy(cpu);
		if (KNOB(local_pcpu) && is_pcpu_task(p) && !own_dsq) {
			own_dsq = true;
			count(FS_CNT_pcpu_local);
		}
	}
	/*
	 * Not shared: only performance cores take it (may_steal()); but a
	 * re-enqueued one (its CPU held by an RT task) waits where every CPU
	 * looks, as above: soundness before confinement.
	 */
	if (confined && !(enq_flags & SCX_ENQ_REENQ))
		own_dsq = true;
	if (own_dsq) {
		dsq = cpu;
	} else {
		dsq = shared_dsq(cpu);
		if (KNOB(more_dsqs))
			count(FS_CNT_extra_dsq_inserts);
		else if (!KNOB(disable_numa))
			count(FS_CNT_node_dsq_inserts);
	}
	if (KNOB(rr_sched)) {
		dsq_insert(p, dsq, SLICE_MAX_NS, 0, enq_flags);
		dsq_count_in(tctx, cpu, own_dsq);
		count(FS_CNT_rr_enqueues);
		/* round robin: no deadlines */
		kick_for(p, cpu, own_dsq, 0, searched);
		return;
	}
	nr = nr_waiting(cpu);
	place_vruntime(tctx, cpu, enq_flags & SCX_ENQ_WAKEUP, nr);
	deadline = task_deadline(p, tctx);
	dsq_insert(p, dsq, task_slice(p, tctx, nr), deadline, enq_flags);
	dsq_count_in(tctx, cpu, own_dsq);
	kick_for(p, cpu, own_dsq, may_preempt ? deadline : 0, searched);
}

/*
 * @prev goes on running on @cpu with @slice; an infinite one must be known
 * so that later arrivals preempt it. A new slice starts without
 * ops.running: advance the clock to the vruntime @prev has reached, or the
 * tasks arriving next are placed behind a long runner by all it ran.
 */
static __always_inline void keep_running(struct task_struct *prev, s32 cpu,
					 u64 slice)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	struct task_ctx *tctx = task_ctx(prev);
	u64 now = fs_now();

	fs_set_slice(prev, slice);
	if (cctx)
		cctx->tickless = slice == SCX_SLICE_INF;
	if (tctx && tctx->last_run_at && now > tctx->last_run_at)
		advance_clock(cpu,
			      tctx->vruntime +
				      scale_inverse_weight(
					      prev, now - tctx->last_run_at));
}

/*
 * @prev's slice ran out but it is still runnable. It is in no DSQ yet, so
 * compare it by hand with the heads @cpu serves (@h) and let it go on
 * while its deadline (charged for this run) is the earliest: switching at
 * every slice end would share a CPU 1:1 whatever the weights.
 */
static bool prev_goes_on(struct task_struct *prev, s32 cpu,
			 const struct heads *h)
{
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	struct task_ctx *tctx;
	u64 now = fs_now(), deadline, nr;

	if (!prev || !(prev->scx.flags & SCX_TASK_QUEUED) || KNOB(rr_sched) ||
	    !cctx || smt_spread_pending(prev, cpu))
		return false;
	tctx = task_ctx(prev);
	if (!tctx || !tctx->last_run_at || now < tctx->last_run_at)
		return false;
	/* The others' guard turn (workload.bpf.h): the workload waits. */
	if (tctx->workload && in_turn(cctx, now))
		return false;
	nr = nr_waiting(cpu);
	tctx->window = spread_window(nr);
	deadline = task_deadline_after(prev, tctx, now - tctx->last_run_at);
	if (h->own && vtime_before(h->own_dl, deadline))
		return false;
	if (h->shared && vtime_before(h->shared_dl, deadline))
		return false;
	keep_running(prev, cpu, task_slice(prev, tctx, nr));
	cctx->served_at = now;
	count(FS_CNT_prev_kept);
	return true;
}

void BPF_STRUCT_OPS(fs_dispatch, s32 cpu, struct task_struct *prev)
{
	struct heads h;

	if (WORKLOAD_ON) {
		switch (workload_dispatch(cpu, prev)) {
		case WL_MOVED:
			count(FS_CNT_dispatches);
			return;
		case WL_KEEP_PREV:
			keep_running(prev, cpu, SLICE_MAX_NS);
			return;
		case WL_NONE:
			break;
		}
	}
	read_heads(cpu, &h);
	if (prev_goes_on(prev, cpu, &h))
		return;
	if (consume(cpu, &h)) {
		count(FS_CNT_dispatches);
		return;
	}
	/*
	 * The guard sent this CPU to the others, but none could run here
	 * (pinned elsewhere): the workload's, rather than idling beside it.
	 */
	if (WORKLOAD_ON && workload_take(cpu)) {
		count(FS_CNT_dispatches);
		return;
	}
	/*
	 * Nothing waits: the previous task may simply go on, unless it was
	 * preempted to leave a shared SMT core (then the kernel enqueues it,
	 * SCX_ENQ_LAST, and smt_spread() moves it).
	 */
	if (prev && (prev->scx.flags & SCX_TASK_QUEUED) &&
	    !smt_spread_pending(prev, cpu))
		keep_running(prev, cpu, task_slice(prev, task_ctx(prev), 0));
}

/*
 * Wake rates and exec names, for workload_aware_scheduling's classes and
 * the workload class only: the loader leaves this callback out otherwise
 * (under TCG each struct_ops call and task-storage lookup costs ~0.5 us,
 * and an idle llama-bench run makes ~15,000 wake-ups).
 */
void BPF_STRUCT_OPS(fs_runnable, struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *tctx = task_ctx(p);

	if (!tctx)
		return;
	workload_classify(p, tctx, false); /* after an exec or a move */
	if (enq_flags & SCX_ENQ_WAKEUP)
		classify_on_wakeup(tctx);
}

void BPF_STRUCT_OPS(fs_running, struct task_struct *p)
{
	s32 cpu = scx_bpf_task_cpu(p);
	struct task_ctx *tctx = task_ctx(p);
	struct cpu_ctx *cctx = cpu_ctx(cpu);
	u64 now = fs_now();

	if (!tctx || !cctx)
		return;
	dsq_count_out(tctx);
	wl_count_out(tctx);
	tctx->queued_at = 0; /* it waits no more */
	tctx->last_run_at = now;
	cctx->started_at = now;
	cctx->served_at = now;
	cctx->cur_deadline = task_deadline(p, tctx);
	cctx->cur_weight = task_weight(p);
	cctx->cur_tgid = p->tgid;
	tctx->last_cpu = cpu;
	smt_note_running(cctx, p, tctx, cpu);
	workload_running(cctx, tctx, now);
	/*
	 * The workload's runs move the clock too. Tried: leaving them out
	 * (beside the class their vruntime runs far ahead of the others');
	 * vm.scenarios' named hogs beside two plain hogs and a task that
	 * sleeps 10 ms then lost the scheduler once in CI (read: the sleeper
	 * wins each one-task guard turn by deadline, a hog waits on).
	 */
	advance_clock(cpu, tctx->vruntime);
	/* Re-size the slice for the queue as it is now. */
	if (!KNOB(rr_sched)) {
		u64 slice = task_slice(p, tctx, nr_waiting(cpu));

		if (p->scx.slice != slice) /* mostly as inserted */
			fs_set_slice(p, slice);
		cctx->tickless = slice == SCX_SLICE_INF;
	}
	steer_cpufreq(cpu, cctx);
}

void BPF_STRUCT_OPS(fs_stopping, struct task_struct *p, bool runnable)
{
	struct task_ctx *tctx = task_ctx(p);
	struct cpu_ctx *cctx = cpu_ctx(scx_bpf_task_cpu(p));
	u64 now = fs_now();

	if (cctx) {
		if (cctx->started_at && now > cctx->started_at)
			cctx->busy_ns += now - cctx->started_at;
		cctx->started_at = 0;
		cctx->tickless = false;
		cctx->cur_workload = false;
	}
	if (tctx) {
		charge_runtime(p, tctx, runnable);
		/*
		 * It sleeps: its next run starts a fresh burst. Reset here,
		 * not at the wake-up, so that ops.runnable is attached only
		 * where a class needs it (loader/session.c).
		 */
		if (!runnable)
			tctx->exec_runtime = 0;
		/* The clock follows a long runner, as in keep_running(). */
		advance_clock(scx_bpf_task_cpu(p), tctx->vruntime);
	}
}

void BPF_STRUCT_OPS(fs_enable, struct task_struct *p)
{
	struct task_ctx *tctx = task_ctx(p);
	s32 cpu = scx_bpf_task_cpu(p);

	if (tctx) {
		tctx->vruntime = READ_ONCE(*clock_of(cpu));
		tctx->last_cpu = cpu;
		tctx->queued_at = 0; /* not a wait from before it left */
	}
}

/*
 * The kernel calls this right after ops.enable and on every renice: a task
 * whose weight native_priority gives in full is counted here, once each.
 */
void BPF_STRUCT_OPS(fs_set_weight, struct task_struct *p, u32 weight)
{
	if (KNOB(native_priority) && weight_clamped(p))
		count(FS_CNT_native_weight);
}

/* @p leaves sched_ext (another class): out of any DSQ count. */
void BPF_STRUCT_OPS(fs_disable, struct task_struct *p)
{
	struct task_ctx *tctx = task_ctx(p);

	if (tctx) {
		dsq_count_out(tctx);
		wl_count_out(tctx);
	}
}

s32 BPF_STRUCT_OPS(fs_init_task, struct task_struct *p,
		   struct scx_init_task_args *args)
{
	struct task_ctx *tctx = bpf_task_storage_get(
		&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!tctx)
		return -ENOMEM;
	workload_classify(p, tctx, true); /* a new thread: its creator's name */
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(fs_init)
{
	u32 cpu;
	int ret;

	ret = create_dsqs();
	if (ret)
		return ret;
	bpf_for(cpu, 0, nr_cpus)
	{
		ret = init_cpu_masks(cpu);
		if (ret)
			return ret;
	}
	ret = init_class_masks();
	if (ret)
		return ret;
	init_shared_cpus();
	ret = start_tick_timer();
	if (ret)
		fs_error("starting the tick timer failed: %d", ret);
	return ret;
}

void BPF_STRUCT_OPS(fs_exit, struct scx_exit_info *ei)
{
	exit_record.exit_code = ei->exit_code;
	bpf_probe_read_kernel_str(exit_record.reason,
				  sizeof(exit_record.reason), ei->reason);
	bpf_probe_read_kernel_str(exit_record.msg, sizeof(exit_record.msg),
				  ei->msg);
	if (ei->dump)
		bpf_probe_read_kernel_str(exit_dump, sizeof(exit_dump),
					  ei->dump);
	/* Written last: the loader treats a non-zero kind as "record complete".
	 */
	exit_record.kind = ei->kind;
}

SEC(".struct_ops.link")
struct sched_ext_ops flashyspark_ops = {
	.select_cpu = (void *)fs_select_cpu,
	.enqueue = (void *)fs_enqueue,
	.dispatch = (void *)fs_dispatch,
	.runnable = (void *)fs_runnable,
	.running = (void *)fs_running,
	.stopping = (void *)fs_stopping,
	.enable = (void *)fs_enable,
	.disable = (void *)fs_disable,
	.set_weight = (void *)fs_set_weight,
	.init_task = (void *)fs_init_task,
	.init = (void *)fs_init,
	.exit = (void *)fs_exit,
	/* Migration-disabled tasks come to fs_enqueue too (local_pcpu). */
	.flags = SCX_OPS_ENQ_MIGRATION_DISABLED | SCX_OPS_ENQ_LAST,
	.exit_dump_len = FS_EXIT_DUMP_LEN,
	.name = FS_OPS_NAME,
};
