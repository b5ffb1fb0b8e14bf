import Foundation
import WinnowCore

/// `filter_url`: keeps or drops documents by the domain and the text of their URL.
///
/// Order: deny lists first (a denied domain or pattern drops), then allow lists (when set, the URL must
/// match one of them). A domain covers its subdomains: `example.com` matches `news.example.com`, not
/// `badexample.com`. Patterns are regular expressions (NSRegularExpression) searched anywhere in the URL.
public struct URLFilter: DocumentFilter {
    public static let typeName = "filter_url"
    public static let summary = "Keeps or drops documents by URL: allowed/denied domains (with subdomains) and URL regular expressions."

    public enum Rule: String, CaseIterable, Sendable {
        case deniedDomain = "url.denied_domain"
        case deniedPattern = "url.denied_pattern"
        case domainNotAllowed = "url.domain_not_allowed"
        case patternNotAllowed = "url.pattern_not_allowed"
        /// Allow lists are set and the document has no URL to check.
        case missing = "url.missing"
    }

    public struct Options: StageOptions {
        public var allowDomains: [String] = []
        public var denyDomains: [String] = []
        public var allowPatterns: [String] = []
        public var denyPatterns: [String] = []
        public init() {}
        public static let spec = OptionSpec<Self> {
            $0.strings("allow_domains", \.allowDomains, check: isDomain, "if set, keep only URLs on these domains (or their subdomains)")
            $0.strings("deny_domains", \.denyDomains, check: isDomain, "drop URLs on these domains (or their subdomains)")
            $0.strings("allow_patterns", \.allowPatterns, "if set, keep only URLs matching one of these regular expressions")
            $0.strings("deny_patterns", \.denyPatterns, "drop URLs matching any of these regular expressions")
        }
        @Sendable static func isDomain(_ d: String) -> String? {
            let ok = !d.isEmpty && d.utf8.allSatisfy { c in
                (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D || c >= 0x80
            } && !d.hasPrefix(".") && !d.hasSuffix(".")
            return ok ? nil : "\"\(d)\" is not a domain (lower case, no scheme or path, e.g. \"example.com\")"
        }
    }

    let allowDomains: [String]
    let denyDomains: [String]
    let allowPatterns: [NSRegularExpression]
    let denyPatterns: [NSRegularExpression]

    public init(options: Options, params: StageParams) throws {
        allowDomains = options.allowDomains
        denyDomains = options.denyDomains
        func compile(_ key: String, _ patterns: [String]) throws -> [NSRegularExpression] {
            try patterns.map { p in
                do { return try NSRegularExpression(pattern: p) } catch {
                    throw params.error(key, "\"\(p)\" is not a valid regular expression")
                }
            }
        }
        allowPatterns = try compile("allow_patterns", options.allowPatterns)
        denyPatterns = try compile("deny_patterns", options.denyPatterns)
    }

    public func filter(_ document: inout Document) -> FilterDecision {
        guard let url = document.url, !url.isEmpty else {
            return allowDomains.isEmpty && allowPatterns.isEmpty ? .keep : .drop(Rule.missing, "no url")
        }
        let host = Self.host(of: url)
        if let d = denyDomains.first(where: { Self.covers($0, host) }) { return .drop(Rule.deniedDomain, "\(host) ~ \(d)") }
        if let p = denyPatterns.first(where: { Self.matches($0, url) }) { return .drop(Rule.deniedPattern, p.pattern) }
        if !allowDomains.isEmpty && !allowDomains.contains(where: { Self.covers($0, host) }) {
            return .drop(Rule.domainNotAllowed, host)
        }
        if !allowPatterns.isEmpty && !allowPatterns.contains(where: { Self.matches($0, url) }) {
            return .drop(Rule.patternNotAllowed, url)
        }
        return .keep
    }

    /// Whether `domain` is `host` or one of its parent domains.
    static func covers(_ domain: String, _ host: String) -> Bool {
        host == domain || (host.hasSuffix(domain) && host.utf8.dropLast(domain.utf8.count).last == 0x2E)
    }

    static func matches(_ re: NSRegularExpression, _ url: String) -> Bool {
        re.firstMatch(in: url, range: NSRange(url.startIndex..., in: url)) != nil
    }

    /// The lower-cased host of a URL (no user info, port or trailing dot); "" when there is none.
    static func host(of url: String) -> String {
        var s = Substring(url)
        if let r = s.range(of: "://") { s = s[r.upperBound...] } else if s.hasPrefix("//") { s = s.dropFirst(2) }
        if let end = s.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { s = s[..<end] }
        if let at = s.lastIndex(of: "@") { s = s[s.index(after: at)...] }
        if s.hasPrefix("[") { return String(s.prefix(while: { $0 != "]" }).dropFirst()).lowercased() }   // IPv6 literal
        if let colon = s.lastIndex(of: ":") { s = s[..<colon] }
        while s.hasSuffix(".") { s = s.dropLast() }
        return s.lowercased()
    }
}
