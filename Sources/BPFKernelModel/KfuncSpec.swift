/// A kfunc as the kernel registers it: `BTF_ID_FLAGS(func, name, flags)` in
/// `kernel/bpf/helpers.c` and friends. Argument types come from the program's BTF extern
/// prototype when it has one (the kernel takes them from vmlinux BTF; both say the same for a
/// program that loads), else from ``args``.
public struct KfuncSpec: Hashable, Sendable {
    public var name: String
    public var flags: KfuncFlags
    /// The reference kind a `KF_ACQUIRE` kfunc returns, or a `KF_RELEASE`/`KF_ITER_*` kfunc consumes.
    public var resource: ResourceKind?
    /// What the kfunc returns: a kernel type name (`task_struct`), `int`, `void`, or `local` for
    /// `bpf_obj_new`'s program-local type.
    public var returns: KfuncReturn
    /// Argument kinds when the program's BTF does not say (assembly, gcc objects).
    public var args: [KfuncArg]
    /// Semantics beyond the flags that the verifier must model.
    public var special: KfuncSpecial

    public init(
        name: String, flags: KfuncFlags = [], resource: ResourceKind? = nil, returns: KfuncReturn = .integer,
        args: [KfuncArg] = [], special: KfuncSpecial = .none
    ) {
        self.name = name
        self.flags = flags
        self.resource = resource
        self.returns = returns
        self.args = args
        self.special = special
    }
}

/// `KF_*` flags of `include/linux/btf.h`.
public struct KfuncFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let acquire = KfuncFlags(rawValue: 1 << 0)
    public static let release = KfuncFlags(rawValue: 1 << 1)
    public static let retNull = KfuncFlags(rawValue: 1 << 2)
    public static let trustedArgs = KfuncFlags(rawValue: 1 << 4)
    public static let sleepable = KfuncFlags(rawValue: 1 << 5)
    public static let destructive = KfuncFlags(rawValue: 1 << 6)
    public static let rcu = KfuncFlags(rawValue: 1 << 7)
    public static let iterNew = KfuncFlags(rawValue: 1 << 8)
    public static let iterNext = KfuncFlags(rawValue: 1 << 9)
    public static let iterDestroy = KfuncFlags(rawValue: 1 << 10)
    public static let rcuProtected = KfuncFlags(rawValue: 1 << 11)

    /// The kernel's spelling of each flag, for catalog files and messages.
    public static let names: [(String, KfuncFlags)] = [
        ("KF_ACQUIRE", .acquire), ("KF_RELEASE", .release), ("KF_RET_NULL", .retNull),
        ("KF_TRUSTED_ARGS", .trustedArgs), ("KF_SLEEPABLE", .sleepable), ("KF_DESTRUCTIVE", .destructive),
        ("KF_RCU", .rcu), ("KF_ITER_NEW", .iterNew), ("KF_ITER_NEXT", .iterNext), ("KF_ITER_DESTROY", .iterDestroy),
        ("KF_RCU_PROTECTED", .rcuProtected),
    ]
}

public enum KfuncReturn: Hashable, Sendable {
    case integer
    case void
    /// A pointer to a kernel object of this BTF type name.
    case object(String)
    /// A pointer to a program-local type (`bpf_obj_new_impl`, `bpf_refcount_acquire_impl`,
    /// `bpf_list_pop_*`, `bpf_rbtree_*`).
    case localObject
    /// `int *` from `bpf_iter_num_next` (NULL at the end).
    case memory(size: Int)
}

public enum KfuncArg: Hashable, Sendable {
    case scalar
    /// The program's context (`struct __sk_buff *`, `struct xdp_md *` of conntrack kfuncs).
    case context
    /// A constant scalar (`__k` suffix).
    case constant
    /// A pointer to a kernel object of this type.
    case object(String)
    /// A program-local allocated object (`__alloc`), as `bpf_obj_drop_impl` takes.
    case localObject
    /// Ignored (`__ign`).
    case ignored
    /// An iterator on the stack (`struct bpf_iter_num *`).
    case iterator(String)
    /// Memory and its size (`void *mem, u32 mem__sz`) count as two entries: this one ...
    case memory
    /// ... and this one.
    case memorySize
    /// `struct bpf_list_head *`, `struct bpf_rb_root *` in a map value or local object.
    case graphRoot
    /// `struct bpf_list_node *`, `struct bpf_rb_node *` of an owned local object.
    case graphNode
    /// A callback (`bpf_rbtree_add`'s `less`).
    case callback
}

/// Kfuncs whose effect is more than acquire/release.
/// The raw values are the words of catalog files.
public enum KfuncSpecial: String, Hashable, Sendable, Codable, CaseIterable {
    case none
    /// `bpf_throw`: unwinds every frame.
    case `throw`
    /// `bpf_obj_new_impl`: allocates a program-local object (`local_type_id__k`).
    case objectNew = "obj_new"
    /// `bpf_obj_drop_impl`.
    case objectDrop = "obj_drop"
    /// `bpf_refcount_acquire_impl`.
    case refcountAcquire = "refcount_acquire"
    case rcuReadLock = "rcu_read_lock"
    case rcuReadUnlock = "rcu_read_unlock"
    case preemptDisable = "preempt_disable"
    case preemptEnable = "preempt_enable"
    /// `bpf_list_push_front_impl`/`back_impl`, `bpf_rbtree_add_impl`: ownership moves into a
    /// collection.
    case graphInsert = "graph_insert"
    /// `bpf_list_pop_front`/`back`, `bpf_rbtree_remove`: ownership comes back (maybe NULL).
    case graphRemove = "graph_remove"
    /// `bpf_rbtree_first`: a non-owning reference.
    case graphPeek = "graph_peek"
}
