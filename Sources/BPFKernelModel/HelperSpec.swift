/// A helper's prototype in the kernel's vocabulary (`struct bpf_func_proto`): argument kinds
/// (`ARG_*`), return kind (`RET_*`), and how it affects references.
public struct HelperSpec: Hashable, Sendable {
    /// The id from `include/uapi/linux/bpf.h` (`BPF_FUNC_map_lookup_elem` = 1, ...).
    public var id: Int32
    public var name: String
    public var args: [HelperArg]
    public var ret: HelperReturn
    /// The helper returns a new reference of this kind (`bpf_sk_lookup_tcp`, `bpf_ringbuf_reserve`).
    public var acquires: ResourceKind?
    /// The helper ends the reference passed in this argument (0-based): release or transfer.
    public var releasesArg: Int?
    public var isGPLOnly: Bool
    public var isSleepableOnly: Bool

    public init(
        id: Int32, name: String, args: [HelperArg], ret: HelperReturn, acquires: ResourceKind? = nil,
        releasesArg: Int? = nil, isGPLOnly: Bool = false, isSleepableOnly: Bool = false
    ) {
        self.id = id
        self.name = name
        self.args = args
        self.ret = ret
        self.acquires = acquires
        self.releasesArg = releasesArg
        self.isGPLOnly = isGPLOnly
        self.isSleepableOnly = isSleepableOnly
    }
}

/// `enum bpf_arg_type`, reduced to the kinds bpfsim's verifier distinguishes.
public enum HelperArg: Hashable, Sendable {
    /// `ARG_ANYTHING`: any initialised value.
    case anything
    /// `ARG_CONST_MAP_PTR`.
    case mapPointer
    /// `ARG_PTR_TO_MAP_KEY`: readable memory of the map's key size.
    case mapKey
    /// `ARG_PTR_TO_MAP_VALUE`: readable memory of the map's value size.
    case mapValue
    /// `ARG_PTR_TO_MEM` (readable, or written when `uninit`), sized by the next argument.
    case memory(readOnly: Bool, uninit: Bool, nullable: Bool)
    /// `ARG_CONST_SIZE` / `ARG_CONST_SIZE_OR_ZERO`: the size of the preceding memory argument.
    case size(zeroAllowed: Bool)
    /// `ARG_PTR_TO_CTX`.
    case context
    /// `ARG_PTR_TO_SOCK_COMMON` (socket, sock_common or tcp_sock pointers).
    case sockCommon
    /// `ARG_PTR_TO_SOCKET` / `ARG_PTR_TO_BTF_ID_SOCK_COMMON`.
    case socket
    /// `ARG_PTR_TO_ALLOC_MEM`: a ringbuf record (released by submit/discard).
    case allocatedMemory
    /// `ARG_CONST_ALLOC_SIZE_OR_ZERO`: the size of a ringbuf reservation (a known constant).
    case allocationSize
    /// `ARG_PTR_TO_FUNC`: a callback subprogram (`bpf_loop`).
    case callback(CallbackKind)
    /// `ARG_PTR_TO_STACK_OR_NULL`: the callback context.
    case stackOrNull
    /// `ARG_PTR_TO_BTF_ID` of a kernel type.
    case btfObject(String)
    /// `ARG_PTR_TO_KPTR`: a map value field holding a kptr (`bpf_kptr_xchg`'s destination).
    case kptrField
    /// `ARG_PTR_TO_BTF_ID_OR_NULL | OBJ_RELEASE`: the new kptr (a referenced object or NULL).
    case kptrValue
    /// `ARG_PTR_TO_SPIN_LOCK`: a `struct bpf_spin_lock` inside a map value.
    case spinLock
    /// `ARG_PTR_TO_CONST_STR`: a NUL-terminated string in a read-only map.
    case constString
    /// `ARG_PTR_TO_LONG`/`ARG_PTR_TO_INT` written by the helper.
    case writtenScalar(size: Int)
}

/// Which callback protocol a callback argument follows (its arguments and return range).
public enum CallbackKind: String, Hashable, Sendable, Codable {
    /// `bpf_loop`: `long cb(u64 index, void *ctx)`, returns 0 or 1.
    case loop
    /// `bpf_for_each_map_elem`: `long cb(map, key, value, ctx)`, returns 0 or 1.
    case forEachMapElement = "for_each_map_elem"
    /// `bpf_rbtree_add`'s `less(node_a, node_b)`: two non-owning node pointers, returns 0 or 1.
    case rbtreeLess = "rbtree_less"
}

/// `enum bpf_return_type`, reduced.
public enum HelperReturn: Hashable, Sendable {
    case integer
    case void
    /// `RET_PTR_TO_MAP_VALUE_OR_NULL` for the map in argument 0.
    case mapValueOrNull
    case socketOrNull
    case sockCommonOrNull
    case tcpSockOrNull
    /// `RET_PTR_TO_RINGBUF_MEM_OR_NULL`, sized by the constant in argument 1.
    case ringbufMemoryOrNull
    /// `RET_PTR_TO_BTF_ID | PTR_TRUSTED` of a kernel type (`bpf_get_current_task_btf`).
    case trustedObject(String)
    /// `RET_PTR_TO_BTF_ID_OR_NULL`, the old value of a kptr (`bpf_kptr_xchg`); referenced.
    case kptrOrNull
}
