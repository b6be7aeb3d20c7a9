// A load error, not a rejection: the kfunc exists in no kernel's BTF, so libbpf stops before
// BPF_PROG_LOAD ("extern (func ksym) ...: not found in kernel or module BTFs").
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpfsim_no_such_kfunc(int value) __ksym;

SEC("tc")
int calls_missing_kfunc(struct __sk_buff *skb)
{
	return bpfsim_no_such_kfunc(skb->len);
}

char LICENSE[] SEC("license") = "GPL";
