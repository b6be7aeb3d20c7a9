import BPFCleanup
import BPFISA
import BPFInterpreter
import BPFObject
import BPFTestSupport
import BPFVerifier
import Testing

/// The shared patcher, property-tested (issue 7): random semantically neutral insertions at
/// random pcs leave the interpreter's result and the verifier's verdict unchanged, and every
/// jump and call lands where it did.
@Suite struct PatcherPropertyTests {
    /// SplitMix64, seeded per test case.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Neutral code: `goto +0`, or a jump over a `goto +0` (every instruction stays reachable).
    static func neutral(_ rng: inout Rng) -> [Instruction] {
        switch rng.below(3) {
        case 0: return [.ja(offset: 0)]
        case 1: return [.ja(offset: 0), .ja(offset: 0)]
        default: return [.jump(.eq, .w64, dst: .r10, src: .register(.r10), offset: 1), .ja(offset: 0)]
        }
    }

    /// Random insertions: `before` any instruction start, `after` any that falls through.
    static func insertions(for program: [Instruction], _ rng: inout Rng) -> [Insertion] {
        var out: [Insertion] = []
        let starts = program.indices.filter { if case .continuation = program[$0] { return false } else { return true } }
        for _ in 0..<(1 + rng.below(6)) {
            let pc = starts[rng.below(starts.count)]
            if rng.below(2) == 0 || program[pc].endsBlock || program[pc] == .exit {
                out.append(Insertion(pc: pc, position: .before, instructions: neutral(&rng), purpose: "test"))
            } else {
                out.append(Insertion(pc: pc, position: .after, instructions: neutral(&rng), purpose: "test"))
            }
        }
        return out
    }

    /// Every original jump, call and function address still reaches the old target's new place.
    static func checkTargets(_ old: [Instruction], _ new: [Instruction], _ map: PCMap, _ name: String) {
        for (pc, insn) in old.enumerated() {
            guard let d = insn.displacement else { continue }
            let target = pc + d + 1
            let moved = new[map.instruction[pc]]
            guard let nd = moved.displacement else {
                Issue.record("\(name): pc \(pc) lost its displacement")
                continue
            }
            #expect(map.instruction[pc] + nd + 1 == map.landing[target], "\(name): pc \(pc) -> \(target) no longer lands there")
        }
    }

    @Test(arguments: ConformanceVector.names)
    func conformanceVectorsKeepTheirResult(_ name: String) throws {
        let vector = try ConformanceVector.load(name)
        let original = try Assembler.assemble(vector.asm, syntax: .ubpf).instructions
        var rng = Rng(state: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        let program = BPFProgram(
            name: name, section: "test", programType: .socketFilter, instructions: original,
            subprograms: [Subprogram(name: name, startPC: 0, endPC: original.count, isGlobal: false, section: "test", role: .main)])
        for _ in 0..<3 {
            let (patched, map) = try Patcher.apply(Self.insertions(for: original, &rng), to: program)
            Self.checkTargets(original, patched.instructions, map, name)
            let interpreter = try Interpreter(patched.instructions, helpers: .conformance)
            let memory = Memory()
            var arguments: [UInt64] = [0, 0]
            if !vector.memory.isEmpty {
                let region = try memory.map("mem", size: vector.memory.count, kind: .input, bytes: vector.memory)
                arguments = [region.base, UInt64(region.size)]
            }
            let r0 = interpreter.run(arguments: arguments, memory: memory).returnValue
            #expect(r0 == vector.result, "\(name): r0 changed after patching")
        }
    }

    static let programs: [(String, String)] = [
        ("stackSlot", DescriptorPrograms.stackSlot), ("registerAcrossCall", DescriptorPrograms.registerAcrossCall),
        ("threeFrames", DescriptorPrograms.threeFrames), ("globalTwoSites", DescriptorPrograms.globalTwoSites),
        ("nestedIterators", DescriptorPrograms.nestedIterators), ("twoTypesInSlot", DescriptorPrograms.twoTypesInSlot),
        ("onlyInArgumentRegister", DescriptorPrograms.onlyInArgumentRegister), ("nothingHeld", DescriptorPrograms.nothingHeld),
    ]

    @Test(arguments: programs.map(\.0))
    func testProgramsKeepTheirVerdict(_ name: String) throws {
        let source = Self.programs.first { $0.0 == name }!.1
        let program = try AssemblyFile.load(text: source, path: "\(name).s")
        var rng = Rng(state: UInt64(name.count) &* 7919)
        for backend in [RejectBackend() as CleanupBackend, DescriptorsBackend()] {
            let before = backend.apply(to: program, options: VerifierOptions())
            for _ in 0..<5 {
                let (patched, map) = try Patcher.apply(Self.insertions(for: program.instructions, &rng), to: program)
                Self.checkTargets(program.instructions, patched.instructions, map, name)
                let after = backend.apply(to: patched, options: VerifierOptions())
                #expect(after.isAccepted == before.isAccepted, "\(name) (\(backend.name)): verdict changed after patching: \(after.failure?.description ?? "accepted")")
                // Subprogram bounds moved with their code.
                for (s, sub) in program.subprograms.enumerated() {
                    #expect(patched.subprograms[s].startPC == map.landing[sub.startPC], "\(name): subprogram \(s) start")
                }
            }
        }
    }
}
