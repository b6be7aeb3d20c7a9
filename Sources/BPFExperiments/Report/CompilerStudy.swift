/// The compiler-sensitivity study (issue 11): the same `.c` sources built by several compilers
/// and optimisation levels, and what each build does to descriptor merging. The question it
/// answers is the review's: does frame merging fail because of compiler changes?
struct CompilerStudy {
    /// One build's figures over the programs it built.
    struct Row {
        var build: String
        var programs = 0
        /// `.c` files this compiler could not build although the reference build could.
        var unbuilt = 0
        /// Accepted under the status quo (`reject/upstream`).
        var accepted = 0
        /// Merge events of the `descriptors` variant the study reads (``variant``).
        var mergeEvents = 0
        var nullMerges = 0
        var conflicts = 0
        /// Programs rejected for a merge conflict without spilling (`descriptors/no-spill`).
        var mergeFailuresNoSpill = 0
        /// Programs still rejected for a merge conflict with spilling (`descriptors/spill`).
        var mergeFailuresSpill = 0
        /// Programs whose no-spill merge failure spilling rescued.
        var rescued = 0
        var descriptorBytes = 0
        /// Programs also built by the reference build whose descriptor shape differs from it;
        /// nil for the reference build itself.
        var shapeChanges: Int?
        /// Programs also built by the reference build (the denominator of ``shapeChanges``).
        var comparable = 0
    }

    var rows: [Row]
    /// The descriptors variant whose merge events and shapes are counted.
    var variant: String?

    static let descriptorVariants = ["descriptors/no-spill", "descriptors/spill"]

    init(_ data: ReportData) {
        let builds = (data.run.build ?? "").split(separator: ",").map(String.init)
        let built = data.verifications.filter { $0.build != CorpusPlan.prebuilt }
        var order = built.isEmpty ? [] : builds
        for v in built where !order.contains(v.build) { order.append(v.build) }
        let variant = Self.descriptorVariants.first { data.labels.contains($0) }
        self.variant = variant

        func key(_ v: VerificationRow) -> String { v.record.fileName + ":" + v.record.progName }
        var referenceShapes: [String: String] = [:]
        if let reference = order.first, let variant {
            for v in built where v.build == reference && v.record.label == variant {
                if let s = v.record.metrics.descriptorShape { referenceShapes[key(v)] = s }
            }
        }

        // Merge events of the studied variant, counted per program and resolution in one pass
        // (a loop-heavy corpus has 100,000+ of them).
        var eventCounts: [Int: [String: Int]] = [:]
        if let variant {
            for c in data.mergeEventCounts where c.label == variant {
                eventCounts[c.programId, default: [:]][c.resolution, default: 0] += c.count
            }
        }

        rows = order.enumerated().map { index, build in
            var r = Row(build: build)
            let mine = built.filter { $0.build == build }
            let ids = Set(mine.map(\.programId))
            r.programs = ids.count
            r.unbuilt = data.errors.filter { $0.build == build && $0.kind == "unbuilt" }.count
            r.accepted = mine.filter { $0.record.label == "reject/upstream" && $0.record.verdict == "success" }.count
            func failed(_ label: String) -> Set<Int> {
                Set(mine.filter { $0.record.label == label && ($0.record.metrics.mergeFailures ?? 0) > 0 && $0.record.verdict == "failure" }.map(\.programId))
            }
            let noSpill = failed("descriptors/no-spill")
            let spill = failed("descriptors/spill")
            r.mergeFailuresNoSpill = noSpill.count
            r.mergeFailuresSpill = spill.count
            let spillAccepted = Set(mine.filter { $0.record.label == "descriptors/spill" && $0.record.verdict == "success" }.map(\.programId))
            r.rescued = noSpill.intersection(spillAccepted).count
            if let variant {
                let counts = ids.compactMap { eventCounts[$0] }
                r.mergeEvents = counts.reduce(0) { $0 + $1.values.reduce(0, +) }
                r.nullMerges = counts.reduce(0) { $0 + ($1["null_merge"] ?? 0) }
                r.conflicts = counts.reduce(0) { $0 + ($1["conflict"] ?? 0) }
                let variantRows = mine.filter { $0.record.label == variant }
                r.descriptorBytes = variantRows.compactMap(\.record.metrics.descriptorBytes).reduce(0, +)
                if index > 0 {
                    var changes = 0
                    var comparable = 0
                    for v in variantRows {
                        guard let reference = referenceShapes[key(v)], let shape = v.record.metrics.descriptorShape else { continue }
                        comparable += 1
                        if shape != reference { changes += 1 }
                    }
                    r.shapeChanges = changes
                    r.comparable = comparable
                }
            }
            return r
        }
    }

    var isEmpty: Bool { rows.isEmpty }

    var table: TextTable {
        let header = [
            "build", "programs", "not built", "accepted (reject)", "merge events", "NULL merges", "conflicts",
            "merge failures (no-spill)", "rescued by spilling", "merge failures (spill)", "descriptor bytes",
            "shape differs from reference",
        ]
        let body = rows.map { r in
            [
                r.build, "\(r.programs)", "\(r.unbuilt)", "\(r.accepted)", "\(r.mergeEvents)", "\(r.nullMerges)", "\(r.conflicts)",
                "\(r.mergeFailuresNoSpill)", "\(r.rescued)", "\(r.mergeFailuresSpill)", "\(r.descriptorBytes)",
                r.shapeChanges.map { "\($0) of \(r.comparable)" } ?? "(reference)",
            ]
        }
        return TextTable(header: header, rows: body, rightAligned: Set(1..<header.count))
    }

    var figure: Figure {
        // Identical merges (most merge events) would dwarf the rest: the table has them.
        let series = ["NULL merges", "conflicts", "merge failures (no-spill)", "merge failures (spill)", "shape changes"]
        let values: [[Double]] = [
            rows.map { Double($0.nullMerges) }, rows.map { Double($0.conflicts) },
            rows.map { Double($0.mergeFailuresNoSpill) }, rows.map { Double($0.mergeFailuresSpill) },
            rows.map { Double($0.shapeChanges ?? 0) },
        ]
        let chart = BarChart(
            title: "Descriptor merging per compiler build", xTitle: "build", yTitle: "merges, or programs",
            categories: rows.map(\.build), series: series, values: values, emptyNote: "no merge events in any build")
        return Figure(
            fileName: "compilers.svg",
            caption: "Per build: NULL merges and conflicts (\(variant ?? "no descriptors variant")), programs failing to merge without and with spilling, and programs whose descriptor shape differs from the reference build.",
            svg: chart.svg())
    }
}
