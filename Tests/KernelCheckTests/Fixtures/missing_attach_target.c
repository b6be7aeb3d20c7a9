// A load error, not a rejection: no kernel has this function, so libbpf finds no BTF id to
// attach the fentry program to and never calls BPF_PROG_LOAD.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("fentry/bpfsim_no_such_function")
int trace_missing_function(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
