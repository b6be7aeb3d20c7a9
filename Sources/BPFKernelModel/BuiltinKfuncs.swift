/// The kfuncs and resources bpfsim's kernel model knows. Flags follow the `BTF_ID_FLAGS`
/// lists of Linux 6.18 (`kernel/bpf/helpers.c`, `kernel/bpf/cpumask.c`,
/// `net/netfilter/nf_conntrack_bpf.c`); extend with `--catalog FILE`.
enum BuiltinKfuncs {
    static let all: [KfuncSpec] = [
        // Exceptions.
        KfuncSpec(name: "bpf_throw", returns: .void, args: [.scalar], special: .throw),
        // task_struct references.
        KfuncSpec(name: "bpf_task_acquire", flags: [.acquire, .rcu, .retNull], resource: .task, returns: .object("task_struct"), args: [.object("task_struct")]),
        KfuncSpec(name: "bpf_task_release", flags: [.release], resource: .task, returns: .void, args: [.object("task_struct")]),
        KfuncSpec(name: "bpf_task_from_pid", flags: [.acquire, .retNull], resource: .task, returns: .object("task_struct"), args: [.scalar]),
        KfuncSpec(name: "bpf_task_from_vpid", flags: [.acquire, .retNull], resource: .task, returns: .object("task_struct"), args: [.scalar]),
        // cgroup references.
        KfuncSpec(name: "bpf_cgroup_acquire", flags: [.acquire, .rcu, .retNull], resource: .cgroup, returns: .object("cgroup"), args: [.object("cgroup")]),
        KfuncSpec(name: "bpf_cgroup_release", flags: [.release], resource: .cgroup, returns: .void, args: [.object("cgroup")]),
        KfuncSpec(name: "bpf_cgroup_from_id", flags: [.acquire, .retNull], resource: .cgroup, returns: .object("cgroup"), args: [.scalar]),
        KfuncSpec(name: "bpf_cgroup_ancestor", flags: [.acquire, .rcu, .retNull], resource: .cgroup, returns: .object("cgroup"), args: [.object("cgroup"), .scalar]),
        KfuncSpec(name: "bpf_task_under_cgroup", flags: [.rcu], returns: .integer, args: [.object("task_struct"), .object("cgroup")]),
        // cpumasks.
        KfuncSpec(name: "bpf_cpumask_create", flags: [.acquire, .retNull], resource: .cpumask, returns: .object("bpf_cpumask")),
        KfuncSpec(name: "bpf_cpumask_acquire", flags: [.acquire, .trustedArgs], resource: .cpumask, returns: .object("bpf_cpumask"), args: [.object("bpf_cpumask")]),
        KfuncSpec(name: "bpf_cpumask_release", flags: [.release], resource: .cpumask, returns: .void, args: [.object("bpf_cpumask")]),
        KfuncSpec(name: "bpf_cpumask_set_cpu", flags: [.rcu], returns: .void, args: [.scalar, .object("bpf_cpumask")]),
        KfuncSpec(name: "bpf_cpumask_clear_cpu", flags: [.rcu], returns: .void, args: [.scalar, .object("bpf_cpumask")]),
        KfuncSpec(name: "bpf_cpumask_test_cpu", flags: [.rcu], returns: .integer, args: [.scalar, .object("cpumask")]),
        KfuncSpec(name: "bpf_cpumask_first", flags: [.rcu], returns: .integer, args: [.object("cpumask")]),
        KfuncSpec(name: "bpf_cpumask_weight", flags: [.rcu], returns: .integer, args: [.object("cpumask")]),
        KfuncSpec(name: "bpf_cpumask_setall", flags: [.rcu], returns: .void, args: [.object("bpf_cpumask")]),
        KfuncSpec(name: "bpf_cpumask_clear", flags: [.rcu], returns: .void, args: [.object("bpf_cpumask")]),
        KfuncSpec(name: "bpf_cpumask_and", flags: [.rcu], returns: .integer, args: [.object("bpf_cpumask"), .object("cpumask"), .object("cpumask")]),
        KfuncSpec(name: "bpf_cpumask_or", flags: [.rcu], returns: .void, args: [.object("bpf_cpumask"), .object("cpumask"), .object("cpumask")]),
        KfuncSpec(name: "bpf_cpumask_copy", flags: [.rcu], returns: .void, args: [.object("bpf_cpumask"), .object("cpumask")]),
        KfuncSpec(name: "bpf_cpumask_empty", flags: [.rcu], returns: .integer, args: [.object("cpumask")]),
        // Program-local objects and graphs.
        KfuncSpec(name: "bpf_obj_new_impl", flags: [.acquire, .retNull], resource: .object, returns: .localObject, args: [.constant, .ignored], special: .objectNew),
        KfuncSpec(name: "bpf_obj_drop_impl", flags: [.release], resource: .object, returns: .void, args: [.localObject, .ignored], special: .objectDrop),
        KfuncSpec(name: "bpf_refcount_acquire_impl", flags: [.acquire, .retNull, .rcu], resource: .object, returns: .localObject, args: [.localObject, .ignored], special: .refcountAcquire),
        KfuncSpec(name: "bpf_list_push_front_impl", returns: .integer, args: [.graphRoot, .graphNode, .ignored, .constant], special: .graphInsert),
        KfuncSpec(name: "bpf_list_push_back_impl", returns: .integer, args: [.graphRoot, .graphNode, .ignored, .constant], special: .graphInsert),
        KfuncSpec(name: "bpf_list_pop_front", flags: [.acquire, .retNull], resource: .object, returns: .localObject, args: [.graphRoot], special: .graphRemove),
        KfuncSpec(name: "bpf_list_pop_back", flags: [.acquire, .retNull], resource: .object, returns: .localObject, args: [.graphRoot], special: .graphRemove),
        KfuncSpec(name: "bpf_rbtree_add_impl", returns: .integer, args: [.graphRoot, .graphNode, .callback, .ignored, .constant], special: .graphInsert),
        KfuncSpec(name: "bpf_rbtree_remove", flags: [.acquire, .retNull], resource: .object, returns: .localObject, args: [.graphRoot, .graphNode], special: .graphRemove),
        KfuncSpec(name: "bpf_rbtree_first", flags: [.retNull], returns: .localObject, args: [.graphRoot], special: .graphPeek),
        // RCU and preemption.
        KfuncSpec(name: "bpf_rcu_read_lock", returns: .void, special: .rcuReadLock),
        KfuncSpec(name: "bpf_rcu_read_unlock", returns: .void, special: .rcuReadUnlock),
        KfuncSpec(name: "bpf_preempt_disable", returns: .void, special: .preemptDisable),
        KfuncSpec(name: "bpf_preempt_enable", returns: .void, special: .preemptEnable),
        // Open-coded numeric iterator.
        KfuncSpec(name: "bpf_iter_num_new", flags: [.iterNew], resource: .iterNum, returns: .integer, args: [.iterator("bpf_iter_num"), .scalar, .scalar]),
        KfuncSpec(name: "bpf_iter_num_next", flags: [.iterNext, .retNull], resource: .iterNum, returns: .memory(size: 4), args: [.iterator("bpf_iter_num")]),
        KfuncSpec(name: "bpf_iter_num_destroy", flags: [.iterDestroy], resource: .iterNum, returns: .void, args: [.iterator("bpf_iter_num")]),
        // Conntrack.
        KfuncSpec(name: "bpf_skb_ct_lookup", flags: [.acquire, .retNull], resource: .conntrack, returns: .object("nf_conn"), args: [.context, .memory, .memorySize, .memory, .memorySize]),
        KfuncSpec(name: "bpf_xdp_ct_lookup", flags: [.acquire, .retNull], resource: .conntrack, returns: .object("nf_conn"), args: [.context, .memory, .memorySize, .memory, .memorySize]),
        KfuncSpec(name: "bpf_skb_ct_alloc", flags: [.acquire, .retNull], resource: .conntrack, returns: .object("nf_conn___init"), args: [.context, .memory, .memorySize, .memory, .memorySize]),
        KfuncSpec(name: "bpf_xdp_ct_alloc", flags: [.acquire, .retNull], resource: .conntrack, returns: .object("nf_conn___init"), args: [.context, .memory, .memorySize, .memory, .memorySize]),
        KfuncSpec(name: "bpf_ct_insert_entry", flags: [.acquire, .retNull, .release], resource: .conntrack, returns: .object("nf_conn"), args: [.object("nf_conn___init")]),
        KfuncSpec(name: "bpf_ct_release", flags: [.release], resource: .conntrack, returns: .void, args: [.object("nf_conn")]),
        KfuncSpec(name: "bpf_ct_set_timeout", flags: [.trustedArgs], returns: .void, args: [.object("nf_conn___init"), .scalar]),
        KfuncSpec(name: "bpf_ct_change_timeout", flags: [.trustedArgs], returns: .integer, args: [.object("nf_conn"), .scalar]),
    ]

    /// Kernel structs whose kfunc arguments the verifier treats specially when handed a scalar
    /// (`struct bpf_cpumask` holds only scalars; `struct nf_conn` nests past
    /// `MAX_RESOLVE_DEPTH`); every other struct has pointer members.
    static let structs: [String: KernelStructShape] = [
        "bpf_cpumask": .scalars, "cpumask": .scalars, "nf_conn": .deep, "nf_conn___init": .deep,
    ]

    static let resources: [ResourceSpec] = [
        ResourceSpec(kind: .task, acquiredBy: ["bpf_task_acquire", "bpf_task_from_pid", "bpf_task_from_vpid"], releasedBy: ["bpf_task_release"], destructor: "bpf_task_release"),
        ResourceSpec(kind: .cgroup, acquiredBy: ["bpf_cgroup_acquire", "bpf_cgroup_from_id", "bpf_cgroup_ancestor"], releasedBy: ["bpf_cgroup_release"], destructor: "bpf_cgroup_release"),
        ResourceSpec(kind: .cpumask, acquiredBy: ["bpf_cpumask_create", "bpf_cpumask_acquire"], releasedBy: ["bpf_cpumask_release", "bpf_kptr_xchg"], destructor: "bpf_cpumask_release"),
        ResourceSpec(kind: .object, acquiredBy: ["bpf_obj_new_impl", "bpf_refcount_acquire_impl", "bpf_list_pop_front", "bpf_list_pop_back", "bpf_rbtree_remove"], releasedBy: ["bpf_obj_drop_impl", "bpf_list_push_front_impl", "bpf_list_push_back_impl", "bpf_rbtree_add_impl", "bpf_kptr_xchg"], destructor: "bpf_obj_drop_impl"),
        ResourceSpec(kind: .socket, acquiredBy: ["bpf_sk_lookup_tcp", "bpf_sk_lookup_udp", "bpf_skc_lookup_tcp"], releasedBy: ["bpf_sk_release"], destructor: "bpf_sk_release"),
        ResourceSpec(kind: .ringbufRecord, acquiredBy: ["bpf_ringbuf_reserve"], releasedBy: ["bpf_ringbuf_submit", "bpf_ringbuf_discard"], destructor: "bpf_ringbuf_discard"),
        ResourceSpec(kind: .conntrack, acquiredBy: ["bpf_skb_ct_lookup", "bpf_xdp_ct_lookup", "bpf_skb_ct_alloc", "bpf_xdp_ct_alloc", "bpf_ct_insert_entry"], releasedBy: ["bpf_ct_release", "bpf_ct_insert_entry"], destructor: "bpf_ct_release"),
        ResourceSpec(kind: .iterNum, acquiredBy: ["bpf_iter_num_new"], releasedBy: ["bpf_iter_num_destroy"], destructor: "bpf_iter_num_destroy", isStackObject: true),
    ]
}
