/* Types chosen so the object's BTF holds every kind the kernel defines: INT, PTR, ARRAY,
 * STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC (static, global, extern),
 * FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG and ENUM64. */
#include "bpfsim_kernel.h"

char LICENSE[] SEC("license") = "GPL";

#define __tag(x) __attribute__((btf_decl_tag(x)))

enum big_values {
	BIG_SMALL = 1,
	BIG_LARGE = 0x123456789abcULL,
};

enum small_signed {
	SMALL_NEG = -3,
	SMALL_POS = 4,
};

struct opaque;

union number {
	u32 as_u32;
	float as_float;
};

struct tagged {
	int plain __tag("member_tag");
	struct task_struct __kptr *owned;
	struct opaque *never_defined;
	union number num;
	double ratio;
	enum big_values big;
	enum small_signed small;
	u8 bytes[3];
	unsigned int low : 3;
	unsigned int high : 5;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, u32);
	__type(value, struct tagged);
} tagged_map SEC(".maps");

extern const int bpf_prog_active __ksym;
extern const void bpf_link_fops __ksym __weak;

volatile const int restrict_me = 3;
u8 pattern[3] = { 1, 2, 3 };

static __noinline __tag("static_func_tag") int copy_bytes(u8 *__restrict dst, const u8 *__restrict src, int n)
{
	for (int i = 0; i < n && i < 3; i++)
		dst[i] = src[i];
	return n;
}

__noinline __tag("global_func_tag") int global_with_tags(struct tagged *t __tag("arg:nonnull"))
{
	if (!t)
		return 0;
	return t->plain + t->low;
}

SEC("tc")
int kinds(struct __sk_buff *skb)
{
	u32 key = 0;
	struct tagged *t = bpf_map_lookup_elem(&tagged_map, &key);

	if (!t)
		return 0;
	bpf_rcu_read_lock();
	copy_bytes(t->bytes, pattern, 3);
	bpf_rcu_read_unlock();
	t->num.as_u32 = t->bytes[0];
	if (&bpf_link_fops)
		t->plain = bpf_prog_active;
	return global_with_tags(t) + restrict_me + (t->big == BIG_LARGE) + (t->small == SMALL_NEG);
}
