import BPFCleanup
import BPFInterpreter
import BPFKernelModel

/// What one unwinding did (SPEC §6), for the trace, the oracle's cross-checks and the cost
/// model's throw path.
public struct UnwindReport: Hashable, Sendable, Codable {
    /// Frames walked, innermost first.
    public var frames = 0
    /// Descriptor or table entries examined (NULL and not-initialised ones included).
    public var entries = 0
    /// Destructor calls made.
    public var destructorCalls = 0
    /// Objects the unwinder released, in order.
    public var released: [ObjectID] = []
    /// R6-R9 saved by the throw trampoline (descriptors: the RFC's hidden subprogram).
    public var trampolineSaves = 0
    /// Frames with no descriptor at their pc (nothing released there).
    public var framesWithoutDescriptor = 0
    /// What the unwinder could not do (an entry without destructor, a bad type index): each a
    /// bpfsim or backend bug worth a look.
    public var problems: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case frames, entries, destructorCalls = "destructor_calls", released, trampolineSaves = "trampoline_saves"
        case framesWithoutDescriptor = "frames_without_descriptor", problems
    }
}

/// A backend's run-time half (SPEC §5, §6): given the frames of a throw, release what the
/// design says the program holds, through the catalog's destructors.
protocol Unwinder {
    func unwind(_ exception: ThrownException, kernel: SimulatedKernel) -> UnwindReport
}

enum Unwinders {
    /// The unwinder for a backend's plan.
    static func make(_ plan: UnwindPlan, backend: String) -> Unwinder {
        switch plan {
        case .none: return FrameWalk(backend: backend)
        case .descriptors(let table): return DescriptorUnwinder(table: table, backend: backend)
        case .table(let layout): return TableUnwinder(layout: layout, backend: backend)
        }
    }
}

/// `reject` (and upstream): the throw walks the frames to the main program's and releases
/// nothing, since verification made sure nothing is held.
struct FrameWalk: Unwinder {
    let backend: String

    func unwind(_ exception: ThrownException, kernel: SimulatedKernel) -> UnwindReport {
        var report = UnwindReport()
        for frame in exception.frames {
            report.frames += 1
            kernel.events?(.unwindFrame(depth: frame.depth, pc: frame.pc, subprogram: kernel.subprogramName(frame.subprogram), detail: "nothing to release"))
        }
        return report
    }
}

extension SimulatedKernel {
    func subprogramName(_ entry: Int) -> String {
        guard let i = image.subprogram(entry: entry), i < program.subprograms.count else { return "pc \(entry)" }
        return "func#\(i) \(program.subprograms[i].name)"
    }

    /// Runs the catalog's destructor for `resource` on `pointer` for an unwinder, as the kernel
    /// would call it: a release of one reference, plus what the destructor does to the object
    /// (an iterator is emptied, a ring buffer record discarded).
    func destroy(_ pointer: UInt64, resource: ResourceKind, backend: String, report: inout UnwindReport) {
        guard let destructor = image.catalog.destructor(for: resource) else {
            report.problems.append("no destructor for \(resource) in the catalog")
            return
        }
        report.destructorCalls += 1
        let releaser = Releaser.unwinder(backend: backend, destructor: destructor)
        if resource == .ringbufRecord {
            let before = heap.object(at: pointer).map { ledger.liveReferences(to: $0) } ?? 0
            RingbufHelpers.end(pointer, pc: nil, self, by: releaser, submit: false)
            if let id = heap.object(at: pointer), ledger.liveReferences(to: id) < before { report.released.append(id) }
            return
        }
        if case .released(let id) = release(pointer, pc: nil, by: releaser, expecting: resource) {
            report.released.append(id)
            if resource == .iterNum { _ = IteratorKfuncs.store(self, pointer, cur: 0, end: 0) }
        }
    }

    /// The destructor the catalog names for `resource`, for traces.
    func destructorName(_ resource: ResourceKind) -> String {
        image.catalog.destructor(for: resource) ?? "no destructor for \(resource)"
    }
}
