/// Every table and column of a results database (SPEC §8): the one place their names, SQL
/// types and meanings are written down. The migrations create the tables from it, the CSV
/// files list columns in its order, and `Experiments/RESULT_COLUMNS.md` is its ``markdown``.
///
/// Names are stable: scripts and papers depend on them (SPEC §7). Where veristat has a name for
/// a metric, it is veristat's. A column marked *volatile* holds timing or bookkeeping that
/// differs between two otherwise identical runs; every other column is reproducible (SPEC §9).
public enum ResultColumns {
    public enum SQLType: String, Sendable {
        case integer = "INTEGER"
        case real = "REAL"
        case text = "TEXT"
    }

    public struct Column: Sendable {
        public var name: String
        public var type: SQLType
        public var doc: String
        /// Timing or bookkeeping: ignored when two runs are compared for reproducibility.
        public var volatile: Bool
        public var notNull: Bool
    }

    public struct Table: Sendable {
        public var name: String
        public var doc: String
        public var columns: [Column]
        public var primaryKey: [String]

        public var columnNames: [String] { columns.map(\.name) }
        public var volatileColumns: Set<String> { Set(columns.filter(\.volatile).map(\.name)) }
        public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    }

    static func c(_ name: String, _ type: SQLType, _ doc: String, volatile: Bool = false, notNull: Bool = false) -> Column {
        Column(name: name, type: type, doc: doc, volatile: volatile, notNull: notNull)
    }

    static let entryKey = c("program_id", .integer, "The corpus entry: its index in corpus order (files sorted by path, then builds, then programs in object order).", notNull: true)
    static let backendKey = c("backend", .text, "`reject`, `descriptors`, `table`: the cleanup design (SPEC §5).", notNull: true)
    static let variantKey = c("variant", .text, "The backend's configuration (`upstream`, `spill`, `no-spill`, table variants).", notNull: true)

    public static let runs = Table(
        name: "runs",
        doc: "One row: what was run and how to redo it.",
        columns: [
            c("run_id", .integer, "Always 1: a database holds one run (a resumed run keeps its row).", notNull: true),
            c("name", .text, "The configuration's `name`, or the output folder's name."),
            c("tool_version", .text, "bpfsim's version."),
            c("git_commit", .text, "The bpfsim source commit (`git rev-parse HEAD`, `-dirty` when the tree had changes), or `unknown`."),
            c("corpus", .text, "The corpus directory as given on the command line."),
            c("corpus_files", .integer, "Files read from the corpus."),
            c("corpus_entries", .integer, "Corpus entries: programs plus files that could not be read."),
            c("corpus_sha256", .text, "SHA-256 over every entry's identity and file hash: equal corpora, equal value."),
            c("config", .text, "The effective configuration as canonical JSON (config file plus command-line options)."),
            c("backends", .text, "The backend/variant pairs measured, comma-separated, in report order."),
            c("seed", .integer, "The workload seed."),
            c("workload_runs", .integer, "Seeded executions per program, backend and variant."),
            c("acquire_failure_p", .real, "Probability that an acquire which may return NULL does so."),
            c("throw_injection", .text, "`program` (only the program's own `bpf_throw`) or `forced` (also a throw forced at each throw point, one session each)."),
            c("build", .text, "The builds of the `.c` entries (the configuration's `compilers`), comma-separated; the first is the reference build."),
            c("compiler_flags", .text, "Each build's compile command line (compiler, flags, include paths), `; `-separated in `build` order."),
            c("compiler_version", .text, "The first line of each build's `--version`, `; `-separated in `build` order."),
            c("cost_model", .text, "The cost model file, or `default`."),
            c("kernel_check", .integer, "1 when programs were also loaded into the running kernel (`--kernel`)."),
            c("host", .text, "The machine's host name.", volatile: true),
            c("kernel_release", .text, "`uname -r` of the machine that ran it.", volatile: true),
            c("jobs", .integer, "Parallel workers (`--jobs`); results do not depend on it.", volatile: true),
            c("started_at", .text, "UTC start time, ISO 8601.", volatile: true),
            c("finished_at", .text, "UTC end time, ISO 8601; empty while the run is incomplete.", volatile: true),
            c("wall_seconds", .real, "Wall time of the last session (the one that finished the run).", volatile: true),
            c("resumes", .integer, "How many times the run was resumed with `--resume`.", volatile: true),
            c("status", .text, "`running` until every entry is stored, then `complete`.", notNull: true),
        ],
        primaryKey: ["run_id"])

    public static let programs = Table(
        name: "programs",
        doc: "One row per readable corpus entry (SPEC §3): a program identified by file, build, section and function.",
        columns: [
            entryKey,
            c("file_name", .text, "The corpus-relative path (veristat's `file_name`).", notNull: true),
            c("build", .text, "The compiler configuration that built a `.c` file; `prebuilt` for objects and assembly.", notNull: true),
            c("section", .text, "The ELF section (or the assembly header's `section=`).", notNull: true),
            c("prog_name", .text, "The program's function name (veristat's `prog_name`).", notNull: true),
            c("prog_type", .text, "The program type the section implies (veristat's `prog_type`)."),
            c("kind", .text, "`object`, `source` or `assembly`."),
            c("sha256", .text, "SHA-256 of the file (the source text for `.c` and assembly)."),
            c("insns", .integer, "Instructions of the loaded program (main program and appended subprograms)."),
            c("subprograms", .integer, "Functions in the program (main plus appended subprograms)."),
            c("maps", .integer, "Maps of the object."),
            c("kfuncs", .text, "The kfuncs it calls, sorted, comma-separated."),
            c("exception_cb", .text, "The `__exception_cb` target, when declared."),
        ],
        primaryKey: ["program_id"])

    public static let verifications = Table(
        name: "verifications",
        doc: "One row per program x backend x variant: the verdict and metrics, with the keys of `bpfsim verify --json` (SPEC §4, §5, §7).",
        columns: [
            entryKey,
            c("build", .text, "As in `programs`.", notNull: true),
            c("file_name", .text, "As in `programs`.", notNull: true),
            c("prog_name", .text, "As in `programs`.", notNull: true),
            c("prog_type", .text, "As in `programs`."),
            c("section", .text, "As in `programs`."),
            backendKey, variantKey,
            c("verdict", .text, "`success` or `failure` (veristat's values).", notNull: true),
            c("message", .text, "The rejection message in the kernel's words (several lines possible); empty on success."),
            c("pc", .integer, "The instruction where verification stopped, on rejection."),
            c("failure_kind", .text, "`verifier` (rejected as the kernel would), `backend` (the design's own failure), `limit`, `unsupported` (something bpfsim does not model), `parse`."),
            c("duration", .integer, "Verification time in µs, all rounds of the backend (veristat's `duration`).", volatile: true),
            c("total_insns", .integer, "Instructions processed by the verifier (veristat's `total_insns`)."),
            c("total_states", .integer, "States created (veristat's `total_states`)."),
            c("peak_states", .integer, "Most states held at once (veristat's `peak_states`)."),
            c("max_states_per_insn", .integer, "Most states at one instruction (veristat's `max_states_per_insn`)."),
            c("stack_depth", .text, "Per-subprogram stack depth in bytes, `+`-joined (veristat's `stack_depth`)."),
            c("stack_chain_max", .integer, "Combined stack of the deepest call chain in bytes, frames rounded to 32 (limit 512)."),
            c("upstream_gap_details", .text, "JSON array: places where the upstream kernel accepts a throw that would leak (`reject`)."),
            c("throw_points", .integer, "Throw points reached: `bpf_throw` calls and calls of global subprograms that may throw."),
            c("refs_max", .integer, "Most references held at once on any path."),
            c("refs_at_throw_max", .integer, "Most references held at a throw point."),
            c("inserted_insns", .integer, "Instructions the backend inserted into the program."),
            c("upstream_gaps", .integer, "Count of `upstream_gap_details`."),
            c("descriptors", .integer, "Frame descriptors (one per throw pc and frame) (`descriptors`)."),
            c("descriptor_entries", .integer, "Entries over all descriptors (`descriptors`)."),
            c("descriptor_bytes", .integer, "Descriptor table bytes in the RFC's encoding (SPEC §6) (`descriptors`)."),
            c("descriptor_bytes_compact", .integer, "Descriptor table bytes in the compact encoding (SPEC §6) (`descriptors`)."),
            c("merges", .integer, "Descriptor merges (`descriptors`)."),
            c("null_merges", .integer, "Merges of NULL against a pointer (`descriptors`)."),
            c("conflicts", .integer, "Merge conflicts over all rounds (`descriptors`)."),
            c("spilled_acquires", .integer, "Acquire pcs spilled to a reserved slot (spill on conflict) (`descriptors`)."),
            c("rounds", .integer, "Verification rounds (`descriptors`)."),
            c("merge_failures", .integer, "Conflicts left after the last round: the program is rejected (`descriptors`)."),
            c("reserved_stack_bytes", .text, "Reserved spill-slot bytes per subprogram, `+`-joined (`descriptors`)."),
            c("trampoline_insns", .integer, "Trampoline and forced R6-R9 saves at throw sites, as instructions (`descriptors`)."),
            c("descriptor_shape", .text, "Digest of the descriptors with pcs left out (function, slot or register, type per throw point): equal across builds when the compiler kept the same layout (`descriptors`)."),
            c("table_entries", .text, "Table entries per frame, `+`-joined (`table`)."),
            c("table_bytes", .text, "Table bytes per frame, `+`-joined (`table`)."),
            c("stack_chain_before", .integer, "Combined stack of the deepest chain before instrumentation (`table`)."),
            c("stack_chain_after", .integer, "Combined stack of the deepest chain after instrumentation (`table`)."),
            c("exceeds_stack_limit", .integer, "1 when the instrumented chain exceeds 512 bytes (`table`)."),
            c("inserted_push", .integer, "Inserted push sequences (`table`)."),
            c("inserted_pop", .integer, "Inserted pop sequences (`table`)."),
            c("inserted_zeroing", .integer, "Inserted table-zeroing instructions (`table`)."),
            c("cross_frame_pops", .integer, "Releases of a reference acquired in another frame (`table`)."),
            c("throwable_pcs", .integer, "Instructions at which a throw can unwind this program (`table`)."),
        ],
        primaryKey: ["program_id", "backend", "variant"])

    public static let mergeEvents = Table(
        name: "merge_events",
        doc: "One row per descriptor merge at a pc (SPEC §5.2): where, what met what, how it was resolved.",
        columns: [
            entryKey, backendKey, variantKey,
            c("seq", .integer, "The event's order within the backend's run over the program.", notNull: true),
            c("pc", .integer, "The descriptor's pc (throw pc, or a caller's call pc), in the verified program."),
            c("frame", .integer, "Frame number at the throw (0: main program)."),
            c("subprog", .integer, "The subprogram the frame executes."),
            c("location", .text, "`fp-N` or `R6`-`R9`."),
            c("old_side", .text, "The entry already in the descriptor."),
            c("new_side", .text, "The entry the new path brings."),
            c("resolution", .text, "`identical`, `null_merge`, `conflict`, `spilled`."),
            c("round", .integer, "The verification round (spill on conflict re-verifies)."),
        ],
        primaryKey: ["program_id", "backend", "variant", "seq"])

    public static let executions = Table(
        name: "executions",
        doc: "One row per accepted program x backend x variant: the seeded workload's totals on the simulated kernel (SPEC §6), with the keys of `bpfsim run --json`. The original program runs the same seeds beside it (`baseline_*`).",
        columns: [
            entryKey, backendKey, variantKey,
            c("runs", .integer, "Executions, all sessions (the natural one, plus one per throw point with forced throws)."),
            c("throw_points", .integer, "Throw points of the original program (each one forced in turn with `throw_injection` = `forced`)."),
            c("normal_exits", .integer, "Runs that ended at `exit`."),
            c("throws", .integer, "Runs that ended in `bpf_throw` (own or forced)."),
            c("faults", .integer, "Runs stopped by a run-time fault or the instruction budget."),
            c("divergences", .integer, "Runs whose ending or return value differs from the original program's."),
            c("insns", .integer, "Executed instructions (callbacks included)."),
            c("insns_alu", .integer, "Executed ALU instructions."),
            c("insns_load", .integer, "Executed loads."),
            c("insns_store", .integer, "Executed stores."),
            c("insns_atomic", .integer, "Executed atomic instructions."),
            c("insns_branch", .integer, "Executed jumps and branches."),
            c("insns_call", .integer, "Executed BPF-to-BPF calls and exits."),
            c("insns_helper", .integer, "Executed helper calls."),
            c("insns_kfunc", .integer, "Executed kfunc calls."),
            c("baseline_insns", .integer, "Executed instructions of the original program under the same runs."),
            c("overhead_insns", .integer, "`insns` - `baseline_insns`."),
            c("cycles", .real, "Modelled cycles, normal path plus throw path."),
            c("normal_cycles", .real, "Modelled cycles of the normal path."),
            c("unwind_cycles", .real, "Modelled cycles of the throw path (trampoline, unwinder, exception callback)."),
            c("baseline_cycles", .real, "Modelled normal-path cycles of the original program."),
            c("overhead_pct", .real, "Normal-path overhead: `normal_cycles` / `baseline_cycles` - 1, in percent."),
            c("unwind_pct", .real, "Throw-path share of all cycles, in percent."),
            c("unwound_frames", .integer, "Frames the unwinder walked."),
            c("unwound_entries", .integer, "Descriptor or table entries the unwinder read."),
            c("unwinder_releases", .integer, "Objects the unwinder released."),
            c("acquires", .integer, "Objects acquired."),
            c("acquire_failures", .integer, "Acquires that returned NULL (probability `acquire_failure_p`)."),
            c("oracle_violations", .integer, "Leaks, double releases or uses after release found by the oracle (a bpfsim bug when not 0)."),
            c("upstream_gap_leaks", .integer, "Leaks the upstream kernel itself would have (`reject` accepting a throwing call with a reference held)."),
            c("error", .text, "Why the workload could not run, or the first fault (`run N: pc M: message`); else empty."),
        ],
        primaryKey: ["program_id", "backend", "variant"])

    public static let kernelChecks = Table(
        name: "kernel_checks",
        doc: "With `--kernel`: the running kernel's verdict for each program, loaded alone through libbpf (SPEC §4.1), beside bpfsim's `reject` verdict.",
        columns: [
            entryKey,
            c("file_name", .text, "As in `programs`.", notNull: true),
            c("section", .text, "As in `programs`."),
            c("prog_name", .text, "As in `programs`."),
            c("kernel_verdict", .text, "`success`, `failure` (the verifier's answers), `load_error` or `unavailable`."),
            c("kernel_failure_kind", .text, "Finer reason: `verifier`, `load_error`, `attach_target`, `unresolved_relocation`, `timeout`, ..."),
            c("kernel_message", .text, "The verifier's message, or the reason the load failed."),
            c("kernel_errno", .integer, "The failed load's errno."),
            c("kernel_pc", .integer, "The instruction the kernel rejected at."),
            c("kernel_total_insns", .integer, "The kernel's `processed N insns`."),
            c("kernel_total_states", .integer, "The kernel's `total_states`."),
            c("kernel_peak_states", .integer, "The kernel's `peak_states`."),
            c("kernel_max_states_per_insn", .integer, "The kernel's `max_states_per_insn`."),
            c("kernel_duration", .integer, "The kernel's verification time in µs.", volatile: true),
            c("kernel_stack_depth", .text, "The kernel's `stack depth`, `+`-joined per subprogram."),
            c("kernel_release", .text, "`uname -r` of the kernel asked.", volatile: true),
            c("libbpf_version", .text, "The libbpf that loaded it.", volatile: true),
            c("bpfsim_verdict", .text, "bpfsim's verdict under `reject` (upstream rules), when that backend ran."),
            c("agreement", .text, "`agree` or `disagree` when both verifiers answered; `n/a` otherwise."),
        ],
        primaryKey: ["program_id"])

    public static let errors = Table(
        name: "errors",
        doc: "One row per corpus entry that failed unexpectedly: it could not be read or compiled, uses something bpfsim does not model, hit a processing limit, or failed at run time. Each is also one line on stderr.",
        columns: [
            entryKey,
            c("file_name", .text, "As in `programs`.", notNull: true),
            c("build", .text, "As in `programs`."),
            c("section", .text, "As in `programs` (empty when the file could not be read)."),
            c("prog_name", .text, "As in `programs` (empty when the file could not be read)."),
            c("stage", .text, "`read`, `compile`, `verify` or `execute`.", notNull: true),
            c("kind", .text, "`parse`, `compile`, `unbuilt` (a later build's compiler cannot build a loadable program from the source: it does not compile, or leaves a builtin unexpanded; a finding, not counted as a failure of the run), `unsupported`, `limit`, `budget`, `fault`, `oracle`.", notNull: true),
            c("backend", .text, "The first backend that met it (verify and execute stages)."),
            c("variant", .text, "Its variant."),
            c("message", .text, "The error, `file:section:pc: message`.", notNull: true),
        ],
        primaryKey: ["program_id"])

    /// Every table, in the order of the CSV files and the documentation.
    public static let all: [Table] = [runs, programs, verifications, mergeEvents, executions, kernelChecks, errors]

    public static func table(_ name: String) -> Table? { all.first { $0.name == name } }

    /// The README section "Result columns".
    public static var markdown: String {
        var out = "## Result columns\n\n"
        out += "`bpfsim compare` writes `results.sqlite` and one CSV file per table (`<table>.csv`, a header line, "
        out += "comma-separated, RFC 4180 quoting, empty for NULL) into its output folder. Column names are "
        out += "stable: scripts and papers depend on them; a change is noted here. Columns marked *volatile* "
        out += "hold timing or bookkeeping and are the only ones that may differ between two runs of the same "
        out += "corpus, configuration and seed (SPEC §9). A metric a backend or stage does not define is NULL (empty), never 0. This text is generated from "
        out += "`Sources/BPFExperiments/Storage/ResultColumns.swift` (`bpfsim report --columns`).\n"
        for table in all {
            out += "\n### `\(table.name)`\n\n\(table.doc) Key: \(table.primaryKey.map { "`\($0)`" }.joined(separator: ", ")).\n\n"
            out += "| column | type | meaning |\n|---|---|---|\n"
            for col in table.columns {
                let doc = col.doc.replacingOccurrences(of: "|", with: "\\|") + (col.volatile ? " *volatile*" : "")
                out += "| `\(col.name)` | \(col.type.rawValue) | \(doc) |\n"
            }
        }
        return out
    }
}
