/* One object with every feature bpfsim's loader must handle: several programs, static and
 * global subprograms, kfunc externs, BTF-defined hash/array/ringbuf maps, .rodata/.bss/.data,
 * CO-RE reads, a bpf_loop callback, an __exception_cb callback and .kconfig externs. */
#include "bpfsim_kernel.h"

char LICENSE[] SEC("license") = "GPL";

struct event {
	u32 pid;
	u32 tgid;
	u64 cookie;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u32);
	__type(value, u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, struct event);
} last_event SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 64);
	__uint(key_size, sizeof(u64));
	__uint(value_size, sizeof(u32));
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
} sized SEC(".maps");

const volatile u32 target_tgid = 0;
const volatile char greeting[8] = "bpfsim";
u64 seen_total;
u64 throw_count = 7;
u32 custom_counter SEC(".data.custom") = 3;

extern int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig __weak;
extern u32 CONFIG_HZ __kconfig __weak;

struct loop_ctx {
	u64 sum;
	u32 limit;
};

static int sum_cb(u32 index, void *data)
{
	struct loop_ctx *ctx = data;

	if (index >= ctx->limit)
		return 1;
	ctx->sum += index;
	return 0;
}

static __noinline u64 bump(u32 key)
{
	u64 one = 1, *val;

	val = bpf_map_lookup_elem(&counts, &key);
	if (val) {
		__sync_fetch_and_add(val, 1);
		return *val;
	}
	bpf_map_update_elem(&counts, &key, &one, BPF_ANY);
	return 1;
}

__noinline int record_task(struct task_struct *task)
{
	struct event *e;

	if (!task)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = BPF_CORE_READ(task, pid);
	e->tgid = BPF_CORE_READ(task, tgid);
	e->cookie = seen_total;
	bpf_probe_read_kernel_str(e->comm, sizeof(e->comm), task->comm);
	bpf_ringbuf_submit(e, 0);
	return 1;
}

int exc_handler(u64 cookie)
{
	throw_count++;
	return (int)cookie;
}

SEC("tp_btf/sched_switch")
int on_switch(u64 *ctx)
{
	struct task_struct *next = (struct task_struct *)ctx[2];
	struct task_struct *ref;
	u32 tgid;

	tgid = BPF_CORE_READ(next, tgid);
	if (target_tgid && tgid != target_tgid)
		return 0;
	ref = bpf_task_acquire(next);
	if (!ref)
		return 0;
	seen_total += bump(tgid);
	record_task(ref);
	bpf_task_release(ref);
	return 0;
}

SEC("fentry/do_unlinkat")
__exception_cb(exc_handler)
int on_unlink(u64 *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	struct loop_ctx lc = { .sum = 0, .limit = 16 };

	bpf_loop(32, sum_cb, &lc, 0);
	if (lc.sum > 100)
		bpf_throw(lc.sum);
	if (bpf_core_field_exists(task->in_iowait))
		custom_counter += bpf_core_field_size(task->comm);
	if (LINUX_KERNEL_VERSION > KERNEL_VERSION(6, 0, 0) && CONFIG_BPF_SYSCALL)
		custom_counter += CONFIG_HZ;
	return record_task(task);
}

SEC("tc")
int classify(struct __sk_buff *skb)
{
	u32 key = 0;
	struct event *e = bpf_map_lookup_elem(&last_event, &key);

	if (!e)
		return 0;
	e->cookie = skb->len + greeting[0];
	e->pid = bpf_core_type_id_kernel(struct task_struct);
	e->tgid = bpf_core_enum_value(enum task_state_bits, TASK_DEAD_BIT);
	if (__builtin_preserve_field_info(((struct task_struct *)0)->exit_signal, BPF_FIELD_SIGNED))
		e->tgid++;
	return bump(skb->ifindex) > 10 ? 2 : 0;
}

SEC("xdp")
int pass_all(struct xdp_md *xdp)
{
	u64 key = xdp->ingress_ifindex;
	u32 *v = bpf_map_lookup_elem(&sized, &key);

	return v && *v ? XDP_DROP : XDP_PASS;
}
