/* Calls a kfunc that no kernel (and no bpfsim catalog) knows. */
#include "../../include/bpfsim_kernel.h"

char LICENSE[] SEC("license") = "GPL";

extern void bpf_no_such_kfunc(u64 cookie) __ksym;

SEC("tc")
int unknown_kfunc(struct __sk_buff *skb)
{
	bpf_no_such_kfunc(skb->mark);
	return 0;
}
