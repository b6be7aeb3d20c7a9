import Foundation

/// The report's tables, one function per section.
enum ReportSections {
    static func runRows(_ run: RunRecord, data: ReportData) -> [[String]] {
        var rows: [[String]] = [
            ["corpus", "`\(run.corpus ?? "?")`: \(run.corpusFiles ?? 0) files, \(run.corpusEntries ?? 0) entries (sha256 \(String((run.corpusSha256 ?? "").prefix(12))))"],
            ["backends", data.labels.joined(separator: ", ")],
            ["workload", "\(run.workloadRuns ?? 0) runs per program, seed \(run.seed ?? 0), acquire-failure p = \(ValueText.real(run.acquireFailureP ?? 0)), throw injection `\(run.throwInjection ?? "?")`"],
        ]
        // One line per build: `runs` joins the builds' names, command lines and versions.
        let names = (run.build ?? "?").split(separator: ",").map(String.init)
        let commands = (run.compilerFlags ?? "").components(separatedBy: "; ")
        let versions = (run.compilerVersion ?? "").components(separatedBy: "; ")
        for (i, name) in names.enumerated() {
            let command = i < commands.count ? commands[i] : "?"
            let version = i < versions.count ? versions[i] : "unknown compiler"
            rows.append([i == 0 ? "build (reference)" : "build", "`\(name)`: `\(command)` (\(version))"])
        }
        rows += [
            ["cost model", run.costModel ?? "default"],
            ["kernel cross-check", run.kernelCheck == true ? "yes" : "no"],
            ["tool", "bpfsim \(run.toolVersion ?? "?"), commit \(run.gitCommit ?? "unknown")"],
            ["host", "\(run.host ?? "?"), Linux \(run.kernelRelease ?? "?"), \(run.jobs ?? 1) jobs"],
            ["started", run.startedAt ?? "?"],
            ["finished", run.finishedAt ?? "not finished"],
        ]
        if let wall = run.wallSeconds { rows.append(["wall time", "\(ValueText.fixed(wall, 1)) s (last session)"]) }
        if let r = run.resumes, r > 0 { rows.append(["resumed", "\(r) times"]) }
        rows.append(["config", "`\(run.config ?? "{}")`"])
        return rows
    }

    static func verdictTable(_ data: ReportData) -> TextTable {
        let kinds = ["verifier", "backend", "limit", "unsupported", "parse"]
        var rows: [[String]] = []
        for label in data.labels {
            let vs = data.verifications(label)
            let accepted = vs.filter { $0.record.verdict == "success" }.count
            var row = [label, "\(vs.count)", "\(accepted)"]
            for k in kinds { row.append("\(vs.filter { $0.record.verdict == "failure" && $0.record.failureKind == k }.count)") }
            rows.append(row)
        }
        return TextTable(
            header: ["backend/variant", "programs", "accepted", "rejected: verifier", "rejected: backend", "limit", "unsupported", "parse"],
            rows: rows, rightAligned: Set(1...7))
    }

    /// `Unreleased reference id=2 alloc_insn=13` -> `Unreleased reference id=N alloc_insn=N`.
    static func reason(_ message: String?) -> String {
        let first = message?.split(separator: "\n").first.map(String.init) ?? "(no message)"
        return first.replacing(/[0-9]+/, with: "N")
    }

    static func reasonTable(_ data: ReportData, limit: Int = 12) -> TextTable {
        var rows: [[String]] = []
        for label in data.labels {
            var counts: [String: Int] = [:]
            for v in data.verifications(label) where v.record.verdict == "failure" {
                counts["\(v.record.failureKind ?? "?")\t\(reason(v.record.message))", default: 0] += 1
            }
            let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit)
            for (key, n) in top {
                let parts = key.split(separator: "\t", maxSplits: 1).map(String.init)
                rows.append([label, "\(n)", parts[0], "`\(parts.count > 1 ? parts[1] : "")`"])
            }
        }
        return TextTable(header: ["backend/variant", "programs", "kind", "reason"], rows: rows, rightAligned: [1])
    }

    static func mergeFailureTable(_ data: ReportData) -> TextTable {
        var rows: [[String]] = []
        for v in data.verifications where v.record.backend == "descriptors" && (v.record.metrics.mergeFailures ?? 0) > 0 {
            let r = v.record
            rows.append([
                r.variant, "\(r.fileName):\(r.progName)", "\(r.metrics.conflicts ?? 0)", "\(r.metrics.mergeFailures ?? 0)",
                "\(r.metrics.rounds ?? 0)", r.pc.map(String.init) ?? "-", "`\(reason(r.message).prefix(90))`",
            ])
        }
        return TextTable(header: ["variant", "program", "conflicts", "merge failures", "rounds", "pc", "message"], rows: rows, rightAligned: [2, 3, 4, 5])
    }

    static let resolutions = ["identical", "null_merge", "conflict", "spilled"]

    static func mergeEventTable(_ data: ReportData) -> TextTable {
        var rows: [[String]] = []
        for label in data.labels where label.hasPrefix("descriptors/") {
            let counts = data.mergeEventCounts.filter { $0.label == label }
            let programs = Set(counts.map(\.programId)).count
            func total(_ resolution: String?) -> Int { counts.filter { resolution == nil || $0.resolution == resolution }.reduce(0) { $0 + $1.count } }
            rows.append([label, "\(programs)"] + resolutions.map { r in "\(total(r))" } + ["\(total(nil))"])
        }
        return TextTable(header: ["backend/variant", "programs with merges"] + resolutions + ["total"], rows: rows, rightAligned: Set(1...6))
    }

    static func stackTable(_ data: ReportData) -> TextTable {
        let before = data.stackBefore
        var rows: [[String]] = []
        for label in data.labels {
            let vs = data.verifications(label).filter { $0.record.stackAfter != nil }
            let growth = vs.compactMap { v -> Double? in
                guard let b = before[v.programId], let a = v.record.stackAfter else { return nil }
                return Double(a - b)
            }.sorted()
            let after = vs.compactMap { $0.record.stackAfter.map(Double.init) }.sorted()
            let over = vs.filter { ($0.record.stackAfter ?? 0) > Int(Report.stackLimit) || $0.record.metrics.exceedsStackLimit == true }.count
            rows.append([
                label, "\(vs.count)", "\(growth.filter { $0 > 0 }.count)", num(Statistics.median(growth)), num(growth.last),
                num(Statistics.median(after)), num(after.last), "\(over)",
            ])
        }
        return TextTable(
            header: ["backend/variant", "programs", "programs grown", "median growth (B)", "max growth (B)", "median stack (B)", "max stack (B)", "over 512 B"],
            rows: rows, rightAligned: Set(1...7))
    }

    static func insertedTable(_ data: ReportData) -> TextTable {
        var rows: [[String]] = []
        for label in data.labels {
            let vs = data.verifications(label).map(\.record)
            let inserted = vs.compactMap { $0.metrics.insertedInsns.map(Double.init) }.sorted()
            func total(_ f: (BackendMetricsView) -> Int?) -> String {
                let values = vs.compactMap { f(BackendMetricsView($0)) }
                return values.isEmpty ? "-" : "\(values.reduce(0, +))"
            }
            rows.append([
                label, "\(inserted.filter { $0 > 0 }.count)", num(inserted.isEmpty ? nil : inserted.reduce(0, +)),
                num(Statistics.median(inserted)), num(inserted.last), total { $0.push }, total { $0.pop }, total { $0.zeroing },
                total { $0.trampoline }, total { $0.descriptorBytes }, total { $0.descriptorBytesCompact },
            ])
        }
        return TextTable(
            header: [
                "backend/variant", "programs changed", "inserted insns", "median", "max", "push", "pop", "zeroing", "trampoline insns",
                "descriptor bytes (RFC)", "descriptor bytes (compact)",
            ], rows: rows, rightAligned: Set(1...10))
    }

    static func costTable(_ data: ReportData) -> TextTable {
        var rows: [[String]] = []
        for label in data.labels {
            let es = data.executions(label)
            guard !es.isEmpty else { continue }
            let overhead = es.compactMap(\.overheadPct).sorted()
            let unwind = es.compactMap(\.unwindCycles)
            let throwsCount = es.compactMap(\.throws).reduce(0, +)
            let unwindTotal = unwind.reduce(0, +)
            rows.append([
                label, "\(es.count)", "\(es.compactMap(\.runs).reduce(0, +))", "\(throwsCount)",
                pct(Statistics.median(overhead)), pct(Statistics.quantile(overhead, 0.9)), pct(overhead.last),
                num(unwind.isEmpty ? nil : unwindTotal), throwsCount > 0 ? ValueText.fixed(unwindTotal / Double(throwsCount), 1) : "-",
                "\(es.compactMap(\.oracleViolations).reduce(0, +))",
            ])
        }
        return TextTable(
            header: [
                "backend/variant", "programs", "runs", "throws", "median overhead", "p90 overhead", "max overhead", "unwind cycles",
                "unwind cycles per throw", "oracle violations",
            ], rows: rows, rightAligned: Set(1...9))
    }

    static func kernelText(_ data: ReportData) -> String {
        let ks = data.kernelChecks
        let agree = ks.filter { $0.agreement == "agree" }.count
        let disagree = ks.filter { $0.agreement == "disagree" }
        let compared = agree + disagree.count
        var md = "Each program loaded alone into the running kernel (Linux \(ks.first?.kernelRelease ?? "?"), libbpf \(ks.first?.libbpfVersion ?? "?")) "
        md += "through libbpf, never attached; its verdict against bpfsim's under `reject` (upstream rules). "
        md += "Load errors (a missing kfunc or attach target, libbpf) are not verdicts and are not compared.\n\n"
        var verdicts: [String: Int] = [:]
        for k in ks { verdicts[k.kernelVerdict, default: 0] += 1 }
        md += TextTable(
            header: ["programs", "kernel success", "kernel failure", "load error", "unavailable", "compared", "agree", "agreement"],
            rows: [[
                "\(ks.count)", "\(verdicts["success"] ?? 0)", "\(verdicts["failure"] ?? 0)", "\(verdicts["load_error"] ?? 0)",
                "\(verdicts["unavailable"] ?? 0)", "\(compared)", "\(agree)",
                compared > 0 ? ValueText.fixed(Double(agree) * 100 / Double(compared), 1) + "%" : "-",
            ]], rightAligned: Set(0...7)).markdown + "\n"
        if !disagree.isEmpty {
            md += "Disagreements:\n\n"
            md += TextTable(
                header: ["program", "bpfsim", "kernel", "kernel message"],
                rows: disagree.map {
                    ["\($0.fileName):\($0.progName ?? "")", $0.bpfsimVerdict ?? "-", $0.kernelVerdict, "`\(reason($0.kernelMessage).prefix(90))`"]
                }).markdown + "\n"
        }
        return md
    }

    static func errorTable(_ data: ReportData) -> TextTable {
        TextTable(
            header: ["entry", "stage", "kind", "message"],
            rows: data.errors.map { e in
                var place = e.fileName
                if let s = e.section, !s.isEmpty { place += ":\(s)" }
                if let p = e.progName, !p.isEmpty { place += ":\(p)" }
                return [place, e.stage, e.kind, "`\(e.message.split(separator: "\n").joined(separator: " / ").prefix(160))`"]
            })
    }

    static func num(_ v: Double?) -> String { v.map { ValueText.real(($0 * 10).rounded() / 10) } ?? "-" }
    static func pct(_ v: Double?) -> String { v.map { ValueText.fixed($0, 1) + "%" } ?? "-" }
}

/// The backend metrics the inserted-instructions table sums, by name.
struct BackendMetricsView {
    var push: Int?
    var pop: Int?
    var zeroing: Int?
    var trampoline: Int?
    var descriptorBytes: Int?
    var descriptorBytesCompact: Int?

    init(_ r: VerificationRecord) {
        push = r.metrics.insertedPush
        pop = r.metrics.insertedPop
        zeroing = r.metrics.insertedZeroing
        trampoline = r.metrics.trampolineInsns
        descriptorBytes = r.metrics.descriptorBytes
        descriptorBytesCompact = r.metrics.descriptorBytesCompact
    }
}
