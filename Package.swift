// swift-tools-version:6.0
import PackageDescription

// Layering (each arrow is "may import"):
//   winnow (CLI) -> WinnowPipeline -> stage modules -> WinnowIO/WinnowHTML -> WinnowCore
// Stage modules (Extract, Clean, Tag, Dedup, Filters) never import each other or the runner.
// Release builds skip the run-time exclusivity checks (swift_beginAccess on class and global state), which
// cost ~1.5 % of a pipeline run; debug builds (and so the tests) keep them.
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Winnow",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "winnow", targets: ["winnow"]),
        // The stage protocols, Document, the registry and the runner, for binaries with their own stages.
        .library(name: "WinnowKit", targets: ["WinnowKit"]),
    ],
    dependencies: [
        // Command-line parsing for the `winnow` subcommands.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries (Debian: libxml2-dev, zlib1g-dev, libzstd-dev; see scripts/setup.sh).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // Debian: libzstd-dev. Reads .zst inputs.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd",
                       providers: [.apt(["libzstd-dev"])]),

        // Value types, the Stage protocol, the registry, pipeline files, JSON, hashing.
        // Resources: the output's JSON Schema (document.schema.json).
        .target(name: "WinnowCore", resources: [.copy("Resources")], swiftSettings: fast),
        // libxml2 HTML parsing into a compact Swift tree. Must not import Foundation (ICU clash).
        .target(name: "WinnowHTML", dependencies: ["CLibXML2"], swiftSettings: fast),
        // Readers (files, gzip, jsonl, charset), writers (atomic JSONL, rejects).
        .target(name: "WinnowIO", dependencies: ["WinnowCore", "CZlib", "CZstd"], swiftSettings: fast),

        // The four stage families.
        .target(name: "WinnowExtract", dependencies: ["WinnowCore", "WinnowHTML"],
                resources: [.copy("Resources")], swiftSettings: fast),
        .target(name: "WinnowClean", dependencies: ["WinnowCore"],
                resources: [.copy("Resources")], swiftSettings: fast),
        .target(name: "WinnowTag", dependencies: ["WinnowCore"],
                resources: [.copy("Resources")], swiftSettings: fast),
        .target(name: "WinnowDedup", dependencies: ["WinnowCore"], swiftSettings: fast),
        // Corpus filters (language, Gopher/C4 quality, URL, PII redaction) on a datatrove-style Filter base.
        .target(name: "WinnowFilters", dependencies: ["WinnowCore"], swiftSettings: fast),
        // `exec`: a stage run by an external program (any language) over JSON Lines pipes.
        .target(name: "WinnowExec", dependencies: ["WinnowCore"], swiftSettings: fast),

        // The runner: reads inputs, runs stages in parallel batches, writes outputs deterministically.
        .target(name: "WinnowPipeline", dependencies: [
            "WinnowCore", "WinnowIO", "WinnowExtract", "WinnowClean", "WinnowTag", "WinnowDedup", "WinnowFilters", "WinnowExec",
        ], swiftSettings: fast),
        .target(name: "WinnowKit", dependencies: ["WinnowCore", "WinnowPipeline"]),
        .executableTarget(name: "winnow", dependencies: [
            // every module the CLI imports, declared (not reached through WinnowPipeline)
            "WinnowCore", "WinnowIO", "WinnowExtract", "WinnowClean", "WinnowTag", "WinnowDedup", "WinnowPipeline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: fast),

        .testTarget(name: "WinnowCoreTests", dependencies: ["WinnowCore"]),
        .testTarget(name: "WinnowIOTests", dependencies: ["WinnowIO"]),
        .testTarget(name: "WinnowExtractTests", dependencies: ["WinnowExtract", "WinnowHTML"],
                    resources: [.copy("Fixtures"), .copy("Cases")]),
        .testTarget(name: "WinnowCleanTests", dependencies: ["WinnowClean"]),
        .testTarget(name: "WinnowTagTests", dependencies: ["WinnowTag"], exclude: ["Fixtures"]),
        .testTarget(name: "WinnowDedupTests", dependencies: ["WinnowDedup"], exclude: ["Fixtures"]),   // read by path
        .testTarget(name: "WinnowFiltersTests", dependencies: ["WinnowFilters"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WinnowExecTests", dependencies: ["WinnowExec", "WinnowPipeline"],
                    resources: [.copy("Plugins")]),
        .testTarget(name: "WinnowKitTests", dependencies: ["WinnowKit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WinnowPipelineTests", dependencies: ["WinnowPipeline"],
                    exclude: ["Fixtures"], resources: [.copy("Golden")]),
    ],
    swiftLanguageModes: [.v6]
)
