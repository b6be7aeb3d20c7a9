import BPFCleanup
import BPFISA
import BPFInterpreter
import BPFKernelModel
import BPFObject

/// The kernel one run executes on (SPEC §6): an address space with the program's maps, context
/// and packet, a heap of kernel objects with the ledger of every reference acquired and
/// released, and the state kernel functions keep (the clock, ring buffers, lists, rbtrees).
///
/// A reference type because identity matters: every helper, kfunc and the unwinder act on the
/// same kernel during a run. One kernel per run, so runs are independent and each can be
/// replayed alone from its seed (SPEC §9).
final class SimulatedKernel {
    let memory: Memory
    let image: ProgramImage
    let run: Int
    /// The backend whose program runs here, for violation reports.
    let backend: String
    /// `p`: the probability that an acquire which may fail returns NULL.
    let acquireFailureProbability: Double
    var random: SeededRandom
    var heap = ObjectHeap()
    var ledger = Ledger()
    private(set) var maps: [SimulatedMap] = []
    private var mapsByHandle: [UInt64: SimulatedMap] = [:]
    /// Violations seen while running (double release, use after release); leaks are found at
    /// the end by the ``Oracle``.
    var violations: [OracleViolation] = []
    var events: ((SimulationEvent) -> Void)?
    private(set) var currentTask = ObjectID(0)
    private(set) var currentCgroup = ObjectID(0)
    private(set) var context = ContextImage(address: 0, size: 0)
    /// Calls of each helper and kfunc, by name (the cost model prices some individually).
    var calls: [String: UInt64] = [:]
    var acquireFailures = 0
    /// A throw or fault inside a callback: the complete picture, which the interpreter's
    /// outer run cannot see (it only knows the helper that ran the callback threw or faulted).
    var pendingThrow: ThrownException?
    var pendingFault: ExecutionFault?
    /// Instructions executed inside callbacks (the outer run does not count them).
    var callbackCounts = InstructionCounts()
    var callbackSubprogramCalls: [Int: UInt64] = [:]
    /// Runs callbacks (`bpf_loop`, ...); set by the simulation.
    var interpreter: Interpreter?
    var callbackBudget: UInt64 = 1_000_000
    /// `bpf_trace_printk` output.
    var printk: [String] = []
    /// `bpf_ktime_get_ns`: starts at one second and advances a microsecond per call.
    var clock: UInt64 = 1_000_000_000
    /// Lists and rbtrees by the address of their `bpf_list_head` / `bpf_rb_root`.
    var graphs: [UInt64: [GraphNode]] = [:]
    /// The runtime tables' layout when the program runs under the `table` backend.
    let tableLayout: TableLayout?
    /// The ring buffer map (index) each live record was reserved from.
    var ringbufOwners: [ObjectID: Int] = [:]
    /// Tasks and cgroups looked up during the run, by pid or id, while referenced.
    var tasksByPID: [UInt64: ObjectID] = [:]
    var cgroupsByID: [UInt64: ObjectID] = [:]

    /// A node of a list or rbtree: the owning object and the node's address inside it.
    struct GraphNode {
        let object: ObjectID
        let node: UInt64
    }

    /// The simulated machine: `nr_cpu_ids`, the running CPU, and the current task's ids.
    static let cpuCount = 2
    static let currentPID: UInt32 = 4242
    static let currentCgroupID: UInt64 = 0x1000

    init(
        image: ProgramImage, run: Int, random: SeededRandom, acquireFailureProbability: Double, backend: String,
        tableLayout: TableLayout?, contextBytes: [UInt8]?
    ) throws(SimulationError) {
        self.memory = Memory()
        self.image = image
        self.run = run
        self.random = random
        self.acquireFailureProbability = acquireFailureProbability
        self.backend = backend
        self.tableLayout = tableLayout
        do {
            try mapMaps()
            try mapKsyms()
            currentTask = try makeKernelObject(
                at: KernelLayout.currentTaskAddress, typeName: "task_struct", label: "current, pid \(Self.currentPID)",
                fields: ["pid": UInt64(Self.currentPID), "tgid": UInt64(Self.currentPID)])
            currentCgroup = try makeKernelObject(
                at: KernelLayout.currentCgroupAddress, typeName: "cgroup", label: "current, id \(Self.currentCgroupID)",
                fields: ["level": 1])
            var builder = ContextBuilder(kernel: self)
            context = try builder.build(fixed: contextBytes)
        } catch let error as SimulationError {
            throw error
        } catch {
            throw SimulationError(program: image.program, "the simulated kernel cannot be set up: \(error)")
        }
    }

    var program: BPFProgram { image.program }

    // MARK: Setup

    private func mapMaps() throws {
        for (i, def) in program.maps.enumerated() {
            let handle = try memory.map(
                at: image.layout.handleAddress(map: i), "map '\(def.name)'", size: 64, permissions: .read)
            let storage: SimulatedMap.Storage
            if SimulatedMap.isArrayLike(def.type) {
                let elementSize = (Int(def.valueSize) + 7) & ~7
                let (size, overflow) = elementSize.multipliedReportingOverflow(by: Int(def.maxEntries))
                guard !overflow, size <= 1 << 28 else {
                    throw SimulationError(
                        program: program, "map '\(def.name)' of \(def.maxEntries) x \(def.valueSize) bytes is larger than the simulated kernel's 256 MiB limit")
                }
                let region = try memory.map(
                    at: image.layout.storageAddress(map: i), "map '\(def.name)' values", size: max(size, 1),
                    permissions: def.isReadOnly ? .read : .readWrite, bytes: def.initialValue ?? [])
                storage = .array(region)
            } else if SimulatedMap.isHashLike(def.type) {
                storage = .hash(elements: [:], order: [])
            } else if def.type == .ringbuf {
                storage = .ringbuf(used: 0, records: [])
            } else if def.type == .queue || def.type == .stack {
                storage = .queue([])
            } else {
                storage = .other
            }
            let map = SimulatedMap(index: i, definition: def, handle: handle, storage: storage)
            maps.append(map)
            mapsByHandle[handle.base] = map
        }
    }

    private func mapKsyms() throws {
        for id in image.layout.ksymIDs {
            guard let ksym = program.ksyms[id], let address = image.layout.ksymAddress(id) else { continue }
            let size = ksym.btfTypeID.flatMap { program.btf.size(of: $0) }.map { Int(min($0, 1 << 20)) } ?? 4096
            try memory.map(at: address, "ksym '\(ksym.name)'", size: max(size, 8), permissions: .read)
        }
    }

    /// A kernel-owned object (the current task, a context argument) at a fixed address, sized
    /// and with fields placed as the program's BTF describes its type, else a zeroed page.
    func makeKernelObject(
        at address: UInt64? = nil, typeName: String, label: String, fields: [String: UInt64] = [:]
    ) throws(MemoryError) -> ObjectID {
        let (size, bytes) = typedBytes(typeName, fields: fields)
        let name = "\(typeName) (\(label))"
        let region: MemoryRegion
        if let address {
            region = try memory.map(at: address, name, size: size, bytes: bytes)
        } else {
            region = try memory.map(name, size: size, bytes: bytes)
        }
        let id = heap.add(typeName: typeName, resource: nil, label: label, address: region.base, size: size, region: region)
        heap[id].holds = 1
        return id
    }

    /// A new object of a kernel type for the program to hold (a task found by pid), freed when
    /// its last reference goes.
    func makeTypedObject(typeName: String, resource: ResourceKind, label: String, fields: [String: UInt64] = [:]) -> ObjectID? {
        let (size, bytes) = typedBytes(typeName, fields: fields)
        return makeObject(typeName: typeName, resource: resource, label: label, size: size, bytes: bytes)
    }

    /// A fresh object of a kernel type: its BTF size (a page when the program's BTF does not
    /// describe it) and its initial bytes, the named integer fields set; memory is zeroed
    /// beyond them, so an object without fields needs no bytes at all (tracing contexts make
    /// a page-sized argument object per slot and run).
    private func typedBytes(_ typeName: String, fields: [String: UInt64]) -> (size: Int, bytes: [UInt8]) {
        let size = structSize(typeName) ?? 4096
        guard !fields.isEmpty else { return (size, []) }
        var bytes = [UInt8](repeating: 0, count: size)
        if let sid = structID(typeName) {
            for (field, value) in fields {
                guard let (member, bitOffset) = program.btf.member(named: field, in: sid), bitOffset % 8 == 0,
                    let fieldSize = program.btf.size(of: member.type), fieldSize <= 8
                else { continue }
                let offset = Int(bitOffset / 8)
                for b in 0..<Int(fieldSize) where offset + b < size {
                    bytes[offset + b] = UInt8(truncatingIfNeeded: value >> UInt64(8 * b))
                }
            }
        }
        return (size, bytes)
    }

    func structID(_ name: String) -> BTFTypeID? {
        program.btf.firstID(named: name) {
            if case .structure = $0 { return true }
            return false
        }
    }

    func structSize(_ name: String) -> Int? {
        structID(name).flatMap { program.btf.size(of: $0) }.map { Int(min($0, 1 << 20)) }.flatMap { $0 > 0 ? $0 : nil }
    }

    // MARK: Maps

    func map(handle: UInt64) -> SimulatedMap? { mapsByHandle[handle] }

    // MARK: Objects and references

    /// Decides whether an acquire that may fail (`KF_RET_NULL` lookups and allocations, socket
    /// lookups, ring buffer reservations) fails this time. One draw per such call, whatever
    /// `p`, so every backend's run of the same seed sees the same draws.
    func acquireFails(_ call: HelperCall, _ function: String) -> Bool {
        let fails = random.nextUnit() < acquireFailureProbability
        if fails {
            acquireFailures += 1
            events?(.acquireFailed(pc: call.pc, function: function))
        }
        return fails
    }

    /// A new object of the run's heap in its own region, owned by nobody yet.
    func makeObject(
        typeName: String, resource: ResourceKind?, label: String, size: Int, bytes: [UInt8] = []
    ) -> ObjectID? {
        guard let region = try? memory.map("\(typeName) \(label)", size: max(size, 1), bytes: bytes) else { return nil }
        return heap.add(typeName: typeName, resource: resource, label: label, address: region.base, size: size, region: region)
    }

    /// An object living in the program's stack (an iterator) at `address`.
    func makeStackObject(typeName: String, resource: ResourceKind, label: String, address: UInt64, size: Int) -> ObjectID {
        heap.add(typeName: typeName, resource: resource, label: label, address: address, size: size, region: nil)
    }

    /// Records a new program reference to `object`, acquired by `function` at the call's pc.
    @discardableResult
    func acquire(_ object: ObjectID, resource: ResourceKind, call: HelperCall, function: String) -> Int {
        heap[object].references += 1
        let ref = ledger.acquire(object, resource: resource, pc: call.pc, function: function, frame: call.state.depth)
        events?(.acquired(pc: call.pc, function: function, object: heap[object].name, reference: ref))
        return ref
    }

    /// The live object `pointer` points into, for a function argument; records a use after
    /// release (and returns nil) when the object was freed.
    func liveObject(_ pointer: UInt64, pc: Int, function: String) -> ObjectID? {
        guard let id = heap.object(at: pointer) else { return nil }
        if heap[id].isFreed {
            reportUseAfterRelease(id, pc: pc, access: "passed to \(function)")
            return nil
        }
        return id
    }

    /// What a release call achieved.
    enum ReleaseResult {
        case released(ObjectID)
        /// Nothing to release: a violation was recorded (or the pointer is NULL).
        case refused(String)
    }

    /// Ends one program reference to the object `pointer` points into, as `releaser` (a release
    /// call, a transfer to the kernel, or the unwinder's destructor). A transfer hands the
    /// reference to the kernel (`holds`); an object nobody holds any more is freed and its
    /// memory unmapped, so a later access faults and is reported as a use after release.
    @discardableResult
    func release(_ pointer: UInt64, pc: Int?, by releaser: Releaser, expecting kind: ResourceKind?) -> ReleaseResult {
        guard pointer != 0 else { return .refused("NULL") }
        let where_ = pc ?? -1
        guard let id = heap.object(at: pointer) else {
            record(.releaseWithoutAcquire, pc: where_, object: hex(pointer),
                "\(releaser) of \(hex(pointer)), which is no object of the simulated kernel")
            return .refused("not an object")
        }
        let object = heap[id]
        if object.isFreed {
            let previous = object.freedBy.map { " (freed by \($0.by)\($0.pc.map { " at pc \($0)" } ?? ""))" } ?? ""
            record(.doubleRelease, pc: where_, object: object.name, "\(releaser) of \(object.name) after its last release\(previous)")
            return .refused("freed")
        }
        if let kind, let actual = object.resource, kind != actual {
            record(.releaseWithoutAcquire, pc: where_, object: object.name,
                "\(releaser) expects a \(kind) reference but \(object.name) is a \(actual)")
            return .refused("wrong kind")
        }
        let release = Release(pc: pc, by: releaser)
        guard let acquisition = ledger.release(id, release) else {
            if let last = ledger.lastAcquisition(of: id) {
                let first = last.releases.first.map { " (released by \($0.by)\($0.pc.map { " at pc \($0)" } ?? ""))" } ?? ""
                record(.doubleRelease, pc: where_, object: object.name,
                    "\(releaser) of \(object.name), whose reference acquired at pc \(last.pc) was already released\(first)")
            } else {
                record(.releaseWithoutAcquire, pc: where_, object: object.name,
                    "\(releaser) of \(object.name), which the program never acquired")
            }
            return .refused("no live reference")
        }
        heap[id].references -= 1
        if case .transfer = releaser { heap[id].holds += 1 }
        events?(.released(pc: pc, by: releaser, object: object.name, reference: acquisition.id))
        freeIfUnowned(id, release)
        return .released(id)
    }

    /// A kernel hold (a map's kptr, a list) given back to the program as a new reference.
    func takeHold(_ object: ObjectID, resource: ResourceKind, call: HelperCall, function: String) {
        heap[object].holds = max(heap[object].holds - 1, 0)
        acquire(object, resource: resource, call: call, function: function)
    }

    func freeIfUnowned(_ id: ObjectID, _ release: Release) {
        guard heap[id].references == 0, heap[id].holds == 0, !heap[id].isFreed else { return }
        heap[id].freedBy = release
        if let region = heap[id].region { memory.unmap(region) }
    }

    func reportUseAfterRelease(_ id: ObjectID, pc: Int, access: String) {
        let object = heap[id]
        let by = object.freedBy.map { " (released by \($0.by)\($0.pc.map { " at pc \($0)" } ?? ""))" } ?? ""
        record(.useAfterRelease, pc: pc, object: object.name, "\(object.name) \(access) after its last release\(by)")
    }

    func record(_ kind: OracleViolation.Kind, pc: Int, object: String, _ message: String) {
        let v = OracleViolation(
            kind: kind, run: run, pc: pc, originalPC: image.originalPCs[pc], object: object, backend: backend, message: message)
        violations.append(v)
        events?(.violation(v))
    }

    // MARK: Memory helpers for kernel functions

    func bytes(_ address: UInt64, _ count: Int) -> [UInt8]? { try? memory.bytes(at: address, count: count) }

    func write(_ bytes: [UInt8], at address: UInt64) -> Bool {
        (try? memory.write(bytes, at: address)) != nil
    }

    func load64(_ address: UInt64) -> UInt64? { try? memory.load(address, size: .double) }
}

/// Where the run's context and packet are.
struct ContextImage {
    var address: UInt64
    var size: Int
    /// The packet buffer (headroom included for XDP) and the data pointers into it.
    var packet: MemoryRegion?
    var data: UInt64 = 0
    var dataEnd: UInt64 = 0
    var dataMeta: UInt64 = 0
    /// Offsets of the `data`/`data_end`/`data_meta` fields in the context, when it has them.
    var fields: (data: Int, end: Int, meta: Int)?
}
