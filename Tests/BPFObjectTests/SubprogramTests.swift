import BPFISA
import Testing

@testable import BPFObject

/// Call-graph flattening on `subprogs.bpf.c`: libbpf's append order, roles, linkage
/// (`__hidden` counts as static), callbacks, and section-name facts (`?` prefix, sleepable).
@Suite struct SubprogramTests {
    static func load() throws -> BPFObjectFile {
        try BPFObjectFile.load(path: Fixtures.clangObject("subprogs.bpf.c").path)
    }

    @Test(arguments: [
        ("probe_open", ["probe_open", "visit", "middle", "leaf"]),
        ("raw_enter", ["raw_enter", "global_sum", "middle", "leaf", "hidden_helper"]),
        ("sock_filter", ["sock_filter", "leaf"]),
        ("check_open", ["check_open"]),
    ])
    func appendOrder(program: String, expected: [String]) throws {
        let p = try #require(try Self.load().program(named: program))
        #expect(p.subprograms.map(\.name) == expected, "\(program)")
    }

    @Test func everyCallLandsOnTheStartOfItsCallee() throws {
        for p in try Self.load().programs {
            for (pc, insn) in p.instructions.enumerated() {
                switch insn {
                case .call(.local(let off)), .loadImm64(_, .function(let off)):
                    let target = pc + Int(off) + 1
                    #expect(p.subprogram(startingAt: target) != nil, "\(p.name) pc \(pc): target \(target) starts no function")
                default:
                    break
                }
            }
        }
    }

    @Test func linkageAndRoles() throws {
        let object = try Self.load()
        let raw = try #require(object.program(named: "raw_enter"))
        func sub(_ name: String) -> Subprogram? { raw.subprograms.first { $0.name == name } }
        #expect(sub("global_sum")?.isGlobal == true)
        #expect(sub("hidden_helper")?.isGlobal == false, "__hidden functions are verified as static, as libbpf marks them")
        #expect(sub("middle")?.isGlobal == false)
        #expect(sub("raw_enter")?.isMain == true)
        let probe = try #require(object.program(named: "probe_open"))
        #expect(probe.subprograms.first { $0.name == "visit" }?.role == .callbackTarget)
        #expect(probe.subprograms.first { $0.name == "leaf" }?.role == .callee)
        #expect(probe.references.contains { $0.symbol == "slots" && $0.target == .map(0) })
    }

    @Test func sectionFacts() throws {
        let object = try Self.load()
        let check = try #require(object.program(named: "check_open"))
        #expect(check.programType == .lsm)
        #expect(check.isSleepable)
        #expect(check.attachTarget == "file_open")
        #expect(ProgramSection(sectionName: check.section)?.autoloadDisabled == true)
        #expect(object.program(named: "raw_enter")?.programType == .rawTracepoint)
        #expect(object.program(named: "raw_enter")?.attachTarget == "sys_enter")
        #expect(object.license == "Dual BSD/GPL")
    }
}
