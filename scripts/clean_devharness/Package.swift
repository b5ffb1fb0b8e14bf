// swift-tools-version:6.0
// Development harness for the clean_text stage (not part of the product): builds WinnowCore + WinnowClean
// from the main tree (symlinks) with a small driver, so the stage can be scored and benchmarked on its own.
//   cd scripts/clean_devharness && swift build -c release
//   .build/release/cleandev clean ['{"line_mode":"full"}'] < lines      # like `winnow clean`
//   .build/release/cleandev langid < docs.jsonl                          # like `winnow langid`
//   .build/release/cleandev benchclean < lines ; .build/release/cleandev benchlangid < lines   # in-process CPU MB/s
//   swift build --product costdbg && .build/debug/costdbg < lines          # mojibake cost debugging
//   swift test                                                            # WinnowCleanTests
//   .build/release/cleandev dumpdocs '{}' < docs.ff > out.jsonl           # per-document result, for A/B identity checks
//   python3 lid_devset.py dev.jsonl [--cp1254-as-cp1252]                  # held-out (non-test) language-id text
//   python3 lid_devscore.py [--paragraphs] dev.jsonl -- ../../.build/release/winnow langid   # score on it
import PackageDescription
let package = Package(name: "cleandev", platforms: [.macOS(.v13)],
  targets: [
    .target(name: "WinnowCore"),
    .target(name: "WinnowClean", dependencies: ["WinnowCore"], resources: [.copy("Resources")]),
    .executableTarget(name: "cleandev", dependencies: ["WinnowClean", "WinnowCore"]),
    .executableTarget(name: "costdbg", dependencies: ["WinnowClean"]),
    .testTarget(name: "WinnowCleanTests", dependencies: ["WinnowClean", "WinnowCore"]),
  ], swiftLanguageModes: [.v6])
