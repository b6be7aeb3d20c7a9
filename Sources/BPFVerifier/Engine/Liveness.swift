import BPFISA
import BPFKernelModel
import BPFObject

/// Two backward dataflow analyses over each subprogram, computed once before exploration:
///
/// - **register liveness** (the kernel's `compute_live_registers`, 6.15+): which of R0-R9 may
///   be read before being written; dead registers are ignored when comparing states;
/// - **precision demand**: which registers and fp-relative stack slots may flow into a use
///   whose exact value matters (pointer arithmetic, a size or constant argument, a return
///   value the kernel checks). It replaces the kernel's dynamic precision backtracking
///   (`mark_chain_precision`) with a static over-approximation: a scalar the kernel would
///   treat as imprecise may be precise here, never the reverse.
///
/// Conditional jumps are the exception: the kernel marks a jump's operands precise only where
/// it predicts the branch, and an iterator loop that accumulates a value tested after the loop
/// converges because that test is unpredictable inside the loop. A jump's demand is therefore
/// a separate ``PrecisionSlice`` (``slice(ofJump:)``), applied only to the checkpoints below
/// which the verifier predicted that jump (``VerifierRun/activateJump(_:parent:)``).
struct Liveness {
    /// Bit i set: Ri live before the instruction.
    private(set) var liveBefore: [UInt16]
    /// Precision demanded by everything but conditional jumps.
    let base: PrecisionSlice
    private let analysis: InstructionEffects
    private let cfg: ControlFlow

    init(program: BPFProgram, cfg: ControlFlow, catalog: Catalog) {
        let n = program.instructions.count
        analysis = InstructionEffects(program: program, catalog: catalog, subprogOf: cfg.subprogOf)
        self.cfg = cfg
        liveBefore = Array(repeating: 0, count: n)
        // Iterate to a fixed point in reverse program order (loops converge in a few rounds).
        var changed = true
        while changed {
            changed = false
            for pc in stride(from: n - 1, through: 0, by: -1) {
                if case .continuation = program.instructions[pc] { continue }
                var liveAfter: UInt16 = 0
                for s in cfg.successors(of: pc) where s >= 0 && s < n { liveAfter |= liveBefore[s] }
                let e = analysis.effects(at: pc)
                let live = (liveAfter & ~e.defs) | e.uses
                if live != liveBefore[pc] {
                    liveBefore[pc] = live
                    changed = true
                }
            }
        }
        base = PrecisionSlice(analysis: analysis, cfg: cfg) { e, _ in e.demands }
    }

    /// What a conditional jump at `pc` demands: its operands and everything flowing into them.
    func slice(ofJump pc: Int) -> PrecisionSlice {
        PrecisionSlice(analysis: analysis, cfg: cfg) { e, at in at == pc ? e.jumpDemands : 0 }
    }

    func isLive(_ r: Int, before pc: Int) -> Bool { liveBefore[pc] & (1 << r) != 0 }
}

/// Registers and stack slots that may flow into a set of precision-demanding uses.
struct PrecisionSlice {
    /// Bit i set: Ri's value before the instruction may need to be precise.
    private(set) var preciseBefore: [UInt16]
    /// fp-relative slots (spi) whose spilled scalar before the instruction may need precision.
    private(set) var preciseSlotsBefore: [Set<Int>]
    /// Set when a scalar loaded through a non-frame-pointer base may need precision: every
    /// spilled scalar is then treated as precise (the slot it came from is unknown).
    private(set) var allSlotsPrecise = false

    init(analysis: InstructionEffects, cfg: ControlFlow, demands: (InstructionEffect, Int) -> UInt16) {
        let program = analysis.program
        let n = program.instructions.count
        preciseBefore = Array(repeating: 0, count: n)
        preciseSlotsBefore = Array(repeating: [], count: n)
        var changed = true
        while changed {
            changed = false
            for pc in stride(from: n - 1, through: 0, by: -1) {
                if case .continuation = program.instructions[pc] { continue }
                var preciseAfter: UInt16 = 0
                var slotsAfter: Set<Int> = []
                for s in cfg.successors(of: pc) where s >= 0 && s < n {
                    preciseAfter |= preciseBefore[s]
                    if !preciseSlotsBefore[s].isEmpty { slotsAfter.formUnion(preciseSlotsBefore[s]) }
                }
                let e = analysis.effects(at: pc)
                var precise = preciseAfter & ~e.defs
                var slots = slotsAfter
                // Value flow: a precise destination makes its sources precise.
                if preciseAfter & e.defs != 0 || e.flowsAlways {
                    precise |= e.flowSources
                    if let slot = e.loadSlot { slots.insert(slot) }
                    if e.loadsThroughPointer { allSlotsPrecise = true }
                }
                if let slot = e.storeSlot, slotsAfter.contains(slot) {
                    slots.remove(slot)
                    precise |= e.storeSourceMask
                }
                precise |= demands(e, pc)
                if precise != preciseBefore[pc] || slots != preciseSlotsBefore[pc] {
                    preciseBefore[pc] = precise
                    preciseSlotsBefore[pc] = slots
                    changed = true
                }
            }
        }
    }

    func isPrecise(_ r: Int, before pc: Int) -> Bool { preciseBefore[pc] & (1 << r) != 0 }
    func isSlotPrecise(_ spi: Int, before pc: Int) -> Bool { allSlotsPrecise || preciseSlotsBefore[pc].contains(spi) }
}

/// Uses, definitions and value flow of one instruction, for ``Liveness``.
struct InstructionEffect {
    var uses: UInt16 = 0
    var defs: UInt16 = 0
    /// Registers whose values flow into the defined register.
    var flowSources: UInt16 = 0
    /// The instruction demands precision of these registers.
    var demands: UInt16 = 0
    /// A conditional jump's operands: demanded below where the jump was predicted.
    var jumpDemands: UInt16 = 0
    /// The flow applies even if the destination is not precise (ALU with a precise dst keeps dst).
    var flowsAlways = false
    /// `dst = *(fp + off)`: the slot read.
    var loadSlot: Int?
    /// A load through another pointer.
    var loadsThroughPointer = false
    /// `*(fp + off) = src`: the slot written and the source register mask.
    var storeSlot: Int?
    var storeSourceMask: UInt16 = 0
}

struct InstructionEffects {
    let program: BPFProgram
    let catalog: Catalog
    /// Subprogram index of each pc (``ControlFlow/subprogOf``).
    let subprogOf: [Int]

    private static func bit(_ r: Register) -> UInt16 { 1 << UInt16(r.index) }
    private static let args: UInt16 = 0b11_1110
    private static let r0: UInt16 = 1

    func effects(at pc: Int) -> InstructionEffect {
        var e = InstructionEffect()
        let bit = Self.bit
        switch program.instructions[pc] {
        case .alu(let op, _, let dst, let src):
            e.defs = bit(dst)
            var sources: UInt16 = op == .mov ? 0 : bit(dst)
            if case .register(let s) = src { sources |= bit(s) }
            e.uses = sources
            e.flowSources = sources
        case .neg(_, let dst), .byteSwap(_, _, let dst):
            e.uses = bit(dst)
            e.defs = bit(dst)
            e.flowSources = bit(dst)
        case .movsx(_, let dst, let src, _):
            e.uses = bit(src)
            e.defs = bit(dst)
            e.flowSources = bit(src)
        case .load(_, _, let dst, let base, let off):
            e.uses = bit(base)
            e.defs = bit(dst)
            if base == .fp {
                e.loadSlot = (-Int(off) - 1) / 8
            } else {
                e.loadsThroughPointer = true
            }
        case .store(_, let base, let off, let value):
            e.uses = bit(base)
            if case .register(let s) = value {
                e.uses |= bit(s)
                if base == .fp {
                    e.storeSlot = (-Int(off) - 1) / 8
                    e.storeSourceMask = bit(s)
                }
            }
        case .atomic(let op, _, let base, _, let src):
            e.uses = bit(base) | bit(src)
            if op == .cmpxchg {
                e.uses |= Self.r0
                e.defs = Self.r0
            } else if op.fetches {
                e.defs = bit(src)
            }
        case .loadImm64(let dst, _):
            e.defs = bit(dst)
        case .loadPacketAbsolute:
            e.uses = bit(.r6)
            e.defs = Self.r0 | Self.args
        case .loadPacketIndirect(_, let src, _):
            e.uses = bit(.r6) | bit(src)
            e.defs = Self.r0 | Self.args
        case .jump(_, _, let dst, let src, _):
            e.uses = bit(dst)
            if case .register(let s) = src { e.uses |= bit(s) }
            e.jumpDemands = e.uses
        case .call(let target):
            e.defs = Self.r0 | Self.args
            switch target {
            case .helper(let id):
                guard let spec = catalog.helper(id) else {
                    e.uses = Self.args
                    break
                }
                for (i, a) in spec.args.enumerated() {
                    e.uses |= 1 << UInt16(i + 1)
                    switch a {
                    case .size, .allocationSize: e.demands |= 1 << UInt16(i + 1)
                    default: break
                    }
                }
                if spec.name == "bpf_loop" { e.demands |= bit(.r1) | bit(.r4) }
            case .kfunc(let id, _):
                let name = program.kfuncs[id]?.name ?? ""
                if let spec = catalog.kfunc(name) {
                    let count = max(spec.args.count, prototypeArgCount(id) ?? 0)
                    e.uses = count == 0 ? 0 : UInt16((1 << (count + 1)) - 2)
                    for (i, a) in spec.args.enumerated() where a == .constant || a == .memorySize {
                        e.demands |= 1 << UInt16(i + 1)
                    }
                    // The default exception callback returns the cookie as the program's value.
                    if name == "bpf_throw" && program.mainReturnRange != nil && !hasExceptionCallback {
                        e.demands |= bit(.r1)
                    }
                } else {
                    e.uses = Self.args
                }
            case .local:
                // Arguments may reach a precision-demanding use in the callee.
                e.uses = Self.args
                e.demands = Self.args
            }
        case .callx(let r):
            e.uses = bit(r) | Self.args
            e.defs = Self.r0 | Self.args
        case .exit:
            e.uses = Self.r0
            if exitDemandsPrecision(pc) { e.demands = Self.r0 }
        case .ja, .gotol, .mayGoto, .continuation:
            break
        }
        return e
    }

    /// Whether R0 at this exit may need to be precise. `check_return_code` marks it only where a
    /// range is enforced: the main program and the exception callback of program types with
    /// one; a global function's value reaches its callers as an unknown scalar. A static
    /// function's or callback's R0 flows into its caller, which this per-instruction analysis
    /// does not follow, so it stays demanded.
    private func exitDemandsPrecision(_ pc: Int) -> Bool {
        guard !program.subprograms.isEmpty, pc < subprogOf.count else { return program.mainReturnRange != nil }
        let sub = program.subprograms[subprogOf[pc]]
        if sub.role.contains(.main) || sub.role.contains(.exceptionCallback) { return program.mainReturnRange != nil }
        return !(sub.isGlobal && !sub.role.contains(.callbackTarget))
    }

    private var hasExceptionCallback: Bool { program.subprograms.contains { $0.role.contains(.exceptionCallback) } }

    private func prototypeArgCount(_ id: Int32) -> Int? {
        guard let proto = program.kfuncs[id]?.btfPrototypeID else { return nil }
        return program.btf.prototype(of: proto)?.parameters.count
    }
}
