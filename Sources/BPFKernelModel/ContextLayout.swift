import BPFObject

/// What a program may read and write through its context pointer (`r1` at entry), per program
/// type: the kernel's `*_is_valid_access` callbacks (`net/core/filter.c`,
/// `kernel/trace/bpf_trace.c`) reduced to a field table.
public struct ContextLayout: Hashable, Sendable {
    /// The C type the context points to (`__sk_buff`, `xdp_md`, `pt_regs`, ...).
    public var typeName: String
    /// Accessible bytes `[minOffset, size)`.
    public var size: Int
    public var minOffset: Int
    /// Fields with special meaning; every other in-range, aligned access is a plain scalar.
    public var fields: [ContextField]
    /// Whether stores are allowed at all (and to which fields: `writable` on the field).
    public var isWritable: Bool
    /// Arguments are 8-byte slots typed from BTF (`tp_btf`, `fentry`, `lsm`, `struct_ops`).
    public var isBTFArgumentArray: Bool
    /// The width of every field not listed in `fields` (`__sk_buff`'s are `__u32`: a load may
    /// be narrower, never wider, `bpf_ctx_narrow_access_ok`); nil when accesses of any aligned
    /// size are allowed.
    public var plainFieldSize: Int?

    public init(
        typeName: String, size: Int, minOffset: Int = 0, fields: [ContextField] = [], isWritable: Bool = false,
        isBTFArgumentArray: Bool = false, plainFieldSize: Int? = nil
    ) {
        self.typeName = typeName
        self.size = size
        self.minOffset = minOffset
        self.fields = fields
        self.isWritable = isWritable
        self.isBTFArgumentArray = isBTFArgumentArray
        self.plainFieldSize = plainFieldSize
    }

    /// What a load from the context yields.
    public enum Access: Hashable, Sendable {
        case scalar
        case packetData
        case packetEnd
        case packetMeta
        /// `__sk_buff->sk`: a socket pointer that may be NULL.
        case sockCommonOrNull
        /// `__sk_buff->flow_keys`.
        case flowKeys
        /// A field this program type may not touch (`data` in a socket filter).
        case denied
    }

    /// Checks an access of `size` bytes at `offset`; `nil` means the kernel's
    /// `invalid bpf_context access off=%d size=%d`.
    public func access(offset: Int, size accessSize: Int, isWrite: Bool) -> Access? {
        guard offset >= minOffset, offset + accessSize <= size, accessSize > 0 else { return nil }
        if let f = fields.first(where: { offset < $0.offset + $0.size && $0.offset < offset + accessSize }) {
            if f.access == .denied || (isWrite && !f.isWritable) { return nil }
            if f.access != .scalar {
                // Pointer fields are loaded whole.
                guard offset == f.offset, accessSize == f.size, !isWrite else { return nil }
                return f.access
            }
            guard offset >= f.offset, offset + accessSize <= f.offset + f.size else { return nil }
            return .scalar
        }
        if isWrite && !isWritable { return nil }
        if isBTFArgumentArray {
            // Arguments are read as whole 8-byte slots (narrower reads of integer arguments
            // are allowed by the kernel for their size; accepted here when aligned).
            guard offset % 8 + accessSize <= 8 else { return nil }
        }
        guard offset % accessSize == 0 else { return nil }
        if let w = plainFieldSize, offset % w + accessSize > w { return nil }
        return .scalar
    }

    /// The layout for a program type and attach type (SPEC §4: "pointer to context, per
    /// program type").
    public static func forProgram(_ type: ProgramType, attach: AttachType?) -> ContextLayout? {
        switch type {
        case .schedCls, .schedAct, .lwtIn, .lwtOut, .lwtXmit:
            return skBuff(packetAccess: true, writableCB: true)
        case .cgroupSkb, .skSkb:
            return skBuff(packetAccess: true, writableCB: type == .cgroupSkb)
        case .socketFilter:
            // `sk_filter_is_valid_access`: a socket filter writes cb[] only.
            return skBuff(packetAccess: false, writableCB: true, writableFields: false)
        case .xdp:
            return ContextLayout(
                typeName: "xdp_md", size: 24,
                fields: [
                    ContextField(offset: 0, size: 4, access: .packetData),
                    ContextField(offset: 4, size: 4, access: .packetEnd),
                    ContextField(offset: 8, size: 4, access: .packetMeta),
                ])
        case .kprobe:
            return ContextLayout(typeName: "pt_regs", size: 168)
        case .perfEvent:
            return ContextLayout(typeName: "bpf_perf_event_data", size: 184)
        case .tracepoint:
            // The first 8 bytes (common fields) are not accessible (`tp_prog_is_valid_access`).
            return ContextLayout(typeName: "trace_event_raw", size: 2048, minOffset: 8)
        case .rawTracepoint, .rawTracepointWritable:
            return ContextLayout(typeName: "bpf_raw_tracepoint_args", size: 8 * 12)
        case .tracing, .lsm, .structOps, .ext:
            return ContextLayout(typeName: "u64[]", size: 8 * 12, isBTFArgumentArray: true)
        case .syscall:
            return ContextLayout(typeName: "syscall_ctx", size: 65535, isWritable: true)
        case .cgroupSock:
            return ContextLayout(typeName: "bpf_sock", size: 80)
        case .sockOps:
            return ContextLayout(typeName: "bpf_sock_ops", size: 216)
        default:
            return nil
        }
    }

    private static func skBuff(packetAccess: Bool, writableCB: Bool, writableFields: Bool = true) -> ContextLayout {
        var fields = [
            ContextField(offset: 8, size: 4, access: .scalar, isWritable: writableFields),  // mark
            ContextField(offset: 32, size: 4, access: .scalar, isWritable: writableFields),  // priority
            ContextField(offset: 44, size: 4, access: .scalar, isWritable: writableFields),  // tc_index
            ContextField(offset: 48, size: 20, access: .scalar, isWritable: writableCB),  // cb[5]
            ContextField(offset: 72, size: 4, access: .scalar, isWritable: writableFields),  // tc_classid
            ContextField(offset: 144, size: 8, access: .flowKeys),
            ContextField(offset: 152, size: 8, access: .scalar),  // tstamp
            ContextField(offset: 168, size: 8, access: .sockCommonOrNull),
            ContextField(offset: 184, size: 8, access: .scalar),  // hwtstamp
        ]
        if packetAccess {
            fields += [
                ContextField(offset: 76, size: 4, access: .packetData),
                ContextField(offset: 80, size: 4, access: .packetEnd),
                ContextField(offset: 140, size: 4, access: .packetMeta),
            ]
        } else {
            fields += [76, 80, 140].map { ContextField(offset: $0, size: 4, access: .denied) }
        }
        return ContextLayout(typeName: "__sk_buff", size: 192, fields: fields, plainFieldSize: 4)
    }
}

/// One special field of a context layout.
public struct ContextField: Hashable, Sendable {
    public var offset: Int
    public var size: Int
    public var access: ContextLayout.Access
    public var isWritable: Bool

    public init(offset: Int, size: Int, access: ContextLayout.Access, isWritable: Bool = false) {
        self.offset = offset
        self.size = size
        self.access = access
        self.isWritable = isWritable
    }
}
