import BPFISA

/// One executed instruction as `--trace` shows it: where, what, and the registers it changed
/// (including, for calls and exits, `r10` and the restored `r6`-`r9`).
public struct TraceRecord: Hashable, Sendable {
    public let pc: Int
    /// Call depth of the frame that executed it.
    public let depth: Int
    public let instruction: Instruction
    public let changes: [RegisterChange]
}

/// A register and its value after an instruction.
public struct RegisterChange: Hashable, Sendable {
    public let register: Register
    public let value: UInt64

    public init(register: Register, value: UInt64) {
        self.register = register
        self.value = value
    }
}

/// Hooks the interpreter loop calls per instruction. The loop is generic over its observer, so
/// the untraced run is specialised with ``SilentObserver`` and pays nothing for tracing.
protocol ExecutionObserver {
    /// Called before the instruction at `pc` executes, with the registers as they are.
    mutating func willExecute(pc: Int, depth: Int, registers: UnsafePointer<UInt64>)
    /// Called once when the run ends, with the final registers.
    mutating func finish(registers: UnsafePointer<UInt64>)
}

/// The observer of untraced runs: does nothing, inlined away.
struct SilentObserver: ExecutionObserver {
    @inline(__always) func willExecute(pc: Int, depth: Int, registers: UnsafePointer<UInt64>) {}
    @inline(__always) func finish(registers: UnsafePointer<UInt64>) {}
}

/// Builds ``TraceRecord``s: an instruction's changes are known when the next one starts (or the
/// run ends), so each record is emitted one step late.
struct TracingObserver: ExecutionObserver {
    let instructions: [Instruction]
    let emit: (TraceRecord) -> Void
    private var pending: (pc: Int, depth: Int)?
    private var before = [UInt64](repeating: 0, count: 11)

    init(instructions: [Instruction], emit: @escaping (TraceRecord) -> Void) {
        self.instructions = instructions
        self.emit = emit
    }

    mutating func willExecute(pc: Int, depth: Int, registers: UnsafePointer<UInt64>) {
        flush(registers)
        pending = (pc, depth)
        for i in 0...10 { before[i] = registers[i] }
    }

    mutating func finish(registers: UnsafePointer<UInt64>) { flush(registers) }

    private mutating func flush(_ registers: UnsafePointer<UInt64>) {
        guard let (pc, depth) = pending else { return }
        pending = nil
        var changes: [RegisterChange] = []
        for i in 0...10 where registers[i] != before[i] {
            changes.append(RegisterChange(register: Register.all[i], value: registers[i]))
        }
        emit(TraceRecord(pc: pc, depth: depth, instruction: instructions[pc], changes: changes))
    }
}
