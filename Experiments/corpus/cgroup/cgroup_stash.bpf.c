/* Models: keeping a cgroup referenced across events by stashing it as a kptr in a map
 * value (the cgrp_kfunc selftests' stash/unstash and cgroup-aware schedulers that cache
 * their root cgroup): acquire on mkdir, xchg into the map, release what was there; on rmdir
 * take it back out and check it is the one being removed.
 *
 * manifest: prog=cgroup_stash resources=cgroup throws_holding=no stress=ownership-transfer
 * manifest: prog=cgroup_unstash resources=cgroup throws_holding=yes stress=kptr-xchg-out
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct cg_slot {
	struct cgroup __kptr *cgrp;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, u64);
	__type(value, struct cg_slot);
	__uint(max_entries, 256);
} stash SEC(".maps");

SEC("tp_btf/cgroup_mkdir")
int BPF_PROG(cgroup_stash, struct cgroup *cgrp, const char *path)
{
	struct cg_slot init = {}, *slot;
	struct cgroup *cg, *old;
	u64 id = cgrp->kn->id;

	if (bpf_map_update_elem(&stash, &id, &init, BPF_NOEXIST))
		return 0;
	slot = bpf_map_lookup_elem(&stash, &id);
	if (!slot)
		return 0;
	cg = bpf_cgroup_acquire(cgrp);
	if (!cg)
		return 0;
	old = bpf_kptr_xchg(&slot->cgrp, cg);
	if (old)
		bpf_cgroup_release(old);
	return 0;
}

SEC("tp_btf/cgroup_rmdir")
int BPF_PROG(cgroup_unstash, struct cgroup *cgrp, const char *path)
{
	struct cg_slot *slot;
	struct cgroup *cg;
	u64 id = cgrp->kn->id;

	slot = bpf_map_lookup_elem(&stash, &id);
	if (!slot)
		return 0;
	cg = bpf_kptr_xchg(&slot->cgrp, NULL);
	if (!cg)
		return 0;
	bpf_assert(cg->kn->id == id);
	bpf_cgroup_release(cg);
	bpf_map_delete_elem(&stash, &id);
	return 0;
}
