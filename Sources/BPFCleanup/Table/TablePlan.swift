import BPFISA
import BPFKernelModel
import BPFObject
import BPFVerifier

/// What the table backend inserts into one program for one variant (SPEC §5.3), decided from
/// the verifier's facts and the reference probe, before any code is placed.
///
/// - Tables go to the subprograms that can be live during a throw (`throwingSubprograms`) and
///   hold references, plus those whose references escape to such a caller (a subprogram that
///   returns what it acquired hands its entries up before `exit`). A subprogram holding no
///   reference gets nothing.
/// - A frame's table has as many entries as the most references the frame can hold at once
///   (the verifier's per-subprogram maximum, or the probe's if larger: it counts references
///   handed up by callees). The whole-program table is sized for the deepest chain: the largest
///   sum of per-frame sizes over the static call chains from the main program.
/// - Each acquire in a tabled frame is followed by a push; each release in a tabled frame, and
///   each release of a reference acquired in another frame, by a pop (ownership transfers to
///   the kernel are releases: ringbuf submit/discard, `bpf_kptr_xchg`, list/rbtree insertion).
struct TablePlan {
    struct Push {
        var pc: Int
        var subprog: Int
        var kind: ResourceKind
        var value: TableSequences.PushValue
    }
    struct Pop {
        var pc: Int
        var subprog: Int
        var kinds: [ResourceKind]
        var argument: ReleasedArgument
        /// The release may find its entry in another frame's table.
        var crossFrame: Bool
        /// The release call returns a value in R0 that the program may read.
        var keepsR0: Bool
    }

    var layout: TableLayout
    /// Subprograms with a table of their own (per frame), or whose acquires push (program).
    var tabled: Set<Int>
    /// Per subprogram: entries of its own table (0: none).
    var entries: [Int]
    var pushes: [Push] = []
    var pops: [Pop] = []
    /// Subprograms handing their entries up before `exit` (per-frame scope).
    var handUps: Set<Int> = []
    /// Releases of a reference acquired in another frame, or one that can outlive its frame.
    var crossFramePops: Int { pops.filter(\.crossFrame).count }

    /// Why a plan cannot be made: a backend failure at a pc.
    struct Failure: Error {
        var message: String
        var pc: Int
    }

    init(
        program: BPFProgram, result: VerificationResult, facts: ReferenceProbe.Facts, graph: CallGraph, variant: TableLayout,
        catalog: Catalog
    ) throws(Failure) {
        let subs = program.subprograms
        layout = variant
        layout.tables = [:]
        var capacity = Array(repeating: 0, count: subs.count)
        for s in subs.indices {
            capacity[s] = max(result.refsMaxPerSubprog[s] ?? 0, facts.frameLoad[s] ?? 0)
        }
        let eligible = { (s: Int) in !graph.underCallback.contains(s) && !subs[s].isExceptionCallback && capacity[s] > 0 }
        var tabled = Set(subs.indices.filter { eligible($0) && result.throwingSubprograms.contains($0) })
        var grew = true
        while grew {
            grew = false
            for s in facts.handUpSubprograms where eligible(s) && !tabled.contains(s) && graph.callers[s].contains(where: tabled.contains) {
                tabled.insert(s)
                grew = true
            }
        }
        self.tabled = tabled
        entries = Array(repeating: 0, count: subs.count)
        guard !tabled.isEmpty else { return }

        func subprog(_ pc: Int) -> Int { subs.firstIndex { $0.pcs.contains(pc) } ?? 0 }
        for (pc, kind) in result.acquireSites.sorted(by: { $0.key < $1.key }) where tabled.contains(subprog(pc)) {
            let call = CallSite(program: program, pc: pc, catalog: catalog)
            let value: TableSequences.PushValue
            if catalog.resource(kind)?.isStackObject == true {
                value = .stackObject(call.stackObjectArgument)
            } else {
                var offset = 0
                if call.kfunc?.special == .graphRemove {
                    let offsets = TablePlan.nodeOffsets(program)
                    guard offsets.count == 1, let o = offsets.first else {
                        let name = call.kfunc?.name ?? "the collection kfunc"
                        let found = offsets.isEmpty ? "none" : offsets.sorted().map(String.init).joined(separator: ", ")
                        throw Failure(
                            message: "table: cannot tell where in its object the node \(name) returns at pc \(pc) sits (node offsets in the program's collections: \(found)): a table entry must name the object",
                            pc: pc)
                    }
                    offset = o
                }
                value = .returned(mayBeNull: call.mayReturnNull, offset: offset)
            }
            pushes.append(Push(pc: pc, subprog: subprog(pc), kind: kind, value: value))
        }
        for (pc, kinds) in result.releaseSites.sorted(by: { $0.key < $1.key }) {
            let s = subprog(pc)
            let cross = facts.crossFrameReleases.contains(pc) || result.crossFrameReleases.contains(pc)
            guard tabled.contains(s) || cross else { continue }
            guard let argument = result.releaseArguments[pc]?.min(by: { $0.register < $1.register }) else {
                throw Failure(message: "table: the verifier names no argument register for the release at pc \(pc)", pc: pc)
            }
            let call = CallSite(program: program, pc: pc, catalog: catalog)
            pops.append(
                Pop(pc: pc, subprog: s, kinds: kinds.sorted(), argument: argument, crossFrame: cross, keepsR0: call.returnsValue))
        }
        // Type indices in order of first use, except that a kind whose pointers the verifier
        // forbids arithmetic on comes first: 8-byte entries then store it as it is (ptr + 0).
        var types: [ResourceKind] = []
        for k in pushes.map(\.kind) + pops.flatMap(\.kinds) where !types.contains(k) { types.append(k) }
        types = types.filter(TablePlan.noPointerArithmetic.contains) + types.filter { !TablePlan.noPointerArithmetic.contains($0) }
        layout.resourceTypes = types
        if layout.entrySize == .compact && types.count > 8 {
            throw Failure(
                message: "table: 8-byte entries keep the type in the pointer's 3 low bits; \(types.count) resource types do not fit",
                pc: pushes.first?.pc ?? 0)
        }

        switch layout.scope {
        case .perFrame:
            for s in tabled { entries[s] = capacity[s] }
            handUps = facts.handUpSubprograms.intersection(tabled).filter { !subs[$0].isMain }
        case .wholeProgram:
            entries[0] = TablePlan.deepestChain(from: 0, graph: graph, size: { tabled.contains($0) ? capacity[$0] : 0 })
        }
    }

    /// Kinds whose pointers allow no arithmetic (`PTR_TO_SOCKET` and friends): an inlined push
    /// with 8-byte entries cannot add a type index to them, so only index 0 is inlined.
    static let noPointerArithmetic: Set<ResourceKind> = [.socket]

    /// Offsets of the node field in the node type of every collection the program declares
    /// (the `contains:TYPE:FIELD` tags of `__contains`): where a node `bpf_list_pop_*` or
    /// `bpf_rbtree_remove` returns points inside its object, as the verifier types R0.
    static func nodeOffsets(_ program: BPFProgram) -> Set<Int> {
        let btf = program.btf
        var offsets = Set<Int>()
        for i in 0..<btf.count {
            guard case .declTag(let tag, _, _)? = btf[BTFTypeID(rawValue: UInt32(i))], tag.hasPrefix("contains:") else { continue }
            let parts = tag.split(separator: ":").map(String.init)
            guard parts.count == 3,
                let node = btf.firstID(named: parts[1], where: { if case .structure = $0 { return true } else { return false } }),
                let field = btf.member(named: parts[2], in: node)
            else { continue }
            offsets.insert(Int(field.bitOffset / 8))
        }
        return offsets
    }

    /// The largest sum of `size` over the static call chains starting at `root`.
    static func deepestChain(from root: Int, graph: CallGraph, size: (Int) -> Int) -> Int {
        var memo: [Int: Int] = [:]
        func best(_ s: Int, _ onPath: Set<Int>) -> Int {
            if let m = memo[s] { return m }
            var deepest = 0
            for c in graph.callees[s] where !onPath.contains(c) { deepest = max(deepest, best(c, onPath.union([s]))) }
            let total = size(s) + deepest
            memo[s] = total
            return total
        }
        return best(root, [])
    }
}

/// The call instruction at an acquire or release site, as the catalog describes it.
struct CallSite {
    var helper: HelperSpec?
    var kfunc: KfuncSpec?

    init(program: BPFProgram, pc: Int, catalog: Catalog) {
        switch program.instructions[pc] {
        case .call(.helper(let id)): helper = catalog.helper(id)
        case .call(.kfunc(let id, _)): kfunc = program.kfuncs[id].flatMap { catalog.kfunc($0.name) }
        default: break
        }
    }

    /// Whether the acquire may return NULL (`KF_RET_NULL`, `RET_..._OR_NULL`).
    var mayReturnNull: Bool {
        if let k = kfunc { return k.flags.contains(.retNull) }
        switch helper?.ret {
        case .mapValueOrNull, .socketOrNull, .sockCommonOrNull, .tcpSockOrNull, .ringbufMemoryOrNull, .kptrOrNull: return true
        default: return helper == nil
        }
    }

    /// Whether R0 holds a value after the call.
    var returnsValue: Bool {
        if let k = kfunc { return k.returns != .void }
        if let h = helper { return h.ret != .void }
        return true
    }

    /// The register carrying a stack object (iterator) into its constructor: the kfunc's
    /// iterator argument, R1 when the catalog does not list arguments.
    var stackObjectArgument: Register {
        let index = kfunc?.args.firstIndex { if case .iterator = $0 { return true } else { return false } } ?? 0
        return Register(index + 1) ?? .r1
    }
}
