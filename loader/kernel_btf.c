// SPDX-License-Identifier: GPL-2.0
/*
 * Enumerator look-ups in the running kernel's BTF (libbpf's parser), for
 * sched_ext flags that only newer kernels define.
 */
#include "kernel_btf.h"

#include <bpf/btf.h>
#include <string.h>

static bool find_in(const struct btf *btf, const struct btf_type *t,
		    const char *name, uint64_t *val)
{
	int i, n = btf_vlen(t);

	if (btf_is_enum(t)) {
		const struct btf_enum *e = btf_enum(t);

		for (i = 0; i < n; i++, e++)
			if (!strcmp(btf__name_by_offset(btf, e->name_off),
				    name)) {
				*val = (uint32_t)e->val;
				return true;
			}
	} else if (btf_is_enum64(t)) {
		const struct btf_enum64 *e = btf_enum64(t);

		for (i = 0; i < n; i++, e++)
			if (!strcmp(btf__name_by_offset(btf, e->name_off),
				    name)) {
				*val = btf_enum64_value(e);
				return true;
			}
	}
	return false;
}

bool fs_kernel_enum_value(const char *type, const char *name, uint64_t *val)
{
	struct btf *btf = btf__load_vmlinux_btf();
	bool found = false;
	int id;

	if (!btf)
		return false;
	id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM);
	if (id < 0)
		id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM64);
	if (id > 0)
		found = find_in(btf, btf__type_by_id(btf, id), name, val);
	btf__free(btf);
	return found;
}
