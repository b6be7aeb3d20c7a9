import Testing

@testable import BPFObject

/// BTF reading and queries on `btfkinds.bpf.c`, whose BTF holds every kind the kernel defines.
@Suite struct BTFTests {
    static func btf() throws -> BTF {
        try BPFObjectFile.load(path: Fixtures.clangObject("btfkinds.bpf.c").path).btf
    }

    @Test func everyKindIsPresent() throws {
        let kinds = Set(try Self.btf().types.dropFirst().map(\.kindName))
        #expect(kinds == [
            "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF", "VOLATILE", "CONST", "RESTRICT", "FUNC",
            "FUNC_PROTO", "VAR", "DATASEC", "FLOAT", "DECL_TAG", "TYPE_TAG", "ENUM64",
        ])
        #expect(try Self.btf().validate().isEmpty)
    }

    /// `extern const int bpf_prog_active __ksym;` is typed, `extern const void ... __ksym` is
    /// not; both load with `BPF_PSEUDO_BTF_ID` and the VAR's id in the object's BTF.
    @Test func ksymVariables() throws {
        let object = try BPFObjectFile.load(path: Fixtures.clangObject("btfkinds.bpf.c").path)
        let p = try #require(object.program(named: "kinds"))
        let byName = Dictionary(uniqueKeysWithValues: p.ksyms.values.map { ($0.name, $0) })
        #expect(byName.keys.sorted() == ["bpf_link_fops", "bpf_prog_active"])
        #expect(byName["bpf_prog_active"]?.btfTypeID.map { p.btf.typeName($0) } == "const int")
        #expect(byName["bpf_link_fops"]?.btfTypeID == nil)
        #expect(byName["bpf_link_fops"]?.isWeak == true)
        for r in p.references { if case .ksym(let id) = r.target { #expect(p.instructions[r.pc] == .loadImm64(dst: .r1, .btfID(id, module: 0))) } }
    }

    @Test func functionLinkage() throws {
        let btf = try Self.btf()
        func linkage(_ name: String) -> BTFLinkage? {
            guard let id = btf.function(named: name), case .function(_, _, let l)? = btf[id] else { return nil }
            return l
        }
        #expect(linkage("kinds") == .global)
        #expect(linkage("global_with_tags") == .global)
        #expect(linkage("copy_bytes") == .static)
        #expect(linkage("bpf_rcu_read_lock") == .extern)
    }

    @Test func declTagsByTarget() throws {
        let btf = try Self.btf()
        let global = try #require(btf.function(named: "global_with_tags"))
        let tags = btf.declTags(on: global).map { "\($0.name)@\($0.componentIndex)" }.sorted()
        #expect(tags == ["arg:nonnull@0", "global_func_tag@-1"])
        let tagged = try #require(btf.firstID(named: "tagged") { if case .structure = $0 { return true } else { return false } })
        #expect(btf.declTags(on: tagged).map(\.name) == ["member_tag"])
        #expect(btf.declTags(on: tagged).first?.componentIndex == 0)
    }

    @Test func resolveKeepsTypeTagsVisible() throws {
        let btf = try Self.btf()
        let tagged = try #require(btf.firstID(named: "tagged") { if case .structure = $0 { return true } else { return false } })
        let owned = try #require(btf.member(named: "owned", in: tagged))
        guard case .pointer(let to)? = btf.resolve(owned.member.type)?.type else {
            Issue.record("owned is not a pointer")
            return
        }
        let target = try #require(btf.resolve(to))
        #expect(target.typeTags == ["kptr"])
        #expect(btf.typeName(target.id) == "struct task_struct")
        #expect(btf.typeName(owned.member.type) == "struct task_struct __tag(kptr) *")
    }

    @Test func layoutQueries() throws {
        let btf = try Self.btf()
        let tagged = try #require(btf.firstID(named: "tagged") { if case .structure = $0 { return true } else { return false } })
        let c = try #require(btf.composite(tagged))
        let byName = Dictionary(uniqueKeysWithValues: c.members.map { ($0.name, $0) })
        #expect(byName["plain"]?.bitOffset == 0)
        #expect(byName["owned"]?.bitOffset == 64)
        #expect(byName["low"]?.bitfieldSize == 3)
        #expect(byName["high"]?.bitfieldSize == 5)
        #expect((byName["high"]?.bitOffset ?? 0) - (byName["low"]?.bitOffset ?? 0) == 3)
        #expect(btf.size(of: tagged) == UInt64(c.size))
        #expect(btf.size(of: byName["bytes"]!.type) == 3)
        #expect(btf.typeName(byName["ratio"]!.type) == "double")
        guard case .float(_, 8)? = btf.resolve(byName["ratio"]!.type)?.type else {
            Issue.record("double is not an 8-byte FLOAT")
            return
        }
    }

    @Test func enumsKeepTheirSignednessAndWidth() throws {
        let btf = try Self.btf()
        let big = try #require(btf.firstID(named: "big_values"))
        guard case .enumeration64(let e)? = btf[big] else {
            Issue.record("big_values is \(btf[big]?.kindName ?? "?")")
            return
        }
        #expect(e.values.map(\.value) == [1, 0x1234_5678_9abc])
        #expect(e.isSigned == false)
        let small = try #require(btf.firstID(named: "small_signed"))
        guard case .enumeration(let s)? = btf[small] else {
            Issue.record("small_signed is \(btf[small]?.kindName ?? "?")")
            return
        }
        #expect(s.isSigned)
        #expect(s.values.map(\.value) == [-3, 4])
    }

    @Test func prototypesWithRestrictAndForwardDeclarations() throws {
        let btf = try Self.btf()
        let copy = try #require(btf.function(named: "copy_bytes"))
        let proto = try #require(btf.prototype(of: copy))
        #expect(proto.parameters.map(\.name) == ["dst", "src", "n"])
        #expect(btf.typeName(proto.parameters[0].type) == "u8 * restrict")
        #expect(btf.typeName(proto.parameters[1].type) == "const u8 * restrict")
        let opaque = try #require(btf.firstID(named: "opaque"))
        #expect(btf[opaque] == .forward(name: "opaque", isUnion: false))
        #expect(btf.size(of: opaque) == nil)
    }

    /// libbpf's DATASEC fixup: sizes and offsets from the ELF symbols, sorted by offset.
    @Test func dataSectionsAreFixedUp() throws {
        let btf = try Self.btf()
        let data = try #require(btf.dataSection(named: ".data"))
        guard case .dataSection(_, let size, let vars)? = btf[data] else { return }
        #expect(size > 0)
        #expect(vars.map { btf[$0.type]?.name ?? "?" } == ["pattern"])
        let rodata = try #require(btf.dataSection(named: ".rodata"))
        guard case .dataSection(_, _, let rvars)? = btf[rodata] else { return }
        #expect(rvars.map { btf[$0.type]?.name ?? "?" } == ["restrict_me"])
    }

    /// A hand-built BTF with the wire format's trailers: INT, PTR, FUNC_PROTO with a vararg.
    @Test func handBuiltBlob() throws {
        var strings: [UInt8] = [0]
        func name(_ s: String) -> UInt32 {
            let off = UInt32(strings.count)
            strings += Array(s.utf8) + [0]
            return off
        }
        var types: [UInt32] = []
        types += [name("int"), 1 << 24, 4, 0x0100_0020]  // [1] INT int signed 32 bits
        types += [0, 2 << 24, 1]  // [2] PTR -> int
        types += [0, 13 << 24 | 2, 1, name("p"), 2, 0, 0]  // [3] FUNC_PROTO int (int *p, ...)
        types += [name("f"), 12 << 24 | 1, 3]  // [4] FUNC f global
        var blob: [UInt8] = []
        func put32(_ v: UInt32) { for k in 0..<4 { blob.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        blob += [0x9f, 0xeb, 1, 0]
        put32(24)
        put32(0)
        put32(UInt32(types.count * 4))
        put32(UInt32(types.count * 4))
        put32(UInt32(strings.count))
        types.forEach(put32)
        blob += strings
        let btf = try BTF(bytes: blob)
        #expect(btf.count == 5)
        #expect(btf[4] == .function(name: "f", proto: 3, linkage: .global))
        #expect(btf.prototype(of: 4)?.parameters == [BTFParameter(name: "p", type: 2), BTFParameter(name: "", type: .void)])
        #expect(btf.typeName(3) == "int (int *, void)")
        #expect(btf.validate().isEmpty)
        guard case .int(_, 4, let enc, 0, 32)? = btf[1] else {
            Issue.record("INT decoded as \(String(describing: btf[1]))")
            return
        }
        #expect(enc == .signed)
    }
}
