import BPFISA

/// Executes a translated BPF program on a ``Memory``: the simulator's model of the kernel's
/// `___bpf_prog_run` plus the JIT's calling convention for bpf-to-bpf calls (SPEC §6).
///
/// Semantics follow RFC 9669 and the kernel, with the conformance vectors as arbiter. Frames:
/// each bpf-to-bpf call gets a fresh 512-byte stack and `r10`, sees the caller's `r1`-`r9`, and
/// on `exit` the caller's `r6`-`r9` and `r10` come back (the JIT's callee-saved registers);
/// `r1`-`r5` keep whatever the callee left. A helper call leaves `r1`-`r5` as they were.
/// `callx reg` calls the helper whose id `reg` holds: the conformance suite's uBPF convention
/// (the kernel's verifier rejects the opcode).
/// Legacy `ld_abs`/`ld_ind` read big-endian from the `packet` region of a run when one is given
/// (reading past its end ends the program returning 0, as the kernel does) and fault otherwise.
public struct Interpreter {
    public let program: TranslatedProgram
    public var helpers: HelperTable
    public var limits: ExecutionLimits

    public init(_ program: TranslatedProgram, helpers: HelperTable = HelperTable(), limits: ExecutionLimits = ExecutionLimits()) {
        self.program = program
        self.helpers = helpers
        self.limits = limits
    }

    /// Translates and wraps `instructions`.
    public init(
        _ instructions: [Instruction], helpers: HelperTable = HelperTable(), limits: ExecutionLimits = ExecutionLimits()
    ) throws(TranslationError) {
        self.init(try TranslatedProgram(instructions), helpers: helpers, limits: limits)
    }

    /// Runs from `entry` with `arguments` in `r1`, `r2`, ... (at most five) on `memory`, whose
    /// stacks are cleared first.
    public func run(arguments: [UInt64] = [], memory: Memory, entry: Int = 0, packet: MemoryRegion? = nil) -> ExecutionResult {
        var observer = SilentObserver()
        return execute(arguments: arguments, memory: memory, entry: entry, packet: packet, observer: &observer)
    }

    /// As ``run(arguments:memory:entry:packet:)``, calling `trace` after every executed
    /// instruction with the registers it changed.
    public func run(
        arguments: [UInt64] = [], memory: Memory, entry: Int = 0, packet: MemoryRegion? = nil,
        trace: @escaping (TraceRecord) -> Void
    ) -> ExecutionResult {
        var observer = TracingObserver(instructions: program.instructions, emit: trace)
        return execute(arguments: arguments, memory: memory, entry: entry, packet: packet, observer: &observer)
    }

    /// Runs the subprogram at `entry` as a synchronous callback of the helper or kfunc that
    /// `call` is executing (`bpf_loop`, `bpf_for_each_map_elem`, `bpf_rbtree_add`'s `less`), as
    /// the kernel does: in a new frame one deeper than the helper's caller, on the same stacks,
    /// until that frame's `exit`, whose `r0` is the result. A throw inside it reports every
    /// frame, the callback's and then the helper caller's (whose pc is the helper call).
    public func runCallback(
        entry: Int, arguments: [UInt64], from call: HelperCall, budget: UInt64? = nil,
        trace: ((TraceRecord) -> Void)? = nil
    ) -> ExecutionResult {
        let caller = CallFrame(
            depth: call.state.depth, subprogram: call.state.subprogram, callSite: call.pc,
            calleeSaved: call.state.registers.calleeSaved, framePointer: call.state.registers[10],
            mayGotoRemaining: call.state.mayGotoRemaining)
        let start = Start(callers: call.state.callers + [caller], clearsStacks: false, budget: budget)
        if let trace {
            var observer = TracingObserver(instructions: program.instructions, emit: trace)
            return execute(arguments: arguments, memory: call.memory, entry: entry, packet: nil, start: start, observer: &observer)
        }
        var observer = SilentObserver()
        return execute(arguments: arguments, memory: call.memory, entry: entry, packet: nil, start: start, observer: &observer)
    }

    // MARK: The driver

    /// Where a run starts: the main program on cleared stacks, or a callback above suspended
    /// callers, ending when its own frame exits.
    private struct Start {
        var callers: [CallFrame] = []
        var clearsStacks = true
        var budget: UInt64?
    }

    /// Alternates between the loop, which runs until an instruction that changes frames or calls
    /// out, and the driver's handling of that instruction.
    private func execute<O: ExecutionObserver>(
        arguments: [UInt64], memory: Memory, entry: Int, packet: MemoryRegion?, start: Start = Start(),
        observer: inout O
    ) -> ExecutionResult {
        if start.clearsStacks { memory.clearStacks() }
        let floor = start.callers.count
        var state = ExecutionState(
            pc: entry, registers: RegisterFile(), callers: start.callers, subprogram: entry,
            mayGotoRemaining: limits.mayGotoIterations)
        for (i, value) in arguments.prefix(5).enumerated() { state.registers[i + 1] = value }
        var counts = InstructionCounts()
        var subprogramCalls: [Int: UInt64] = [:]
        let budget = start.budget ?? limits.instructionBudget
        var remaining = budget

        func end(_ outcome: ExecutionOutcome) -> ExecutionResult {
            counts.setALU(total: budget - remaining)
            withUnsafePointer(to: &state.registers.values) { tuple in
                tuple.withMemoryRebound(to: UInt64.self, capacity: 11) { observer.finish(registers: $0) }
            }
            return ExecutionResult(
                outcome: outcome, counts: counts, registers: state.registers, subprogramCalls: subprogramCalls)
        }
        func fault(_ kind: ExecutionFault.Kind, _ message: String) -> ExecutionResult {
            end(.faulted(ExecutionFault(pc: state.pc, kind: kind, message: message)))
        }

        guard floor < limits.maxFrames else {
            return fault(.callDepth, "the call stack of \(floor + 1) frames is too deep")
        }
        state.registers[10] = memory.framePointer(frame: floor)
        guard entry >= 0, entry < program.count, program.instructions[entry] != .continuation else {
            return fault(.badEntry, "no instruction starts at entry pc \(entry)")
        }

        return program.ops.withUnsafeBufferPointer { opsBuffer in
            let ops = opsBuffer.baseAddress.unsafelyUnwrapped
            while true {
                // The loop works on locals: `state` is shared with the nested functions above,
                // so handing out pointers into it would be overlapping access.
                var registers = state.registers
                var ip = ops + state.pc
                var branches = counts[.branch]
                var context = LoopContext(
                    slots: memory.slots, windows: UInt64(memory.slotCount), loads: counts[.load],
                    stores: counts[.store], atomics: counts[.atomic], mayGoto: state.mayGotoRemaining)
                let depth = state.depth
                let exit = withUnsafeMutablePointer(to: &registers.values) { tuple in
                    tuple.withMemoryRebound(to: UInt64.self, capacity: 11) { regs in
                        withUnsafeMutablePointer(to: &context) { ctx in
                            runLoop(
                                ops: ops, ip: &ip, registers: regs, remaining: &remaining, branches: &branches,
                                context: ctx, depth: depth, observer: &observer)
                        }
                    }
                }
                state.registers = registers
                state.pc = ops.distance(to: ip)
                state.mayGotoRemaining = context.mayGoto
                counts[.branch] = branches
                counts[.load] = context.loads
                counts[.store] = context.stores
                counts[.atomic] = context.atomics
                switch exit {
                case .budgetExhausted:
                    return fault(.budgetExhausted, "instruction budget of \(budget) exhausted")
                case .memoryFault(let address, let size, let write):
                    let f = memory.fault(address, size: size, write: write)
                    return fault(.memory(f), f.message)
                case .driver:
                    break
                }
                let op = ops[state.pc]
                if let cls = InstructionClass(rawValue: Int(op.cls)), cls != .alu { counts[cls] &+= 1 }
                switch op.kind {
                case .exit:
                    guard state.callers.count > floor, let caller = state.callers.popLast() else {
                        return end(.exited(state.registers[0]))
                    }
                    state.registers.calleeSaved = caller.calleeSaved
                    state.registers[10] = caller.framePointer
                    state.mayGotoRemaining = caller.mayGotoRemaining
                    state.subprogram = caller.subprogram
                    state.pc = caller.callSite + 1
                case .callLocal:
                    guard state.depth + 1 < limits.maxFrames else {
                        return fault(.callDepth, "the call stack of \(state.depth + 2) frames is too deep")
                    }
                    state.callers.append(
                        CallFrame(
                            depth: state.depth, subprogram: state.subprogram, callSite: state.pc,
                            calleeSaved: state.registers.calleeSaved, framePointer: state.registers[10],
                            mayGotoRemaining: state.mayGotoRemaining))
                    state.registers[10] = memory.framePointer(frame: state.depth)
                    state.mayGotoRemaining = limits.mayGotoIterations
                    state.subprogram = state.pc + Int(op.off)
                    state.pc = state.subprogram
                    subprogramCalls[state.subprogram, default: 0] &+= 1
                case .callHelper, .callKfunc, .callx:
                    let callee: HelperCall.Callee
                    let helper: Helper
                    switch op.kind {
                    case .callHelper:
                        let id = Int32(truncatingIfNeeded: op.imm)
                        guard let h = helpers.helpers[id] else {
                            return fault(.unknownHelper(id), "invalid func unknown#\(id)")
                        }
                        (callee, helper) = (.helper(id), h)
                    case .callKfunc:
                        let id = KfuncID(btfID: Int32(truncatingIfNeeded: op.imm), module: Int16(truncatingIfNeeded: op.off))
                        guard let h = helpers.kfuncs[id] else {
                            return fault(.unknownKfunc(id), "kernel function \(id) is not known to the simulated kernel")
                        }
                        (callee, helper) = (.kfunc(id), h)
                    default:
                        let register = Register.all[Int(op.dst)]
                        let value = state.registers[register]
                        guard let id = Int32(exactly: Int64(bitPattern: value)), let h = helpers.helpers[id] else {
                            return fault(.badCallxTarget(value), "callx \(register): \(hex(value)) is no helper id")
                        }
                        (callee, helper) = (.helper(id), h)
                    }
                    var call = HelperCall(pc: state.pc, callee: callee, state: state, memory: memory)
                    state.callers = []  // leaves `call.state` the only owner of the frame array
                    let result = helper.body(&call)
                    state = call.state
                    state.pc = call.pc
                    switch result {
                    case .value(let v):
                        state.registers[0] = v
                        state.pc += 1
                    case .fault(let message):
                        return fault(.helper, "\(helper.name): \(message)")
                    case .stop(let v):
                        state.registers[0] = v
                        return end(.stopped(v, pc: state.pc))
                    case .throwException(let cookie):
                        return end(.thrown(ThrownException(cookie: cookie, pc: state.pc, frames: state.unwindFrames)))
                    }
                case .ldAbs, .ldInd:
                    guard let packet else {
                        return fault(.noPacket, "BPF_LD_[ABS|IND] needs a packet, and none was given")
                    }
                    let index = op.kind == .ldInd ? state.registers[Int(op.src)] : 0
                    let offset = Int64(Int32(truncatingIfNeeded: index &+ op.imm))
                    let size = Int(op.off)
                    guard offset >= 0, offset + Int64(size) <= Int64(packet.size),
                        let bytes = try? memory.bytes(at: packet.base + UInt64(offset), count: size)
                    else { return end(.exited(0)) }
                    state.registers[0] = bytes.reduce(0) { $0 << 8 | UInt64($1) }
                    state.pc += 1
                case .fellOffEnd:
                    return fault(.fellOffEnd, "execution fell off the end of the program")
                default:
                    return fault(.fellOffEnd, "internal error: the loop returned at a \(op.kind) instruction")
                }
            }
        }
    }
}
