import BPFObject
import BPFVerifier
import Testing

/// SPEC §2 and §4 against the running kernel: for every resource (task, cgroup, cpumask,
/// obj_new, socket, ringbuf, conntrack, iter_num) acquire / NULL check / release is accepted,
/// and a leak, a double release, a release without acquire, a use after release and a throw
/// while holding it are rejected with the kernel's message at the kernel's pc; plus RCU,
/// preemption and lock rules, ownership transfer (kptr, list, rbtree) and references across
/// calls. The expectations are `Tests/Fixtures/references/manifest.json`, recorded from Linux
/// 6.18 (`ReferenceKernelTests` re-checks them where the kernel can be asked).
@Suite struct ReferenceCaseTests {
    static let cases = KernelCase.all(in: "references").filter { $0.expected.verdict != "load_error" }

    @Test(arguments: cases)
    func bpfsimAgreesWithKernel(_ c: KernelCase) throws {
        let program = try ReferenceFixtures.program(folder: c.folder, file: c.file, name: c.name)
        expectKernelVerdict(program, c)
        if c.file.hasSuffix(".s") {
            // The same instructions through clang and bpfsim's ELF loader.
            let elf = try ReferenceFixtures.elfProgram(folder: c.folder, file: c.file, name: c.name)
            #expect(instructionText(elf) == instructionText(program), "\(c): the ELF wrapper differs from the assembly")
            expectKernelVerdict(elf, c, via: "ELF")
        }
    }

    @Test func everyProgramHasAKernelVerdict() throws {
        try expectManifestComplete("references")
    }

    /// Issue 6: at least 100 table-driven cases across assembly and C.
    @Test func caseCount() {
        let asm = Self.cases.filter { $0.file.hasSuffix(".s") }.count
        let c = Self.cases.count - asm
        #expect(asm >= 50 && c >= 50 && Self.cases.count >= 100, "\(asm) assembly and \(c) C cases")
    }
}

/// Verifies `program` as the kernel does (upstream rules) and compares with the manifest.
func expectKernelVerdict(_ program: BPFProgram, _ c: KernelCase, via: String = "") {
    let result = Verifier.verify(program)
    let place = "\(c)\(via.isEmpty ? "" : " (\(via))")"
    switch c.expected.verdict {
    case "success":
        #expect(result.error == nil, "\(place): kernel accepts; bpfsim rejects at pc \(result.error?.pc ?? -1): \(result.error?.message ?? "")")
    default:
        guard let e = result.error else {
            Issue.record("\(place): kernel rejects at pc \(c.expected.pc ?? -1) (\(c.expected.message ?? "")); bpfsim accepts")
            return
        }
        #expect(e.message == c.expected.message, "\(place): pc \(e.pc): bpfsim says\n\(e.message)\nkernel says\n\(c.expected.message ?? "")")
        // The kernel names no pc for errors found outside the instruction walk (exception
        // callback prototypes, the static callback check).
        if let pc = c.expected.pc {
            #expect(e.pc == pc, "\(place): bpfsim rejects at pc \(e.pc), kernel at pc \(pc)")
        }
    }
}

/// Every program of every fixture of `folder` has a manifest entry, and every entry a program.
func expectManifestComplete(_ folder: String) throws {
    let manifest = try #require(KernelManifest.load(folder), "\(folder)/manifest.json missing")
    var programs: Set<String> = []
    for file in ReferenceFixtures.files(in: folder) {
        for name in try ReferenceFixtures.programNames(folder: folder, file: file) {
            programs.insert("\(file):\(name)")
        }
    }
    let recorded = Set(manifest.cases.map(\.program))
    #expect(programs.subtracting(recorded).isEmpty, "no kernel verdict for \(programs.subtracting(recorded).sorted())")
    #expect(recorded.subtracting(programs).isEmpty, "stale manifest entries \(recorded.subtracting(programs).sorted())")
}

/// Instructions with kfunc calls and map loads named, so an assembled and a compiled program
/// compare equal when they say the same (their kfunc ids and map indices differ).
func instructionText(_ p: BPFProgram) -> [String] {
    p.instructions.map { insn in
        switch insn {
        case .call(.kfunc(let id, _)): return "call \(p.kfuncs[id]?.name ?? "kfunc#\(id)")"
        case .loadImm64(let r, .mapFD(let m)), .loadImm64(let r, .mapIndex(let m)):
            return "\(r) = map \(Int(m) < p.maps.count ? p.maps[Int(m)].name : "#\(m)")"
        default: return "\(insn)"
        }
    }
}
