import BPFInterpreter
import BPFSimulator
import BPFTestSupport
import Foundation
import Testing

/// The cost model (SPEC §6): executed instructions by class, counted by hand for a known
/// program; modelled cycles from them; a table variant whose overhead is exactly its inserted
/// instructions; the default model file.
@Suite struct CostTests {
    static let handCounted = SimProgram("hand_counted", """
        r1 = 7
        r2 = 0
        *(u64 *)(r10 - 8) = r1
        r3 = *(u64 *)(r10 - 8)
        if r3 == 7 goto skip
        r0 = 1
        skip:
        call bpf_ktime_get_ns
        call sub
        exit
        sub:
        r0 = 2
        *(u64 *)(r10 - 8) = r0
        lock *(u64 *)(r10 - 8) += r0
        exit
        """)

    @Test func countsByClassKnownAnswer() throws {
        let s = try runUnverified(Self.handCounted)
        let expected: [String: UInt64] = ["alu": 3, "load": 1, "store": 2, "atomic": 1, "branch": 1, "call": 3, "helper": 1, "kfunc": 0]
        #expect(s.insnsByClass == expected, "hand_counted: \(s.insnsByClass)")
        #expect(s.insns == 12)
        // alu 3 + load 1 + store 2 + atomic 20 + branch 1 + call 3 x 2 + helper 1 + bpf_ktime_get_ns 25
        #expect(s.normalCycles == 59, "hand_counted: \(s.normalCycles) cycles")
        #expect(s.unwindCycles == 0)
    }

    /// `table` with kfunc push/pop on a path that runs every inserted instruction once: the
    /// instruction overhead is the backend's inserted count, the cycle overhead their classes'
    /// cycles plus one push and one pop.
    @Test func tableOverheadIsItsInsertedInstructions() throws {
        let p = try SimulatorPrograms.taskStack.load()
        let o = try outcome(p, "table", "e16-frame-kfunc")
        try #require(o.isAccepted, "\(o.failure?.message ?? "")")
        let inserted = try #require(o.metrics.insertedInsns)
        let s = try simulate(o, baseline: p, runs: 1, context: skb(len: 1000))
        let run = try #require(s.perRun?.first)
        #expect(run.ending == .exit && s.divergences == 0, "task_stack: \(run.fault ?? "")")
        #expect(s.overheadInsns == Int64(inserted), "task_stack: executed \(s.overheadInsns) more instructions, \(inserted) inserted")
        let model = CostModel.default
        var classCycles = 0.0
        for cls in InstructionClass.allCases {
            let delta = Double(s.insnsByClass[cls.description] ?? 0) - Double(s.baselineInsnsByClass[cls.description] ?? 0)
            classCycles += delta * (model.cyclesPerClass[cls] ?? 0)
        }
        #expect(s.normalCycles - s.baselineCycles == classCycles + model.tablePush + model.tablePop)
    }

    /// The throw path: frames, entries, the destructor call and the trampoline, apart from the
    /// normal path.
    @Test func throwPathCostKnownAnswer() throws {
        let p = try SimulatorPrograms.taskStack.load()
        let o = try outcome(p, "descriptors")
        let s = try simulate(o, baseline: p, runs: 1, throwAt: 8)
        let u = try #require(s.perRun?.first?.unwind)
        let m = CostModel.default
        let expected = m.throwTrampoline + Double(u.frames) * m.unwindFrame + Double(u.entries) * m.unwindEntry
            + (m.cyclesPerClass[.kfunc] ?? 0) + (m.functionCalls["bpf_task_release"] ?? 0) + m.exceptionCallback
        #expect(u.frames == 1 && u.destructorCalls == 1)
        #expect(s.unwindCycles == expected, "\(s.unwindCycles) vs \(expected)")
    }

    @Test func experimentsFileIsTheDefault() throws {
        let path = TestPaths.repositoryRoot.appendingPathComponent("Experiments/cost-model.json").path
        let model = try CostModel.load(path: path)
        #expect(model == CostModel.default)
    }

    static let malformed: [(String, String)] = [
        ("{ \"helper_call\": ", "m.json: not valid JSON"),
        ("[1, 2]", "m.json: expected a JSON object at the top level"),
        ("{\"cycles_per_class\": {}}", "m.json: missing key 'cycles_per_class.alu'"),
        ("{\"helper_cal\": 1}", "m.json: unknown key 'helper_cal'"),
    ]

    @Test(arguments: malformed)
    func malformedFileIsOneClearLine(text: String, expected: String) {
        #expect {
            _ = try CostModel.parse(Data(text.utf8), file: "m.json")
        } throws: { error in
            let line = "\(error)"
            return line.hasPrefix(expected) && !line.contains("\n")
        }
    }

    @Test func negativeAndMissingCostsAreNamed() throws {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(CostModel.default.fileJSON().utf8)) as? [String: Any])
        object["unwind_frame"] = -1
        let negative = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: CostModelError(file: "m.json", message: "'unwind_frame' is negative (-1.0)")) {
            try CostModel.parse(negative, file: "m.json")
        }
        object["unwind_frame"] = nil
        let missing = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: CostModelError(file: "m.json", message: "missing key 'unwind_frame'")) {
            try CostModel.parse(missing, file: "m.json")
        }
    }
}
