import Foundation
import KernelCheck

// The loader child of `KernelVerifier`: one libbpf load per process, so a hang or crash in
// libbpf or the kernel costs bpfsim one record, never the run. Internal to bpfsim.
exit(KernelLoader.main(arguments: CommandLine.arguments))
