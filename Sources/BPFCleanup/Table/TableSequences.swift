import BPFISA
import BPFVerifier

/// The instructions the table backend inserts (SPEC §5.3), one function per sequence. Each
/// comment gives the sequence exactly and its length; `T` is the frame's table (fp offset of
/// entry 0), `N` its entries, `E` the entry size, `S` the frame's scratch slot, `t` the type
/// index, `K` a kfunc's call immediate.
///
/// Registers: right after an acquire or release call R1-R5 are dead (the call clobbered them),
/// so the sequences use them freely. R0 is live (the acquired pointer, or the call's result):
/// the kfunc calls are fastcall by design, but the verifier model clobbers R0 at every call,
/// so each kfunc sequence keeps R0 in `S` across the call (2 instructions). Inline sequences
/// never touch R0.
enum TableSequences {
    /// Zeroing on frame entry, before the subprogram's first instruction: one store of 0 per
    /// entry's pointer word (N instructions; the type word of a 16-byte entry is only read
    /// when its pointer is not NULL):
    ///
    ///     *(u64 *)(r10 + T + i*E) = 0        ; i = 0 ..< N
    static func zeroing(tableOffset t: Int, entries: Int, entrySize: Int) -> [Instruction] {
        (0..<entries).map { i in store(imm: 0, at: t + i * entrySize) }
    }

    // MARK: - push

    /// Where the pushed pointer comes from.
    enum PushValue {
        /// R0 as the acquire returned it, possibly NULL (`if r0 == 0` skips the push) or not.
        /// `offset`: where R0 points inside its object (`bpf_list_pop_front` and
        /// `bpf_rbtree_remove` return the node field); the entry holds the object's start,
        /// which the destructor takes and the pops compute the same way.
        case returned(mayBeNull: Bool, offset: Int = 0)
        /// A stack object (iterator): its address, saved in `S` before the acquiring call from
        /// the argument register that carried it.
        case stackObject(Register)
    }

    /// The instruction saving a stack object's address before its acquiring call (1):
    ///
    ///     *(u64 *)(r10 + S) = rI
    static func saveBefore(_ r: Register, scratch: Int) -> [Instruction] { [store(r, at: scratch)] }

    /// push as a kfunc call, after the acquire. Per-frame table (`table` non-nil), 7 + guard:
    ///
    ///     if r0 == 0 goto +7                 ; only when the acquire may return NULL
    ///     *(u64 *)(r10 + S) = r0             ; keep R0
    ///     r1 = r10
    ///     r1 += T
    ///     r2 = r0
    ///     r3 = t
    ///     call bpf_res_table_push
    ///     r0 = *(u64 *)(r10 + S)
    ///
    /// Whole-program table (`table` nil), 5 + guard: `r1 = r0; r2 = t; call
    /// bpf_res_table_push_global` between the keep and the restore. A returned pointer into
    /// its object is moved back to the object's start after the copy (`r2 += -off`, or `r1`
    /// for the global form: +1). For a stack object the
    /// pointer is first loaded from `S` (`r2 = *(u64 *)(r10 + S)`, or `r1` for the global form)
    /// and R0 then kept in `S`; there is no guard (the object exists whatever the call returned).
    static func kfuncPush(value: PushValue, table: TableAddress, scratch: Int, type: Int, kfunc: Int32) -> [Instruction] {
        var body: [Instruction] = []
        let pointer: Register = table == .global ? .r1 : .r2
        if case .stackObject = value { body.append(load(pointer, from: scratch)) }
        body.append(store(.r0, at: scratch))
        switch table {
        case .global:
            if case .returned(_, let off) = value {
                body.append(mov(.r1, .r0))
                if off != 0 { body.append(add(.r1, -off)) }
            }
            body.append(mov(.r2, imm: type))
        case .frame, .none:
            body += tableArgument(table)
            if case .returned(_, let off) = value {
                body.append(mov(.r2, .r0))
                if off != 0 { body.append(add(.r2, -off)) }
            }
            body.append(mov(.r3, imm: type))
        }
        body += [.call(.kfunc(btfID: kfunc, module: 0)), load(.r0, from: scratch)]
        return guarded(value, body)
    }

    /// push inlined on the frame's own table, after the acquire: an unrolled scan for the first
    /// free entry. 16-byte entries, 5N + guard (the last entry has no `goto`):
    ///
    ///     if r0 == 0 goto +end               ; only when the acquire may return NULL
    ///     r1 = *(u64 *)(r10 + T + i*16)      ; for each entry i:
    ///     if r1 != 0 goto +3                 ;   taken: try the next entry
    ///     *(u64 *)(r10 + T + i*16) = r0      ;   the pointer
    ///     *(u64 *)(r10 + T + i*16 + 8) = t   ;   its type
    ///     goto +end
    ///
    /// 8-byte entries store `ptr + t` (the type in the pointer's low bits; pointer arithmetic,
    /// since the verifier forbids `|=` on pointers): `r2 = r0; r2 += t` once (omitted for
    /// t = 0), then 4 per entry (load, test, store, goto), 4N - 1 + 2 + guard. A returned
    /// pointer into its object is stored as `r2 = r0; r2 += t - off` (the adjustment with
    /// 16-byte entries is `-off`): the object's start, as the pops compute it.
    ///
    /// For a stack object the address comes from `S` (`r2 = *(u64 *)(r10 + S)`, then the same
    /// scan storing r2), with no guard. Nothing here touches R0.
    static func inlinePush(value: PushValue, table: Int, entries: Int, entrySize: Int, scratch: Int?, type: Int) -> [Instruction] {
        var body: [Instruction] = []
        var stored: Register = .r0
        if case .stackObject = value, let s = scratch {
            body.append(load(.r2, from: s))
            stored = .r2
        }
        var adjust = entrySize == 8 ? type : 0
        if case .returned(_, let off) = value { adjust -= off }
        if adjust != 0 {
            if stored == .r0 { body.append(mov(.r2, .r0)) }
            body.append(add(.r2, adjust))
            stored = .r2
        }
        var scan: [ScanBlock] = []
        for i in 0..<entries {
            let at = table + i * entrySize
            var entry: [Instruction] = [store(stored, at: at)]
            if entrySize == 16 { entry.append(store(imm: Int32(type), at: at + 8)) }
            scan.append(ScanBlock(word: at, unless: .immediate(0), body: entry))
        }
        body += chain(scan)
        return guarded(value, body)
    }

    // MARK: - pop

    /// The instruction saving the released pointer before the release call (1):
    ///
    ///     *(u64 *)(r10 + S) = rX             ; rX: the register the verifier saw released
    static func saveReleased(_ argument: ReleasedArgument, scratch: Int) -> [Instruction] {
        [store(Register(Int(argument.register)) ?? .r1, at: scratch)]
    }

    /// pop as a kfunc call, after the release. Per-frame (searching callers' tables when this
    /// frame's has no such entry), 4 + 2 with a kept R0 + 1 with an offset:
    ///
    ///     r2 = *(u64 *)(r10 + S)             ; the released pointer
    ///     r2 += -off                         ; when the argument pointed inside the object
    ///     *(u64 *)(r10 + S) = r0             ; when the release call returns a value
    ///     r1 = r10                           ; `r1 = 0` (one instruction) when the frame
    ///     r1 += T                            ;   has no table
    ///     call bpf_res_table_pop
    ///     r0 = *(u64 *)(r10 + S)             ; when R0 was kept
    ///
    /// Whole-program table: the pointer goes to R1 and there is no table argument
    /// (`call bpf_res_table_pop_global`), 2 + 2 + 1.
    static func kfuncPop(argument: ReleasedArgument, keepsR0: Bool, table: TableAddress, scratch: Int, kfunc: Int32) -> [Instruction] {
        let pointer: Register = table == .global ? .r1 : .r2
        var out: [Instruction] = [load(pointer, from: scratch)]
        if argument.offset != 0 { out.append(add(pointer, -argument.offset)) }
        if keepsR0 { out.append(store(.r0, at: scratch)) }
        out += tableArgument(table)
        out.append(.call(.kfunc(btfID: kfunc, module: 0)))
        if keepsR0 { out.append(load(.r0, from: scratch)) }
        return out
    }

    /// pop inlined on the frame's own table, after the release: an unrolled scan for the entry
    /// holding the pointer. 1 + 4N - 1 (+1 to adjust the pointer):
    ///
    ///     r2 = *(u64 *)(r10 + S)             ; the released pointer
    ///     r2 += t - off                      ; 8-byte entries hold ptr + t; minus the argument's
    ///                                        ;   offset into the object (omitted when 0)
    ///     r1 = *(u64 *)(r10 + T + i*E)       ; for each entry i:
    ///     if r1 != r2 goto +2
    ///     *(u64 *)(r10 + T + i*E) = 0        ;   found: free it
    ///     goto +end
    ///
    /// With `fallback` (a release that may find its entry in a caller's table, or handed up to
    /// one) the scan falls through to the kfunc form above (`kfuncPop` with this frame's
    /// table), which searches the callers; the last entry then keeps its `goto`.
    static func inlinePop(
        argument: ReleasedArgument, keepsR0: Bool, table: Int, entries: Int, entrySize: Int, scratch: Int, type: Int,
        fallback: Int32?
    ) -> [Instruction] {
        var out: [Instruction] = [load(.r2, from: scratch)]
        let adjust = (entrySize == 8 ? type : 0) - argument.offset
        if adjust != 0 { out.append(add(.r2, adjust)) }
        var scan: [ScanBlock] = []
        for i in 0..<entries {
            let at = table + i * entrySize
            scan.append(ScanBlock(word: at, unless: .register(.r2), body: [store(imm: 0, at: at)]))
        }
        var tail: [Instruction] = []
        if let k = fallback {
            tail = kfuncPop(argument: argument, keepsR0: keepsR0, table: .frame(table), scratch: scratch, kfunc: k)
        }
        out += chain(scan, tail: tail)
        return out
    }

    // MARK: - deferred past a lock

    /// A push whose acquire ran inside a `bpf_spin_lock` region (no call allowed there, no
    /// throw possible): the acquire's R0 is recorded in the operation's slot `D` (1,
    /// `*(u64 *)(r10 + D) = r0` after the acquire; the slot is zeroed after each
    /// `bpf_spin_lock`, 1 per lock call), and after each `bpf_spin_unlock` ending the region
    /// (R0-R5 are dead there) the push runs when the slot is not NULL. Per frame (6):
    ///
    ///     r2 = *(u64 *)(r10 + D)
    ///     if r2 == 0 goto +4
    ///     r1 = r10
    ///     r1 += T
    ///     r3 = t
    ///     call bpf_res_table_push
    ///
    /// Whole-program table (4): `r1 = *(u64 *)(r10 + D); if r1 == 0 goto +2; r2 = t;
    /// call bpf_res_table_push_global`. A pointer into its object (a node `bpf_list_pop_front`
    /// returned) is moved to the object's start first: `r2 += -off` (or `r1`), +1.
    static func deferredPush(slot: Int, offset: Int = 0, table: TableAddress, type: Int, kfunc: Int32) -> [Instruction] {
        let pointer: Register = table == .global ? .r1 : .r2
        var body: [Instruction] = offset != 0 ? [add(pointer, -offset)] : []
        body += tableArgument(table)
        body.append(mov(table == .global ? .r2 : .r3, imm: type))
        body.append(.call(.kfunc(btfID: kfunc, module: 0)))
        return [load(pointer, from: slot), .jump(.eq, .w64, dst: pointer, src: .immediate(0), offset: Int16(body.count))] + body
    }

    /// A pop whose release ran inside a lock region (a list or rbtree insertion): the released
    /// pointer is saved in the operation's slot before the release (1), the slot zeroed after
    /// each lock (1 per lock call), and after each unlock ending the region, when the slot is
    /// not 0 (per frame 4, +1 with an offset, -1 without a table; whole-program 3, +1):
    ///
    ///     r2 = *(u64 *)(r10 + D)
    ///     if r2 == 0 goto +3
    ///     r2 += -off                         ; when the argument pointed inside the object
    ///     r1 = r10                           ; `r1 = 0` without a table; nothing for the
    ///     r1 += T                            ;   whole-program table (pointer in R1)
    ///     call bpf_res_table_pop
    static func deferredPop(slot: Int, offset: Int, table: TableAddress, kfunc: Int32) -> [Instruction] {
        let pointer: Register = table == .global ? .r1 : .r2
        var body: [Instruction] = []
        if offset != 0 { body.append(add(pointer, -offset)) }
        body += tableArgument(table)
        body.append(.call(.kfunc(btfID: kfunc, module: 0)))
        return [load(pointer, from: slot), .jump(.eq, .w64, dst: pointer, src: .immediate(0), offset: Int16(body.count))] + body
    }

    // MARK: - hand-up

    /// Before each `exit` of a subprogram whose references can outlive it (5):
    ///
    ///     *(u64 *)(r10 + S) = r0             ; keep the return value
    ///     r1 = r10
    ///     r1 += T
    ///     call bpf_res_table_hand_up
    ///     r0 = *(u64 *)(r10 + S)
    static func handUp(table: Int, scratch: Int, kfunc: Int32) -> [Instruction] {
        [store(.r0, at: scratch), mov(.r1, .fp), add(.r1, table), .call(.kfunc(btfID: kfunc, module: 0)), load(.r0, from: scratch)]
    }

    // MARK: - Pieces

    /// Which table a kfunc call names.
    enum TableAddress: Equatable {
        /// This frame's table at this fp offset.
        case frame(Int)
        /// This frame has no table (a release of a caller's reference): `table` is NULL.
        case none
        /// The whole-program table (the `_global` kfuncs take no table argument).
        case global
    }

    /// `r1 = r10; r1 += T` (2), `r1 = 0` (1) or nothing.
    private static func tableArgument(_ table: TableAddress) -> [Instruction] {
        switch table {
        case .frame(let t): return [mov(.r1, .fp), add(.r1, t)]
        case .none: return [mov(.r1, imm: 0)]
        case .global: return []
        }
    }

    /// One entry of an unrolled scan: load the entry's pointer word into R1; unless it equals
    /// `unless`, run `body` and leave the scan.
    struct ScanBlock {
        var word: Int
        var unless: Operand
        var body: [Instruction]
    }

    /// Scan blocks joined: a block whose test fails falls to the next one; a block that runs its
    /// body jumps past the whole scan and `tail`. The last block has no `goto` when there is no
    /// tail (it would jump to the next instruction); a scan that finds nothing runs `tail`.
    private static func chain(_ blocks: [ScanBlock], tail: [Instruction] = []) -> [Instruction] {
        let ends = blocks.indices.map { i in i < blocks.count - 1 || !tail.isEmpty }
        let total = zip(blocks, ends).reduce(0) { $0 + 2 + $1.0.body.count + ($1.1 ? 1 : 0) } + tail.count
        var out: [Instruction] = []
        for (block, hasGoto) in zip(blocks, ends) {
            let skip = block.body.count + (hasGoto ? 1 : 0)
            out.append(load(.r1, from: block.word))
            out.append(.jump(.ne, .w64, dst: .r1, src: block.unless, offset: Int16(skip)))
            out += block.body
            if hasGoto { out.append(.ja(offset: Int16(total - out.count - 1))) }
        }
        return out + tail
    }

    private static func guarded(_ value: PushValue, _ body: [Instruction]) -> [Instruction] {
        guard case .returned(mayBeNull: true, _) = value else { return body }
        return [.jump(.eq, .w64, dst: .r0, src: .immediate(0), offset: Int16(body.count))] + body
    }

    static func store(_ r: Register, at off: Int) -> Instruction { .store(.double, base: .fp, offset: Int16(off), value: .register(r)) }
    static func store(imm: Int32, at off: Int) -> Instruction { .store(.double, base: .fp, offset: Int16(off), value: .immediate(imm)) }
    static func load(_ r: Register, from off: Int) -> Instruction { .load(.double, signExtend: false, dst: r, base: .fp, offset: Int16(off)) }
    static func mov(_ d: Register, _ s: Register) -> Instruction { .alu(.mov, .w64, dst: d, src: .register(s)) }
    static func mov(_ d: Register, imm: Int) -> Instruction { .alu(.mov, .w64, dst: d, src: .immediate(Int32(imm))) }
    static func add(_ d: Register, _ imm: Int) -> Instruction { .alu(.add, .w64, dst: d, src: .immediate(Int32(imm))) }
}
