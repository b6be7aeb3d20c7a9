/* Models: the cgrp_kfunc selftests and cgroup-aware policies that act when a cgroup is
 * created: reference the new cgroup and its parent (bpf_cgroup_ancestor), check the
 * hierarchy depth against the configured limit, release both.
 *
 * manifest: prog=mkdir_ancestor resources=cgroup,cgroup throws_holding=yes stress=none
 * manifest: prog=mkdir_ancestor_checked resources=cgroup,cgroup throws_holding=no stress=none
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/cgroup_mkdir")
int BPF_PROG(mkdir_ancestor, struct cgroup *cgrp, const char *path)
{
	struct cgroup *cg, *parent;
	int level;

	cg = bpf_cgroup_acquire(cgrp);
	if (!cg)
		return 0;
	level = cg->level;
	parent = bpf_cgroup_ancestor(cg, level > 0 ? level - 1 : 0);
	if (!parent) {
		bpf_cgroup_release(cg);
		return 0;
	}
	bpf_assert(parent->level + 1 == level || level == 0);
	bpf_assert(level <= cg->max_depth || cg->max_depth < 0);
	bpf_cgroup_release(parent);
	bpf_cgroup_release(cg);
	return 0;
}

SEC("tp_btf/cgroup_mkdir")
int BPF_PROG(mkdir_ancestor_checked, struct cgroup *cgrp, const char *path)
{
	struct cgroup *cg, *parent;
	int level, plevel;

	cg = bpf_cgroup_acquire(cgrp);
	if (!cg)
		return 0;
	level = cg->level;
	parent = bpf_cgroup_ancestor(cg, level > 0 ? level - 1 : 0);
	bpf_cgroup_release(cg);
	if (!parent)
		return 0;
	plevel = parent->level;
	bpf_cgroup_release(parent);
	bpf_assert(plevel + 1 == level || level == 0);
	return 0;
}
