import BPFCleanup
import BPFISA
import BPFInterpreter
import BPFKernelModel
import BPFObject

/// One program ready for a workload's runs: its image, interpreter with the kernel functions,
/// the backend's unwinder and cost accounting.
struct Session {
    let image: ProgramImage
    let interpreter: Interpreter
    let box: KernelBox
    let unwinder: Unwinder
    let backend: String
    let plan: UnwindPlan
    let costModel: CostModel
    let workload: Workload
    /// Whether leaks after a throw are the kernel's own (`reject` with an upstream gap).
    let upstreamGapBackend: Bool
    let checksOracle: Bool

    init(
        image: ProgramImage, plan: UnwindPlan, backend: String, costModel: CostModel, workload: Workload,
        upstreamGapBackend: Bool, checksOracle: Bool
    ) {
        self.image = image
        self.box = KernelBox()
        var limits = ExecutionLimits(instructionBudget: workload.instructionBudget)
        limits.maxFrames = Memory.maxFrames
        self.interpreter = Interpreter(image.translated, helpers: KernelFunctions.table(for: image, box: box), limits: limits)
        self.unwinder = Unwinders.make(plan, backend: backend)
        self.backend = backend
        self.plan = plan
        self.costModel = costModel
        self.workload = workload
        self.upstreamGapBackend = upstreamGapBackend
        self.checksOracle = checksOracle
    }

    var tableLayout: TableLayout? {
        if case .table(let layout) = plan { return layout }
        return nil
    }

    /// Executes run `index` on a fresh kernel.
    func run(_ index: Int, trace: ((SimulationEvent) -> Void)?) throws(SimulationError) -> RunRecord {
        let kernel = try SimulatedKernel(
            image: image, run: index, random: SeededRandom(seed: workload.seed, run: index),
            acquireFailureProbability: workload.acquireFailureProbability, backend: backend, tableLayout: tableLayout,
            contextBytes: workload.context)
        kernel.interpreter = interpreter
        kernel.callbackBudget = workload.instructionBudget
        kernel.events = trace
        box.kernel = kernel
        defer { box.kernel = nil }
        trace?(.runStarted(run: index))

        let packet = kernel.context.packet.flatMap { $0.base == kernel.context.data ? $0 : nil }
        let arguments = [kernel.context.address]
        let result: ExecutionResult
        if let trace {
            result = interpreter.run(arguments: arguments, memory: kernel.memory, packet: packet) { trace(.instruction($0)) }
        } else {
            result = interpreter.run(arguments: arguments, memory: kernel.memory, packet: packet)
        }
        var counts = result.counts
        for cls in InstructionClass.allCases { counts[cls] &+= kernel.callbackCounts[cls] }
        var subprogramCalls = result.subprogramCalls
        for (entry, n) in kernel.callbackSubprogramCalls { subprogramCalls[entry, default: 0] &+= n }

        var record = RunRecord(
            run: index, ending: .exit, counts: [:], insns: counts.total, callbackInsns: 0, cycles: 0, unwindCycles: 0,
            forcedSaves: 0, forcedSaveCycles: 0, acquires: 0, acquireFailures: 0, programReleases: 0, transfers: 0, violations: [],
            upstreamGapLeaks: [])
        record.counts = Dictionary(uniqueKeysWithValues: InstructionClass.allCases.map { ($0.description, counts[$0]) })
        record.forcedSaves = forcedSaves(subprogramCalls)
        record.forcedSaveCycles = Double(record.forcedSaves) * costModel.forcedSave
        record.cycles = normalCycles(counts, calls: kernel.calls)
        var thrown = false
        switch result.outcome {
        case .exited(let r0), .stopped(let r0, _):
            record.returnValue = r0
        case .thrown(let outer):
            thrown = true
            let exception = kernel.pendingThrow ?? outer
            record.ending = .thrown
            record.throwPC = exception.pc
            record.cookie = exception.cookie
            trace?(.thrown(pc: exception.pc, cookie: exception.cookie, frames: exception.frames.count))
            let report = unwinder.unwind(exception, kernel: kernel)
            record.unwind = report
            record.unwindCycles = unwindCycles(report, kernel: kernel)
            finishWithCallback(&record, cookie: exception.cookie, kernel: kernel, trace: trace)
        case .faulted(let outer):
            let fault = kernel.pendingFault ?? outer
            record.ending = .fault
            record.fault = "pc \(fault.pc): \(fault.message)"
            noteUseAfterRelease(fault, kernel: kernel)
        }
        fillLedger(&record, kernel: kernel, thrown: thrown)
        trace?(.finished(run: index, outcome: describe(record)))
        return record
    }

    /// The exception callback (or the default one, returning the cookie) decides the return value.
    private func finishWithCallback(_ record: inout RunRecord, cookie: UInt64, kernel: SimulatedKernel, trace: ((SimulationEvent) -> Void)?) {
        trace?(.exceptionCallback(entry: image.exceptionCallbackEntry, cookie: cookie))
        record.unwindCycles += costModel.exceptionCallback
        guard let entry = image.exceptionCallbackEntry else {
            record.returnValue = cookie
            return
        }
        let callbacksBefore = kernel.callbackCounts.total
        let result: ExecutionResult
        if let trace {
            result = interpreter.run(arguments: [cookie], memory: kernel.memory, entry: entry) { trace(.instruction($0)) }
        } else {
            result = interpreter.run(arguments: [cookie], memory: kernel.memory, entry: entry)
        }
        let inCallbacks = kernel.callbackCounts.total - callbacksBefore
        record.callbackInsns = result.counts.total + inCallbacks
        record.unwindCycles += costModel.cycles(result.counts) + Double(inCallbacks) * (costModel.cyclesPerClass[.alu] ?? 0)
        switch result.outcome {
        case .exited(let r0), .stopped(let r0, _):
            record.returnValue = r0
        case .thrown(let e):
            record.ending = .fault
            record.fault = "pc \(e.pc): bpf_throw inside the exception callback"
        case .faulted(let f):
            record.ending = .fault
            record.fault = "pc \(f.pc): in the exception callback: \(f.message)"
            noteUseAfterRelease(f, kernel: kernel)
        }
    }

    /// A fault on a freed object's memory is a use after release.
    private func noteUseAfterRelease(_ fault: ExecutionFault, kernel: SimulatedKernel) {
        guard case .memory(let m) = fault.kind, let region = kernel.memory.region(containing: m.address),
            kernel.memory.isUnmapped(region), let id = kernel.heap.object(inRegion: region.index)
        else { return }
        kernel.reportUseAfterRelease(id, pc: fault.pc, access: "\(m.isWrite ? "written" : "read") (\(m.size) bytes at \(hex(m.address)))")
    }

    private func fillLedger(_ record: inout RunRecord, kernel: SimulatedKernel, thrown: Bool) {
        let acquisitions = kernel.ledger.acquisitions
        record.acquires = acquisitions.count
        record.acquireFailures = kernel.acquireFailures
        for a in acquisitions {
            for r in a.releases {
                switch r.by {
                case .program: record.programReleases += 1
                case .transfer: record.transfers += 1
                case .unwinder: break
                }
            }
        }
        var violations = kernel.violations
        if checksOracle && record.ending != .fault {
            var leaks = Oracle.leaks(in: kernel)
            if thrown && upstreamGapBackend {
                record.upstreamGapLeaks = leaks
                leaks = []
            }
            violations += leaks
        }
        record.violations = checksOracle ? violations : []
    }

    // MARK: Cost

    /// The normal path: the program's instructions and calls (callbacks included), taken before
    /// any unwinding.
    func normalCycles(_ counts: InstructionCounts, calls: [String: UInt64]) -> Double {
        var cycles = costModel.cycles(counts)
        for (name, n) in calls {
            cycles += Double(n) * costModel.callCost(name, isHelper: KernelFunctions.helperNames.contains(name))
        }
        return cycles
    }

    /// Destructor calls the unwinder made, by name.
    private func unwinderCallCounts(_ kernel: SimulatedKernel) -> [String: UInt64] {
        var counts: [String: UInt64] = [:]
        for a in kernel.ledger.acquisitions {
            for r in a.releases { if case .unwinder(_, let d) = r.by { counts[d, default: 0] += 1 } }
        }
        return counts
    }

    func unwindCycles(_ report: UnwindReport, kernel: SimulatedKernel) -> Double {
        var cycles = Double(report.frames) * costModel.unwindFrame + Double(report.entries) * costModel.unwindEntry
        if case .descriptors = plan { cycles += costModel.throwTrampoline }
        for (name, n) in unwinderCallCounts(kernel) {
            let isHelper = KernelFunctions.helperNames.contains(name)
            let classCost = costModel.cyclesPerClass[isHelper ? .helper : .kfunc] ?? 0
            cycles += Double(n) * (classCost + costModel.callCost(name, isHelper: isHelper))
        }
        return cycles
    }

    /// R6-R9 saves forced by the descriptors trampoline: per subprogram, its forced saves times
    /// its calls (the main program counts once per run).
    func forcedSaves(_ subprogramCalls: [Int: UInt64]) -> UInt64 {
        guard case .descriptors(let table) = plan else { return 0 }
        var total: UInt64 = 0
        for (index, saves) in table.forcedSaves where saves > 0 && index < image.program.subprograms.count {
            let entry = image.program.subprograms[index].startPC
            let calls = index == 0 ? 1 : subprogramCalls[entry] ?? 0
            total += UInt64(saves) * calls
        }
        return total
    }

    private func describe(_ record: RunRecord) -> String {
        switch record.ending {
        case .exit: return "exit, r0 = \(record.returnValue.map { hex($0) } ?? "?")"
        case .thrown: return "throw at pc \(record.throwPC ?? -1), returns \(record.returnValue.map { hex($0) } ?? "?")"
        case .fault: return "fault: \(record.fault ?? "")"
        }
    }
}

extension KernelFunctions {
    static let helperNames: Set<String> = Set(helpers.values.map(\.name))
}
