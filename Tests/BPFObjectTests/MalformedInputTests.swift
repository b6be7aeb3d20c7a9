import Foundation
import Testing

@testable import BPFObject

/// Acceptance: bad input gives `file[:section[:pc]]: message` and never crashes: truncated
/// files, wrong class or machine, section and symbol offsets out of range, relocations
/// against missing symbols, malformed BTF (bad type id, loop, string offset), and objects
/// that are not ELF at all.
@Suite struct MalformedInputTests {
    static func features() throws -> ObjectBytes {
        ObjectBytes(try Fixtures.bytes(try Fixtures.clangObject("features.bpf.c")))
    }

    static func expectError(_ bytes: [UInt8], _ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            _ = try BPFObjectFile.load(bytes: bytes, name: "bad.o")
            Issue.record("bad.o loaded, expected: \(expected)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.hasPrefix("bad.o:"), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains(expected), "got \(error), expected \(expected)", sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n"), "one line", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [0, 3, 20, 63, 64, 500])
    func truncatedFiles(length: Int) throws {
        let o = try Self.features()
        let expected = length < 4 ? "not an ELF file" : length < 64 ? "truncated ELF header" : "outside"
        Self.expectError(Array(o.bytes.prefix(length)), expected)
    }

    @Test func truncatedAtEveryEighthOfTheFile() throws {
        let o = try Self.features()
        for k in 1..<8 {
            let length = o.bytes.count * k / 8
            #expect(throws: ObjectError.self, "length \(length)") { try BPFObjectFile.load(bytes: Array(o.bytes.prefix(length)), name: "bad.o") }
        }
    }

    @Test func wrongClassDataTypeOrMachine() throws {
        var o = try Self.features()
        o.bytes[4] = 1
        Self.expectError(o.bytes, "ELF class 1 is not ELFCLASS64")
        o = try Self.features()
        o.bytes[5] = 2
        Self.expectError(o.bytes, "not little-endian")
        o = try Self.features()
        o.bytes[16] = 2
        Self.expectError(o.bytes, "ELF type 2 is not ET_REL")
        o = try Self.features()
        o.bytes[18] = 62
        o.bytes[19] = 0
        Self.expectError(o.bytes, "e_machine 62 is not EM_BPF (247)")
    }

    @Test func sectionOffsetsOutOfRange() throws {
        var o = try Self.features()
        let text = try #require(o.sectionIndex(".text"))
        o.put64(o.sectionHeader(text) + 24, 0x7fff_ff00)
        Self.expectError(o.bytes, "section \(text): data at offset \(0x7fff_ff00)")
        o = try Self.features()
        o.put64(o.sectionHeader(text) + 32, o.bytes.count)
        Self.expectError(o.bytes, "is outside the \(o.bytes.count)-byte file")
        o = try Self.features()
        o.put64(40, o.bytes.count - 10)
        Self.expectError(o.bytes, "section header table")
        o = try Self.features()
        o.put32(o.sectionHeader(text), 0xffff)
        Self.expectError(o.bytes, "section \(text): name offset 65535 is outside the section name table")
    }

    @Test func symbolOffsetsOutOfRange() throws {
        var o = try Self.features()
        let symtab = try #require(o.sectionIndex(".symtab"))
        let first = o.sectionOffset(symtab) + 24
        o.put32(first, 0x0fff_ffff)
        Self.expectError(o.bytes, "bad.o:.symtab: symbol 1: name offset \(0x0fff_ffff) is outside the string table")
        // A function symbol pointing past its section.
        o = try Self.features()
        let count = o.sectionSize(symtab) / 24
        let base = o.sectionOffset(symtab)
        let function = try #require((1..<count).first { o.bytes[base + 24 * $0 + 4] & 0xf == 2 })
        o.put64(base + 24 * function + 8, 0x10_0000)
        Self.expectError(o.bytes, "is outside the section or misaligned")
    }

    @Test func relocationAgainstAMissingSymbol() throws {
        var o = try Self.features()
        let rel = try #require(o.sectionIndex(".reltc"))
        o.put32(o.sectionOffset(rel) + 12, 9999)
        Self.expectError(o.bytes, "bad.o:.reltc: relocation 0 at offset")
        Self.expectError(o.bytes, "symbol 9999 not found")
    }

    @Test func relocationOnTheWrongInstruction() throws {
        var o = try Self.features()
        let rel = try #require(o.sectionIndex(".reltc"))
        // Move the first relocation (an lddw of a map) one slot later, onto a plain instruction.
        let offset = o.u64(o.sectionOffset(rel))
        o.put64(o.sectionOffset(rel), offset + 16)
        Self.expectError(o.bytes, "bad.o:tc:\((offset + 16) / 8): invalid relo against 'last_event'")
    }

    @Test func btfTypeIDOutOfRange() throws {
        var o = try Self.features()
        let layout = try #require(o.btfLayout())
        let pointer = try #require((1...layout.records.count).first { o.btfKind($0) == 2 })
        o.put32(layout.records[pointer - 1] + 8, 0x00ff_ffff)
        Self.expectError(o.bytes, "bad.o:.BTF: [\(pointer)] PTR '' refers to type [\(0x00ff_ffff)], which does not exist")
    }

    @Test func btfLoop() throws {
        var o = try Self.features()
        let layout = try #require(o.btfLayout())
        let typedef = try #require((1...layout.records.count).first { o.btfKind($0) == 8 })
        o.put32(layout.records[typedef - 1] + 8, typedef)
        Self.expectError(o.bytes, "bad.o:.BTF: [\(typedef)] TYPEDEF")
        Self.expectError(o.bytes, "loop")
        // A struct that contains itself by value.
        o = try Self.features()
        let structID = try #require((1...layout.records.count).first { o.btfKind($0) == 4 && o.u32(layout.records[$0 - 1] + 4) & 0xffff > 0 })
        o.put32(layout.records[structID - 1] + 12 + 4, structID)
        Self.expectError(o.bytes, "contains itself")
    }

    @Test func btfStringOffsetOutOfRange() throws {
        var o = try Self.features()
        let layout = try #require(o.btfLayout())
        o.put32(layout.records[0], layout.stringLength + 100)
        Self.expectError(o.bytes, "bad.o:.BTF: [1] type name offset \(layout.stringLength + 100) is outside the \(layout.stringLength)-byte string section")
    }

    @Test func btfHeaderAndKindErrors() throws {
        var o = try Self.features()
        let btf = try #require(o.sectionIndex(".BTF"))
        o.bytes[o.sectionOffset(btf)] = 0
        Self.expectError(o.bytes, "bad.o:.BTF: invalid BTF magic")
        o = try Self.features()
        let layout = try #require(o.btfLayout())
        o.bytes[layout.records[0] + 7] = 0x1f
        Self.expectError(o.bytes, "bad.o:.BTF: [1] unknown BTF kind 31")
    }

    @Test func notAnObjectAtAll() {
        Self.expectError(Array("int main() { return 0; }\n".utf8), "not an ELF file")
        Self.expectError([], "not an ELF file")
    }

    @Test func unreadableFileIsAnErrorWithThePath() {
        do {
            _ = try BPFObjectFile.load(path: "/nonexistent/x.o")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/x.o: cannot read file"))
        }
    }
}
