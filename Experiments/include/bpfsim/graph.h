/* Program-local objects in lists and rbtrees (bpf_obj_new, bpf_list_*, bpf_rbtree_*).
 *
 * Written for bpfsim's corpus. The verifier finds a graph root's element type from a
 * `contains:<type>:<node field>` BTF decl tag, and requires root and its bpf_spin_lock to
 * live in the same map value or global section: `private(X)` puts globals in their own
 * `.bss.X` section (one map per section), as the kernel selftests do. */
#ifndef BPFSIM_CORPUS_GRAPH_H
#define BPFSIM_CORPUS_GRAPH_H

#include "kfuncs.h"
#include <bpf/bpf_core_read.h>

#define __contains(name, node) __attribute__((btf_decl_tag("contains:" #name ":" #node)))
#define private(name) SEC(".bss." #name) __attribute__((visibility("hidden"), aligned(8)))

#ifndef container_of
#define container_of(ptr, type, member) ((type *)((void *)(ptr) - __builtin_offsetof(type, member)))
#endif

#define bpf_obj_new(type) ((type *)bpf_obj_new_impl(bpf_core_type_id_local(type), NULL))
#define bpf_obj_drop(kptr) bpf_obj_drop_impl(kptr, NULL)
#define bpf_refcount_acquire(kptr) ((typeof(kptr))bpf_refcount_acquire_impl(kptr, NULL))
#define bpf_list_push_front(head, node) bpf_list_push_front_impl(head, node, NULL, 0)
#define bpf_list_push_back(head, node) bpf_list_push_back_impl(head, node, NULL, 0)
#define bpf_rbtree_add(root, node, less) bpf_rbtree_add_impl(root, node, less, NULL, 0)

#endif
