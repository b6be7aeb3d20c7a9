/* Models: a cgroup-hierarchy walk written as nested helpers, one per level (what
 * hierarchical schedulers such as scx_flatcg do to compound weights from the root down,
 * unrolled because BPF forbids recursion): each level takes a reference on its ancestor,
 * calls the next level, and releases on the way back. The innermost level asserts the
 * compounded weight, so a throw unwinds all 8 frames (MAX_CALL_FRAMES), each holding a
 * cgroup reference in R6-R9.
 *
 * manifest: prog=deep_chain_8 resources=cgroup,cgroup,cgroup,cgroup,cgroup,cgroup,cgroup,cgroup throws_holding=yes stress=deep-call-chain
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

static __noinline u64 walk_bottom(struct cgroup *leaf, u64 acc)
{
	struct cgroup *a = bpf_cgroup_ancestor(leaf, 7);

	if (!a)
		return acc;
	acc = acc * 2 + a->level;
	bpf_assert(acc < (1ULL << 32));
	bpf_cgroup_release(a);
	return acc;
}

#define WALK_LEVEL(n, next)                                               \
	static __noinline u64 walk_##n(struct cgroup *leaf, u64 acc)      \
	{                                                                 \
		struct cgroup *a = bpf_cgroup_ancestor(leaf, n);          \
		u64 r;                                                    \
		if (!a)                                                   \
			return acc;                                       \
		r = next(leaf, acc * 2 + a->level);                       \
		bpf_cgroup_release(a);                                    \
		return r;                                                 \
	}

WALK_LEVEL(6, walk_bottom)
WALK_LEVEL(5, walk_6)
WALK_LEVEL(4, walk_5)
WALK_LEVEL(3, walk_4)
WALK_LEVEL(2, walk_3)
WALK_LEVEL(1, walk_2)

SEC("tp_btf/cgroup_mkdir")
int BPF_PROG(deep_chain_8, struct cgroup *cgrp, const char *path)
{
	struct cgroup *leaf;
	u64 w;

	leaf = bpf_cgroup_acquire(cgrp);
	if (!leaf)
		return 0;
	w = walk_1(leaf, 1);
	bpf_cgroup_release(leaf);
	return w & 1;
}
