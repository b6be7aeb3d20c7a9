import BPFObject
import Foundation

/// What one `bpfsim compare` run measures (SPEC §7, §9): which backends and variants, which
/// workload, which compiler builds the corpus's `.c` files, which cost model and catalog.
///
/// Read from a JSON file (`Experiments/*.json`) and then overridden by command-line options;
/// the effective configuration is stored, canonically encoded, in the `runs` table so that a
/// run can be redone and resumed from its database alone.
public struct ExperimentConfig: Codable, Hashable, Sendable {
    /// Names the default output folder `Results/<name>/`.
    public var name: String?
    /// Backends to run, in report order (nil: every registered backend).
    public var backends: [String]?
    /// Variant filter: `variant` or `backend/variant` items (nil: every variant).
    public var variants: [String]?
    public var workload: Workload
    /// The builds of the corpus's `.c` files (issue 11: the compiler-sensitivity dimension):
    /// every `.c` file is built by each, in this order; the first is the reference build.
    public var compilers: [Compiler]
    /// A cost model file (SPEC §6); nil: the simulator's documented default.
    public var costModel: String?
    /// A kernel catalog file extending the built-in helpers and kfuncs.
    public var catalog: String?
    /// Also load each program into the running kernel (SPEC §4.1).
    public var kernel: Bool
    /// The verifier's processed-instruction limit (`BPF_COMPLEXITY_LIMIT_INSNS`, 1,000,000);
    /// lower it for quick experiments.
    public var insnLimit: Int

    public init(
        name: String? = nil, backends: [String]? = nil, variants: [String]? = nil, workload: Workload = Workload(),
        compilers: [Compiler] = [Compiler()], costModel: String? = nil, catalog: String? = nil, kernel: Bool = false,
        insnLimit: Int = 1_000_000
    ) {
        self.name = name
        self.backends = backends
        self.variants = variants
        self.workload = workload
        self.compilers = compilers
        self.costModel = costModel
        self.catalog = catalog
        self.kernel = kernel
        self.insnLimit = insnLimit
    }

    /// Seeded executions per program, backend and variant (SPEC §6 "Workloads").
    public struct Workload: Codable, Hashable, Sendable {
        public var runs: Int
        public var seed: UInt64
        /// Probability that an acquire which may return NULL does so.
        public var acquireFailureP: Double
        /// `program`: only the program's own `bpf_throw` calls; `forced`: also one session per
        /// throw point with a throw forced there, so every cleanup path runs.
        public var throwInjection: String

        public static let injections = ["program", "forced"]

        public init(runs: Int = 20, seed: UInt64 = 1, acquireFailureP: Double = 0.2, throwInjection: String = "forced") {
            self.runs = runs
            self.seed = seed
            self.acquireFailureP = acquireFailureP
            self.throwInjection = throwInjection
        }

        enum CodingKeys: String, CodingKey {
            case runs, seed, acquireFailureP = "acquire_failure_p", throwInjection = "throw_injection"
        }

        public init(from decoder: Decoder) throws {
            let d = Workload()
            let c = try decoder.container(keyedBy: CodingKeys.self)
            runs = try c.decodeIfPresent(Int.self, forKey: .runs) ?? d.runs
            seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
            acquireFailureP = try c.decodeIfPresent(Double.self, forKey: .acquireFailureP) ?? d.acquireFailureP
            throwInjection = try c.decodeIfPresent(String.self, forKey: .throwInjection) ?? d.throwInjection
        }
    }

    /// The reference build: the first of ``compilers``.
    public var compiler: Compiler {
        get { compilers[0] }
        set { compilers[0] = newValue }
    }

    /// One build of the corpus's `.c` files: the `build` column names it. `clang` is the
    /// compiler driver, clang or Debian's `bpf-gcc` (which takes `-gbtf -mco-re` instead of
    /// `-target bpf -g`).
    public struct Compiler: Codable, Hashable, Sendable {
        public var name: String
        public var clang: String
        public var flags: [String]
        public var includePaths: [String]

        public init(
            name: String = "clang-O2", clang: String = CompilerConfiguration.defaultClang,
            flags: [String] = CompilerConfiguration.defaultFlags,
            includePaths: [String] = CompilerConfiguration.defaultIncludePaths
        ) {
            self.name = name
            self.clang = clang
            self.flags = flags
            self.includePaths = includePaths
        }

        enum CodingKeys: String, CodingKey { case name, clang, flags, includePaths = "include_paths" }

        public init(from decoder: Decoder) throws {
            let d = Compiler()
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? d.name
            clang = try c.decodeIfPresent(String.self, forKey: .clang) ?? d.clang
            flags = try c.decodeIfPresent([String].self, forKey: .flags) ?? d.flags
            includePaths = try c.decodeIfPresent([String].self, forKey: .includePaths) ?? d.includePaths
        }

        /// The compile-cache configuration for this compiler.
        public var configuration: CompilerConfiguration {
            CompilerConfiguration(clang: clang, flags: flags, includePaths: includePaths)
        }

        /// `clang -target bpf -O2 ...`: the command line that identifies a build.
        public var commandLine: String { ([clang] + flags + includePaths.map { "-I" + $0 }).joined(separator: " ") }
    }

    enum CodingKeys: String, CodingKey {
        case name, backends, variants, workload, compiler, compilers, costModel = "cost_model", catalog, kernel
        case insnLimit = "insn_limit"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        backends = try c.decodeIfPresent([String].self, forKey: .backends)
        variants = try c.decodeIfPresent([String].self, forKey: .variants)
        workload = try c.decodeIfPresent(Workload.self, forKey: .workload) ?? Workload()
        // `compilers` lists the builds; a single `compiler` object is the one-build form.
        if let list = try c.decodeIfPresent([Compiler].self, forKey: .compilers) {
            compilers = list
        } else {
            compilers = [try c.decodeIfPresent(Compiler.self, forKey: .compiler) ?? Compiler()]
        }
        costModel = try c.decodeIfPresent(String.self, forKey: .costModel)
        catalog = try c.decodeIfPresent(String.self, forKey: .catalog)
        kernel = try c.decodeIfPresent(Bool.self, forKey: .kernel) ?? false
        insnLimit = try c.decodeIfPresent(Int.self, forKey: .insnLimit) ?? 1_000_000
    }

    /// Reads a JSON configuration file; one line on failure, naming the file and the key.
    public static func load(path: String) throws(ConfigError) -> ExperimentConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, message: "cannot read file")
        }
        return try decode(data, file: path)
    }

    static func decode(_ data: Data, file: String) throws(ConfigError) -> ExperimentConfig {
        let config: ExperimentConfig
        do {
            config = try JSONDecoder().decode(ExperimentConfig.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ConfigError(file: file, message: "\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw ConfigError(file: file, message: "not valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)")
        } catch {
            throw ConfigError(file: file, message: "\(error)")
        }
        try config.validate(file: file)
        return config
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(backends, forKey: .backends)
        try c.encodeIfPresent(variants, forKey: .variants)
        try c.encode(workload, forKey: .workload)
        try c.encode(compilers, forKey: .compilers)
        try c.encodeIfPresent(costModel, forKey: .costModel)
        try c.encodeIfPresent(catalog, forKey: .catalog)
        try c.encode(kernel, forKey: .kernel)
        try c.encode(insnLimit, forKey: .insnLimit)
    }

    /// Checks values that decode but make no sense.
    public func validate(file: String) throws(ConfigError) {
        if compilers.isEmpty { throw ConfigError(file: file, message: "compilers must list at least one build") }
        var names: Set<String> = []
        for c in compilers where !names.insert(c.name).inserted {
            throw ConfigError(file: file, message: "compilers: two builds are named '\(c.name)'")
        }
        if names.contains(CorpusPlan.prebuilt) {
            throw ConfigError(file: file, message: "compilers: '\(CorpusPlan.prebuilt)' names objects and assembly, not a build")
        }
        if insnLimit < 1 { throw ConfigError(file: file, message: "insn_limit must be at least 1, not \(insnLimit)") }
        if workload.seed > UInt64(Int64.max) { throw ConfigError(file: file, message: "workload.seed must be below 2^63") }
        if workload.runs < 0 { throw ConfigError(file: file, message: "workload.runs must be 0 or more, not \(workload.runs)") }
        if !(0...1).contains(workload.acquireFailureP) {
            throw ConfigError(file: file, message: "workload.acquire_failure_p must be within 0...1, not \(workload.acquireFailureP)")
        }
        if !Workload.injections.contains(workload.throwInjection) {
            throw ConfigError(
                file: file,
                message: "workload.throw_injection must be one of \(Workload.injections.joined(separator: ", ")), not '\(workload.throwInjection)'")
        }
    }

    /// The configuration as stored in `runs.config`: sorted keys, so equal configs are equal text.
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A configuration file that cannot be used: `file: message`.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}
