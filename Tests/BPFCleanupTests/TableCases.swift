import BPFCleanup
import BPFObject
import BPFTestSupport
import Foundation
import Testing

/// The table backend's hand-written programs (`Tests/Fixtures/table/*.s`) with what a reader
/// of each program knows without running bpfsim: where it acquires and releases, how many
/// references each frame holds at most, its own stack, its call chains, and the pcs at which
/// it holds a reference. ``TableCountModel`` turns these facts into the expected metrics of
/// every variant.
struct TableCase: CustomTestStringConvertible, Sendable {
    /// An acquire in a tabled frame.
    struct Push: Sendable {
        var subprog: Int
        /// The acquire may return NULL (the push is guarded).
        var mayBeNull = true
        /// An iterator: the push records its stack address.
        var stackObject = false
        /// Index of its resource type in the layout.
        var type = 0
    }
    /// A release (or transfer) that pops.
    struct Pop: Sendable {
        var subprog: Int
        /// The release call returns a value the program may read (R0 is kept).
        var keepsR0 = false
        var offset = 0
        /// The reference can be in another frame's table.
        var crossFrame = false
        var kinds = 1
        var type = 0
    }

    var file: String
    /// Own stack depth per subprogram (the verifier's `stack_depth`).
    var depths: [Int]
    /// Per-frame table entries per subprogram.
    var entries: [Int]
    /// Entries of the whole-program table.
    var programEntries: Int
    var pushes: [Push] = []
    var pops: [Pop] = []
    /// Subprogram -> `exit` instructions it hands up before.
    var handUps: [Int: Int] = [:]
    /// Static call chains from the main program (subprogram indices).
    var chains: [[Int]]
    var throwablePCs: Int
    var crossFramePops: Int { pops.filter(\.crossFrame).count }

    var testDescription: String { file }

    /// `s` for assembly with a `; bpfsim:` header, `c` for C compiled with clang.
    var language = "s"

    func load() throws -> BPFProgram {
        let url = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/table/\(file).\(language)")
        if language == "s" { return try AssemblyFile.load(text: String(contentsOf: url, encoding: .utf8), path: url.path) }
        let bytes = try TableCase.compiler.compile(source: url, displayName: url.lastPathComponent).bytes
        let object = try BPFObjectFile.load(bytes: bytes, name: url.lastPathComponent)
        return try #require(object.programs.first, "\(file).c has no program")
    }

    /// clang -target bpf with the shared fixture header (`Tests/Fixtures/include`).
    static let compiler = CCompiler(
        configuration: CompilerConfiguration(
            includePaths: CompilerConfiguration.defaultIncludePaths
                + [TestPaths.repositoryRoot.appendingPathComponent("Tests/Fixtures/include").path],
            cacheDirectory: (try? TestPaths.temporaryDirectory("bpfsim-table-cc")) ?? FileManager.default.temporaryDirectory))

    static let all: [TableCase] = [
        TableCase(
            file: "stack_slot", depths: [8], entries: [1], programEntries: 1, pushes: [Push(subprog: 0)], pops: [Pop(subprog: 0)],
            chains: [[0]], throwablePCs: 9),
        TableCase(
            file: "register_across_call", depths: [0, 0], entries: [1, 0], programEntries: 1, pushes: [Push(subprog: 0)],
            pops: [Pop(subprog: 0)], chains: [[0, 1]], throwablePCs: 12),
        TableCase(
            file: "conditional_acquire", depths: [0], entries: [1], programEntries: 1, pushes: [Push(subprog: 0)],
            pops: [Pop(subprog: 0)], chains: [[0]], throwablePCs: 9),
        TableCase(
            file: "three_frames", depths: [0, 16, 0], entries: [1, 1, 1], programEntries: 3,
            pushes: [Push(subprog: 0, type: 0), Push(subprog: 1, type: 1), Push(subprog: 2, type: 2)],
            pops: [Pop(subprog: 0, type: 0), Pop(subprog: 1, type: 1), Pop(subprog: 2, type: 2)], chains: [[0, 1, 2]],
            throwablePCs: 29),
        TableCase(
            file: "global_two_sites", depths: [8, 0], entries: [1, 0], programEntries: 1, pushes: [Push(subprog: 0)],
            pops: [Pop(subprog: 0)], chains: [[0, 1]], throwablePCs: 10),
        TableCase(
            file: "nested_iterators", depths: [16], entries: [2], programEntries: 2,
            pushes: [Push(subprog: 0, mayBeNull: false, stackObject: true), Push(subprog: 0, mayBeNull: false, stackObject: true)],
            pops: [Pop(subprog: 0), Pop(subprog: 0)], chains: [[0]], throwablePCs: 19),
        TableCase(
            file: "four_objects", depths: [32], entries: [4], programEntries: 4, pushes: Array(repeating: Push(subprog: 0), count: 4),
            pops: Array(repeating: Pop(subprog: 0), count: 4), chains: [[0]], throwablePCs: 27),
        TableCase(
            file: "release_other_frame", depths: [0, 0], entries: [1, 0], programEntries: 1, pushes: [Push(subprog: 0)],
            pops: [Pop(subprog: 1, crossFrame: true)], chains: [[0, 1]], throwablePCs: 9),
        TableCase(
            file: "returned_reference", depths: [0, 0], entries: [1, 1], programEntries: 2, pushes: [Push(subprog: 1)],
            pops: [Pop(subprog: 0, crossFrame: true)], handUps: [1: 1], chains: [[0, 1]], throwablePCs: 9),
        TableCase(
            file: "kptr_xchg", depths: [4], entries: [1], programEntries: 1, pushes: [Push(subprog: 0), Push(subprog: 0)],
            pops: [Pop(subprog: 0, keepsR0: true), Pop(subprog: 0)], chains: [[0]], throwablePCs: 20, language: "c"),
        TableCase(
            file: "ringbuf_submit", depths: [0], entries: [1], programEntries: 1, pushes: [Push(subprog: 0)],
            pops: [Pop(subprog: 0)], chains: [[0]], throwablePCs: 11),
        TableCase(
            file: "near_stack_limit", depths: [504], entries: [1], programEntries: 1, pushes: [Push(subprog: 0)],
            pops: [Pop(subprog: 0)], chains: [[0]], throwablePCs: 9),
        TableCase(file: "no_reference", depths: [0], entries: [0], programEntries: 0, chains: [[0]], throwablePCs: 0),
        // The descriptors issue's hard cases (DescriptorPrograms): each throws holding its one
        // reference, which no descriptor (or only a spilled one) can name.
        TableCase(
            file: "only_in_argument_register", depths: [0], entries: [1], programEntries: 1, pushes: [Push(subprog: 0)],
            chains: [[0]], throwablePCs: 4),
        TableCase(
            file: "two_types_in_slot", depths: [8], entries: [1], programEntries: 1,
            pushes: [Push(subprog: 0, type: 0), Push(subprog: 0, type: 1)], chains: [[0]], throwablePCs: 7),
        TableCase(
            file: "two_types_in_register", depths: [0], entries: [1], programEntries: 1,
            pushes: [Push(subprog: 0, type: 0), Push(subprog: 0, type: 1)], chains: [[0]], throwablePCs: 7),
        TableCase(
            file: "garbage_against_pointer", depths: [0], entries: [1], programEntries: 1, pushes: [Push(subprog: 0)],
            chains: [[0]], throwablePCs: 4),
        TableCase(
            file: "iterator_against_nothing", depths: [8], entries: [1], programEntries: 1,
            pushes: [Push(subprog: 0, mayBeNull: false, stackObject: true)], chains: [[0]], throwablePCs: 5),
    ]
}

extension TableLayout: CustomTestStringConvertible {
    public var testDescription: String { variant }
}
