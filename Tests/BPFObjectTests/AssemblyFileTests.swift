import BPFISA
import Testing

@testable import BPFObject

/// Assembly files as corpus entries: the declarative header gives what an ELF section and
/// BTF would (program type, maps, global functions, exception callback).
@Suite struct AssemblyFileTests {
    static let source = """
        ; bpfsim: section=tc name=asm_prog license=GPL global=helper,on_throw exception_callback=on_throw
        ; map: name=counts type=hash key_size=4 value_size=8 max_entries=16
        ; map: name=events type=ringbuf max_entries=4096
        \tr6 = r1
        \tr1 = counts ll
        \tcall bpf_map_lookup_elem
        \tif r0 == 0 goto out
        \tr1 = r6
        \tcall helper
        \tr1 = 0
        \tcall bpf_task_from_pid
        out:
        \tr0 = 0
        \texit
        helper:
        \tr0 = 1
        \texit
        on_throw:
        \tr0 = r1
        \texit
        """

    @Test func headerProgramTypeMapsAndFunctions() throws {
        let p = try AssemblyFile.load(text: Self.source, path: "asm/prog.s")
        #expect(p.name == "asm_prog")
        #expect(p.section == "tc")
        #expect(p.programType == .schedCls)
        #expect(p.license == "GPL")
        #expect(p.maps.map { "\($0.name) \($0.type) \($0.keySize) \($0.valueSize) \($0.maxEntries)" } == [
            "counts hash 4 8 16", "events ringbuf 0 0 4096",
        ])
        #expect(p.instructions[1] == .loadImm64(dst: .r1, .mapFD(0)))
        #expect(p.references.first { $0.pc == 1 }?.target == .map(0))
        #expect(p.kfuncs.values.map(\.name) == ["bpf_task_from_pid"])
        #expect(p.subprograms.map { "\($0.name)@\($0.startPC)..<\($0.endPC)" } == ["asm_prog@0..<11", "helper@11..<13", "on_throw@13..<15"])
        #expect(p.subprograms[1].isGlobal && p.subprograms[1].role == .callee)
        #expect(p.exceptionCallback == "on_throw")
        #expect(p.exceptionCallbackSubprogram?.startPC == 13)
        #expect(p.sourcePosition(at: 6)?.sourceLine == "call helper")
        #expect(p.sourcePosition(at: 6)?.line == 9)
    }

    @Test func programTypeOverridesAndUBPFSyntax() throws {
        let text = """
            # bpfsim: prog_type=xdp name=drop
            mov %r0, 1
            exit
            """
        let p = try AssemblyFile.load(text: text, path: "drop.asm")
        #expect(p.programType == .xdp)
        #expect(p.section == "xdp")
        #expect(p.instructions == [.alu(.mov, .w64, dst: .r0, src: .immediate(1)), .exit])
    }

    @Test(arguments: [
        ("; bpfsim: colour=red\nexit\n", "p.s:1: header: unknown key 'colour'"),
        ("; map: name=m type=nosuch\nexit\n", "p.s:1: map: unknown type 'nosuch'"),
        ("; map: type=hash\nexit\n", "p.s:1: map: missing name="),
        ("; map: name=m type=hash key_size=four\nexit\n", "p.s:1: map: key_size=four is not a number"),
        ("; bpfsim: section=tc\n\tr1 = nosuch ll\n\texit\n", "p.s:2:"),
        ("; bpfsim: section=my_section\nexit\n", "p.s: section 'my_section' names no program type"),
        ("; bpfsim: section=tc exception_callback=cb\nexit\ncb:\nexit\n", "p.s: prog 'p': exception callback cb must be a global non-hidden function"),
        ("; bpfsim: section=tc exception_callback=nowhere\nexit\n", "p.s: prog 'p': cannot find exception callback 'nowhere'"),
        ("; only a comment\n", "p.s: no instructions"),
    ])
    func errorsNameFileAndLine(text: String, expected: String) {
        do {
            _ = try AssemblyFile.load(text: text, path: "p.s")
            Issue.record("loaded; expected \(expected)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error)")
        }
    }
}
