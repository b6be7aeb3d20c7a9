/* libbpf's helper declarations, made usable by GCC as well as clang.
 *
 * Written for bpfsim's corpus. bpf_helper_defs.h declares each helper as a constant function
 * pointer; GCC 12 turns a call through such a pointer into an indirect call (which BPF does
 * not have) once a function uses the helper twice. For GCC the pointers are renamed out of
 * the way and the helpers the corpus calls are declared with GCC's kernel_helper attribute
 * (helper numbers from include/uapi/linux/bpf.h). */
#ifndef BPFSIM_CORPUS_HELPERS_H
#define BPFSIM_CORPUS_HELPERS_H

#if defined(__GNUC__) && !defined(__clang__)
#define BPFSIM_GCC_HELPERS(X)                                                                       \
	X(void *, bpf_map_lookup_elem, 1, (void *map, const void *key))                             \
	X(long, bpf_map_update_elem, 2, (void *map, const void *key, const void *value, __u64 flags)) \
	X(long, bpf_map_delete_elem, 3, (void *map, const void *key))                              \
	X(__u64, bpf_ktime_get_ns, 5, (void))                                                      \
	X(__u32, bpf_get_prandom_u32, 7, (void))                                                   \
	X(__u32, bpf_get_smp_processor_id, 8, (void))                                              \
	X(long, bpf_get_current_comm, 16, (void *buf, __u32 size_of_buf))                          \
	X(long, bpf_skb_load_bytes, 26, (const void *skb, __u32 offset, void *to, __u32 len))      \
	X(__u64, bpf_get_current_cgroup_id, 80, (void))                                            \
	X(struct bpf_sock *, bpf_sk_lookup_tcp, 84, (void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)) \
	X(struct bpf_sock *, bpf_sk_lookup_udp, 85, (void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)) \
	X(long, bpf_sk_release, 86, (void *sock))                                                  \
	X(struct bpf_sock *, bpf_skc_lookup_tcp, 99, (void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags)) \
	X(long, bpf_probe_read_kernel, 113, (void *dst, __u32 size, const void *unsafe_ptr))       \
	X(long, bpf_probe_read_kernel_str, 115, (void *dst, __u32 size, const void *unsafe_ptr))   \
	X(long, bpf_ringbuf_output, 130, (void *ringbuf, void *data, __u64 size, __u64 flags))     \
	X(void *, bpf_ringbuf_reserve, 131, (void *ringbuf, __u64 size, __u64 flags))              \
	X(void, bpf_ringbuf_submit, 132, (void *data, __u64 flags))                                \
	X(void, bpf_ringbuf_discard, 133, (void *data, __u64 flags))                               \
	X(long, bpf_loop, 181, (__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags)) \
	X(void *, bpf_kptr_xchg, 194, (void *map_value, void *ptr))
#define bpf_map_lookup_elem bpf_map_lookup_elem__bpfsim_gcc_unused
#define bpf_map_update_elem bpf_map_update_elem__bpfsim_gcc_unused
#define bpf_map_delete_elem bpf_map_delete_elem__bpfsim_gcc_unused
#define bpf_ktime_get_ns bpf_ktime_get_ns__bpfsim_gcc_unused
#define bpf_get_prandom_u32 bpf_get_prandom_u32__bpfsim_gcc_unused
#define bpf_get_smp_processor_id bpf_get_smp_processor_id__bpfsim_gcc_unused
#define bpf_get_current_comm bpf_get_current_comm__bpfsim_gcc_unused
#define bpf_skb_load_bytes bpf_skb_load_bytes__bpfsim_gcc_unused
#define bpf_get_current_cgroup_id bpf_get_current_cgroup_id__bpfsim_gcc_unused
#define bpf_sk_lookup_tcp bpf_sk_lookup_tcp__bpfsim_gcc_unused
#define bpf_sk_lookup_udp bpf_sk_lookup_udp__bpfsim_gcc_unused
#define bpf_sk_release bpf_sk_release__bpfsim_gcc_unused
#define bpf_skc_lookup_tcp bpf_skc_lookup_tcp__bpfsim_gcc_unused
#define bpf_probe_read_kernel bpf_probe_read_kernel__bpfsim_gcc_unused
#define bpf_probe_read_kernel_str bpf_probe_read_kernel_str__bpfsim_gcc_unused
#define bpf_ringbuf_output bpf_ringbuf_output__bpfsim_gcc_unused
#define bpf_ringbuf_reserve bpf_ringbuf_reserve__bpfsim_gcc_unused
#define bpf_ringbuf_submit bpf_ringbuf_submit__bpfsim_gcc_unused
#define bpf_ringbuf_discard bpf_ringbuf_discard__bpfsim_gcc_unused
#define bpf_loop bpf_loop__bpfsim_gcc_unused
#define bpf_kptr_xchg bpf_kptr_xchg__bpfsim_gcc_unused
#include <bpf/bpf_helpers.h>
#undef bpf_map_lookup_elem
#undef bpf_map_update_elem
#undef bpf_map_delete_elem
#undef bpf_ktime_get_ns
#undef bpf_get_prandom_u32
#undef bpf_get_smp_processor_id
#undef bpf_get_current_comm
#undef bpf_skb_load_bytes
#undef bpf_get_current_cgroup_id
#undef bpf_sk_lookup_tcp
#undef bpf_sk_lookup_udp
#undef bpf_sk_release
#undef bpf_skc_lookup_tcp
#undef bpf_probe_read_kernel
#undef bpf_probe_read_kernel_str
#undef bpf_ringbuf_output
#undef bpf_ringbuf_reserve
#undef bpf_ringbuf_submit
#undef bpf_ringbuf_discard
#undef bpf_loop
#undef bpf_kptr_xchg
#define BPFSIM_DECLARE_HELPER(ret, name, id, args) static ret name args __attribute__((kernel_helper(id)));
BPFSIM_GCC_HELPERS(BPFSIM_DECLARE_HELPER)
#else
#include <bpf/bpf_helpers.h>
#endif

#endif
