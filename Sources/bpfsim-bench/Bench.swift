import ArgumentParser
import BPFISA
import BPFInterpreter
import Foundation

/// `bpfsim-bench`: the interpreter's speed on the shared workloads, in executed BPF
/// instructions per second (best of N), measured in a release build.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bpfsim-bench",
        abstract: "Measure the BPF interpreter on the arith_loop and mem_loop workloads.",
        discussion: """
            Compiles each workload of ../shared/bench with clang -target bpf -O2, extracts its \
            prog section, runs it --repeat times on a struct wctx (seed 0x12345678, buf[i] = \
            i * 2654435761) and prints the executed BPF instructions, r0 (checked against the \
            README at the default n) and M instructions/s for the best and the median run by \
            wall-clock time, and for the best run by the thread's CPU time (which a busy \
            machine's preemption does not inflate). Build it in release mode first:

              swift build -c release --product bpfsim-bench
              .build/release/bpfsim-bench --repeat 7

            --callgrind N runs each workload twice under valgrind --tool=callgrind (loop counts \
            N and N/10) and prints host instructions per BPF instruction from the difference, \
            which cancels start-up and compilation.
            """)

    @Option(help: "Workloads to run (arith_loop, mem_loop).")
    var workload: [String] = Workload.all.map(\.name)

    @Option(help: "Loop count n (default: the README's, 10M / 4M).")
    var n: UInt64?

    @Option(name: .customLong("repeat"), help: "Runs per workload; the best is reported.")
    var repetitions = 5

    @Option(help: "The bench folder (default: $BPFSIM_SHARED/bench or ../shared/bench).")
    var benchDir: String?

    @Option(help: "clang with the BPF target.")
    var clang = "/opt/swift/usr/bin/clang"

    @Option(help: "llvm-objcopy.")
    var objcopy = "/opt/swift/usr/bin/llvm-objcopy"

    @Option(help: "Run this raw program (prog section bytes) instead of compiling the workload's source.")
    var program: String?

    @Option(help: "Measure host instructions per BPF instruction under callgrind at this loop count.")
    var callgrind: UInt64?

    @Flag(help: "Print one line per run and nothing else (used by --callgrind).")
    var quiet = false

    @Flag(help: "Also run each workload through the simulated kernel (BPFSimulator) and print its speed beside the bare interpreter's.")
    var kernel = false

    func run() throws {
        let directory = URL(
            fileURLWithPath: benchDir ?? ProcessInfo.processInfo.environment["BPFSIM_SHARED"].map { $0 + "/bench" }
                ?? "../shared/bench")
        let chosen = try workload.map { name in
            guard let w = Workload.all.first(where: { $0.name == name }) else {
                throw ValidationError("unknown workload '\(name)' (known: arith_loop, mem_loop)")
            }
            return w
        }
        if let callgrind {
            let programs = try chosen.map { try $0.compile(benchDirectory: directory, clang: clang, objcopy: objcopy) }
            try CallgrindMeasurement(n: callgrind).run(Array(zip(chosen, programs)))
            return
        }
        if !quiet {
            print(
                "workload    n          executed insns  r0                  check  best s   median s  "
                    + "M insns/s best  median  best cpu")
        }
        for w in chosen {
            if let program {
                guard chosen.count == 1 else { throw ValidationError("--program needs exactly one --workload") }
                try measure(w, program: try Workload.decode(URL(fileURLWithPath: program)))
            } else {
                try measure(w, program: try w.compile(benchDirectory: directory, clang: clang, objcopy: objcopy))
            }
        }
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    private func measure(_ w: Workload, program: [Instruction]) throws {
        let n = self.n ?? w.defaultN
        let interpreter = try Interpreter(program)
        let memory = Memory()
        let context = try memory.map("wctx", size: 16 + 8 * 512, kind: .input)
        var times: [Double] = []
        var cpuTimes: [Double] = []
        var last: ExecutionResult?
        for _ in 0..<max(repetitions, 1) {
            try memory.write(Workload.context(n: n), at: context.base)
            let start = ContinuousClock.now
            let cpuStart = Self.threadCPUTime()
            let result = interpreter.run(arguments: [context.base], memory: memory)
            cpuTimes.append(Self.threadCPUTime() - cpuStart)
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            last = result
        }
        guard let result = last, let r0 = result.returnValue else {
            throw BenchError("\(w.name): \(last?.fault?.description ?? "no result")")
        }
        let total = result.counts.total
        let check: String
        if n == w.defaultN {
            check = r0 == w.expectedResult && total == w.expectedInstructions(n) ? "ok" : "WRONG"
        } else {
            check = total == w.expectedInstructions(n) ? "ok(n)" : "WRONG"
        }
        times.sort()
        let best = times[0]
        let median = times[times.count / 2]
        let bestCPU = cpuTimes.min() ?? best
        if quiet {
            print("\(w.name) \(total) \(String(r0, radix: 16)) \(best)")
            return
        }
        func col(_ s: String, _ width: Int) -> String { s.padding(toLength: max(width, s.count), withPad: " ", startingAt: 0) }
        print(
            col(w.name, 12) + col("\(n)", 11) + col("\(total)", 16) + col(String(r0, radix: 16), 20) + col(check, 7)
                + col(String(format: "%.4f", best), 9) + col(String(format: "%.4f", median), 10)
                + col(String(format: "%.1f", Double(total) / best / 1e6), 16)
                + col(String(format: "%.1f", Double(total) / median / 1e6), 8)
                + String(format: "%.1f", Double(total) / bestCPU / 1e6))
        print("            by class: \(result.counts)")
        if kernel { try measureThroughKernel(w, n: n, program: program, bareBest: best, bareCPU: bestCPU) }
        if check == "WRONG" {
            throw BenchError("\(w.name): expected r0 \(String(w.expectedResult, radix: 16)) and \(w.expectedInstructions(n)) instructions")
        }
    }
}
