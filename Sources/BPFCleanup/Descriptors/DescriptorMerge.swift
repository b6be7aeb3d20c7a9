/// Merging two descriptors of one pc reached on different paths (SPEC §5.2).
///
/// Per location: identical entries merge; NULL (no entry) on one side and a pointer on the
/// other merge with the pointer winning (marked maybe-NULL: the unwinder skips NULL at run
/// time); a not-initialised marker against nothing stays a marker. Different kinds, different
/// resource types, and a marker against a pointer conflict. The RFC as posted let a non-zero
/// constant merge with a pointer; reviewers agreed it must conflict, and bpfsim follows the
/// review (a constant is a marker here). An iterator (a stack object, not a pointer that can
/// be NULL) against no entry also conflicts: the unwinder could not tell it from garbage.
enum DescriptorMerge {
    struct Result {
        var merged: FrameDescriptor
        var events: [Event]
    }

    struct Event {
        var location: DescriptorEntry.Location
        var old: DescriptorEntry?
        var new: DescriptorEntry?
        var resolution: MergeEvent.Resolution
    }

    static func merge(_ old: FrameDescriptor, _ new: FrameDescriptor) -> Result {
        var oldBy: [DescriptorEntry.Location: DescriptorEntry] = [:]
        for e in old.entries { oldBy[e.location] = e }
        var newBy: [DescriptorEntry.Location: DescriptorEntry] = [:]
        for e in new.entries { newBy[e.location] = e }
        var events: [Event] = []
        var merged: [DescriptorEntry.Location: DescriptorEntry] = [:]
        for location in Set(oldBy.keys).union(newBy.keys) {
            let a = oldBy[location]
            let b = newBy[location]
            switch (a, b) {
            case (let x?, let y?):
                if x.kind == y.kind && x.resource == y.resource && x.typeName == y.typeName {
                    var m = x
                    m.maybeNull = x.maybeNull || y.maybeNull
                    merged[location] = m
                    events.append(Event(location: location, old: x, new: y, resolution: .identical))
                } else {
                    merged[location] = x
                    events.append(Event(location: location, old: x, new: y, resolution: .conflict))
                }
            case (let x?, nil):
                merged[location] = nullMerged(x)
                if x.kind == .iterator || x.kind == .dynptr {
                    events.append(Event(location: location, old: x, new: nil, resolution: .conflict))
                } else if x.kind != .notInitialised {
                    events.append(Event(location: location, old: x, new: nil, resolution: .nullMerge))
                }
            case (nil, let y?):
                merged[location] = nullMerged(y)
                if y.kind == .iterator || y.kind == .dynptr {
                    events.append(Event(location: location, old: nil, new: y, resolution: .conflict))
                } else if y.kind != .notInitialised {
                    events.append(Event(location: location, old: nil, new: y, resolution: .nullMerge))
                }
            case (nil, nil):
                break
            }
        }
        let ordered = merged.values.sorted(by: entryOrder)
        return Result(merged: FrameDescriptor(pc: old.pc, subprog: old.subprog, entries: ordered), events: events.sorted { entryLocationOrder($0.location, $1.location) })
    }

    /// A pointer that is NULL on another path: the pointer wins, maybe-NULL.
    private static func nullMerged(_ e: DescriptorEntry) -> DescriptorEntry {
        var m = e
        if m.kind != .notInitialised && m.kind != .iterator { m.maybeNull = true }
        return m
    }

    /// Stack entries first (fp-8, fp-16, ...), then R6-R9.
    static func entryOrder(_ a: DescriptorEntry, _ b: DescriptorEntry) -> Bool {
        entryLocationOrder(a.location, b.location)
    }

    static func entryLocationOrder(_ a: DescriptorEntry.Location, _ b: DescriptorEntry.Location) -> Bool {
        switch (a, b) {
        case (.stack(let x), .stack(let y)): return x > y
        case (.stack, .register): return true
        case (.register, .stack): return false
        case (.register(let x), .register(let y)): return x < y
        }
    }
}
