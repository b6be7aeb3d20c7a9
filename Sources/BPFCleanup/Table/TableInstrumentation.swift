import BPFISA
import BPFKernelModel
import BPFObject

/// A ``TablePlan`` turned into code: where each frame's scratch slot, deferral slots and table
/// sit, and the insertions for the ``Patcher`` (zeroing on entry, push after acquires, save
/// before and pop after releases, hand-up before exits), each built by ``TableSequences``.
///
/// Which form each operation takes:
/// - `kfunc` variants call the kfuncs everywhere (`_global` ones for the whole-program table).
/// - `inline` variants scan the frame's own table with loads and stores. A frame cannot address
///   another frame's stack, so what needs another table stays a kfunc call: per frame, a pop
///   that may find its entry in a caller's table falls back to `bpf_res_table_pop` when the scan
///   finds nothing, a frame without a table pops with the kfunc, and hand-up is always a call;
///   for the whole-program table only the main program's operations are inlined, its callees
///   call the `_global` kfuncs. With 8-byte entries a pop at a pc releasing several resource
///   types is a kfunc call (the type packed in the entry is not known statically there), and
///   so is a push of a socket with a type index other than 0 (no arithmetic on its pointer).
///
/// Inside a `bpf_spin_lock` region the kernel allows no call but the list/rbtree kfuncs, and no
/// throw can happen there. An operation there that needs a call is deferred: the pointer is
/// recorded in a slot of its own (zeroed right after every `bpf_spin_lock` of the subprogram),
/// and the kfunc runs after each `bpf_spin_unlock` that ends the region, in pc order, when the
/// slot is not 0 (``TableSequences/deferredPush`` and ``TableSequences/deferredPop``).
struct TableInstrumentation {
    var layout: TableLayout
    var insertions: [Insertion] = []
    /// The program with the kfunc externs the insertions call.
    var program: BPFProgram
    /// Per subprogram: bytes reserved past its own stack (table, scratch and deferral slots).
    var reserved: [Int]

    struct Failure: Error {
        var message: String
        var pc: Int
    }

    /// An operation that needs a kfunc call inside a lock region.
    private struct Deferred {
        enum Operation {
            case push(TablePlan.Push)
            case pop(TablePlan.Pop)
        }
        var operation: Operation
        var pc: Int
        var subprog: Int
        var slot = 0
    }

    init(plan: TablePlan, program original: BPFProgram, stackDepths: [Int]) throws(Failure) {
        let subs = original.subprograms
        let e = plan.layout.entrySize.rawValue
        let inline = plan.layout.operations == .inline
        let perFrame = plan.layout.scope == .perFrame
        let locks = LockRegions(program: original)
        var linker = KfuncLinker(program: original)
        layout = plan.layout

        /// Whether an operation of subprogram `s` runs inline on a table it can address.
        func inlines(_ s: Int) -> Bool { inline && plan.entries[s] > 0 && (perFrame || s == 0) }
        func pushInline(_ p: TablePlan.Push) -> Bool {
            guard inlines(p.subprog) else { return false }
            let packsType = plan.layout.entrySize == .compact && (plan.layout.typeIndex(of: p.kind) ?? 0) != 0
            return !(packsType && TablePlan.noPointerArithmetic.contains(p.kind))
        }
        func popInline(_ p: TablePlan.Pop) -> Bool {
            inlines(p.subprog) && (plan.layout.entrySize == .full || p.kinds.count == 1)
        }
        func popCalls(_ p: TablePlan.Pop) -> Bool { !popInline(p) || (perFrame && p.crossFrame) }

        // Operations needing a call inside a lock region are deferred past the unlock.
        var deferred: [Deferred] = []
        for p in plan.pushes where !pushInline(p) && locks.locked.contains(p.pc) {
            if case .stackObject = p.value {
                throw Failure(message: "table: cannot push the stack object acquired at pc \(p.pc) inside a bpf_spin_lock-ed region", pc: p.pc)
            }
            deferred.append(Deferred(operation: .push(p), pc: p.pc, subprog: p.subprog))
        }
        for p in plan.pops where popCalls(p) && locks.locked.contains(p.pc) {
            deferred.append(Deferred(operation: .pop(p), pc: p.pc, subprog: p.subprog))
        }
        deferred.sort { $0.pc < $1.pc }
        let deferredPCs = Set(deferred.map(\.pc))
        if !deferred.isEmpty, let loop = TableInstrumentation.loopInside(locks, original) {
            throw Failure(
                message: "table: pc \(loop) loops inside a bpf_spin_lock-ed region: deferred table operations would run out of order",
                pc: loop)
        }

        // Scratch slots: every frame whose code keeps R0 or a pointer across a call.
        var needsScratch = Set<Int>()
        for p in plan.pushes where !deferredPCs.contains(p.pc) {
            if case .stackObject = p.value { needsScratch.insert(p.subprog) }
            if !pushInline(p) { needsScratch.insert(p.subprog) }
        }
        for p in plan.pops where !deferredPCs.contains(p.pc) { needsScratch.insert(p.subprog) }
        needsScratch.formUnion(plan.handUps)

        // Frame layout: [own stack][scratch][deferral slots][table], growing down from fp.
        reserved = Array(repeating: 0, count: subs.count)
        var scratch: [Int: Int] = [:]
        var tableOffset: [Int: Int] = [:]
        for s in subs.indices {
            let slots = deferred.indices.filter { deferred[$0].subprog == s }
            guard plan.entries[s] > 0 || needsScratch.contains(s) || !slots.isEmpty else { continue }
            let base = ((s < stackDepths.count ? stackDepths[s] : 0) + 7) / 8 * 8
            var below = base
            if needsScratch.contains(s) {
                below += 8
                scratch[s] = -below
            }
            for i in slots {
                below += 8
                deferred[i].slot = -below
            }
            below += plan.entries[s] * e
            tableOffset[s] = -below
            reserved[s] = below - base
            layout.tables[s] = TableLayout.Table(
                offset: -below, entries: plan.entries[s], scratchOffset: scratch[s], handsUp: plan.handUps.contains(s),
                deferralSlots: slots.count)
        }

        func typeIndex(_ k: ResourceKind) -> Int { plan.layout.typeIndex(of: k) ?? 0 }
        func address(_ s: Int) -> TableSequences.TableAddress {
            perFrame ? (plan.entries[s] > 0 ? .frame(tableOffset[s]!) : .none) : .global
        }
        func kfunc(_ k: TableKfunc) -> Int32 {
            let global: [TableKfunc: TableKfunc] = [.push: .pushGlobal, .pop: .popGlobal]
            return linker.id(of: (perFrame ? k : global[k] ?? k).rawValue)
        }

        // Zeroing on entry, first at each pc so that saves placed before a first instruction
        // run after it.
        for s in subs.indices where plan.entries[s] > 0 {
            let start = subs[s].startPC
            if let jump = TableInstrumentation.jumpTo(start, in: original) {
                throw Failure(
                    message: "table: cannot zero func#\(s)'s table on entry: pc \(jump) jumps to its first instruction \(start)", pc: jump)
            }
            insertions.append(
                Insertion(
                    pc: start, position: .before,
                    instructions: TableSequences.zeroing(tableOffset: tableOffset[s]!, entries: plan.entries[s], entrySize: e),
                    purpose: "zeroing"))
        }

        var afterPop: [Int: Insertion] = [:]
        for p in plan.pops where !deferredPCs.contains(p.pc) {
            let s = p.subprog
            let slot = scratch[s]!
            insertions.append(
                Insertion(pc: p.pc, position: .before, instructions: TableSequences.saveReleased(p.argument, scratch: slot), purpose: "pop"))
            let code: [Instruction]
            if popInline(p) {
                let fallback = perFrame && p.crossFrame
                code = TableSequences.inlinePop(
                    argument: p.argument, keepsR0: p.keepsR0, table: tableOffset[s]!, entries: plan.entries[s], entrySize: e,
                    scratch: slot, type: typeIndex(p.kinds[0]), fallback: fallback ? kfunc(.pop) : nil)
            } else {
                code = TableSequences.kfuncPop(
                    argument: p.argument, keepsR0: p.keepsR0, table: address(s), scratch: slot, kfunc: kfunc(.pop))
            }
            afterPop[p.pc] = Insertion(pc: p.pc, position: .after, instructions: code, purpose: "pop")
        }
        var afterPush: [Int: Insertion] = [:]
        for p in plan.pushes where !deferredPCs.contains(p.pc) {
            let s = p.subprog
            if case .stackObject(let r) = p.value {
                insertions.append(
                    Insertion(pc: p.pc, position: .before, instructions: TableSequences.saveBefore(r, scratch: scratch[s]!), purpose: "push"))
            }
            let code: [Instruction]
            if pushInline(p) {
                code = TableSequences.inlinePush(
                    value: p.value, table: tableOffset[s]!, entries: plan.entries[s], entrySize: e, scratch: scratch[s],
                    type: typeIndex(p.kind))
            } else {
                code = TableSequences.kfuncPush(
                    value: p.value, table: perFrame ? .frame(tableOffset[s]!) : .global, scratch: scratch[s]!,
                    type: typeIndex(p.kind), kfunc: kfunc(.push))
            }
            afterPush[p.pc] = Insertion(pc: p.pc, position: .after, instructions: code, purpose: "push")
        }

        // Deferred operations: record inside the region, clear after each lock, replay after
        // each unlock that ends a region containing them.
        var replays: [Int: [Insertion]] = [:]
        for d in deferred {
            let purpose: String
            switch d.operation {
            case .push(let p):
                purpose = "push"
                afterPush[p.pc] = Insertion(
                    pc: p.pc, position: .after, instructions: [TableSequences.store(.r0, at: d.slot)], purpose: purpose)
            case .pop(let p):
                purpose = "pop"
                insertions.append(
                    Insertion(pc: p.pc, position: .before, instructions: TableSequences.saveReleased(p.argument, scratch: d.slot), purpose: purpose))
            }
            for lock in locks.calls(of: LockRegions.spinLock, in: subs[d.subprog], original) {
                insertions.append(Insertion(pc: lock, position: .after, instructions: [TableSequences.store(imm: 0, at: d.slot)], purpose: purpose))
            }
            let unlocks = locks.unlocks(reachableFrom: d.pc, in: subs[d.subprog], original)
            if unlocks.isEmpty {
                throw Failure(message: "table: no bpf_spin_unlock ends the locked region at pc \(d.pc)", pc: d.pc)
            }
            for u in unlocks {
                let code: [Instruction]
                switch d.operation {
                case .push(let p):
                    var offset = 0
                    if case .returned(_, let off) = p.value { offset = off }
                    code = TableSequences.deferredPush(
                        slot: d.slot, offset: offset, table: perFrame ? .frame(tableOffset[d.subprog]!) : .global, type: typeIndex(p.kind), kfunc: kfunc(.push))
                case .pop(let p):
                    code = TableSequences.deferredPop(slot: d.slot, offset: p.argument.offset, table: address(d.subprog), kfunc: kfunc(.pop))
                }
                replays[u, default: []].append(Insertion(pc: u, position: .after, instructions: code, purpose: purpose))
            }
        }

        // After a call that both releases and acquires (`bpf_kptr_xchg`), pop first, then push.
        for pc in Set(afterPop.keys).union(afterPush.keys).sorted() {
            if let i = afterPop[pc] { insertions.append(i) }
            if let i = afterPush[pc] { insertions.append(i) }
        }
        for u in replays.keys.sorted() { insertions += replays[u]! }

        for s in plan.handUps.sorted() {
            let sub = subs[s]
            for pc in sub.startPC..<min(sub.endPC, original.instructions.count) {
                guard case .exit = original.instructions[pc] else { continue }
                insertions.append(
                    Insertion(
                        pc: pc, position: .before,
                        instructions: TableSequences.handUp(table: tableOffset[s]!, scratch: scratch[s]!, kfunc: linker.id(of: TableKfunc.handUp.rawValue)),
                        purpose: "hand-up"))
            }
        }
        program = linker.program
    }

    /// Instructions inserted for `purpose`.
    func count(_ purpose: String) -> Int {
        insertions.filter { $0.purpose == purpose }.reduce(0) { $0 + $1.instructions.count }
    }

    var total: Int { insertions.reduce(0) { $0 + $1.instructions.count } }

    /// A jump (not a call) anywhere in the program landing on `pc`.
    static func jumpTo(_ pc: Int, in program: BPFProgram) -> Int? {
        for (from, insn) in program.instructions.enumerated() {
            switch insn {
            case .ja, .gotol, .jump, .mayGoto:
                if let d = insn.displacement, from + d + 1 == pc { return from }
            default: break
            }
        }
        return nil
    }

    /// A backward jump from and to pcs inside lock regions.
    private static func loopInside(_ locks: LockRegions, _ program: BPFProgram) -> Int? {
        for (from, insn) in program.instructions.enumerated() where locks.locked.contains(from) {
            if let d = insn.displacement, d < 0, locks.locked.contains(from + d + 1) {
                if case .call = insn { continue }
                return from
            }
        }
        return nil
    }
}
