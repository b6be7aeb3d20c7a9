import BPFISA
import BPFKernelModel
import BPFObject

/// Loads, stores and atomics: `check_mem_access` and its per-region checks.
extension VerifierRun {
    enum Access { case read, write }

    func checkLoad(
        _ state: inout VerifierState, size: AccessSize, signExtend: Bool, dst: Register, base: Register, offset: Int,
        pc: Int
    ) throws(VerifierError) {
        let baseReg = try readReg(state, base, pc: pc)
        try checkDst(dst, pc: pc)
        var value = try memoryAccess(&state, base: base, baseReg: baseReg, offset: offset, size: size.bytes, access: .read, stored: nil, pc: pc)
        if value.type == .scalar && size != .double {
            if signExtend {
                value.value.signExtend(fromBytes: size.bytes)
                value.id = 0
            } else {
                value.value.coerce(toBytes: size.bytes)
                if value.value.umax >= (1 << UInt64(size.bits)) { value.id = 0 }
            }
        }
        setReg(&state, dst, value)
    }

    func checkStore(
        _ state: inout VerifierState, size: AccessSize, base: Register, offset: Int, value: Operand, pc: Int
    ) throws(VerifierError) {
        let stored: StoredValue
        switch value {
        case .register(let r):
            stored = .register(try readReg(state, r, pc: pc), r)
        case .immediate(let imm):
            stored = .immediate(imm)
        }
        let baseReg = try readReg(state, base, pc: pc)
        _ = try memoryAccess(&state, base: base, baseReg: baseReg, offset: offset, size: size.bytes, access: .write, stored: stored, pc: pc)
    }

    func checkAtomic(
        _ state: inout VerifierState, op: AtomicOperation, size: AccessSize, base: Register, offset: Int, src: Register,
        pc: Int
    ) throws(VerifierError) {
        _ = try readReg(state, src, pc: pc)
        if op == .cmpxchg { _ = try readReg(state, .r0, pc: pc) }
        let baseReg = try readReg(state, base, pc: pc)
        // `is_pointer_value` is false for a privileged load (allow_ptr_leaks): a pointer source
        // is stored as it is, no "leaks addr into mem". check_atomic_rmw refuses these bases by
        // name; anything else (a scalar, a map pointer) fails in check_mem_access.
        switch baseReg.type {
        case .context, .packet, .packetMeta, .packetEnd, .socket, .sockCommon, .tcpSock:
            let fmt = StateFormat(maps: program.maps)
            throw VerifierError("BPF_ATOMIC stores into R\(base.index) \(fmt.typeName(baseReg)) is not allowed", pc: pc)
        default:
            break
        }
        // Atomics check alignment strictly (`strict_alignment_once`), whatever the pointer.
        if case .mapValue = baseReg.type, baseReg.value.isConst {
            let v = Int64(bitPattern: baseReg.value.varOff.value)
            if (v + Int64(baseReg.off) + Int64(offset)) % Int64(size.bytes) != 0 {
                throw VerifierError("misaligned value access off \(v)+\(baseReg.off)+\(offset) size \(size.bytes)", pc: pc)
            }
        }
        _ = try memoryAccess(&state, base: base, baseReg: baseReg, offset: offset, size: size.bytes, access: .read, stored: nil, pc: pc)
        _ = try memoryAccess(&state, base: base, baseReg: baseReg, offset: offset, size: size.bytes, access: .write, stored: .unknown, pc: pc)
        if op.fetches {
            let dst: Register = op == .cmpxchg ? .r0 : src
            var r = RegState.unknownScalar
            if size == .word { r.value.coerce(toBytes: 4) }
            setReg(&state, dst, r)
        }
    }

    /// What a store writes.
    enum StoredValue {
        case register(RegState, Register)
        case immediate(Int32)
        /// An atomic's result: unknown.
        case unknown

        var asReg: RegState {
            switch self {
            case .register(let r, _): return r
            case .immediate(let imm): return .scalar(UInt64(bitPattern: Int64(imm)))
            case .unknown: return .unknownScalar
            }
        }
    }

    /// `check_mem_access`: checks one access and returns the value a read produces.
    func memoryAccess(
        _ state: inout VerifierState, base: Register, baseReg: RegState, offset insnOff: Int, size: Int, access: Access,
        stored: StoredValue?, pc: Int
    ) throws(VerifierError) -> RegState {
        let fmt = StateFormat(maps: program.maps)
        let off = insnOff + Int(baseReg.off)
        switch baseReg.type {
        case .stack(let frame):
            return try stackAccess(&state, frame: frame, base: base, baseReg: baseReg, insnOff: insnOff, size: size, access: access, stored: stored, pc: pc)
        case .context where !baseReg.isMaybeNull:
            return try contextAccess(&state, base: base, baseReg: baseReg, insnOff: insnOff, size: size, access: access, stored: stored, pc: pc)
        case .mapValue(let m) where !baseReg.isMaybeNull:
            let map = program.maps[m]
            if access == .write && baseReg.flags.contains(.readOnly) {
                throw VerifierError("write into map forbidden, value_size=\(map.valueSize) off=\(off) size=\(size)", pc: pc)
            }
            try regionAccess(base: base, reg: baseReg, off: off, size: size, regionSize: Int(map.valueSize), kind: .mapValue, pc: pc)
            return .unknownScalar
        case .mapKey(let m):
            let map = program.maps[m]
            try regionAccess(base: base, reg: baseReg, off: off, size: size, regionSize: Int(map.keySize), kind: .mapKey, pc: pc)
            return .unknownScalar
        case .memory(let memSize) where !baseReg.isMaybeNull:
            if access == .write && baseReg.flags.contains(.readOnly) {
                throw VerifierError("R\(base.index) cannot write into \(fmt.typeName(baseReg))", pc: pc)
            }
            try regionAccess(base: base, reg: baseReg, off: off, size: size, regionSize: Int(memSize), kind: .memory, pc: pc)
            return .unknownScalar
        case .packet, .packetMeta:
            if access == .write && ![.schedCls, .schedAct, .xdp, .lwtXmit, .skSkb].contains(program.programType) {
                throw VerifierError("cannot write into packet", pc: pc)
            }
            if baseReg.value.smin < 0 {
                throw VerifierError("R\(base.index) min value is negative, either use unsigned index or do a if (index >=0) check.", pc: pc)
            }
            if !(off >= 0 && size > 0 && off + size <= Int(baseReg.range)) {
                throw VerifierError(
                    "invalid access to packet, off=\(off) size=\(size), R\(base.index)(id=\(baseReg.id),off=\(off),r=\(baseReg.range))\nR\(base.index) offset is outside of the packet",
                    pc: pc)
            }
            return .unknownScalar
        case .btfObject(let t) where !baseReg.isMaybeNull:
            if access == .read { result.probeLoads.insert(pc) }
            return try btfObjectAccess(state, base: base, reg: baseReg, type: t, off: off, size: size, access: access, pc: pc)
        case .mapPointer(let m):
            guard let tname = Self.mapStructName(program.maps[m].type) else {
                throw VerifierError("R\(base.index) invalid mem access '\(fmt.typeName(baseReg))'", pc: pc)
            }
            // `check_ptr_to_map_access` (a privileged load): reads walk the map's kernel
            // struct as a PTR_TO_BTF_ID would.
            if off < 0 { throw VerifierError("R\(base.index) is \(tname) invalid negative access: off=\(off)", pc: pc) }
            if access == .write { throw VerifierError("only read from \(tname) is supported", pc: pc) }
            let t = BTFObjectType(name: tname)
            let asObject = RegState(type: .btfObject(t), flags: [.untrusted])
            return try btfObjectAccess(state, base: base, reg: asObject, type: t, off: off, size: size, access: .read, pc: pc)
        case .socket, .sockCommon, .tcpSock:
            if baseReg.isMaybeNull || access == .write || off < 0 || off + size > 128 {
                throw VerifierError("R\(base.index) invalid mem access '\(fmt.typeName(baseReg))'", pc: pc)
            }
            return .unknownScalar
        default:
            throw VerifierError("R\(base.index) invalid mem access '\(fmt.typeName(baseReg))'", pc: pc)
        }
    }

    /// The kernel struct behind a map of this type (`map_ops->map_btf_id`), for the map types
    /// bpfsim knows it for.
    static func mapStructName(_ type: MapType) -> String? {
        switch type {
        case .array, .percpuArray, .progArray, .perfEventArray, .cgroupArray, .arrayOfMaps: return "bpf_array"
        case .hash, .percpuHash, .lruHash, .lruPercpuHash, .hashOfMaps: return "bpf_htab"
        case .ringbuf: return "bpf_ringbuf_map"
        case .queue, .stack: return "bpf_queue_stack"
        case .lpmTrie: return "lpm_trie"
        default: return nil
        }
    }

    enum RegionKind { case mapValue, mapKey, memory }

    /// `check_mem_region_access`: the fixed offset plus both ends of the variable offset.
    private func regionAccess(base: Register, reg: RegState, off: Int, size: Int, regionSize: Int, kind: RegionKind, pc: Int) throws(VerifierError) {
        func message(_ o: Int64) -> String {
            switch kind {
            case .mapValue: return "invalid access to map value, value_size=\(regionSize) off=\(o) size=\(size)"
            case .mapKey: return "invalid access to map key, key_size=\(regionSize) off=\(o) size=\(size)"
            case .memory: return "invalid access to memory, mem_size=\(regionSize) off=\(o) size=\(size)"
            }
        }
        func inside(_ o: Int64) -> Bool { o >= 0 && size > 0 && o + Int64(size) <= Int64(regionSize) }
        let smin = reg.value.smin
        if smin < 0 && (smin == .min || Int64(off) + smin < 0) {
            throw VerifierError("R\(base.index) min value is negative, either use unsigned index or do a if (index >=0) check.", pc: pc)
        }
        let lo = smin + Int64(off)
        if !inside(lo) {
            throw VerifierError(message(lo) + "\nR\(base.index) min value is outside of the allowed memory range", pc: pc)
        }
        if reg.value.umax >= UInt64(Self.maxVarOff) {
            throw VerifierError("R\(base.index) unbounded memory access, make sure to bounds check any such access", pc: pc)
        }
        let hi = Int64(reg.value.umax) + Int64(off)
        if !inside(hi) {
            throw VerifierError(message(hi) + "\nR\(base.index) max value is outside of the allowed memory range", pc: pc)
        }
    }

    // MARK: - Context

    private func contextAccess(
        _ state: inout VerifierState, base: Register, baseReg: RegState, insnOff: Int, size: Int, access: Access,
        stored: StoredValue?, pc: Int
    ) throws(VerifierError) -> RegState {
        // `__check_ptr_off_reg`: the context pointer must be unmodified.
        if baseReg.off < 0 {
            throw VerifierError("negative offset ctx ptr R\(base.index) off=\(baseReg.off) disallowed", pc: pc)
        }
        if baseReg.off != 0 {
            throw VerifierError("dereference of modified ctx ptr R\(base.index) off=\(baseReg.off) disallowed", pc: pc)
        }
        if !baseReg.value.isConst || baseReg.value.constValue != 0 {
            let t = baseReg.value.varOff
            throw VerifierError("variable ctx access var_off=(\(StateFormat.hex(t.value)); \(StateFormat.hex(t.mask))) disallowed", pc: pc)
        }
        guard let layout = ContextLayout.forProgram(program.programType, attach: program.expectedAttachType) else {
            throw VerifierError("unknown program type \(program.programType): its context is not modelled", pc: pc, kind: .unsupported)
        }
        guard let kind = layout.access(offset: insnOff, size: size, isWrite: access == .write) else {
            throw VerifierError("invalid bpf_context access off=\(insnOff) size=\(size)", pc: pc)
        }
        switch kind {
        case .scalar, .denied, .flowKeys:
            if layout.isBTFArgumentArray, access == .read, let arg = try tracingArgument(at: insnOff, size: size, pc: pc) {
                return arg
            }
            return .unknownScalar
        case .packetData:
            return RegState(type: .packet)
        case .packetEnd:
            return RegState(type: .packetEnd)
        case .packetMeta:
            return RegState(type: .packetMeta)
        case .sockCommonOrNull:
            return RegState(type: .sockCommon, flags: [.maybeNull], id: newID())
        }
    }
}
