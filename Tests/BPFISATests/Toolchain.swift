import BPFTestSupport
import Foundation

/// The LLVM tools the comparison tests run, and a small process runner.
enum Toolchain {
    static let clang = TestPaths.clang
    static let bin = URL(fileURLWithPath: TestPaths.clang).deletingLastPathComponent()
    static let objdump21 = bin.appendingPathComponent("llvm-objdump").path
    static let objcopy = bin.appendingPathComponent("llvm-objcopy").path
    static let objdump14 = "/usr/bin/llvm-objdump"

    static func available(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `tool` and returns its standard output; throws with standard error on failure.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        // Standard error goes to a file, so neither pipe can fill up while the other is read.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        defer { try? FileManager.default.removeItem(at: errURL) }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? err.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        let stdout = String(decoding: outData, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                    + String(decoding: errData, as: UTF8.self))
        }
        return stdout
    }

    /// The bytes of one section of an object file, as `llvm-objcopy -O binary` extracts them
    /// (before relocation, as objdump shows them).
    static func sectionBytes(_ object: URL, section: String, scratch: URL) throws -> [UInt8] {
        let out = scratch.appendingPathComponent("section-\(UUID().uuidString).bin")
        try run(objcopy, ["-O", "binary", "--only-section=\(section)", object.path, out.path])
        return Array(try Data(contentsOf: out))
    }

    /// A function symbol of an object file (`llvm-objdump -t`, flag `F`).
    struct FunctionSymbol {
        var section: String
        var offset: Int
        var name: String
    }

    static func functionSymbols(_ object: URL) throws -> [FunctionSymbol] {
        // `0000000000000000 g     F tp/x\t00000000000000b8 prog`
        try run(objdump21, ["-t", object.path]).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let offset = Int(line.prefix(16), radix: 16) else { return nil }
            let head = parts[0].split(separator: " ", omittingEmptySubsequences: true)
            guard head.count >= 3, head[head.count - 2] == "F" || head.contains("F") else { return nil }
            let section = String(head.last ?? "")
            guard let name = parts[1].split(separator: " ").last else { return nil }
            return FunctionSymbol(section: section, offset: offset, name: String(name))
        }
    }

    /// `pc:\ttext` instruction lines and `<sym>:` headers of an objdump listing, with the
    /// leading spaces before each pc removed: the only normalisation the comparison makes.
    static func instructionLines(_ listing: String) -> [String] {
        listing.split(separator: "\n").compactMap { raw -> String? in
            let line = raw.drop { $0 == " " }
            if let colon = line.firstIndex(of: ":"), line[..<colon].allSatisfy(\.isNumber), !line[..<colon].isEmpty {
                return String(line)
            }
            if line.hasSuffix(">:"), line.first?.isHexDigit == true { return String(line) }
            return nil
        }
    }
}
