// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Winnow. Build and run with scripts/fuzz.sh (see README.md here).
//
// The root package exports no library products, so this package cannot depend on it by path; instead
// Sources/<Module> are symlinks to ../../../Sources/<Module> and the targets below mirror the root
// Package.swift declarations. Keep them in sync when modules or dependencies change.
let package = Package(
    name: "WinnowFuzz",
    platforms: [.macOS(.v13)],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd"),
        .target(name: "WinnowCore", resources: [.copy("Resources")]),
        .target(name: "WinnowHTML", dependencies: ["CLibXML2"]),
        .target(name: "WinnowIO", dependencies: ["WinnowCore", "CZlib", "CZstd"]),
        .target(name: "WinnowExtract", dependencies: ["WinnowCore", "WinnowHTML"], resources: [.copy("Resources")]),
        .target(name: "WinnowClean", dependencies: ["WinnowCore"], resources: [.copy("Resources")]),
        .target(name: "WinnowTag", dependencies: ["WinnowCore"], resources: [.copy("Resources")]),
        .target(name: "WinnowDedup", dependencies: ["WinnowCore"]),
        .target(name: "WinnowFilters", dependencies: ["WinnowCore"]),
        .target(name: "WinnowExec", dependencies: ["WinnowCore"]),
        .target(name: "WinnowPipeline", dependencies: [
            "WinnowCore", "WinnowIO", "WinnowExtract", "WinnowClean", "WinnowTag", "WinnowDedup", "WinnowFilters", "WinnowExec",
        ]),

        // Entry-point glue: libFuzzer's driver, started from the executable's main.
        .target(name: "FuzzSupport", dependencies: ["WinnowIO"], path: "Support"),

        .executableTarget(name: "FuzzHTML", dependencies: ["FuzzSupport", "WinnowPipeline", "WinnowExtract", "WinnowHTML"], path: "Targets/FuzzHTML"),
        .executableTarget(name: "FuzzGzip", dependencies: ["FuzzSupport", "WinnowIO"], path: "Targets/FuzzGzip"),
        .executableTarget(name: "FuzzCharset", dependencies: ["FuzzSupport", "WinnowIO"], path: "Targets/FuzzCharset"),
        .executableTarget(name: "FuzzJSONL", dependencies: ["FuzzSupport", "WinnowIO", "WinnowCore"], path: "Targets/FuzzJSONL"),
        .executableTarget(name: "FuzzPipelineConfig", dependencies: ["FuzzSupport", "WinnowPipeline", "WinnowCore"], path: "Targets/FuzzPipelineConfig"),
        .executableTarget(name: "FuzzTar", dependencies: ["FuzzSupport", "WinnowIO"], path: "Targets/FuzzTar"),
        .executableTarget(name: "FuzzWarc", dependencies: ["FuzzSupport", "WinnowIO"], path: "Targets/FuzzWarc"),
        .executableTarget(name: "FuzzZstd", dependencies: ["FuzzSupport", "WinnowIO"], path: "Targets/FuzzZstd"),
        .executableTarget(name: "FuzzExecReply", dependencies: ["FuzzSupport", "WinnowExec", "WinnowCore"], path: "Targets/FuzzExecReply"),
        .executableTarget(name: "FuzzClean", dependencies: ["FuzzSupport", "WinnowClean", "WinnowCore"], path: "Targets/FuzzClean"),
    ],
    swiftLanguageModes: [.v6]
)
