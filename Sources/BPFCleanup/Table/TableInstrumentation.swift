import BPFISA
import BPFKernelModel
import BPFObject

/// A ``TablePlan`` turned into code: where each frame's scratch slot and table sit, and the
/// insertions for the ``Patcher`` (zeroing on entry, push after acquires, save before and pop
/// after releases, hand-up before exits), each built by ``TableSequences``.
///
/// Which form each operation takes:
/// - `kfunc` variants call the kfuncs everywhere (`_global` ones for the whole-program table).
/// - `inline` variants scan the frame's own table with loads and stores. A frame cannot address
///   another frame's stack, so what needs another table stays a kfunc call: per frame, a pop
///   that may find its entry in a caller's table falls back to `bpf_res_table_pop` when the scan
///   finds nothing, a frame without a table pops with the kfunc, and hand-up is always a call;
///   for the whole-program table only the main program's operations are inlined, its callees
///   call the `_global` kfuncs. With 8-byte entries a pop at a pc releasing several resource
///   types is a kfunc call (the type packed in the entry is not known statically there).
struct TableInstrumentation {
    var layout: TableLayout
    var insertions: [Insertion] = []
    /// The program with the kfunc externs the insertions call.
    var program: BPFProgram
    /// Per subprogram: bytes reserved past its own stack (table + scratch slot).
    var reserved: [Int]

    struct Failure: Error {
        var message: String
        var pc: Int
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
        func popInline(_ p: TablePlan.Pop) -> Bool {
            inlines(p.subprog) && (plan.layout.entrySize == .full || p.kinds.count == 1)
        }

        // Scratch slots: every frame whose code keeps R0 or a pointer across a call.
        var needsScratch = Set<Int>()
        for p in plan.pushes {
            if case .stackObject = p.value { needsScratch.insert(p.subprog) }
            if !inlines(p.subprog) { needsScratch.insert(p.subprog) }
        }
        for p in plan.pops { needsScratch.insert(p.subprog) }
        needsScratch.formUnion(plan.handUps)

        // Frame layout: [own stack][scratch][table], growing down from fp.
        reserved = Array(repeating: 0, count: subs.count)
        var scratch: [Int: Int] = [:]
        var tableOffset: [Int: Int] = [:]
        for s in subs.indices where plan.entries[s] > 0 || needsScratch.contains(s) {
            let base = ((s < stackDepths.count ? stackDepths[s] : 0) + 7) / 8 * 8
            var below = base
            if needsScratch.contains(s) {
                below += 8
                scratch[s] = -below
            }
            below += plan.entries[s] * e
            tableOffset[s] = -below
            reserved[s] = below - base
            layout.tables[s] = TableLayout.Table(
                offset: -below, entries: plan.entries[s], scratchOffset: scratch[s], handsUp: plan.handUps.contains(s))
        }

        func kfuncAt(_ pc: Int) throws(Failure) {
            if locks.locked.contains(pc) {
                throw Failure(
                    message: "table: cannot call a table kfunc at pc \(pc): it is inside a bpf_spin_lock-ed region, where function calls are not allowed",
                    pc: pc)
            }
        }
        func typeIndex(_ k: ResourceKind) -> Int { plan.layout.typeIndex(of: k) ?? 0 }

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
        for p in plan.pops {
            let s = p.subprog
            let slot = scratch[s]!
            insertions.append(
                Insertion(pc: p.pc, position: .before, instructions: TableSequences.saveReleased(p.argument, scratch: slot), purpose: "pop"))
            let code: [Instruction]
            if popInline(p) {
                let fallback = perFrame && p.crossFrame
                if fallback { try kfuncAt(p.pc) }
                code = TableSequences.inlinePop(
                    argument: p.argument, keepsR0: p.keepsR0, table: tableOffset[s]!, entries: plan.entries[s], entrySize: e,
                    scratch: slot, type: typeIndex(p.kinds[0]),
                    fallback: fallback ? linker.id(of: TableKfunc.pop.rawValue) : nil)
            } else {
                try kfuncAt(p.pc)
                let address: TableSequences.TableAddress =
                    perFrame ? (plan.entries[s] > 0 ? .frame(tableOffset[s]!) : .none) : .global
                let name = perFrame ? TableKfunc.pop : TableKfunc.popGlobal
                code = TableSequences.kfuncPop(
                    argument: p.argument, keepsR0: p.keepsR0, table: address, scratch: slot, kfunc: linker.id(of: name.rawValue))
            }
            afterPop[p.pc] = Insertion(pc: p.pc, position: .after, instructions: code, purpose: "pop")
        }
        var afterPush: [Int: Insertion] = [:]
        for p in plan.pushes {
            let s = p.subprog
            if case .stackObject(let r) = p.value {
                insertions.append(
                    Insertion(pc: p.pc, position: .before, instructions: TableSequences.saveBefore(r, scratch: scratch[s]!), purpose: "push"))
            }
            let code: [Instruction]
            if inlines(s) {
                code = TableSequences.inlinePush(
                    value: p.value, table: tableOffset[s]!, entries: plan.entries[s], entrySize: e, scratch: scratch[s],
                    type: typeIndex(p.kind))
            } else {
                try kfuncAt(p.pc)
                let address: TableSequences.TableAddress = perFrame ? .frame(tableOffset[s]!) : .global
                let name = perFrame ? TableKfunc.push : TableKfunc.pushGlobal
                code = TableSequences.kfuncPush(
                    value: p.value, table: address, scratch: scratch[s]!, type: typeIndex(p.kind), kfunc: linker.id(of: name.rawValue))
            }
            afterPush[p.pc] = Insertion(pc: p.pc, position: .after, instructions: code, purpose: "push")
        }
        // After a call that both releases and acquires (`bpf_kptr_xchg`), pop first, then push.
        for pc in Set(afterPop.keys).union(afterPush.keys).sorted() {
            if let i = afterPop[pc] { insertions.append(i) }
            if let i = afterPush[pc] { insertions.append(i) }
        }

        for s in plan.handUps.sorted() {
            let sub = subs[s]
            for pc in sub.startPC..<min(sub.endPC, original.instructions.count) {
                guard case .exit = original.instructions[pc] else { continue }
                try kfuncAt(pc)
                insertions.append(
                    Insertion(
                        pc: pc, position: .before,
                        instructions: TableSequences.handUp(
                            table: tableOffset[s]!, scratch: scratch[s]!, kfunc: linker.id(of: TableKfunc.handUp.rawValue)),
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
}
