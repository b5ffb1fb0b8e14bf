// Class/id/role vocabularies used to weigh and prune DOM blocks. Data, not code: extend the lists.
//
// Matching is on lowercased ASCII tokens of the class and id attributes (split on anything that is
// not a letter or digit). `exact` lists match a whole token; `sub` lists match inside a token
// (compound names such as "sharebar", "relatedposts", "commentlist").

struct ClassVocabulary {
    /// Positive evidence for an article container.
    static let positiveSub = ["article", "content", "story", "body", "post", "entry", "text", "main",
                              "blog", "hentry", "prose", "artikel", "articulo", "noticia", "contenu",
                              "inhalt", "testo", "tresc", "column",
                              // A recipe's ingredient list and steps are its text (short lines, no prose).
                              "ingredient", "zutat", "skladnik", "instruction", "zubereitung", "preparation"]
    /// Strong negatives: removed even when a positive word is also present (e.g. "post-comments").
    static let hardNegativeSub = ["comment", "disqus", "share", "sharing", "social", "related", "recommend",
                                  "newsletter", "subscri", "cookie", "consent", "gdpr",
                                  "breadcrumb", "promo", "sponsor", "advert", "outbrain", "taboola", "popup",
                                  "modal", "caption", "credit", "mostread", "mostpopular", "trending",
                                  "byline", "signup", "newsticker", "adslot", "adunit", "dfp",
                                  "bylines", "follow", "login", "jump", "tooltip", "rating", "hashtag"]
    static let hardNegativeExact = ["ad", "ads", "adv", "banner", "tags", "tag", "popular",
                                    "rss", "skip", "svg", "icon", "icons",
                                    "author", "meta", "keywords", "topics", "linkedin", "facebook", "twitter",
                                    "whatsapp", "pinterest", "email", "mail", "reddit", "disclaimer", "copyright",
                                    "legal", "navigation", "sr", "recent"]
    /// Soft negatives: removed unless a positive word is present too.
    static let softNegativeSub = ["sidebar", "footer", "navbar", "navigation", "menu", "banner", "masthead",
                                  "pagination", "pager", "toolbar", "skyscraper", "shoutbox",
                                  "sitemap", "combx", "community", "remark", "rail", "aside", "extra",
                                  "supplement", "header", "topbar", "dropdown", "overlay", "gallery", "carousel", "slider",
                                  "slideshow", "subnav", "masthead"]
    /// Soft negatives that name a media component rather than a page region: sports tables name rows
    /// "player-…", embed wrappers ("video-embed") hold quoted text. A block named only by these words is
    /// removed unless it holds sentences of prose. (Not "carousel", "gallery", "slider": those hold teasers of
    /// other stories, sentences and all; not "header": page headers hold promos in sentences.)
    static let mediaSub = ["video", "player"]
    /// Soft negatives that name a page component rather than a page region: page builders wrap the story
    /// itself in them ("elementor-widget-container", "widget-text-editor"). Inside the chosen container,
    /// a block of prose that holds a good share of its text is kept despite them.
    static let componentSub = ["widget"]
    /// Hard negatives that also name a story's own lead: "teaser" is a box of links to other stories, but
    /// many (German) news templates call the standfirst under the headline "teaser-text". A block with only
    /// this word and no link at all is kept.
    static let leadSub = ["teaser"]
    /// Whole-token hard negatives that also name the rest of a story: "more" is a "read more" link, but
    /// Movable Type/TypePad put the rest of the entry after the jump in "entry-more"/"asset-more". A block
    /// with only this word and a good length of mostly unlinked text is kept.
    /// "read" wraps the rest of "read more / read all" stories; "paywall"/"regwall" wrap the full text that
    /// the page sends and hides by script.
    static let continuationExact = ["more", "read"]
    static let continuationSub = ["paywall", "regwall"]
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
    var componentOnly = false      // the only negative words are component words ("widget")
    var leadOnly = false           // the only negative words are lead words ("teaser")
    var continuationOnly = false   // the only negative words are continuation words ("more")
    var mediaOnly = false          // the only negative words are media/card words ("video", "header")
    var comment = false            // a comments block (kept with include_comments)
    var hidden = false             // a hiding utility class
}
