// SPDX-License-Identifier: GPL-2.0
/*
 * One load of the BPF scheduler (session.h): the settings and topology
 * written into the skeleton, the ops flags the kernel supports, the
 * struct_ops link, and the exit record read back.
 */
#include "session.h"
#include "kernel_btf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The skeleton uses kernel integer names in its .rodata/.bss types. */
#include <linux/types.h>
typedef __u64 u64;
typedef __u32 u32;
typedef __u16 u16;
typedef __u8 u8;
typedef __s32 s32;
typedef __s64 s64;
#include "flashyspark.skel.h"

struct fs_session {
	struct flashyspark *skel;
	struct bpf_link *link;
};

/*
 * With several NUMA nodes the kernel can track idle CPUs per node
 * (SCX_OPS_BUILTIN_IDLE_PER_NODE, 6.15+): a search then starts in the
 * node and widens by distance, and no CPU contends on one machine-wide
 * mask. Not with disable_numa, which asks for the machine as one node.
 */
static bool want_idle_per_node(const struct fs_config *cfg,
			       const struct fs_topology *topo, uint64_t *flag)
{
	return topo->nr_nodes > 1 && !cfg->knobs[FS_KNOB_disable_numa] &&
	       fs_kernel_enum_value("scx_ops_flags",
				    "SCX_OPS_BUILTIN_IDLE_PER_NODE", flag);
}

/* Where each options.def line goes: to=BPF by name, OPS_TIMEOUT as the
 * struct_ops watchdog; the loader keeps LOADER and RUN ones. */
#define FS_SET_BPF_UINT(name)	 skel->rodata->name = cfg->name;
#define FS_SET_BPF_PERCENT(name) skel->rodata->name = cfg->name;
#define FS_SET_BPF_COMMS(name)                                      \
	for (k = 0; k < cfg->nr_##name; k++)                        \
		memcpy((char *)skel->rodata->name[k], cfg->name[k], \
		       FS_COMM_LEN);                                \
	skel->rodata->nr_##name = (u32)cfg->nr_##name;
#define FS_SET_BPF_PIDS(name)                              \
	for (k = 0; k < cfg->nr_##name; k++)               \
		skel->rodata->name[k] = (u32)cfg->name[k]; \
	skel->rodata->nr_##name = (u32)cfg->nr_##name;
/* A cgroup goes as the id the loader found for its path. */
#define FS_SET_BPF_CGROUPS(name)                          \
	for (k = 0; k < cfg->nr_##name; k++)              \
		skel->rodata->name[k] = cgroups->name[k]; \
	skel->rodata->nr_##name = (u32)cfg->nr_##name;
#define FS_SET_BPF(type, name) FS_SET_BPF_##type(name)
#define FS_SET_OPS_TIMEOUT(type, name)                                 \
	skel->struct_ops.flashyspark_ops->timeout_ms = (u32)cfg->name; \
	skel->rodata->name = (u32)cfg->name; /* rescue.bpf.h's bound */
#define FS_SET_LOADER(type, name)
#define FS_SET_RUN(type, name)

/*
 * ops.runnable keeps wake rates and exec names, which only the task
 * classes of workload_aware_scheduling and the workload class read
 * (main.bpf.c): otherwise it is left out, one struct_ops call fewer a
 * wake-up.
 */
static bool runnable_wanted(const struct fs_config *cfg)
{
	return cfg->knobs[FS_KNOB_workload_aware_scheduling] ||
	       fs_config_has_workload(cfg);
}

static void configure(struct flashyspark *skel, const struct fs_config *cfg,
		      const struct fs_topology *topo,
		      const struct fs_cgroup_ids *cgroups)
{
	uint64_t per_node = 0;
	int k, c;

	for (k = 0; k < FS_NR_KNOBS; k++)
		skel->rodata->knobs[k] = cfg->knobs[k];
#define FS_OPTION(name, type, min, max, def, unit, to, help) \
	FS_SET_##to(type, name)
#include "options.def"
#undef FS_OPTION

	skel->rodata->nr_cpus = (u32)topo->nr_cpus;
	skel->rodata->nr_nodes = (u32)topo->nr_nodes;
	skel->rodata->nr_llcs = (u32)topo->nr_llcs;
	skel->rodata->smt_present = topo->smt;
	for (c = 0; c < topo->nr_cpus; c++) {
		skel->rodata->cpu_core_id[c] = topo->core_id[c];
		skel->rodata->cpu_l2_id[c] = topo->l2_id[c];
		skel->rodata->cpu_llc_id[c] = topo->llc_id[c];
		skel->rodata->cpu_node_id[c] = topo->node_id[c];
		skel->rodata->cpu_is_perf[c] = topo->perf[c];
	}
	skel->rodata->idle_per_node = want_idle_per_node(cfg, topo, &per_node);
	skel->struct_ops.flashyspark_ops->flags |= per_node;
	if (!runnable_wanted(cfg)) {
		skel->struct_ops.flashyspark_ops->runnable = NULL;
		bpf_program__set_autoload(skel->progs.fs_runnable, false);
	}
}

struct fs_session *fs_session_start(const struct fs_config *cfg,
				    const struct fs_topology *topo,
				    const struct fs_cgroup_ids *cgroups,
				    char *err, size_t errlen)
{
	struct fs_session *s = calloc(1, sizeof(*s));
	int ret;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->skel = flashyspark__open();
	if (!s->skel) {
		snprintf(err, errlen, "opening the BPF object failed: %s",
			 strerror(errno));
		goto fail;
	}
	configure(s->skel, cfg, topo, cgroups);
	ret = flashyspark__load(s->skel);
	if (ret) {
		snprintf(err, errlen,
			 "loading the BPF scheduler failed: %s (verifier log "
			 "above)",
			 strerror(-ret));
		goto fail;
	}
	s->link = bpf_map__attach_struct_ops(s->skel->maps.flashyspark_ops);
	if (!s->link) {
		ret = -errno;
		snprintf(err, errlen, "attaching the scheduler failed: %s%s",
			 strerror(-ret),
			 ret == -EBUSY
				 ? " (another sched_ext scheduler is loaded)"
				 : "");
		goto fail;
	}
	return s;
fail:
	fs_session_free(s);
	return NULL;
}

bool fs_session_idle_per_node(const struct fs_session *s)
{
	return s->skel->rodata->idle_per_node;
}

unsigned long fs_session_sys_util(const struct fs_session *s)
{
	return (unsigned long)__atomic_load_n(&s->skel->bss->sys_util,
					      __ATOMIC_RELAXED);
}

int fs_session_perf_targets(const struct fs_session *s, unsigned int *out,
			    int max)
{
	int n = (int)s->skel->rodata->nr_cpus, c;

	if (n > max)
		n = max;
	for (c = 0; c < n; c++)
		out[c] = __atomic_load_n(&s->skel->bss->kernel_perf_targets[c],
					 __ATOMIC_RELAXED);
	return n;
}

bool fs_session_exit(const struct fs_session *s, struct fs_exit_record *rec)
{
	/* kind is written last by ops.exit; read it first. */
	int kind = __atomic_load_n(&s->skel->bss->exit_record.kind,
				   __ATOMIC_ACQUIRE);

	if (!kind)
		return false;
	memcpy(rec, (const void *)&s->skel->bss->exit_record, sizeof(*rec));
	rec->kind = kind;
	rec->reason[sizeof(rec->reason) - 1] = '\0';
	rec->msg[sizeof(rec->msg) - 1] = '\0';
	return true;
}

size_t fs_session_exit_dump(const struct fs_session *s, char *buf, size_t len)
{
	const char *dump = (const char *)s->skel->bss->exit_dump;
	size_t n;

	if (!len)
		return 0;
	/* The dump is written before the kind: read the kind first. */
	if (!__atomic_load_n(&s->skel->bss->exit_record.kind, __ATOMIC_ACQUIRE))
		n = 0;
	else
		n = strnlen(dump, sizeof(s->skel->bss->exit_dump));
	if (n >= len)
		n = len - 1;
	memcpy(buf, dump, n);
	buf[n] = '\0';
	return n;
}

/* Sum the per-CPU array map @map_fd into @out; 0 or -errno. */
static int stats_read(int map_fd, uint64_t out[FS_NR_COUNTERS])
{
	int nr_cpus = libbpf_num_possible_cpus();
	uint64_t *vals;
	uint32_t key;

	if (nr_cpus <= 0)
		return -EINVAL;
	vals = calloc((size_t)nr_cpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	memset(out, 0, sizeof(uint64_t) * FS_NR_COUNTERS);
	for (key = 0; key < FS_NR_COUNTERS; key++) {
		int cpu;

		if (bpf_map_lookup_elem(map_fd, &key, vals)) {
			int err = -errno;

			free(vals);
			return err;
		}
		for (cpu = 0; cpu < nr_cpus; cpu++)
			out[key] += vals[cpu];
	}
	free(vals);
	return 0;
}

int fs_session_counters(const struct fs_session *s,
			uint64_t out[FS_NR_COUNTERS])
{
	return stats_read(bpf_map__fd(s->skel->maps.counters), out);
}

void fs_session_set_gpu_tgids(struct fs_session *s, const int *tgids, int n)
{
	int fd = bpf_map__fd(s->skel->maps.gpu_tgids);
	uint32_t key, next, *cur = NULL;
	uint8_t one = 1;
	int i;

	/* Drop tgids no longer in the list, then add the list. */
	while (!bpf_map_get_next_key(fd, cur, &next)) {
		bool keep = false;

		for (i = 0; i < n && !keep; i++)
			keep = (uint32_t)tgids[i] == next;
		key = next;
		cur = &key;
		if (!keep)
			bpf_map_delete_elem(fd, &next);
	}
	for (i = 0; i < n; i++) {
		key = (uint32_t)tgids[i];
		bpf_map_update_elem(fd, &key, &one, BPF_ANY);
	}
}

void fs_session_detach(struct fs_session *s)
{
	if (s && s->link) {
		bpf_link__destroy(s->link);
		s->link = NULL;
	}
}

void fs_session_free(struct fs_session *s)
{
	if (!s)
		return;
	fs_session_detach(s);
	flashyspark__destroy(s->skel);
	free(s);
}
