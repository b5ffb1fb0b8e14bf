import Foundation
import Testing
import WinnowCore
import WinnowIO
@testable import WinnowPipeline

/// The seed articles' noise lines and titles (written by scripts/make-samples.py).
struct SeedNoise {
    var title: String
    var noise: [String]
    var file: String
}

let seedNoise: (seeds: [String: SeedNoise], iconRunPrefix: String) = {
    let url = Bundle.module.url(forResource: "seed-noise", withExtension: "json", subdirectory: "Golden")!
    let v = try! JSONValue.parse(Array(try! Data(contentsOf: url)))
    var seeds: [String: SeedNoise] = [:]
    for (k, e) in v.objectPairs! where k.count == 3 {
        guard case let .array(n)? = e["noise"] else { continue }
        seeds[k] = SeedNoise(title: e["title"]!.stringValue!, noise: n.compactMap(\.stringValue), file: e["file"]!.stringValue!)
    }
    return (seeds, v["icon_run_prefix"]!.stringValue!)
}()

/// Content paragraphs of a seed (the inverse of its noise list), from the shipped text sample.
func seedContent(_ key: String) throws -> [String] {
    let s = seedNoise.seeds[key]!
    let candidates = ["samples/text/" + s.file, "samples/gz/" + s.file + ".gz"]
    guard let path = candidates.map({ packageRoot + "/" + $0 }).first(where: { FileManager.default.fileExists(atPath: $0) }) else {
        throw RunError("no sample for seed \(key)")
    }
    var bytes = Array(FileManager.default.contents(atPath: path)!)
    if path.hasSuffix(".gz") { bytes = try Gzip.decompress(bytes) }
    let noise = Set(s.noise.map(norm))
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty && !noise.contains(norm($0)) && $0 != s.title && !$0.hasPrefix(seedNoise.iconRunPrefix)
            // A contributor credit: both keeping and dropping it are defensible; not asserted either way.
            && !$0.hasSuffix("contributed to this report.") }
}

/// Which seed a sample file came from: its name starts with the seed number.
func seedKey(ofSourcePath path: String) -> String {
    String((path as NSString).lastPathComponent.prefix(3))
}

func intValue(_ v: JSONValue?) -> Int {
    if case let .number(x)? = v { return Int(x) }
    return -1
}

/// Whitespace-normalised, so line wrapping and NBSPs do not matter.
func norm(_ s: String) -> String {
    s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

@Suite(.serialized) struct EndToEndTests {
    static let run: (dir: String, records: [JSONValue], stats: RunStats) = {
        let dir = tempDirectory("e2e")
        var options = RunOptions()
        options.inputs = [packageRoot + "/samples"]
        options.output = dir
        let stats = try! PipelineRunner(config: try! loadConfig("pipelines/news.json"), options: options).run()
        return (dir, relativized(try! readRecords(dir), root: packageRoot + "/samples"), stats)
    }()

    @Test func everySampleIsWrittenWithoutRejects() throws {
        let r = Self.run
        let rejected = try rejects(r.dir)
        #expect(r.stats.rejected == 0, "\(rejected)")
        #expect(r.records.count == 11)
        #expect(r.stats.read == r.stats.written + r.stats.dropped + r.stats.rejected)
    }

    @Test func noNoiseLineSurvives() throws {
        for rec in Self.run.records {
            let path = rec["source"]!["path"]!.stringValue!
            let text = norm(rec["text"]!.stringValue!)
            let key = seedKey(ofSourcePath: path)
            guard let s = seedNoise.seeds[key] else { continue }
            for n in s.noise where n.count > 2 {
                let lines = rec["text"]!.stringValue!.split(separator: "\n").map { norm(String($0)) }
                #expect(!lines.contains(norm(n)), "\(path): noise line survived: \(n)")
            }
            #expect(!text.contains("An icon of"), "\(path): icon description survived")
            #expect(!text.contains("Subscribe to continue reading"), "\(path)")
            #expect(!text.contains("cookie"), "\(path): cookie banner survived")
        }
    }

    @Test func everyContentParagraphSurvives() throws {
        for rec in Self.run.records {
            let path = rec["source"]!["path"]!.stringValue!
            guard !path.contains("syndicated") else { continue }   // an edited copy
            let key = seedKey(ofSourcePath: path)
            guard seedNoise.seeds[key] != nil else { continue }
            // Case-insensitive: clean_text rightly restores "kyiv" to "Kyiv".
            let text = norm(rec["text"]!.stringValue!).lowercased()
            for p in try seedContent(key) {
                #expect(text.contains(norm(p).lowercased()), "\(path): lost content paragraph: \(p.prefix(80))")
            }
        }
    }

    @Test func titlesAndMetadataAreExtracted() throws {
        for rec in Self.run.records {
            let path = rec["source"]!["path"]!.stringValue!
            guard let s = seedNoise.seeds[seedKey(ofSourcePath: path)], !path.contains("syndicated") else { continue }
            #expect(rec["title"]?.stringValue == s.title, "\(path): title \(String(describing: rec["title"]))")
            if path.hasSuffix(".html") || path.hasSuffix(".html.gz") {
                #expect(rec["published"]?.stringValue?.hasPrefix("202") == true, "\(path): no published date")
                #expect(rec["site"]?.stringValue != nil, "\(path): no site")
            }
            #expect(rec["language"]?.stringValue == "en", "\(path): language \(String(describing: rec["language"]))")
        }
    }

    @Test func entitiesAreCanonical() throws {
        var bySeed: [String: Set<String>] = [:]
        for rec in Self.run.records {
            let key = seedKey(ofSourcePath: rec["source"]!["path"]!.stringValue!)
            guard case let .array(es)? = rec["entities"] else { continue }
            for e in es { bySeed[key, default: []].insert(e["canonical"]!.stringValue!) }
            // Offsets are code points into text.
            let scalars = Array(rec["text"]!.stringValue!.unicodeScalars)
            for e in es {
                let s = intValue(e["start"]), en = intValue(e["end"])
                #expect(s >= 0 && en <= scalars.count && s < en)
                if s >= 0 && en <= scalars.count && s < en {
                    var u = String.UnicodeScalarView(); u.append(contentsOf: scalars[s..<en])
                    #expect(String(u) == e["text"]!.stringValue!)
                }
            }
        }
        let expected: [String: [String]] = [
            "000": ["Vladimir Putin", "Alexander Lukashenko", "Volodymyr Zelensky", "Moscow", "Minsk", "Novo-Ogaryovo", "Kremlin", "Belta", "Pavel Latushka", "Kyiv"],
            "001": ["Vladimir Putin", "Alexander Lukashenko", "Moscow", "Minsk", "Kyiv", "Su-25"],
            // (002 names Moscow and Novo-Ogaryovo only in photo captions, 003 names NATO only in a
            // "See also" link: that noise is stripped, so those names are not expected here.)
            "002": ["Vladimir Putin", "Alexander Lukashenko", "Kremlin", "Su-25", "Ukraine", "Belarus"],
            "003": ["Vladimir Putin", "Alexander Lukashenko", "Minsk", "Reuters", "S-400", "Iskander", "Sergei Shoigu", "Volodymyr Zelensky", "Institute for the Study of War", "Kyiv"],
            "004": ["Vladimir Putin", "Alexander Lukashenko", "Minsk", "Moscow", "Kremlin", "Sergei Shoigu", "Sergei Lavrov", "Dmitry Peskov", "Olaf Scholz", "Volodymyr Zelensky", "Kyiv", "Bakhmut", "Donbas", "Wagner Group", "European Union", "MiG-31K", "Iskander", "S-400", "Institute for the Study of War"],
        ]
        for (seed, names) in expected {
            for n in names {
                #expect(bySeed[seed]?.contains(n) == true, "seed \(seed): no entity with canonical name \(n); have \(bySeed[seed]?.sorted() ?? [])")
            }
        }
    }

    @Test func nearCopyIsADuplicateAndDifferentArticlesAreNot() throws {
        var clusterOf: [String: String] = [:]   // source path → cluster
        var seedOfCluster: [String: Set<String>] = [:]
        for rec in Self.run.records {
            let path = rec["source"]!["path"]!.stringValue!
            guard let cluster = rec["dedup"]?["cluster"]?.stringValue else { Issue.record("\(path): no dedup info"); continue }
            clusterOf[path] = cluster
            seedOfCluster[cluster, default: []].insert(seedKey(ofSourcePath: path))
        }
        // The syndicated copy of 001 is marked a duplicate of an 001 document.
        let syn = Self.run.records.first { $0["source"]!["path"]!.stringValue!.contains("syndicated") }!
        #expect(syn["dedup"]?["duplicate_of"]?.stringValue != nil, "syndicated copy not marked as duplicate")
        #expect(clusterOf["syndicated/001-ap-copy.html"] == clusterOf["text/001_ca0406cabf985ff4.txt"])
        // Re-scrapes of the same article (HTML vs text) also cluster.
        #expect(clusterOf["html/000-putin-meets-lukashenko.html"] == clusterOf["text/000_45b01320cc04bd8b.txt"])
        #expect(clusterOf["html/003-minsk-speech.html"] == clusterOf["gz/003_4500782fc5af7161.txt.gz"])
        // No cluster mixes two different seeds.
        for (c, seeds) in seedOfCluster { #expect(seeds.count == 1, "cluster \(c) mixes articles \(seeds.sorted())") }
    }

    @Test func sameStoryClustersFollowTheEvents() throws {
        var storyOf: [String: String] = [:]
        for rec in Self.run.records {
            storyOf[rec["source"]!["path"]!.stringValue!] = rec["dedup"]?["story"]?.stringValue
        }
        // The dated HTML renderings: 000–002 report the 2023-02-17 Moscow meeting, 003–004 the 2022-12-19 Minsk visit.
        let moscow = ["html/000-putin-meets-lukashenko.html", "html/001-awkward-meeting.html", "gz/002-russia-belarus-ties.html.gz"]
        let minsk = ["html/003-minsk-speech.html", "html/004-minsk-visit.html"]
        let a = storyOf[moscow[0]], b = storyOf[minsk[0]]
        #expect(a != nil && b != nil)
        for p in moscow { #expect(storyOf[p] == a, "\(p): story \(String(describing: storyOf[p])), expected \(String(describing: a))") }
        for p in minsk { #expect(storyOf[p] == b, "\(p): story \(String(describing: storyOf[p])), expected \(String(describing: b))") }
        #expect(a != b)
    }

    @Test func recordsMatchTheJSONSchema() throws {
        let schema = try JSONValue.parse(Array(FileManager.default.contents(atPath: packageRoot + "/Sources/WinnowCore/Resources/document.schema.json")!))
        for rec in Self.run.records {
            let errors = SchemaValidator.validate(rec, against: schema)
            #expect(errors.isEmpty, "\(errors)")
        }
        #expect(!Self.run.records.isEmpty)
    }

    @Test func outputIsIdenticalWhateverTheThreadCount() throws {
        var outs: [[UInt8]] = []
        for threads in [1, 2, 4] {
            let dir = tempDirectory("det\(threads)")
            var options = RunOptions()
            options.inputs = [packageRoot + "/samples"]
            options.output = dir
            options.threads = threads
            var config = try loadConfig("pipelines/news.json")
            config.batchSize = 3   // several batches, so ordering across batches is exercised too
            _ = try PipelineRunner(config: config, options: options).run()
            outs.append(try outputBytes(dir))
        }
        #expect(outs[0] == outs[1] && outs[1] == outs[2])
        #expect(outs[0] == (try outputBytes(Self.run.dir)))
    }

    @Test func statsJSONAccountsForEveryDocument() throws {
        let stats = try JSONValue.parse(Array(FileManager.default.contents(atPath: Self.run.dir + "/stats.json")!))
        let n = intValue
        let d = stats["documents"]!
        #expect(n(d["read"]) == n(d["written"]) + n(d["dropped"]) + n(d["rejected"]))
        guard case let .array(stages)? = stats["stages"] else { Issue.record("no stages"); return }
        #expect(stages.count == 4)
        for s in stages {
            var dropped = 0
            if case let .object(reasons)? = s["dropped"] { for (_, v) in reasons { dropped += n(v) } }
            #expect(n(s["in"]) == n(s["kept"]) + dropped + n(s["rejected"]))
        }
    }
}
