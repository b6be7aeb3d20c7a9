import BPFISA
import BPFKernelModel
import BPFObject

/// Helper calls: `check_helper_call` and `check_func_arg`.
extension VerifierRun {
    /// The register types a memory argument accepts (`mem_types`), as the kernel lists them.
    static let memoryTypesText = "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_"

    func checkHelperCall(_ state: inout VerifierState, id: Int32, pc: Int, parent: Int?) throws(VerifierError) -> StepOutcome {
        let name = HelperNames.name(of: id)
        guard let spec = catalog.helper(id) else {
            if let name {
                throw VerifierError(
                    "helper \(name)#\(id) is not in bpfsim's kernel catalog (extend it with --catalog FILE)", pc: pc,
                    kind: .unsupported)
            }
            throw VerifierError("invalid func unknown#\(id)", pc: pc)
        }
        if state.activeLockID != 0 && spec.name != "bpf_spin_unlock" {
            throw VerifierError("function calls are not allowed while holding a lock", pc: pc)
        }
        if spec.isGPLOnly && !isGPLCompatible {
            throw VerifierError("cannot call GPL-restricted function from non-GPL compatible program", pc: pc)
        }
        var mapIndex: Int?
        var releaseID: UInt32?
        var kptrType: BTFObjectType?
        var constMapKey: UInt64?
        var lockPointer: RegState?
        var allocSize: Int32 = 0
        var callback: (Int, CallbackKind)?
        for (i, arg) in spec.args.enumerated() {
            let r = Register(i + 1)!
            let reg = try readReg(state, r, pc: pc)
            let next: RegState? = i + 2 <= 5 && i + 1 < spec.args.count ? state.current[Register(i + 2)!] : nil
            switch arg {
            case .anything:
                break
            case .mapPointer:
                guard case .mapPointer(let m) = reg.type else { throw typeError(r, reg, expected: "map_ptr", pc: pc) }
                mapIndex = m
            case .mapKey, .mapValue:
                guard let m = mapIndex else { throw VerifierError("invalid map_ptr to access map->key", pc: pc) }
                let size = arg == .mapKey ? Int(program.maps[m].keySize) : Int(program.maps[m].valueSize)
                try helperMemoryAccess(&state, r, reg, size: size, write: false, pc: pc)
                if arg == .mapKey { constMapKey = constantMapKey(state, reg, size: size, map: m) }
            case .memory(let readOnly, let uninit, let nullable):
                if nullable && reg.isNullScalar { break }
                guard let sizeReg = next else { break }
                let size = try constantSize(sizeReg, register: Register(i + 2)!, zeroAllowed: spec.args[i + 1] == .size(zeroAllowed: true), pc: pc)
                try helperMemoryAccess(&state, r, reg, size: size, write: uninit && !readOnly, pc: pc)
            case .size:
                break
            case .context:
                guard reg.type == .context else { throw typeError(r, reg, expected: "ctx", pc: pc) }
            case .sockCommon, .socket:
                let isSocket: Bool
                switch reg.type {
                case .socket, .sockCommon, .tcpSock: isSocket = !reg.isMaybeNull
                default: isSocket = false
                }
                if !isSocket {
                    throw typeError(r, reg, expected: "sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_", pc: pc)
                }
            case .allocatedMemory:
                guard case .memory = reg.type, reg.flags.contains(.ringbuf), !reg.isMaybeNull else {
                    throw typeError(r, reg, expected: "ringbuf_mem", pc: pc)
                }
                if reg.off != 0 || !reg.value.isConst || reg.value.constValue != 0 {
                    throw VerifierError("R\(r.index) must have zero offset when passed to release func or trusted arg to kfunc", pc: pc)
                }
            case .allocationSize:
                guard reg.type == .scalar, let v = reg.value.constValue else {
                    throw VerifierError("R\(r.index) is not a known constant'", pc: pc)
                }
                allocSize = Int32(truncatingIfNeeded: v)
            case .callback(let kind):
                guard case .function(let sub) = reg.type else { throw typeError(r, reg, expected: "func", pc: pc) }
                callback = (sub, kind)
            case .stackOrNull:
                if reg.isNullScalar { break }
                guard case .stack = reg.type else { throw typeError(r, reg, expected: "fp", pc: pc) }
            case .btfObject(let typeName):
                guard case .btfObject(let t) = reg.type, t.name == typeName, !reg.isMaybeNull else {
                    throw typeError(r, reg, expected: "ptr_\(typeName)", pc: pc)
                }
            case .kptrField:
                kptrType = try kptrFieldArgument(r, reg, pc: pc)
            case .kptrValue:
                if reg.isNullScalar { break }
                guard case .btfObject(let t) = reg.type, let field = kptrType, t.name == field.name, reg.off == 0 else {
                    let fmt = StateFormat(maps: program.maps)
                    throw VerifierError(
                        "invalid kptr access, R\(r.index) type=\(fmt.typeName(reg))\(reg.btfTypeName) expected=ptr_\(kptrType?.name ?? "")", pc: pc)
                }
                guard reg.refObjID != 0 else {
                    throw VerifierError("R\(r.index) must be referenced when passed to release function", pc: pc)
                }
            case .spinLock:
                switch reg.type {
                case .mapValue(let m) where !reg.isMaybeNull:
                    try spinLockArgument(reg, map: m, pc: pc)
                case .btfObject where reg.flags.contains(.allocated): break
                default: throw typeError(r, reg, expected: "map_value, ptr_", pc: pc)
                }
                lockPointer = reg
            case .constString:
                guard case .mapValue(let m) = reg.type, program.maps[m].isReadOnly else {
                    throw VerifierError("R\(r.index) does not point to a readonly map'", pc: pc)
                }
            case .writtenScalar(let size):
                try helperMemoryAccess(&state, r, reg, size: size, write: true, pc: pc)
            }
            if spec.releasesArg == i, !reg.isNullScalar {
                guard reg.refObjID != 0 else {
                    throw VerifierError("R\(r.index) must be referenced when passed to release function", pc: pc)
                }
                releaseID = reg.refObjID
            }
        }
        if spec.name == "bpf_tail_call", let err = state.resourceLeakError(prefix: "tail_call", pc: pc, checkLock: true) {
            throw err
        }
        if let id = releaseID { try release(&state, id: id, pc: pc) }
        switch spec.name {
        case "bpf_spin_lock":
            if state.activeLockID != 0 { throw VerifierError("Locking two bpf_spin_locks are not allowed", pc: pc) }
            takeLock(&state, pointer: lockPointer, pc: pc)
        case "bpf_spin_unlock":
            if state.activeLockID == 0 { throw VerifierError("bpf_spin_unlock without taking a lock", pc: pc) }
            state.refs.removeAll { $0.kind == .lock }
            state.activeLockID = 0
            invalidateNonOwningReferences(&state)
        default:
            break
        }
        if changesPacketData(spec.name) { invalidatePacketPointers(&state) }
        if let (sub, kind) = callback {
            // The callback is entered with the caller's arguments still in place: its exit
            // returns to this call, which is checked again (`push_callback_call`).
            let nrLoopsMax = state.current.regs[1].value.umax
            try pushCallback(&state, subprog: sub, kind: kind, context: state.current.regs[3], nrLoopsMax: kind == .loop ? nrLoopsMax : nil, mapIndex: mapIndex, pc: pc, parent: parent)
        }
        clobberArguments(&state)
        try setHelperReturn(&state, spec: spec, mapIndex: mapIndex, constMapKey: constMapKey, allocSize: allocSize, kptrType: kptrType, pc: pc)
        return .next(pc + 1)
    }

    var isGPLCompatible: Bool {
        ["GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"].contains(program.license)
            || program.license.isEmpty
    }

    func typeError(_ r: Register, _ reg: RegState, expected: String, pc: Int) -> VerifierError {
        VerifierError("R\(r.index) type=\(StateFormat(maps: program.maps).typeName(reg)) expected=\(expected)", pc: pc)
    }

    /// `ARG_CONST_SIZE[_OR_ZERO]`: the size's bounds decide how much memory must be valid.
    private func constantSize(_ reg: RegState, register r: Register, zeroAllowed: Bool, pc: Int) throws(VerifierError) -> Int {
        if reg.type == .notInit { throw VerifierError("R\(r.index) !read_ok", pc: pc) }
        guard reg.type == .scalar else { throw typeError(r, reg, expected: "scalar", pc: pc) }
        if reg.value.smin < 0 {
            throw VerifierError("R\(r.index) min value is negative, either use unsigned index or do a if (index >=0) check.", pc: pc)
        }
        if reg.value.umin == 0 && !zeroAllowed {
            throw VerifierError("R\(r.index) invalid zero-sized read: u64=[\(reg.value.umin),\(reg.value.umax)]", pc: pc)
        }
        if reg.value.umax >= UInt64(Self.maxVarOff) {
            throw VerifierError("R\(r.index) unbounded memory access, use 'var &= const' or 'if (var < const)'", pc: pc)
        }
        return Int(reg.value.umax)
    }

    /// `check_helper_mem_access`: `size` bytes at the pointer must be valid (and are written
    /// when the helper writes them).
    func helperMemoryAccess(
        _ state: inout VerifierState, _ r: Register, _ reg: RegState, size: Int, write: Bool, fromGlobalCall: Bool = false, pc: Int
    ) throws(VerifierError) {
        if size == 0 { return }
        switch reg.type {
        case .stack(let frame):
            guard reg.value.isConst else {
                throw VerifierError("R\(r.index) variable stack access in helper is not modelled", pc: pc, kind: .unsupported)
            }
            let off = Int(Int64(bitPattern: reg.value.varOff.value)) + Int(reg.off)
            if off < -options.stackLimit || off + size > 0 {
                // `check_stack_access_within_bounds` with the helper's access type (6.18 says
                // "read from", where older kernels said "indirect access to").
                let what = write ? "write to" : "read from"
                throw VerifierError("invalid \(what) stack R\(r.index) off=\(off) size=\(size)", pc: pc)
            }
            updateStackDepth(frame: frame, state: state, depth: -off)
            state.frames[frame].ensureSlots(downTo: off)
            for byteOff in off..<(off + size) {
                let (spi, b) = FrameState.slotIndex(ofByteAt: byteOff)
                var slot = state.frames[frame].stack[spi]
                if slot.types.any(.iter) || slot.types.any(.dynptr) {
                    throw VerifierError("invalid indirect read from stack R\(r.index) off \(off)+\(byteOff - off) size \(size)", pc: pc)
                }
                if write {
                    if slot.types[7] == .spill {
                        slot.spilled = .notInit
                        for i in 0..<8 where slot.types[i] == .spill { slot.types[i] = .misc }
                    }
                    slot.types[b] = .misc
                    state.frames[frame].stack[spi] = slot
                }
            }
        case .mapValue, .mapKey, .memory, .packet, .packetMeta:
            if reg.isMaybeNull {
                throw VerifierError("R\(r.index) type=\(StateFormat(maps: program.maps).typeName(reg)) expected=\(Self.memoryTypesText)", pc: pc)
            }
            _ = try memoryAccess(&state, base: r, baseReg: reg, offset: 0, size: size, access: write ? .write : .read, stored: .unknown, pc: pc)
        case .btfObject(let t) where reg.flags.contains(.trusted) || fromGlobalCall:
            // `check_ptr_to_btf_access` over the bytes the callee may read.
            _ = try btfObjectAccess(state, base: r, reg: reg, type: t, off: Int(reg.off), size: size, access: .read, helperAccess: true, pc: pc)
        default:
            throw typeError(r, reg, expected: Self.memoryTypesText, pc: pc)
        }
    }

    /// `get_constant_map_key`: the key on the stack as a known constant (zeroed bytes, or a
    /// spilled constant of exactly the key's size), or nil.
    private func constantMapKey(_ state: VerifierState, _ reg: RegState, size: Int, map: Int) -> UInt64? {
        guard case .stack(let frame) = reg.type, reg.value.isConst, size <= 8 else { return nil }
        let off = Int(Int64(bitPattern: reg.value.varOff.value)) + Int(reg.off)
        let (spi, byte) = FrameState.slotIndex(ofByteAt: off)
        guard spi < state.frames[frame].stack.count else { return nil }
        let slot = state.frames[frame].stack[spi]
        var zeros = 0
        var i = byte
        while i >= 0 && slot.types[i] == .zero { zeros += 1; i -= 1 }
        if zeros >= size { return 0 }
        guard slot.types[7] == .spill, slot.spilled.type == .scalar else { return nil }
        var spilled = 0
        i = byte
        while i >= 0 && slot.types[i] == .spill { spilled += 1; i -= 1 }
        guard spilled == size else { return nil }
        return slot.spilled.value.constValue
    }

    /// `process_kptr_func`: the field of a map value `bpf_kptr_xchg` exchanges, and its type.
    private func kptrFieldArgument(_ r: Register, _ reg: RegState, pc: Int) throws(VerifierError) -> BTFObjectType {
        guard case .mapValue(let m) = reg.type, !reg.isMaybeNull else { throw typeError(r, reg, expected: "map_value", pc: pc) }
        let map = program.maps[m]
        if map.btfValueTypeID.isVoid {
            throw VerifierError("map '\(map.name)' has to have BTF in order to use bpf_kptr_xchg", pc: pc)
        }
        guard reg.value.isConst else {
            throw VerifierError("R\(r.index) doesn't have constant offset. kptr has to be at the constant offset", pc: pc)
        }
        let off = Int(reg.off) + Int(Int64(bitPattern: reg.value.varOff.value))
        guard let field = specialFields(ofMap: m).kptrs[off] else {
            throw VerifierError("off=\(off) doesn't point to kptr", pc: pc)
        }
        return field
    }

    /// `process_spin_lock`: the map value must have BTF with a `bpf_spin_lock`, and the
    /// pointer must point at it.
    private func spinLockArgument(_ reg: RegState, map m: Int, pc: Int) throws(VerifierError) {
        let map = program.maps[m]
        guard !map.btfValueTypeID.isVoid, let lockOff = specialFields(ofMap: m).spinLock else {
            throw VerifierError("map '\(map.name)' has to have BTF in order to use bpf_spin_lock", pc: pc)
        }
        let off = Int(reg.off) + Int(Int64(bitPattern: reg.value.varOff.value))
        if !reg.value.isConst || off != lockOff {
            throw VerifierError("off \(off) doesn't point to 'struct bpf_spin_lock' that is at \(lockOff)", pc: pc)
        }
    }

    /// `acquire_lock_state`: the lock is named by the map value register's id (0 for a global
    /// variable's lock, which the log's `refs=` then leaves out).
    private func takeLock(_ state: inout VerifierState, pointer: RegState?, pc: Int) {
        let id = pointer?.id ?? 0
        state.refs.append(Reference(id: id, kind: .lock, acquirePC: pc, frame: state.currentFrameNo))
        state.activeLockID = id != 0 ? id : Self.unnamedLockID
    }

    /// `activeLockID` of a lock in a value without a register id (a global variable's).
    static let unnamedLockID = UInt32.max

    func clobberArguments(_ state: inout VerifierState) {
        for r in 1...5 {
            state.current.regs[r] = .notInit
            log.scratchedRegisters.insert(r)
        }
    }

    /// R0 after a helper. A lookup in an array map with a constant key inside the array cannot
    /// fail (`can_elide_value_nullness`); a map value holding a `bpf_spin_lock` gets an id all
    /// the same (the lock is named by it). `bpf_kptr_xchg` returns the old object of the
    /// field's type, from the map value's BTF.
    private func setHelperReturn(
        _ state: inout VerifierState, spec: HelperSpec, mapIndex: Int?, constMapKey: UInt64?, allocSize: Int32,
        kptrType: BTFObjectType?, pc: Int
    ) throws(VerifierError) {
        var r0: RegState
        switch spec.ret {
        case .integer: r0 = .unknownScalar
        case .void: r0 = .notInit
        case .mapValueOrNull:
            guard let m = mapIndex else { throw VerifierError("kernel subsystem misconfigured verifier", pc: pc) }
            let map = program.maps[m]
            if spec.name == "bpf_map_lookup_elem", [.array, .percpuArray].contains(map.type), let key = constMapKey,
                key < UInt64(map.maxEntries)
            {
                r0 = RegState(type: .mapValue(map: m))
                if specialFields(ofMap: m).spinLock != nil { r0.id = newID() }
            } else {
                r0 = RegState(type: .mapValue(map: m), flags: [.maybeNull], id: newID())
            }
            if map.isReadOnly { r0.flags.insert(.readOnly) }
        case .socketOrNull: r0 = RegState(type: .socket, flags: [.maybeNull], id: newID())
        case .sockCommonOrNull: r0 = RegState(type: .sockCommon, flags: [.maybeNull], id: newID())
        case .tcpSockOrNull: r0 = RegState(type: .tcpSock, flags: [.maybeNull], id: newID())
        case .ringbufMemoryOrNull: r0 = RegState(type: .memory(size: allocSize), flags: [.maybeNull, .ringbuf], id: newID())
        case .trustedObject(let name): r0 = RegState(type: .btfObject(BTFObjectType(name: name)), flags: [.trusted])
        case .kptrOrNull:
            guard let t = kptrType else { throw VerifierError("kernel subsystem misconfigured verifier", pc: pc) }
            r0 = RegState(type: .btfObject(t), flags: t.localTypeID != nil ? [.maybeNull, .allocated] : [.maybeNull], id: newID())
        }
        let kptrKind = spec.ret == .kptrOrNull ? kptrType.map { resourceKind(forType: $0.name, local: $0.localTypeID != nil) } : nil
        if let kind = spec.acquires ?? kptrKind {
            let id = acquire(&state, kind: kind, pc: pc)
            r0.id = id
            r0.refObjID = id
        }
        setReg(&state, .r0, r0)
    }

    private func changesPacketData(_ name: String) -> Bool {
        [
            "bpf_skb_store_bytes", "bpf_xdp_adjust_head", "bpf_xdp_adjust_tail", "bpf_skb_pull_data",
            "bpf_l3_csum_replace", "bpf_l4_csum_replace", "bpf_skb_vlan_push", "bpf_skb_vlan_pop",
            "bpf_skb_change_proto", "bpf_skb_change_tail", "bpf_skb_adjust_room", "bpf_xdp_adjust_meta",
        ].contains(name)
    }

    /// `clear_all_pkt_pointers`.
    private func invalidatePacketPointers(_ state: inout VerifierState) {
        for f in state.frames.indices {
            for r in 0..<11 {
                switch state.frames[f].regs[r].type {
                case .packet, .packetMeta, .packetEnd: state.frames[f].regs[r] = .unknownScalar
                default: break
                }
            }
        }
    }
}
