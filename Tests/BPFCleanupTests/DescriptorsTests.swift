import BPFCleanup
import BPFObject
import BPFVerifier
import Testing

/// The descriptors backend on hand-written programs with known answers (issue 7): the
/// expected descriptors are written out entry by entry, per pc.
@Suite struct DescriptorsTests {
    static func program(_ text: String, _ name: String = "case") throws -> BPFProgram {
        try AssemblyFile.load(text: text, path: "\(name).s")
    }

    static func run(_ text: String, spill: Bool = true, rounds: Int = 4) throws -> BackendOutcome {
        DescriptorsBackend(spill: spill, roundLimit: rounds).apply(to: try program(text), options: VerifierOptions())
    }

    /// The table as `pc: entry, entry` lines.
    static func table(_ o: BackendOutcome) -> [Int: [String]] {
        guard case .descriptors(let t) = o.unwind else { return [:] }
        return t.descriptors.mapValues { d in d.entries.filter { $0.kind != .notInitialised }.map(\.description) }
    }

    struct Expected: Sendable, CustomTestStringConvertible {
        var name: String
        var source: String
        var descriptors: [Int: [String]]
        var testDescription: String { name }
    }

    static let accepted: [Expected] = [
        Expected(name: "one resource in a stack slot", source: DescriptorPrograms.stackSlot, descriptors: [6: ["fp-16: ptr_task_struct"]]),
        Expected(name: "a resource in R7 across a call", source: DescriptorPrograms.registerAcrossCall, descriptors: [6: ["R7: ptr_task_struct"]]),
        Expected(name: "conditional acquire (NULL merge)", source: DescriptorPrograms.conditionalAcquire, descriptors: [7: ["R6: ptr_cgroup (maybe-null)"]]),
        Expected(
            name: "three frames deep", source: DescriptorPrograms.threeFrames,
            descriptors: [5: ["R6: ptr_task_struct"], 14: ["fp-8: ptr_cgroup"], 23: ["R8: ptr_bpf_cpumask"]]),
        Expected(
            name: "a throwing global function called from two sites", source: DescriptorPrograms.globalTwoSites,
            descriptors: [6: ["R6: ptr_task_struct"], 10: ["fp-8: ptr_task_struct"]]),
        Expected(name: "nested iterators", source: DescriptorPrograms.nestedIterators, descriptors: [17: ["fp-8: iter_num", "fp-16: iter_num"]]),
        Expected(
            name: "four objects", source: DescriptorPrograms.fourObjects,
            descriptors: [
                13: [
                    "fp-8: ptr_task_struct (maybe-null)", "fp-16: ptr_task_struct (maybe-null)",
                    "fp-24: ptr_task_struct (maybe-null)", "fp-32: ptr_task_struct (maybe-null)",
                ]
            ]),
        Expected(name: "nothing held", source: DescriptorPrograms.nothingHeld, descriptors: [:]),
    ]

    @Test(arguments: accepted)
    func knownDescriptors(_ e: Expected) throws {
        for spill in [false, true] {
            let o = try Self.run(e.source, spill: spill)
            #expect(o.failure == nil, "\(e.name): \(o.failure?.description ?? "")")
            #expect(Self.table(o) == e.descriptors, "\(e.name) (spill \(spill))")
            #expect(o.metrics.insertedInsns == 0, "\(e.name): nothing conflicts, the normal path is untouched")
            #expect(o.program.instructions == (try Self.program(e.source)).instructions)
        }
    }

    @Test func valueOnlyInArgumentRegisterLeaks() throws {
        let o = try Self.run(DescriptorPrograms.onlyInArgumentRegister)
        #expect(o.failure?.message == "Unreleased reference id=2 alloc_insn=2\nbpf_throw would lead to reference leak")
        #expect(o.failure?.pc == 6)
    }

    @Test func twoTypesInOneSlotConflictThenSpill() throws {
        let posted = try Self.run(DescriptorPrograms.twoTypesInSlot, spill: false)
        #expect(posted.failure?.message.hasPrefix("frame_desc: merge: failed to merge old and new frame desc entry") == true)
        #expect(posted.failure?.message.contains("pc 14 frame 0 (func#0) fp-8: old ptr_task_struct, new ptr_cgroup") == true)
        #expect(posted.metrics.mergeFailures == 1)
        #expect(posted.failure?.kind == .backend)

        let rescued = try Self.run(DescriptorPrograms.twoTypesInSlot)
        #expect(rescued.failure == nil)
        #expect(rescued.metrics.rounds == 2)
        #expect(rescued.metrics.spilledAcquires == 2)
        #expect(rescued.metrics.reservedStackBytes == "16")
        // Two zeroing stores at entry, one spill store after each acquire.
        #expect(rescued.metrics.insertedInsns == 4)
        #expect(Self.table(rescued) == [18: ["fp-16: ptr_task_struct (maybe-null)", "fp-24: ptr_cgroup (maybe-null)"]])
        guard case .descriptors(let t) = rescued.unwind else {
            Issue.record("no descriptor table")
            return
        }
        #expect(t.reservedSlots == [7: -16, 13: -24])
        let p = rescued.program.instructions
        #expect(p[0] == .store(.double, base: .fp, offset: -16, value: .immediate(0)))
        #expect(p[1] == .store(.double, base: .fp, offset: -24, value: .immediate(0)))
        #expect(p[8] == .store(.double, base: .fp, offset: -16, value: .register(.r0)))
        #expect(p[14] == .store(.double, base: .fp, offset: -24, value: .register(.r0)))
        #expect(rescued.mergeEvents.contains { $0.resolution == .spilled && $0.location == "fp-8" && $0.round == 1 })
    }

    @Test func twoTypesInOneRegister() throws {
        let posted = try Self.run(DescriptorPrograms.twoTypesInRegister, spill: false)
        #expect(posted.failure?.message.contains("R8: old ptr_task_struct, new ptr_cgroup") == true)
        let rescued = try Self.run(DescriptorPrograms.twoTypesInRegister)
        #expect(rescued.failure == nil)
        #expect(rescued.metrics.rounds == 2)
        #expect(Self.table(rescued) == [17: ["fp-8: ptr_task_struct (maybe-null)", "fp-16: ptr_cgroup (maybe-null)"]])
    }

    @Test func garbageAgainstPointer() throws {
        let posted = try Self.run(DescriptorPrograms.garbageAgainstPointer, spill: false)
        #expect(posted.failure?.message.contains("R8: old ptr_cgroup, new not-initialised") == true)
        let rescued = try Self.run(DescriptorPrograms.garbageAgainstPointer)
        #expect(rescued.failure == nil)
        #expect(Self.table(rescued) == [10: ["fp-8: ptr_cgroup (maybe-null)"]])
    }

    @Test func stillFailsAfterTheRoundLimit() throws {
        // An iterator conflict cannot be spilled: it fails in every round.
        let iter = try Self.run(DescriptorPrograms.iteratorAgainstNothing)
        #expect(iter.failure?.message.contains("fp-8: old iter_num, new NULL") == true)
        #expect(iter.metrics.mergeFailures == 1)
        // A spillable conflict with no round left for the rescue.
        let limited = try Self.run(DescriptorPrograms.twoTypesInSlot, rounds: 1)
        #expect(limited.failure?.message.contains("after 1 round of spill-on-conflict") == true)
    }

    /// SPEC §6: 16 + 8 per descriptor per subprogram, 112 per descriptor, 24 per stack entry.
    @Test func descriptorBytesFollowTheRFCEncoding() throws {
        let small = try Self.run(DescriptorPrograms.registerAcrossCall)
        #expect(small.metrics.descriptorBytes == 16 + 8 + 112)  // KFLEX's 136 bytes
        let four = try Self.run(DescriptorPrograms.fourObjects)
        #expect(four.metrics.descriptorBytes == 16 + 8 + 112 + 4 * 24)
        #expect(four.metrics.descriptorBytesCompact == 16 + 8 + 12 + 4 * 8)
        let deep = try Self.run(DescriptorPrograms.threeFrames)
        #expect(deep.metrics.descriptorBytes == 3 * (16 + 8 + 112) + 24)
    }

    /// What `reject` accepts, `descriptors` accepts, with the same processed-instruction count
    /// when no throw point holds a resource.
    @Test(arguments: [DescriptorPrograms.nothingHeld, DescriptorPrograms.registerAcrossCall])
    func acceptsWhatRejectAccepts(_ source: String) throws {
        let p = try Self.program(source)
        let reject = RejectBackend().apply(to: p, options: VerifierOptions())
        let desc = DescriptorsBackend().apply(to: p, options: VerifierOptions())
        if reject.isAccepted {
            #expect(desc.isAccepted)
            if reject.verification.refsAtThrowMax == 0 {
                #expect(desc.verification.processedInstructions == reject.verification.processedInstructions)
            }
        }
    }
}
