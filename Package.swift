// swift-tools-version: 6.0
import PackageDescription

/// bpfsim's pipeline, one library target per stage (see README "Architecture"):
/// ISA -> Object -> KernelModel -> Verifier -> Cleanup -> Simulator -> Experiments -> CLI.
let package = Package(
    name: "bpfsim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bpfsim", targets: ["bpfsim"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Instructions: decode/encode, both assembly syntaxes, disassembler.
        .target(name: "BPFISA"),
        // Executes decoded instructions: registers, frames, memory regions, helper dispatch.
        .target(name: "BPFInterpreter", dependencies: ["BPFISA"]),
        // ELF objects, BTF, relocations, assembly files, corpora, the .c compile cache.
        .target(
            name: "BPFObject",
            dependencies: ["BPFISA", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The kernel as bpfsim models it: helper/kfunc catalog, resources, program types, contexts.
        .target(name: "BPFKernelModel", dependencies: ["BPFISA", "BPFObject"]),
        // The abstract interpreter in the kernel verifier's image (SPEC §4).
        .target(name: "BPFVerifier", dependencies: ["BPFISA", "BPFObject", "BPFKernelModel"]),
        // Cleanup backends for bpf_throw, side by side (SPEC §5), and the one shared patcher.
        .target(name: "BPFCleanup", dependencies: ["BPFISA", "BPFObject", "BPFKernelModel", "BPFVerifier"]),
        // Loading programs into the running kernel through libbpf (dlopen), in a child process.
        .target(name: "KernelCheck", dependencies: ["CKernelLoader"]),
        // C for KernelCheck's loader: libbpf's va_list print callback, prctl (Swift has neither).
        .target(name: "CKernelLoader"),
        // KernelCheck's loader child process: one libbpf load per process, killed at the limit.
        .executableTarget(name: "bpfsim-kernel-load", dependencies: ["KernelCheck"]),
        // The simulated kernel: objects and ledger, helpers/kfuncs, unwinders, oracle, workloads, cost.
        .target(
            name: "BPFSimulator",
            dependencies: ["BPFISA", "BPFObject", "BPFKernelModel", "BPFVerifier", "BPFCleanup", "BPFInterpreter"]
        ),
        // The experiment runner, records, storage, CSV, reports: everything the CLI shows.
        .target(
            name: "BPFExperiments",
            dependencies: [
                "BPFISA", "BPFObject", "BPFKernelModel", "BPFVerifier", "BPFCleanup", "BPFInterpreter", "BPFSimulator",
                "KernelCheck", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The thin command-line shell: one file per subcommand.
        .executableTarget(
            name: "bpfsim",
            dependencies: [
                "BPFISA", "BPFInterpreter", "BPFObject", "KernelCheck", "BPFExperiments", "BPFCleanup", "BPFVerifier",
                "BPFSimulator", "BPFKernelModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "bpfsim-bench", dependencies: ["BPFInterpreter", "BPFISA", "BPFSimulator", "BPFCleanup", "BPFObject", "BPFVerifier", .product(name: "ArgumentParser", package: "swift-argument-parser")]),  // the interpreter benchmark (README)
        // Shared by the test targets only: repository paths, compiling C fixtures with clang.
        .target(name: "BPFTestSupport", dependencies: ["BPFISA"]),
        .testTarget(name: "BPFISATests", dependencies: ["BPFISA", "BPFTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BPFInterpreterTests", dependencies: ["BPFInterpreter", "BPFISA", "BPFTestSupport"]),
        .testTarget(name: "BPFObjectTests", dependencies: ["BPFObject", "BPFISA", "BPFTestSupport"]),
        .testTarget(
            name: "BPFVerifierTests",
            dependencies: ["BPFVerifier", "BPFKernelModel", "BPFObject", "BPFISA", "BPFTestSupport", "KernelCheck", "bpfsim-kernel-load"]),
        .testTarget(
            name: "BPFCleanupTests",
            dependencies: ["BPFCleanup", "BPFVerifier", "BPFKernelModel", "BPFObject", "BPFISA", "BPFTestSupport"]),
        .testTarget(
            name: "BPFSimulatorTests",
            dependencies: ["BPFSimulator", "BPFCleanup", "BPFVerifier", "BPFKernelModel", "BPFInterpreter", "BPFObject", "BPFISA", "BPFTestSupport"]),
        .testTarget(
            name: "BPFExperimentsTests",
            dependencies: ["BPFExperiments", "BPFCleanup", "BPFObject", "BPFTestSupport", "bpfsim", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "KernelCheckTests", dependencies: ["KernelCheck", "bpfsim-kernel-load", "BPFObject", "BPFTestSupport"],
            exclude: ["Fixtures"]),
    ]
)
