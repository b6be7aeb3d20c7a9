import BPFISA
import Foundation

/// Host instructions per executed BPF instruction, as callgrind counts them: two runs of the
/// bench itself under `valgrind --tool=callgrind` at loop counts `n` and `n / 10`; the
/// difference of their instruction totals over the difference of their BPF instruction counts
/// removes everything but the interpreter loop (process start, clang, translation).
struct CallgrindMeasurement {
    let n: UInt64

    func run(_ workloads: [(Workload, [Instruction])]) throws {
        let small = max(n / 10, 1)
        print("workload    BPF insns (n, n/10)       host insns (n, n/10)          host insns per BPF insn")
        for (w, program) in workloads {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("bpfsim-bench-\(getpid())-\(w.name).bin")
            try Data(program.flatMap { $0.encode() }.flatMap(\.bytes)).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let (bigHost, bigBPF) = try measure(w, file, n: n)
            let (smallHost, smallBPF) = try measure(w, file, n: small)
            let ratio = Double(bigHost - smallHost) / Double(bigBPF - smallBPF)
            print(
                "\(w.name.padding(toLength: 12, withPad: " ", startingAt: 0))\(bigBPF), \(smallBPF)    \(bigHost), \(smallHost)    "
                    + String(format: "%.1f", ratio))
        }
    }

    /// (callgrind's "Collected" instruction total, executed BPF instructions) of one run.
    private func measure(_ w: Workload, _ program: URL, n: UInt64) throws -> (UInt64, UInt64) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/valgrind")
        process.arguments = [
            "--tool=callgrind", "--callgrind-out-file=/dev/null", CommandLine.arguments[0], "--quiet", "--repeat", "1",
            "--workload", w.name, "--n", "\(n)", "--program", program.path,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stdout = String(decoding: outData, as: UTF8.self)
        let stderr = String(decoding: errData, as: UTF8.self)
        guard process.terminationStatus == 0,
            let collected = stderr.split(separator: "\n").first(where: { $0.contains("Collected :") }),
            let host = collected.split(separator: " ").last.flatMap({ UInt64($0) }),
            let bpf = stdout.split(separator: " ").dropFirst().first.flatMap({ UInt64($0) })
        else {
            throw BenchError("valgrind run of \(w.name) failed (status \(process.terminationStatus)):\n\(stderr)")
        }
        return (host, bpf)
    }
}
