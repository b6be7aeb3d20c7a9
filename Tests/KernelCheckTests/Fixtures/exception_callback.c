// bpf_throw with a custom exception callback named by an `exception_callback:` declaration
// tag (as bpf_experimental.h's __exception_cb writes it). libbpf learned to pass such
// callbacks to the kernel in 1.3; an older libbpf leaves the callback out of the program, and
// the kernel's complaint about it is libbpf's limitation, not the verifier's verdict.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_throw(__u64 cookie) __ksym;

__attribute__((noinline)) int throw_handler(__u64 cookie)
{
	return cookie > 1 ? 1 : 0;
}

SEC("tc")
__attribute__((btf_decl_tag("exception_callback:throw_handler")))
int throws_with_callback(struct __sk_buff *skb)
{
	if (skb->len > 1000)
		bpf_throw(2);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
