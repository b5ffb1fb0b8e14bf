// Class/id/role vocabularies used to weigh and prune DOM blocks. Data, not code: extend the lists.
//
// Matching is on lowercased ASCII tokens of the class and id attributes (split on anything that is
// not a letter or digit). `exact` lists match a whole token; `sub` lists match inside a token
// (compound names such as "sharebar", "relatedposts", "commentlist").

struct ClassVocabulary {
    /// Positive evidence for an article container.
    static let positiveSub = ["article", "content", "story", "body", "post", "entry", "text", "main",
                              "blog", "hentry", "prose", "artikel", "articulo", "noticia", "contenu",
                              "inhalt", "testo", "tresc", "column"]
    /// Strong negatives: removed even when a positive word is also present (e.g. "post-comments").
    static let hardNegativeSub = ["comment", "disqus", "share", "sharing", "social", "related", "recommend",
                                  "newsletter", "subscri", "paywall", "regwall", "cookie", "consent", "gdpr",
                                  "breadcrumb", "promo", "sponsor", "advert", "outbrain", "taboola", "popup",
                                  "modal", "caption", "credit", "mostread", "mostpopular", "trending",
                                  "byline", "teaser", "signup", "newsticker", "adslot", "adunit", "dfp",
                                  "bylines", "follow", "login", "jump", "tooltip", "rating", "hashtag"]
    static let hardNegativeExact = ["ad", "ads", "adv", "banner", "tags", "tag", "popular", "more", "read",
                                    "rss", "skip", "svg", "icon", "icons",
                                    "author", "meta", "keywords", "topics", "linkedin", "facebook", "twitter",
                                    "whatsapp", "pinterest", "email", "mail", "reddit", "disclaimer", "copyright",
                                    "legal", "navigation", "sr"]
    /// Soft negatives: removed unless a positive word is present too.
    static let softNegativeSub = ["sidebar", "footer", "navbar", "navigation", "menu", "banner", "masthead",
                                  "pagination", "pager", "widget", "toolbar", "skyscraper", "shoutbox",
                                  "sitemap", "combx", "community", "remark", "rail", "aside", "extra",
                                  "supplement", "header", "topbar", "dropdown", "overlay", "gallery", "carousel",
                                  "slider", "slideshow", "video", "player", "subnav", "masthead"]
    static let softNegativeExact = ["nav", "meta", "date", "time", "info", "contact", "tools", "links",
                                    "search", "form", "stats", "feed"]
    /// Words that weigh a block down (readability's negative list) but never remove it on their own.
    static let weightOnlyNegativeSub = ["shopping"]
    /// Whole class names that hide an element (utility classes such as "hidden-xs" do not count).
    static let hiddenClassNames: Set<String> = ["hidden", "hide", "d-none", "visually-hidden", "sr-only",
                                                "screen-reader-text", "screenreader", "invisible", "is-hidden"]

    /// ARIA roles of page chrome.
    static let negativeRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search",
                                             "menu", "menubar", "dialog", "alertdialog", "alert", "toolbar",
                                             "tablist", "button", "img", "presentation", "note", "form"]
    static let positiveRoles: Set<String> = ["main", "article"]
}

/// What the vocabulary says about one class/id string.
struct ClassInfo {
    var weight: Int32 = 0          // readability-style: +25 positive, -25 negative, per attribute
    var positive = false
    var hardNegative = false
    var softNegative = false
    var comment = false            // a comments block (kept with include_comments)
    var hidden = false             // a hiding utility class
}

enum ClassMatcher {
    static let positive = ClassVocabulary.positiveSub.map { Array($0.utf8) }
    static let hardSub = ClassVocabulary.hardNegativeSub.map { Array($0.utf8) }
    static let hardExact = Set(ClassVocabulary.hardNegativeExact.map { Array($0.utf8) })
    static let softSub = ClassVocabulary.softNegativeSub.map { Array($0.utf8) }
    static let softExact = Set(ClassVocabulary.softNegativeExact.map { Array($0.utf8) })
    static let weightSub = ClassVocabulary.weightOnlyNegativeSub.map { Array($0.utf8) }
    static let hiddenNames = Set(ClassVocabulary.hiddenClassNames.map { Array($0.utf8) })
    static let skippedPrefixes = ["tag-", "category-", "status-", "format-", "type-", "post-", "postid-", "author-",
                                  "tags-", "categories-", "topic-", "section-"].map { Array($0.utf8) }
    static let commentWords = [Array("comment".utf8), Array("disqus".utf8), Array("replies".utf8)]

    /// Classifies one attribute value (class or id).
    static func classify(_ value: ArraySlice<UInt8>) -> ClassInfo {
        var info = ClassInfo()
        var toks: [[UInt8]] = []
        // Split into class names first; skip CMS taxonomy classes ("tag-foo", "category-bar", "post-123").
        var name: [UInt8] = []
        func flushName() {
            defer { name.removeAll(keepingCapacity: true) }
            if name.isEmpty { return }
            if hiddenNames.contains(name) { info.hidden = true; return }
            for p in skippedPrefixes where name.count > p.count && name.starts(with: p) { return }
            tokens(name[...], into: &toks)
        }
        for b in value {
            if isASCIISpace(b) { flushName() } else { name.append(asciiLower(b)) }
        }
        flushName()
        if toks.isEmpty { return info }
        var pos = false, hard = false, soft = false, weightNeg = false
        for t in toks {
            if !pos { for p in positive where t.contains(bytes: p) { pos = true; break } }
            if hardExact.contains(t) { hard = true }
            else if !hard { for p in hardSub where t.contains(bytes: p) { hard = true; break } }
            if softExact.contains(t) { soft = true }
            else if !soft { for p in softSub where t.contains(bytes: p) { soft = true; break } }
            if !weightNeg { for p in weightSub where t.contains(bytes: p) { weightNeg = true; break } }
            if !info.comment { for p in commentWords where t.contains(bytes: p) { info.comment = true; break } }
        }
        info.positive = pos
        info.hardNegative = hard
        info.softNegative = soft
        if hard || soft || weightNeg { info.weight -= 25 }
        if pos { info.weight += 25 }
        return info
    }
}
