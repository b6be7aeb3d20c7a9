#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import KernelCheck

// The loader child of `KernelVerifier`: one libbpf load per process, so a hang or crash in
// libbpf or the kernel costs bpfsim one record, never the run. Internal to bpfsim; it imports
// no Foundation so that it starts fast.
exit(KernelLoader.main(arguments: CommandLine.arguments))
