/// The report's figures, each from ``ReportData``.
enum ReportFigures {
    static func verdicts(_ data: ReportData) -> Figure {
        let kinds = ["accepted", "verifier", "backend", "limit", "unsupported"]
        let values = kinds.map { kind in
            data.labels.map { label in
                Double(data.verifications(label).filter {
                    kind == "accepted" ? $0.record.verdict == "success" : $0.record.verdict == "failure" && ($0.record.failureKind == kind || (kind == "unsupported" && $0.record.failureKind == "parse"))
                }.count)
            }
        }
        let chart = StackedBarChart(
            title: "Verdicts per backend and variant", xTitle: "programs", categories: data.labels,
            parts: ["accepted", "rejected: verifier", "rejected: backend", "rejected: limit", "unsupported"],
            values: data.labels.indices.map { li in values.map { $0[li] } })
        return Figure(fileName: "verdicts.svg", caption: "Programs accepted and rejected (by whom) per backend and variant.", svg: chart.svg())
    }

    static func mergeEvents(_ data: ReportData) -> Figure {
        let labels = data.labels.filter { $0.hasPrefix("descriptors/") }
        let values = labels.map { label in
            ReportSections.resolutions.map { r in
                Double(data.mergeEventCounts.filter { $0.label == label && $0.resolution == r }.reduce(0) { $0 + $1.count })
            }
        }
        let chart = BarChart(
            title: "Descriptor merge events by kind", xTitle: "resolution of the merge", yTitle: "merge events (all programs)",
            categories: ReportSections.resolutions, series: labels, values: values, emptyNote: "no merge events: no two paths met at a throw pc")
        return Figure(fileName: "merge-events.svg", caption: "Descriptor merges by resolution (identical, NULL merge, conflict, spilled), per variant.", svg: chart.svg())
    }

    static func stack(_ data: ReportData) -> Figure {
        let before = data.stackBefore
        let series = data.labels.filter { !$0.hasPrefix("reject/") }.map { label in
            ScatterChart.Series(
                label: label,
                points: data.verifications(label).compactMap { v in
                    guard let b = before[v.programId], let a = v.record.stackAfter else { return nil }
                    return (Double(b), Double(a), "\(v.record.fileName):\(v.record.progName): \(b) B -> \(a) B")
                })
        }
        var chart = ScatterChart(
            title: "Stack per program: before and after the backend", xTitle: "combined stack before (bytes, deepest chain)",
            yTitle: "combined stack after (bytes)", series: series,
            references: [.init(shape: .horizontal(Report.stackLimit), label: "512-byte limit"), .init(shape: .diagonal, label: "no growth")],
            emptyNote: "no backend besides reject: nothing is added to the stack")
        chart.minimumExtent = 64
        return Figure(fileName: "stack.svg", caption: "Combined stack of each program's deepest call chain before (x) and after (y) each backend, against the 512-byte limit.", svg: chart.svg())
    }

    static func inserted(_ data: ReportData) -> Figure {
        let series = data.labels.map { label in
            CDFChart.Series(label: label, values: data.verifications(label).compactMap { $0.record.metrics.insertedInsns.map(Double.init) })
        }
        let chart = CDFChart(title: "Inserted instructions per program", xTitle: "instructions inserted by the backend", series: series)
        return Figure(fileName: "inserted-insns.svg", caption: "Distribution over programs of the instructions each backend inserts (CDF).", svg: chart.svg())
    }

    static func overhead(_ data: ReportData) -> Figure {
        let series = data.labels.map { label in
            CDFChart.Series(label: label, values: data.executions(label).compactMap(\.overheadPct))
        }
        let chart = CDFChart(title: "Normal-path overhead per program", xTitle: "modelled cycles over the original program (%)", series: series)
        return Figure(fileName: "overhead.svg", caption: "Distribution over programs of the normal-path overhead per backend and variant (CDF).", svg: chart.svg())
    }

    static func unwind(_ data: ReportData) -> Figure {
        let series = data.labels.map { label in
            CDFChart.Series(
                label: label,
                values: data.executions(label).compactMap { e in
                    guard let c = e.unwindCycles, let t = e.throws, t > 0 else { return nil }
                    return c / Double(t)
                })
        }
        let chart = CDFChart(
            title: "Throw-path cost per program", xTitle: "modelled unwind cycles per throw", series: series,
            emptyNote: "no throws in the workload")
        return Figure(fileName: "unwind.svg", caption: "Distribution over programs of the modelled unwinding cost per throw (CDF).", svg: chart.svg())
    }
}
