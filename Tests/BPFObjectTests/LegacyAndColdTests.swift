import Testing

@testable import BPFObject

/// Legacy `maps` definitions, and clang's hot/cold splitting (SPEC §3 inputs that libbpf
/// itself refuses or no longer reads).
@Suite struct LegacyAndColdTests {
    @Test func legacyMapDefinitions() throws {
        let object = try BPFObjectFile.load(path: Fixtures.clangObject("legacy.bpf.c").path)
        #expect(object.maps.map { "\($0.name) \($0.type) \($0.keySize) \($0.valueSize) \($0.maxEntries)" } == [
            "old_counts hash 4 8 256", "old_array percpu_array 4 4 4",
        ])
        #expect(object.maps.allSatisfy { $0.origin == .legacy })
        let p = try #require(object.program(named: "legacy_xdp"))
        #expect(p.references.map { "\($0.symbol)->\($0.target)" } == ["old_counts->map(0)", "old_array->map(1)"])
    }

    /// Without `-fno-split-cold-code`, clang 21 moves the miss path into a static
    /// `cold_prog.cold.1` in the `tc` section, called pc-relative, with a FUNC whose prototype
    /// id dangles. libbpf refuses the object; bpfsim loads it, the cold part a subprogram,
    /// and says why libbpf would not.
    @Test func coldPartsAreSubprograms() throws {
        let url = try Fixtures.clangObject("cold.bpf.c", extra: [])
        let object = try BPFObjectFile.load(path: url.path)
        #expect(object.programs.map(\.name) == ["cold_prog"])
        let p = try #require(object.programs.first)
        let cold = try #require(p.subprograms.first { $0.name.hasPrefix("cold_prog.cold.") }, "clang did not split: \(p.subprograms.map(\.name))")
        #expect(cold.role.contains(.coldPart))
        #expect(cold.role.contains(.callee))
        #expect(!cold.isGlobal)
        #expect(cold.section == "tc")
        #expect(p.subprograms.map(\.name) == ["cold_prog", cold.name, "slow_path"])
        let diagnostics = object.diagnostics.map(\.description)
        #expect(diagnostics.contains { $0.contains("libbpf: program '\(cold.name)' is static and not supported") }, "\(diagnostics)")
        if cold.btfFunctionID == nil {
            #expect(diagnostics.contains { $0.contains(".BTF:") && $0.contains(cold.name) }, "\(diagnostics)")
        }
        // The call into the cold part lands on it.
        let call = try #require(p.references.first { $0.target == .subprogram(cold.name) })
        guard case .call(.local(let off)) = p.instructions[call.pc] else {
            Issue.record("pc \(call.pc) is not a local call")
            return
        }
        #expect(call.pc + Int(off) + 1 == cold.startPC)
    }

    @Test func defaultFlagsDisableColdSplitting() throws {
        #expect(CompilerConfiguration.defaultFlags.suffix(2) == ["-Xclang", "-fno-split-cold-code"])
        let object = try BPFObjectFile.load(path: Fixtures.clangObject("cold.bpf.c").path)
        #expect(object.programs.first?.subprograms.map(\.name) == ["cold_prog", "slow_path"])
        #expect(object.diagnostics.isEmpty, "\(object.diagnostics)")
    }
}
