import BPFKernelModel

/// Who ended a reference (SPEC §6: "released exactly once: by the program, by a transfer to the
/// kernel, or by the unwinder").
public enum Releaser: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A release call of the program (`bpf_task_release`, `bpf_ringbuf_discard`, ...).
    case program(String)
    /// Ownership passed to the kernel (`bpf_kptr_xchg` into a map value, `bpf_ringbuf_submit`,
    /// a list or rbtree insertion).
    case transfer(String)
    /// The backend's unwinder, through the catalog's destructor.
    case unwinder(backend: String, destructor: String)

    public var description: String {
        switch self {
        case .program(let f): return f
        case .transfer(let f): return "\(f) (transfer)"
        case .unwinder(let b, let d): return "\(b) unwinder via \(d)"
        }
    }
}

/// One end of a reference: where and by whom.
public struct Release: Hashable, Sendable, Codable {
    /// The pc of the releasing call in the executed program; nil for the unwinder.
    public let pc: Int?
    public let by: Releaser
}

/// One reference the program acquired during a run: the ledger line the oracle checks
/// (the kernel's `struct bpf_reference_state` made concrete: id, type, acquiring pc and frame).
public struct Acquisition: Hashable, Sendable, Codable {
    /// 1-based, in acquisition order (the kernel's `ref_obj_id` is also a counter).
    public let id: Int
    public let object: ObjectID
    public let resource: ResourceKind
    /// The pc of the acquiring call in the executed program.
    public let pc: Int
    /// The acquiring helper or kfunc.
    public let function: String
    /// The call depth of the acquiring frame.
    public let frame: Int
    /// Every release; the oracle wants exactly one.
    public var releases: [Release] = []

    public var isLive: Bool { releases.isEmpty }
}

/// Who acquired and released what during one run, in order (SPEC §6).
struct Ledger {
    private(set) var acquisitions: [Acquisition] = []
    /// Live acquisitions per object, oldest first.
    private var live: [ObjectID: [Int]] = [:]

    mutating func acquire(_ object: ObjectID, resource: ResourceKind, pc: Int, function: String, frame: Int) -> Int {
        let id = acquisitions.count + 1
        acquisitions.append(Acquisition(id: id, object: object, resource: resource, pc: pc, function: function, frame: frame))
        live[object, default: []].append(id)
        return id
    }

    /// Ends the oldest live reference to `object`; nil when it has none.
    mutating func release(_ object: ObjectID, _ release: Release) -> Acquisition? {
        guard var ids = live[object], !ids.isEmpty else { return nil }
        let id = ids.removeFirst()
        live[object] = ids
        acquisitions[id - 1].releases.append(release)
        return acquisitions[id - 1]
    }

    /// The most recent acquisition of `object`, live or not.
    func lastAcquisition(of object: ObjectID) -> Acquisition? { acquisitions.last { $0.object == object } }

    func liveReferences(to object: ObjectID) -> Int { live[object]?.count ?? 0 }
}
