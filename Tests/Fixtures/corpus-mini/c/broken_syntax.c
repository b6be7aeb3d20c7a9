/* Does not compile: a missing semicolon. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int broken(struct __sk_buff *skb)
{
	return 0
}
