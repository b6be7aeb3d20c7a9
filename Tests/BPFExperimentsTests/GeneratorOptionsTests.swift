import BPFExperiments
import Testing

/// The generator's parameters: ranges as the CLI spells them, and the combinations it refuses.
@Suite struct GeneratorOptionsTests {
    @Test(arguments: [("3", 3...3), ("1-8", 1...8), ("0-0", 0...0), ("12", 12...12)])
    func ranges(_ text: String, _ expected: ClosedRange<Int>) {
        #expect(GeneratorOptions.range(text) == expected, "'\(text)'")
    }

    @Test(arguments: ["", "a", "3-", "-3", "5-2", "1-2-3", "x-4"])
    func malformedRanges(_ text: String) {
        #expect(GeneratorOptions.range(text) == nil, "'\(text)' should not parse")
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        var options: GeneratorOptions
        var flag: String
        var testDescription: String { flag }
    }

    static let refused: [Refused] = [
        Refused(options: GeneratorOptions(seed: 0, frames: 0...2), flag: "--frames"),
        Refused(options: GeneratorOptions(seed: 0, frames: 1...9), flag: "--frames"),
        Refused(options: GeneratorOptions(seed: 0, count: 0), flag: "--count"),
        Refused(options: GeneratorOptions(seed: 0, conflictRate: 1.5), flag: "--conflict-rate"),
        Refused(options: GeneratorOptions(seed: 0, branchRate: -0.1), flag: "--branch-rate"),
        Refused(options: GeneratorOptions(seed: 0, padding: 0...600), flag: "--padding"),
        Refused(options: GeneratorOptions(seed: 0, kinds: []), flag: "--kinds"),
        Refused(options: GeneratorOptions(seed: 0, kinds: [.cpumask]), flag: "cpumask"),
        Refused(options: GeneratorOptions(seed: 0, kinds: [.socket], section: .syscall), flag: "sock"),
    ]

    @Test(arguments: refused)
    func problems(_ r: Refused) {
        let problem = r.options.problem()
        #expect(problem != nil, "\(r.options.commandLine) should be refused")
        #expect(problem?.contains(r.flag) == true, "the problem should name \(r.flag): \(problem ?? "")")
    }

    @Test func defaultsAreValid() {
        #expect(GeneratorOptions(seed: 0).problem() == nil)
        #expect(GeneratorOptions(seed: 0, kinds: GeneratedKind.allCases.filter { $0.allowed(in: .tc) }).problem() == nil)
        #expect(GeneratorOptions(seed: 0, kinds: GeneratedKind.allCases.filter { $0.allowed(in: .syscall) }, section: .syscall).problem() == nil)
    }
}
