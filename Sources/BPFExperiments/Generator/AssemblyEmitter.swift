/// Writes a ``ProgramPlan`` as assembly in the LLVM/kernel pseudo-C syntax with a
/// `; bpfsim:` header, the form ``BPFObject/AssemblyFile`` reads.
///
/// Grammar of a generated program (one function per frame, frame k calls frame k+1):
///
///     program  := header frame(0) frame(1) ... frame(n-1)
///     header   := "; bpfsim: section=S name=N license=GPL" ["; map: name=rb type=ringbuf ..."]
///     frame(k) := label(k) prologue acquire* [call] [throw] release* "r0 = 0" "exit"
///     prologue := "r9 = r1"                      ; the context, kept in R9 in every frame
///                 zero(scratch) zero(padding)    ; u64 stores of 0: STACK_ZERO, never an entry
///     acquire  := choice? make(kind) "HOME = r0" tag?
///     choice   := "call bpf_get_prandom_u32" "r0 &= M" "if r0 ... goto L"
///                 ; conditional: HOME = 0 on the other path; conflict: the other path makes
///                 ; another kind (or stores a non-zero number) into the same HOME
///     tag      := "*(u64 *)(r10 - T) = {0,1,2}"  ; which path ran, so releases can dispatch
///     call     := "r1 = r9" "call frame(k+1)"     ; everything acquired stays live across it
///     throw    := "call bpf_get_prandom_u32" "r0 &= 7" "if r0 != 0 goto L"
///                 "r1 = COOKIE" "call bpf_throw" L:
///     release  := (in reverse order) tag dispatch, "r1 = HOME" "if r1 == 0 goto L" free(kind)
///
/// HOME is R6, R7 or R8, or an 8-byte stack slot; iterators always live in their slot. The
/// acquire's result is stored before any NULL check, so a throw may see a maybe-NULL pointer,
/// and the NULL check before each release splits the verifier state as usual.
public struct AssemblyEmitter {
    public init() {}

    public func emit(_ plan: ProgramPlan, comment: [String] = []) -> String {
        var out = comment.map { "; " + $0 }
        out.append("; bpfsim: section=\(plan.section.rawValue) name=\(plan.name) license=GPL")
        if plan.frames.contains(where: { $0.resources.contains { $0.kind == .ringbuf || $0.conflict == .kind(.ringbuf) } }) {
            out.append("; map: name=rb type=ringbuf max_entries=4096")
        }
        for frame in plan.frames {
            out.append("; gen: " + Self.describe(frame))
        }
        for frame in plan.frames {
            var f = FrameWriter(frame: frame, last: frame.index == plan.frames.count - 1)
            f.write()
            out += f.lines
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One line per frame for the file's header: `frame=1 depth=40 throws=yes r6:task? fp-8:sock!cgroup`
    /// (`?` conditional, `!X` conflicting with X).
    static func describe(_ frame: FramePlan) -> String {
        let parts = frame.resources.map { r -> String in
            "\(r.home):\(r.kind.rawValue)\(r.conditional ? "?" : "")\(r.conflict.map { "!\($0)" } ?? "")"
        }
        return (["frame=\(frame.index)", "depth=\(frame.stackDepth)", "throws=\(frame.throws ? "yes" : "no")"] + parts).joined(separator: " ")
    }
}

/// Emits one frame; labels are prefixed with the frame number so frames never collide.
private struct FrameWriter {
    let frame: FramePlan
    let last: Bool
    var lines: [String] = []

    init(frame: FramePlan, last: Bool) {
        self.frame = frame
        self.last = last
    }

    private var p: String { "f\(frame.index)" }

    mutating func write() {
        if frame.index > 0 { lines.append("frame\(frame.index):") }
        lines.append("r9 = r1")
        zeroScratchAndPadding()
        for (i, r) in frame.resources.enumerated() { acquire(r, i) }
        if !last {
            lines.append("r1 = r9")
            lines.append("call frame\(frame.index + 1)")
        }
        if frame.throws {
            lines += [
                "call bpf_get_prandom_u32", "r0 &= 7", "if r0 != 0 goto \(p)_nothrow",
                "r1 = \(frame.index + 1)", "call bpf_throw", "\(p)_nothrow:",
            ]
        }
        for (i, r) in frame.resources.enumerated().reversed() { release(r, i) }
        lines += ["r0 = 0", "exit"]
    }

    private mutating func zeroScratchAndPadding() {
        var words: [Int] = []
        if let top = frame.scratchOffset {
            let scratchBytes = frame.resources.map { r in
                max(r.kind.scratchBytes, { if case .kind(let k)? = r.conflict { return k.scratchBytes } else { return 0 } }())
            }.max() ?? 0
            words += stride(from: top, to: top - scratchBytes, by: -8).map { $0 }
        }
        if frame.paddingBytes > 0 {
            words += stride(from: frame.stackDepth, to: frame.stackDepth - frame.paddingBytes, by: -8).map { $0 }
        }
        guard !words.isEmpty else { return }
        lines.append("r1 = 0")
        for w in words.sorted() { lines.append("*(u64 *)(r10 - \(w)) = r1") }
        if let top = frame.scratchOffset, needsConntrackOptions {
            // struct bpf_ct_opts at the upper 16 bytes: netns_id = -1 (current), l4proto = TCP.
            lines.append("r1 = 0xffffffff ll")
            lines.append("*(u64 *)(r10 - \(top - 16)) = r1")
            lines.append("r1 = 6")
            lines.append("*(u64 *)(r10 - \(top - 24)) = r1")
        }
    }

    private var needsConntrackOptions: Bool {
        frame.resources.contains { $0.kind == .conntrack || $0.conflict == .kind(.conntrack) }
    }

    private func store(_ home: Home, from reg: String) -> String {
        switch home {
        case .register(let r): return "r\(r) = \(reg)"
        case .slot(let off): return "*(u64 *)(r10 - \(off)) = \(reg)"
        }
    }

    private func load(_ home: Home, into reg: String) -> String {
        switch home {
        case .register(let r): return "\(reg) = r\(r)"
        case .slot(let off): return "\(reg) = *(u64 *)(r10 - \(off))"
        }
    }

    private func tag(_ r: ResourcePlan, _ value: Int) -> [String] {
        guard let off = r.tagOffset else { return [] }
        return ["r1 = \(value)", "*(u64 *)(r10 - \(off)) = r1"]
    }

    /// The call sequence that leaves a new resource of `kind` in r0 (for iterators: in `home`).
    private func make(_ kind: GeneratedKind, home: Home, seed: Int) -> [String] {
        switch kind {
        case .task: return ["r1 = \(seed + 1)", "call bpf_task_from_pid"]
        case .cgroup: return ["r1 = \(seed + 1)", "call bpf_cgroup_from_id"]
        case .cpumask: return ["call bpf_cpumask_create"]
        case .ringbuf: return ["r1 = rb ll", "r2 = 16", "r3 = 0", "call bpf_ringbuf_reserve"]
        case .socket:
            return [
                "r1 = r9", "r2 = r10", "r2 += -\(frame.scratchOffset ?? 0)", "r3 = 12", "r4 = -1", "r5 = 0",
                "call bpf_sk_lookup_tcp",
            ]
        case .conntrack:
            let top = frame.scratchOffset ?? 0
            return [
                "r1 = r9", "r2 = r10", "r2 += -\(top)", "r3 = 12", "r4 = r10", "r4 += -\(top - 16)", "r5 = 16",
                "call bpf_skb_ct_lookup",
            ]
        case .iterator:
            guard case .slot(let off) = home else { return [] }
            return ["r1 = r10", "r1 += -\(off)", "r2 = 0", "r3 = \(seed % 4 + 2)", "call bpf_iter_num_new"]
        }
    }

    private func free(_ kind: GeneratedKind, home: Home, label: String) -> [String] {
        if kind == .iterator, case .slot(let off) = home {
            return ["r1 = r10", "r1 += -\(off)", "call bpf_iter_num_destroy"]
        }
        let call: [String]
        switch kind {
        case .task: call = ["call bpf_task_release"]
        case .cgroup: call = ["call bpf_cgroup_release"]
        case .cpumask: call = ["call bpf_cpumask_release"]
        case .ringbuf: call = ["r2 = 0", "call bpf_ringbuf_submit"]
        case .socket: call = ["call bpf_sk_release"]
        case .conntrack: call = ["call bpf_ct_release"]
        case .iterator: call = []
        }
        return [load(home, into: "r1"), "if r1 == 0 goto \(label)"] + call
    }

    private mutating func acquire(_ r: ResourcePlan, _ i: Int) {
        let l = "\(p)_r\(i)"
        lines.append("; acquire \(i): \(r.kind.rawValue) in \(r.home)")
        let primary = make(r.kind, home: r.home, seed: i) + (r.kind.isStackObject ? [] : [store(r.home, from: "r0")]) + tag(r, 1)
        var alternative: [String] = []
        switch r.conflict {
        case .kind(let k)?: alternative = make(k, home: r.home, seed: i) + [store(r.home, from: "r0")] + tag(r, 2)
        case .scalar?: alternative = ["call bpf_get_prandom_u32", "r0 |= 1", store(r.home, from: "r0")] + tag(r, 2)
        case nil: break
        }
        let noneLines = noneStore(r.home) + tag(r, 0)
        switch (r.conditional, r.conflict != nil) {
        case (false, false):
            lines += primary
        case (true, false):
            lines += ["call bpf_get_prandom_u32", "r0 &= 1", "if r0 != 0 goto \(l)_take"] + noneLines + ["goto \(l)_done", "\(l)_take:"]
            lines += primary + ["\(l)_done:"]
        case (false, true):
            lines += ["call bpf_get_prandom_u32", "r0 &= 1", "if r0 != 0 goto \(l)_alt"] + primary + ["goto \(l)_done", "\(l)_alt:"]
            lines += alternative + ["\(l)_done:"]
        case (true, true):
            lines += [
                "call bpf_get_prandom_u32", "r0 &= 3", "if r0 == 1 goto \(l)_take", "if r0 != 0 goto \(l)_alt",
            ] + noneLines + ["goto \(l)_done", "\(l)_take:"] + primary + ["goto \(l)_done", "\(l)_alt:"] + alternative + ["\(l)_done:"]
        }
    }

    /// NULL in the home on the path that acquired nothing.
    private func noneStore(_ home: Home) -> [String] {
        switch home {
        case .register(let r): return ["r\(r) = 0"]
        case .slot(let off): return ["r1 = 0", "*(u64 *)(r10 - \(off)) = r1"]
        }
    }

    private mutating func release(_ r: ResourcePlan, _ i: Int) {
        let l = "\(p)_r\(i)"
        lines.append("; release \(i)")
        guard let tagOffset = r.tagOffset, let partner = r.conflict else {
            lines += free(r.kind, home: r.home, label: "\(l)_released")
            lines.append("\(l)_released:")
            return
        }
        lines += ["r1 = *(u64 *)(r10 - \(tagOffset))", "if r1 == 2 goto \(l)_release_alt"]
        lines += free(r.kind, home: r.home, label: "\(l)_released")
        lines += ["goto \(l)_released", "\(l)_release_alt:"]
        if case .kind(let k) = partner { lines += free(k, home: r.home, label: "\(l)_released") }
        lines.append("\(l)_released:")
    }
}
