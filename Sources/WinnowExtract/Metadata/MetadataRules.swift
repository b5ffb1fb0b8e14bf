// Metadata heuristics as data: the meta keys read for each field (in order of trust), the words that mark
// a byline's non-name parts, and every threshold, each with a one-line reason. Rules have typed ids so the
// trace can name where a field came from.

/// Where a metadata value came from; the raw value is the trace rule name (`published:meta`).
enum MetaSource: String, Sendable {
    case jsonLD = "json-ld"
    case jsonLDLenient = "json-ld-lenient"   // a block that failed to parse strictly, read key by key
    case meta = "meta"
    case microdata = "itemprop"
    case hAtom = "hatom"
    case timeElement = "time"
    case visible = "visible"
    case url = "url"
    case text = "text-line"
    case h1 = "h1"
    case htmlTitle = "title"
    case byline = "byline-element"
}

enum MetadataRules {
    // MARK: Dates

    /// Meta names/properties of the original publication date, most trusted first (article, Open Graph,
    /// Parse.ly, Sailthru, Dublin Core, CMS idioms).
    static let publishedMetaKeys = [
        "article:published_time", "og:article:published_time", "og:published_time", "article:published",
        "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date.created",
        "dcterms.created", "dc.date", "dcterms.date", "citation_publication_date", "citation_date",
        "publish-date", "publishdate", "publish_date", "published_time", "published-date", "pubdate",
        "article.published", "article_date_original", "cxenseparse:recs:publishtime", "date_published",
        "originalpublicationdate", "og:pubdate", "bt:pubdate", "rnews:datepublished", "article.created",
        "created", "date", "displaydate", "dc.created", "sort_date", "pub_date", "release_date",
        "analyticsattributes.articledate", "shareaholic:article_published_time", "article:post_date",
    ]
    /// Meta names/properties of the last modification.
    static let updatedMetaKeys = [
        "article:modified_time", "og:updated_time", "article:modified", "datemodified", "dc.date.modified",
        "dcterms.modified", "last-modified", "lastmod", "modified_time", "updated_time", "parsely-updated",
        "article.updated", "sailthru.lastmodified", "revised",
    ]
    /// JSON-LD @types whose datePublished is the page's own (any CreativeWork that a news page describes itself as).
    static let articleTypes: Set<String> = [
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "ScholarlyArticle", "TechArticle", "Report", "LiveBlogPosting", "BackgroundNewsArticle", "SocialMediaPosting",
        "Review", "Recipe", "PressRelease", "ReviewNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
    ]
    /// Other dated types: their datePublished counts only when no article or page object gives one (their
    /// name is not the page's headline).
    static let otherDatedTypes: Set<String> = ["Blog", "DiscussionForumPosting", "MedicalWebPage", "CreativeWork",
                                               "VideoObject", "Event", "Product", "Dataset", "Book", "Movie"]
    /// Page types: their date is the page's only when no article object gives one.
    static let pageTypes: Set<String> = ["WebPage", "ItemPage", "AboutPage", "CollectionPage", "ProfilePage", "QAPage",
                                          "FAQPage", "MediaGallery", "ImageGallery"]
    /// JSON-LD objects nested deeper than this are not read (a page's graph is shallow; deeper is data).
    static let maxJSONLDDepth = 8
    /// Earliest plausible year of a news page's date (the web's news era; older years are history in the text).
    static let minYear = 1995
    /// Latest year accepted when the fetch date is unknown (beyond it a date is a typo or a placeholder).
    static let maxYear = 2099
    /// How many text blocks after the headline the visible date may be (bylines and datelines sit just below it).
    static let visibleWindowAfter = 40
    /// ... and before it (a dateline or kicker above the headline).
    static let visibleWindowBefore = 8
    /// Characters of running text after the headline past which a date is in the story, not its dateline.
    static let visibleMaxCharsAfter = 1500
    /// Without any date near the headline, a "Posted … on <date>" line may sit this many text blocks below it
    /// (after the post); further down are comments and footers.
    static let distantWindowBlocks = 150
    /// A text block longer than this is prose: a date inside it is not the page's date line.
    static let maxDateLineChars = 160
    /// Class/id words of blocks whose dates and names are not the page's (comments, related stories, sidebars).
    static let foreignBlockWords = ["comment", "related", "sidebar", "recommend", "teaser", "popular",
                                    "trending", "mostread", "most-read", "footer", "reply", "replies", "disqus",
                                    "similar", "more-stories", "morestories", "newsletter", "promo", "rail",
                                    "further", "weitere", "read-more", "readmore", "also", "nav", "menu", "breadcrumb"]
    /// Byte cues of a class that may mark a byline or a date (a cheap filter before the exact checks).
    static let metadataClassCues: [[UInt8]] = ["author", "autor", "byline", "writer", "vcard", "published", "updated",
                                               "dtstamp"].map { Array($0.utf8) }
    /// Extra month abbreviations of the major European languages (LinePatterns.months has the full names).
    static let monthAbbreviations: [String: Int] = [
        "jän": 1, "janv": 1, "ene": 1, "gen": 1, "sty": 1, "févr": 2, "fév": 2, "fev": 2, "mrz": 3, "mär": 3,
        "mars": 3, "avr": 4, "abr": 4, "kwi": 4, "mai": 5, "mei": 5, "juin": 6, "giu": 6, "juil": 7, "lug": 7,
        "ago": 8, "aoû": 8, "sept": 9, "set": 9, "okt": 10, "ott": 10, "out": 10, "dez": 12, "déc": 12,
        "dic": 12, "dici": 12, "gru": 12,
    ]
    /// Words between the parts of a written date ("17 de febrero de 2023", "the 17th of February").
    static let dateJoiners: Set<String> = ["de", "del", "of", "the", "den", "le", "il", "el", "em", "do", "w"]
    /// Page languages that write numeric dates month first (US English; everything else is day first).
    static let monthFirstLanguages: Set<String> = ["en-us", "en"]
    /// Host suffixes that write English dates day first even when the page says only "en".
    static let dayFirstHostSuffixes = [".uk", ".au", ".nz", ".ie", ".in", ".za"]

    // MARK: Authors

    /// Meta names of the author, most trusted first.
    static let authorMetaKeys = ["author", "article:author", "dc.creator", "dcterms.creator", "byl", "sailthru.author",
                                 "parsely-author", "citation_author", "og:article:author", "twitter:creator:name",
                                 "cxenseparse:author", "authors", "article.author"]
    /// Prefixes of a byline before the names, lower-cased ("By", "Von", "Por", "Par", "Di", …).
    static let bylinePrefixes = ["written by ", "posted by ", "reported by ", "reporting by ", "words by ", "story by ",
                                 "text and photos by ", "text by ", "interview by ", "by: ", "by ", "von: ", "von ", "por: ", "par: ", "por ",
                                 "par ", "di ", "door ", "przez ", "av ", "af ", "de ", "from ", "autor: ",
                                 "autorin: ", "author: ", "authors: ", "text: ", "texto: ", "auteur: ", "autore: ",
                                 "redakteur: ", "eingestellt von ", "verfasst von ", "geschrieben von ", "ein beitrag von ",
                                 "publié par ", "publicado por ", "escrito por ", "pubblicato da ", "scritto da "]
    /// Prefixes of a visible byline line without markup (the short, unambiguous ones of `bylinePrefixes`).
    static let visibleBylinePrefixes = ["posted by", "written by", "by ", "von ", "por ", "par ", "door ", "przez ",
                                        "autor:", "author:", "text:", "gespeichert von ", "eingestellt von ",
                                        "verfasst von ", "publié par ", "publicado por ", "escrito por "]
    /// Words in a class or id (lower-cased) that mark an element holding a written date.
    static let dateClassCues = ["date", "publish", "posted", "datum", "fecha"]
    /// A visible byline line is at most this long (longer is prose that happens to start with "By").
    static let maxBylineLineChars = 120
    /// Text blocks after the headline searched for an unmarked byline line (a "Posted by" line under the post).
    static let visibleBylineBlocks = 150
    /// Separators between co-authors.
    static let authorSeparators = [" and ", " und ", " y ", " et ", " e ", " en ", " og ", " och ", " i ", " & ",
                                   "&", ";", ",", " | ", " with ", " mit ", " avec ", " con "]
    static let authorSeparatorBytes = authorSeparators.map { Array($0.utf8) }
    /// What follows the names in a credit and is cut off with all after it: the outlet ("For The Mail On Sunday",
    /// "für SPIEGEL ONLINE"), a place ("in Berlin") or a dash/bar before a role. Compared lower-cased, in order.
    static let outletCuts = [" for ", " für ", " pour ", " para ", " per ", " dla ", " in ", " at ", " from ", " - ", " – ",
                             " — ", " | "]
    static let outletCutBytes = outletCuts.map { Array($0.utf8) }
    /// Words of job titles and roles: a byline part with one of them is a role, not a name.
    static let roleWords: Set<String> = [
        "reporter", "correspondent", "editor", "editors", "writer", "journalist", "contributor", "columnist",
        "producer", "analyst", "expert", "experte", "expertin", "redakteur", "redakteurin", "korrespondent",
        "korrespondentin", "autor", "autorin", "chefredakteur", "chefreporter", "reporterin", "editorial", "senior",
        "chief", "political", "business", "sports", "sport", "science", "health", "technology", "environment",
        "economics", "diplomatic", "political", "rédacteur", "rédactrice", "envoyé", "envoyée", "spécial",
        "corresponsal", "redactor", "redactora", "periodista", "giornalista", "inviato", "dziennikarz",
        "photographer", "fotograf", "photos", "photo", "foto", "fotos", "images", "image", "files", "illustration",
        "contributing", "guest", "special", "associate", "managing", "deputy", "freelance", "intern", "team",
        "manager", "coordinator", "director", "officer", "president", "founder", "ceo", "engineer", "designer",
        "developer", "marketing", "product", "professor", "spokesperson", "sprecher", "sprecherin", "pressesprecher",
    ]
    /// Byline words a page glues to the name without a space ("ByAlex Bozarjian").
    static let gluedBylinePrefixes = ["By", "Author", "Von", "Por", "Par"]
    /// Credits that are organisations and agencies, not people (compared lower-cased, whole credit).
    static let organisationNames: Set<String> = [
        "reuters", "ap", "afp", "dpa", "apa", "sda", "ats", "kna", "epd", "efe", "ansa", "pa", "press association",
        "associated press", "the associated press", "agence france-presse", "bloomberg", "xinhua", "tass", "anp",
        "belga", "pap", "upi", "cnn", "bbc", "bbc news", "bbc sport", "redaktion", "die redaktion", "newsroom",
        "staff", "admin", "administrator", "editor", "editors", "editorial", "editorial staff", "editorial board",
        "web desk", "news desk", "online desk", "guest", "guest author", "team", "webmaster", "redacción",
        "rédaction", "la rédaction", "redazione", "redakcja", "no author", "unknown", "anonymous", "n/a", "none",
        "null", "author", "autor", "wires", "wire", "agencies", "news service", "news agency", "staff reporter",
        "staff writer", "our reporter", "our correspondent", "press office", "pressestelle", "kommunikation",
        "red", "red.", "sda", "kna", "epd", "ots", "apa-ots", "idw",
    ]
    /// Words that make a credit an organisation ("Washington Post Editors", "Tech Desk", "Spiegel Online").
    static let organisationWords: Set<String> = [
        "news", "desk", "redaktion", "online", "media", "agency", "agentur", "press", "presse", "team",
        "editors", "newsroom", "magazine", "magazin", "zeitung", "times", "post", "journal", "tribune", "daily",
        "herald", "gazette", "network", "group", "inc", "ltd", "gmbh", "ag", "llc", "corp", "company", "verlag",
        "institute", "institut", "university", "universität", "ministry", "ministerium", "department", "office",
        "association", "verband", "foundation", "stiftung", "blog", "wire", "service", "services", "tv", "radio",
        "channel", "sport", "sports", "weekly", "monthly", "review", "report", "club", "society", "council",
    ]
    /// Credits that are photo, not story, credits (a name glued to an agency by "/", "Getty Images").
    static let photoCreditWords = ["photo", "foto", "getty", "imago", "shutterstock", "picture alliance", "istock",
                                   "/reuters", "/ap", "/afp", "/dpa", "/epa", " files", "bild:", "image:", "©"]
    /// Class words of author boxes, avatars and bios: not the byline (long text, pictures, other links).
    static let authorBoxWords = ["bio", "box", "about", "avatar", "image", "img", "photo", "pic", "description",
                                 "social", "more", "comment", "posts", "list", "archive", "info-", "desc", "twitter"]
    /// Lower-case words inside a name.
    static let nameParticles: Set<String> = ["van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la",
                                             "le", "dos", "das", "do", "bin", "ibn", "al", "el", "ten", "ter", "zu", "y", "e"]
    /// Words that are never part of a name: page furniture next to bylines, weekdays.
    static let notNameWords: Set<String> = [
        "archive", "archives", "permalink", "profile", "posts", "articles", "view", "follow", "contact", "email",
        "e-mail", "twitter", "facebook", "share", "comments", "comment", "read", "subscribe", "more", "about",
        "updated", "published", "posted", "veröffentlicht", "aktualisiert", "today", "yesterday", "heute", "gestern",
        "donate", "login", "home", "menu", "search", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "by", "von", "por", "par", "door", "autor", "author", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    ]
    /// Weekday names of the major European languages → 0 (Monday) … 6 (Sunday).
    static let weekdayNumbers: [String: Int] = {
        var m: [String: Int] = [:]
        let lists = [["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
                     ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
                     ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
                     ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
                     ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"],
                     ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]]
        for l in lists { for (k, w) in l.enumerated() { m[w] = k } }
        return m
    }()
    /// A visible date line has at most this many words (more is prose mentioning a date).
    static let maxDateLineWords = 20
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
    /// A name has at most this many words (longer is a sentence or a title).
    static let maxNameWords = 5
    /// ... and at most this many characters.
    static let maxNameChars = 60
    /// Byline elements further than this many nodes above the headline belong to the page header.
    static let bylineNodesBefore = 60
    /// ... or this many nodes below it belong to other stories (teasers, related links).
    static let bylineNodesAfter = 400

    // MARK: Headline

    /// Separators between a headline and a site or section name in <title>/og:title.
    static let titleSeparators = [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", " : "]
    /// A site suffix or prefix has at most this many words ("… / Obyczaje / dwutygodnik.com").
    static let maxSiteWords = 5
    /// Minimum length (title-key letters) for a heading to count as repeating the headline.
    static let minHeadlineKey = 10
    /// A heading and a (truncated) title sharing this many leading letters name the same story.
    static let minSharedHeadlinePrefix = 24
    /// A kicker fused into the heading ("Politics | …") has at most this many words.
    static let maxKickerWords = 3
    /// A lone <h1> that the titles do not repeat is the headline when it has at least this many words (shorter
    /// is a logo, section or site name).
    static let minLoneH1Words = 4
    /// A headline is at most this long (characters); longer is a paragraph.
    static let maxHeadlineChars = 300
}
