import Testing

@testable import KernelCheck

/// Deciding from `CapEff` whether this process may load BPF programs.
@Suite struct HostFactsTests {
    @Test(arguments: [
        ("CapEff:\t000001fffeffffff\n", UInt32(0), nil),
        ("CapEff:\t0000008000000000\n", UInt32(1000), nil),  // CAP_BPF alone
        ("CapEff:\t0000000000200000\n", UInt32(1000), nil),  // CAP_SYS_ADMIN alone
        ("CapEff:\t0000000000000000\n", UInt32(1000), "not root and without CAP_BPF or CAP_SYS_ADMIN (CapEff 0)"),
        ("CapEff:\t0000000000003000\n", UInt32(0), "root without CAP_BPF or CAP_SYS_ADMIN (CapEff 3000)"),
        ("Name:\tx\n", UInt32(1000), "not root, and the process's capabilities cannot be read"),
    ] as [(String, UInt32, String?)])
    func privilege(status: String, uid: UInt32, problem: String?) {
        let capabilities = HostFacts.effectiveCapabilities(status: status)
        #expect(HostFacts.privilegeProblem(capabilities: capabilities, effectiveUID: uid) == problem, "\(status)")
    }

    @Test func kernelReleaseIsUnameR() throws {
        #if os(Linux)
            let release = try #require(HostFacts.kernelRelease)
            #expect(release.first?.isNumber == true && release.contains("."), "\(release)")
        #endif
    }
}
