import Testing

@testable import BPFObject

/// `.kconfig` values: the `.config` text format and the encodings libbpf writes for each
/// extern type.
@Suite struct KconfigTests {
    @Test(arguments: [
        ("y", KconfigValue.tristate("y")), ("m", .tristate("m")), ("n", .tristate("n")), ("250", .number(250)),
        ("0x10", .number(16)), ("-1", .number(UInt64.max)), ("\"bpf\"", .string("bpf")),
    ])
    func valueText(text: String, value: KconfigValue) {
        #expect(KconfigValue(text: text) == value)
    }

    @Test func configFileText() throws {
        var options = LoadOptions()
        try options.addKconfig(text: "# a comment\nCONFIG_HZ=1000\n# CONFIG_FOO is not set\nCONFIG_BPF_SYSCALL=y\nCONFIG_NAME=\"x\"\n")
        #expect(options.kconfig["CONFIG_HZ"] == .number(1000))
        #expect(options.kconfig["CONFIG_BPF_SYSCALL"] == .tristate("y"))
        #expect(options.kconfig["CONFIG_NAME"] == .string("x"))
        #expect(options.kconfig["CONFIG_FOO"] == nil)
        #expect(options.kconfig["LINUX_KERNEL_VERSION"] == LoadOptions.defaultKernelVersion)
        do {
            try options.addKconfig(text: "CONFIG_OK=1\nnonsense\n")
            Issue.record("accepted a line without '='")
        } catch {
            #expect(error.description == "kconfig:2: expected NAME=VALUE, got 'nonsense'")
        }
    }

    /// bool, char, int and char-array externs as libbpf encodes them.
    @Test func encodings() throws {
        let btf = BTF(types: [
            .int(name: "_Bool", size: 1, encoding: .bool, bitOffset: 0, bits: 8),  // [1]
            .int(name: "char", size: 1, encoding: [.signed, .char], bitOffset: 0, bits: 8),  // [2]
            .int(name: "int", size: 4, encoding: .signed, bitOffset: 0, bits: 32),  // [3]
            .array(element: 2, index: 3, count: 4),  // [4]
            .enumeration(BTFEnum(name: "libbpf_tristate", size: 4, isSigned: false, values: [])),  // [5]
        ])
        #expect(try ExternCollector.encode(.tristate("y"), name: "B", type: 1, size: 1, btf: btf) == [1])
        #expect(try ExternCollector.encode(.tristate("n"), name: "B", type: 1, size: 1, btf: btf) == [0])
        #expect(try ExternCollector.encode(.tristate("m"), name: "C", type: 2, size: 1, btf: btf) == [UInt8(ascii: "m")])
        #expect(try ExternCollector.encode(.number(0x1234), name: "I", type: 3, size: 4, btf: btf) == [0x34, 0x12, 0, 0])
        #expect(try ExternCollector.encode(.number(UInt64.max), name: "I", type: 3, size: 4, btf: btf) == [0xff, 0xff, 0xff, 0xff])
        #expect(try ExternCollector.encode(.string("abcdef"), name: "S", type: 4, size: 4, btf: btf) == Array("abc".utf8) + [0])
        #expect(try ExternCollector.encode(.tristate("m"), name: "T", type: 5, size: 4, btf: btf) == [2, 0, 0, 0])
        #expect(throws: ObjectError.self) { try ExternCollector.encode(.tristate("m"), name: "B", type: 1, size: 1, btf: btf) }
        #expect(throws: ObjectError.self) { try ExternCollector.encode(.number(1 << 40), name: "I", type: 3, size: 4, btf: btf) }
        #expect(throws: ObjectError.self) { try ExternCollector.encode(.string("x"), name: "I", type: 3, size: 4, btf: btf) }
    }
}
