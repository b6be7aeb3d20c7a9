import BPFISA
import Foundation
import Testing

@testable import BPFObject

/// Acceptance: `features.bpf.c` (several programs, static and global subprograms, kfunc
/// externs, BTF hash/array/ringbuf maps, .rodata/.bss/.data, CO-RE, a bpf_loop callback, an
/// __exception_cb callback, .kconfig externs) loads with each of those facts right.
@Suite struct FeatureObjectTests {
    static func load(_ options: LoadOptions = LoadOptions()) throws -> BPFObjectFile {
        try BPFObjectFile.load(path: Fixtures.clangObject("features.bpf.c").path, options: options)
    }

    @Test func programsTypesAndAttachTargets() throws {
        let object = try Self.load()
        let summary = object.programs.map { "\($0.name) \($0.section) \($0.programType) \($0.expectedAttachType.map(String.init(describing:)) ?? "-") \($0.attachTarget ?? "-")" }
        #expect(summary == [
            "on_switch tp_btf/sched_switch tracing trace_raw_tp sched_switch",
            "on_unlink fentry/do_unlinkat tracing trace_fentry do_unlinkat",
            "classify tc sched_cls - -",
            "pass_all xdp xdp xdp -",
        ])
        #expect(object.license == "GPL")
        #expect(object.programs.allSatisfy { $0.license == "GPL" })
        #expect(object.sha256.count == 64)
    }

    /// libbpf appends callees depth-first in instruction order, the exception callback last.
    @Test func subprogramsAreAppendedInLibbpfOrder() throws {
        let object = try Self.load()
        func layout(_ name: String) -> [String] {
            object.program(named: name)?.subprograms.map { "\($0.name)\($0.isGlobal ? "(global)" : "")" } ?? []
        }
        #expect(layout("on_switch") == ["on_switch(global)", "bump", "record_task(global)"])
        #expect(layout("on_unlink") == ["on_unlink(global)", "sum_cb", "record_task(global)", "exc_handler(global)"])
        #expect(layout("classify") == ["classify(global)", "bump"])
        #expect(layout("pass_all") == ["pass_all(global)"])
        let unlink = try #require(object.program(named: "on_unlink"))
        #expect(unlink.exceptionCallback == "exc_handler")
        #expect(unlink.exceptionCallbackSubprogram?.name == "exc_handler")
        #expect(unlink.subprograms.first { $0.name == "sum_cb" }?.isCallbackTarget == true)
        #expect(unlink.subprograms.first { $0.name == "record_task" }?.role == .callee)
        // Subprograms tile the program without gaps.
        for p in object.programs {
            #expect(p.subprograms.first?.startPC == 0)
            #expect(p.subprograms.last?.endPC == p.instructions.count, "\(p.name)")
            for (a, b) in zip(p.subprograms, p.subprograms.dropFirst()) { #expect(a.endPC == b.startPC, "\(p.name): \(a.name)/\(b.name)") }
        }
    }

    @Test func globalSubprogramsCarryTheirPrototypes() throws {
        let object = try Self.load()
        let p = try #require(object.program(named: "on_switch"))
        let record = try #require(p.subprograms.first { $0.name == "record_task" })
        let proto = try #require(record.btfPrototypeID.flatMap { p.btf.prototype(of: $0) })
        #expect(proto.parameters.map(\.name) == ["task"])
        #expect(p.btf.typeName(proto.parameters[0].type) == "struct task_struct *")
        #expect(p.btf.typeName(proto.returnType) == "int")
    }

    @Test func kfuncCallsCarryTheirBTFPrototypes() throws {
        let object = try Self.load()
        let p = try #require(object.program(named: "on_switch"))
        let names = Set(p.kfuncs.values.map(\.name))
        #expect(names == ["bpf_task_acquire", "bpf_task_release"])
        for (imm, kfunc) in p.kfuncs {
            let proto = try #require(kfunc.btfPrototypeID.flatMap { p.btf.prototype(of: $0) }, "\(kfunc.name)")
            #expect(proto.parameters.count == 1)
            #expect(kfunc.btfFunctionID == BTFTypeID(UInt32(imm)))
            let calls = p.instructions.enumerated().filter { $0.element == .call(.kfunc(btfID: imm, module: 0)) }
            #expect(calls.count == 1, "\(kfunc.name)")
        }
        let acquire = try #require(p.kfuncs.values.first { $0.name == "bpf_task_acquire" })
        let proto = try #require(acquire.btfPrototypeID.flatMap { p.btf.prototype(of: $0) })
        #expect(p.btf.typeName(proto.returnType) == "struct task_struct *")
        let unlink = try #require(object.program(named: "on_unlink"))
        #expect(unlink.kfuncs.values.map(\.name) == ["bpf_throw"])
    }

    @Test func mapsAreDefinedAsLibbpfWould() throws {
        let object = try Self.load()
        let maps = object.maps.map { "\($0.name) \($0.type) \($0.keySize) \($0.valueSize) \($0.maxEntries) \(hex($0.flags))" }
        // BTF-defined maps in .maps offset order (libbpf sorts the DATASEC by offset).
        #expect(maps == [
            "events ringbuf 0 0 4096 0x0",
            "last_event array 4 32 4 0x0",
            "sized lru_hash 8 4 64 0x2",
            "counts hash 4 8 1024 0x0",
            ".rodata array 4 12 1 0x480",
            ".data array 4 8 1 0x400",
            ".data.custom array 4 4 1 0x400",
            ".bss array 4 8 1 0x400",
            ".rodata.cst16 array 4 16 1 0x480",
            ".kconfig array 4 9 1 0x480",
        ])
        let counts = try #require(object.maps.first { $0.name == "counts" })
        #expect(object.btf.typeName(counts.btfKeyTypeID) == "u32")
        #expect(object.btf.typeName(counts.btfValueTypeID) == "u64")
        #expect(object.btf.typeName(object.maps[1].btfValueTypeID) == "struct event")
        let rodata = object.maps[4]
        #expect(rodata.isReadOnly)
        #expect(Array(rodata.initialValue?[4..<10] ?? []) == Array("bpfsim".utf8))
        #expect(object.maps[5].initialValue == [7, 0, 0, 0, 0, 0, 0, 0])
        #expect(object.maps[6].initialValue == [3, 0, 0, 0])
        #expect(object.maps[7].initialValue == [UInt8](repeating: 0, count: 8))
        #expect(!object.maps[7].isReadOnly)
    }

    @Test func globalDataLoadsBecomeMapValueReferences() throws {
        let object = try Self.load()
        let classify = try #require(object.program(named: "classify"))
        let greeting = try #require(classify.references.first { $0.symbol == "greeting" })
        #expect(classify.instructions[greeting.pc] == .loadImm64(dst: .r2, .mapValue(fd: 4, offset: 4)))
    }

    @Test(arguments: [
        // (options, CONFIG_HZ bytes, LINUX_KERNEL_VERSION, CONFIG_BPF_SYSCALL)
        ([String: KconfigValue](), nil as UInt32?, nil as UInt8?),
        (["CONFIG_HZ": .number(250), "CONFIG_BPF_SYSCALL": .tristate("y")], 250, 1),
        (["CONFIG_HZ": .number(1000), "CONFIG_BPF_SYSCALL": .tristate("n")], 1000, 0),
    ])
    func kconfigExternsGetTheirValues(extra: [String: KconfigValue], hz: UInt32?, syscall: UInt8?) throws {
        var options = LoadOptions()
        options.kconfig.merge(extra) { $1 }
        let object = try Self.load(options)
        // libbpf's layout: alignment descending, then size, then name.
        #expect(object.kconfig.map { "\($0.name)@\($0.offset)" } == ["CONFIG_HZ@0", "LINUX_KERNEL_VERSION@4", "CONFIG_BPF_SYSCALL@8"])
        let value = try #require(object.maps.first { $0.name == ".kconfig" }?.initialValue)
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(value[at + $1]) << (8 * $1) } }
        #expect(u32(0) == (hz ?? 0))
        #expect(u32(4) == (6 << 16) + (18 << 8))
        #expect(value[8] == (syscall ?? 0))
    }

    @Test func strongKconfigExternWithoutValueFailsTheLoad() throws {
        let url = try Fixtures.clangObject("features.bpf.c")
        #expect(throws: ObjectError.self) { try BPFObjectFile.load(path: url.path, options: LoadOptions(kconfig: [:])) }
        do {
            _ = try BPFObjectFile.load(path: url.path, options: LoadOptions(kconfig: [:]))
        } catch {
            #expect(error.description == "\(url.path):.kconfig: extern LINUX_KERNEL_VERSION (strong) not resolved")
        }
    }

    @Test func coreRelocationsAreResolvedAgainstTheObjectsBTF() throws {
        let object = try Self.load()
        let classify = try #require(object.program(named: "classify"))
        let byKind = Dictionary(classify.coreRelocations.map { ($0.kind, $0) }, uniquingKeysWith: { a, _ in a })
        let taskStruct = try #require(object.btf.firstID(named: "task_struct"))
        #expect(byKind[.typeIDTarget]?.value == UInt64(taskStruct.rawValue))
        #expect(byKind[.enumValue]?.value == 7)
        #expect(byKind[.fieldSigned]?.value == 1)
        let unlink = try #require(object.program(named: "on_unlink"))
        #expect(unlink.coreRelocations.map { "\($0.kind.name) \($0.spec)=\($0.value)" }.prefix(2) == [
            "field_exists struct task_struct::in_iowait=1", "byte_sz struct task_struct::comm=16",
        ])
        let offsets = Set(object.programs.flatMap(\.coreRelocations).filter { $0.kind == .fieldByteOffset }.map { "\($0.spec)=\($0.value)" })
        #expect(offsets == ["struct task_struct::pid=32", "struct task_struct::tgid=36", "struct task_struct::comm=64"])
    }

    @Test func lineInfoQuotesTheSource() throws {
        let object = try Self.load()
        let p = try #require(object.program(named: "on_unlink"))
        #expect(!p.lineInfo.isEmpty)
        #expect(p.lineInfo.allSatisfy { $0.file.hasSuffix("features.bpf.c") })
        let throwCall = try #require(p.references.first { $0.symbol == "bpf_throw" })
        let location = try #require(p.sourcePosition(at: throwCall.pc))
        #expect(location.sourceLine.contains("bpf_throw(lc.sum)"), "pc \(throwCall.pc): \(location.sourceLine)")
        // Line info of appended subprograms moves with them.
        let cb = try #require(p.subprograms.first { $0.name == "exc_handler" })
        #expect(p.sourcePosition(at: cb.startPC)?.sourceLine.contains("throw_count++") == true || p.sourcePosition(at: cb.startPC + 1)?.sourceLine.contains("throw_count++") == true)
    }
}
