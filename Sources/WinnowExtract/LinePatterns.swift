// Pattern lists for the text line rules. Data, not code: extend the lists (lowercase, matched on
// lowercased lines). Multilingual where cheap.

enum LinePatterns {
    /// A line starting with one of these (and short) is a related-link interstitial.
    static let relatedPrefixes = [
        "see also", "read also", "read more", "also read", "related:", "related articles", "related stories",
        "related coverage", "related news", "more:", "more on this", "more from", "recommended:", "watch:",
        "listen:", "coverage ", "must read", "don't miss", "trending:", "top stories",
        "lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant", "das könnte sie auch interessieren",
        "à lire aussi", "a lire aussi", "lire aussi", "voir aussi", "à voir aussi", "leer también", "lee también",
        "ver también", "te puede interesar", "leia também", "leia mais", "veja também", "leggi anche",
        "potrebbe interessarti", "lees ook", "lees meer", "bekijk ook", "czytaj też", "czytaj także",
        "zobacz też", "zobacz także", "przeczytaj też", "читайте также", "читайте також", "смотрите также",
        "läs också", "les også", "læs også", "lue myös", "devamını oku", "ayrıca okuyun",
        "schon gelesen", "das könnte dich auch interessieren", "das könnte dich interessieren",
        "das könnte sie interessieren", "le puede interesar", "también te puede interesar", "te podría interesar",
        "ti potrebbe interessare", "vous aimerez aussi", "à lire également", "a lire également",
        "dit vind je misschien ook interessant", "może cię zainteresować", "вам может быть интересно",
        "você também pode gostar", "pode te interessar",
        // "More at <url>" trailers.
        "weitere infos unter", "weitere informationen unter", "mehr infos unter", "mehr informationen unter",
        "more info at", "more information at", "for more information visit", "plus d'infos sur",
        "plus d'informations sur", "más información en", "maggiori informazioni su", "meer informatie op",
        "więcej informacji na",
        // Archive links and previous/next navigation.
        "alle artikel zu", "alle artikel von", "alle beiträge zu", "alle beiträge von", "alle blogbeiträge",
        "all articles by", "all articles about", "all posts by", "more articles by", "more posts by",
        "weitere artikel von", "weitere beiträge von", "tous les articles", "todos los artículos",
        "tutti gli articoli", "alle artikelen", "wszystkie artykuły", "next article", "previous article", "next post:",
        "previous post:", "nächster artikel", "vorheriger artikel", "nächster beitrag", "vorheriger beitrag",
        "vorschau auf den nächsten", "article suivant", "article précédent", "artículo siguiente", "artículo anterior",
        "articolo successivo", "articolo precedente", "volgend artikel", "vorig artikel", "następny artykuł",
        "poprzedni artykuł", "следующая статья", "предыдущая статья",
    ]
    /// A line starting with one of these is a note about the page, not part of the story: the print-edition
    /// note under a newspaper's web article, a browser-support notice.
    static let pageNotes = [
        // ("A version of this article appeared October 29, 2012, on page B3 in the U.S. edition of ...")
        "a version of this article appeared", "a version of this article appears",
        "a version of this story appeared", "a version of this story appears",
        "a version of this review appeared", "a version of this review appears",
        "a version of this op-ed appeared", "a version of this op-ed appears",
        "this article appeared in the print edition", "this article appears in the print edition",
        "this page is best viewed in", "this page is best viewed with", "this site is best viewed in",
        "this site is best viewed with", "this website is best viewed in", "this website is best viewed with",
    ]
    /// Comment-form text.
    static let commentForm = [
        "leave a reply", "leave a comment", "your email address will not be published", "required fields are marked",
        "post comment", "add a comment", "add comment", "comments are closed", "join the discussion",
        "be the first to comment", "you must be logged in to post a comment", "notify me of follow-up comments",
        "notify me of new posts", "save my name, email", "cancel reply", "show comments", "view comments",
        "hinterlasse einen kommentar", "kommentar verfassen", "deine e-mail-adresse wird nicht veröffentlicht",
        "laisser un commentaire", "votre adresse e-mail ne sera pas publiée", "deja un comentario",
        "tu dirección de correo electrónico no será publicada", "lascia un commento", "dodaj komentarz",
        "twój adres e-mail nie zostanie opublikowany", "laat een reactie achter", "оставить комментарий",
        "logged in to post a comment", "um kommentare zu schreiben", "um einen kommentar zu schreiben",
        "pour écrire un commentaire", "para escribir un comentario", "per scrivere un commento",
        "you can follow any responses to this entry", "bookmark the permalink", "trackbacks are closed",
        "comments and trackbacks are", "kommentare und pings sind", "kommentare zu diesem eintrag",
        "kommentare zu diesen eintrag", "und abgelegt unter", "comments to this entry are closed", "gravatar",
    ]
    /// Newsletter, paywall, follow/share prompts (matched in short lines).
    static let prompts = [
        "subscribe to continue reading", "read without limits", "keep reading", "i'm already a subscriber",
        "i’m already a subscriber", "already a subscriber", "already have an account", "follow all the international information on",
        "our weekly newsletter", "our daily newsletter", "sign up for our", "sign up to our", "subscribe to our",
        "subscribe now", "subscribe for", "subscribe to", "create a free account", "log in to continue", "sign in to continue",
        "continue reading", "this article is for subscribers", "to continue reading", "become a member", "support our journalism",
        "click here to subscribe", "newsletter", "share this article", "share on facebook", "share on twitter",
        "follow us on", "download our app", "get the app", "enable javascript", "accept cookies", "we use cookies",
        "cookie settings", "sponsored content", "jetzt abonnieren", "abonnieren sie", "weiterlesen mit",
        "abonnez-vous", "déjà abonné", "suscríbete", "ya soy suscriptor", "abbonati", "sei già abbonato",
        "zaloguj się", "abonneer", "подпишитесь", "skip to content", "skip to main content", "back to top",
        "print this page", "email this", "click to share", "opens in new window", "loading...", "image caption",
        // Reader feedback and sharing prompts.
        "if you enjoyed reading", "if you enjoyed this article", "if you enjoyed this post",
        "hat dir dieser artikel gefallen", "hat ihnen dieser artikel gefallen", "hat dir der artikel gefallen",
        "hat ihnen der artikel gefallen", "vous avez aimé cet article", "avez-vous apprécié cet article",
        "¿te gustó este artículo", "te ha gustado este artículo", "ti è piaciuto questo articolo",
        "was this article helpful", "was this helpful", "war dieser artikel hilfreich", "war der artikel nützlich",
        "war dieser beitrag hilfreich", "cet article vous a-t-il été utile", "¿te ha resultado útil",
        "¿le resultó útil", "questo articolo ti è stato utile", "was dit artikel nuttig",
        "artikel teilen", "beitrag teilen", "partager cet article", "compartir este artículo", "compartir esta noticia",
        "condividi questo articolo", "deel dit artikel", "udostępnij artykuł", "поделиться статьей", "share this story",
        "share this post", "no ratings yet", "noch keine bewertungen", "aucune évaluation", "sin valoraciones",
        "nessuna valutazione", "nog geen beoordelingen", "brak ocen",
        // Channel and app promotion.
        "our youtube channel", "unseren youtube-kanal", "nuestro canal de youtube", "notre chaîne youtube",
        "il nostro canale youtube", "nosso canal no youtube", "get the latest news", "for the latest news",
        "for the latest stories", "submit a letter to the editor", "submit your letter to the editor",
        "we want to hear what you think", "suggested citation", "zitiervorschlag", "cite this article",
        // Subscription and membership pitches, PDF downloads.
        "cancel anytime", "cancel at any time", "jederzeit kündbar", "annulez à tout moment", "résiliable à tout moment",
        "cancela cuando quieras", "cancelar en cualquier momento", "disdici quando vuoi", "opzegbaar",
        "hazte miembro", "hazte socio", "werde mitglied", "werden sie mitglied", "devenez membre", "diventa socio",
        "zostań członkiem", "als pdf herunterladen", "download as pdf", "download this article as pdf",
        "télécharger en pdf", "descargar en pdf", "scarica in pdf", "download als pdf", "pobierz pdf",
        // Follow prompts and cookie notices in more languages ("follow us on", "we use cookies" above).
        "folgen sie uns auf", "folge uns auf", "suivez-nous sur", "síguenos en", "seguici su", "volg ons op",
        "obserwuj nas na", "our telegram channel", "canal de telegram", "canal de whatsapp", "whatsapp-kanal",
        "telegram-kanal", "our whatsapp channel", "this website uses cookies", "this site uses cookies",
        "diese website verwendet cookies", "wir verwenden cookies", "nous utilisons des cookies", "utilizamos cookies",
        "utilizziamo i cookie", "wij gebruiken cookies", "korzystamy z cookies", "używamy plików cookie",
        "мы используем cookie", "мы используем файлы cookie",
        "straight to your inbox", "direct to your inbox", "directly to your inbox", "right to your inbox",
        "delivered to your inbox", "direkt in dein postfach", "direkt in ihr postfach", "directement dans votre boîte",
        "directamente en tu bandeja", "direttamente nella tua casella", "rechtstreeks in je inbox",
    ]
    /// Actions and counters of a blog post's meta line ("Posted by X | Permalink | Comments (8) | TrackBack"),
    /// as a "|" segment with digits and brackets removed.
    static let postActions: Set<String> = [
        "permalink", "trackback", "trackbacks", "comment", "comments", "comment(s)", "add comment", "add a comment",
        "email this", "reply", "link", "kommentar", "kommentare", "kommentieren", "commentaire", "commentaires",
        "comentario", "comentarios", "commento", "commenti", "reactie", "reacties", "komentarz", "komentarze",
        "komentarzy", "комментарий", "комментария", "комментариев", "antworten", "répondre", "responder", "rispondi",
        "reageren", "odpowiedz",
    ]
    /// Advertising and affiliate-link disclosures (matched in lines of up to 400 bytes).
    static let disclosures = [
        "we may receive compensation", "we may earn a commission", "may earn a commission", "we earn a commission",
        "affiliate link", "affiliate-link", "contains affiliate", "this post contains references to products",
        "as an amazon associate", "enthält werbung", "enthält affiliate", "provisionslink", "provision erhält",
        "erhalten wir eine provision", "eine kleine provision", "contient des liens affiliés",
        "liens d'affiliation", "lien affilié", "enlaces de afiliados", "enlaces de afiliado", "link di affiliazione",
        "link affiliati", "bevat affiliate", "affiliatelinks", "linki afiliacyjne", "партнерские ссылки",
    ]
    /// Whole lines (lowercased, a trailing ":" removed) that are page furniture: tables of contents,
    /// author-box and embed headings.
    static let furnitureLines: Set<String> = [
        "inhaltsverzeichnis", "table of contents", "sommaire", "table des matières", "índice de contenidos",
        "tabla de contenidos", "indice dei contenuti", "inhoudsopgave", "spis treści", "содержание", "índice",
        "about the author", "about the authors", "über den autor", "über die autorin", "über die autoren",
        "zum autor", "zur autorin", "à propos de l'auteur", "a propos de l'auteur", "sobre el autor",
        "sobre la autora", "sull'autore", "over de auteur", "o autorze", "об авторе", "sobre o autor",
        "externer inhalt", "external content", "quellen ausblenden", "quellen anzeigen",
        "kontakt", "contact", "contacto", "contatti", "contatto", "pressekontakt", "medienkontakt", "press contact",
        "media contact", "contact presse", "nous contacter", "contact us", "kontakt dla mediów", "контакты",
        "perskontakt",
        // Share and print buttons.
        "share", "share this", "teilen", "partager", "compartir", "condividi", "delen", "udostępnij", "поделиться",
        "tags", "schlagwörter", "print", "drucken", "imprimer", "imprimir", "stampa", "artikel drucken", "seite drucken",
        "tweet", "pin it", "whatsapp", "facebook", "twitter", "linkedin", "pinterest", "xing", "reddit", "flipboard",
        "per e-mail", "per mail",
    ]
    /// Advertising labels: the whole line, or followed by ":", " -", " –" or " |" ("ANZEIGE - ...").
    static let adLabels = ["anzeige", "werbung", "advertisement", "advertisements", "advert", "adverts", "advertising", "publicité", "publicidad", "pubblicità",
                           "advertentie", "reklama", "реклама", "gesponsert", "sponsored", "sponsorisé", "patrocinado"]
    /// Site footer / disclaimer text.
    static let footer = [
        "all rights reserved", "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
        "tutti i diritti riservati", "wszelkie prawa zastrzeżone", "alle rechten voorbehouden", "все права защищены",
        "the information on this site is from external sources", "the inclusion of any links does not necessarily imply",
        "alle angaben ohne gewähr", "angaben ohne gewähr", "sous réserve d'erreurs", "salvo errores u omisiones",
        "licensed under a creative commons", "licensed under creative commons", "unter der lizenz cc",
        "unter einer creative-commons", "unter einer creative commons", "sous licence creative commons",
        "bajo licencia creative commons", "bajo una licencia creative commons", "sotto licenza creative commons",
        "onder een creative commons",
    ]
    /// Comment counters and empty comment lists at the start of a short line ("Keine Kommentare (...)").
    static let noComments = ["no comments", "keine kommentare", "noch keine kommentare", "aucun commentaire",
                             "sin comentarios", "nessun commento", "geen reacties", "brak komentarzy",
                             "нет комментариев", "sem comentários"]
    /// Names of legal pages: footer link rows ("Impressum | Datenschutz | Kontakt"), but also words that
    /// article sentences use ("Im Impressum der Seite steht ..."), so matched only in short lines that are
    /// not sentences.
    static let footerLinks = [
        "privacy policy", "terms of use", "terms of service", "cookie policy", "terms and conditions",
        "datenschutz", "impressum", "politique de confidentialité", "política de privacidad", "mentions légales",
        "privacy statement", "informativa sulla privacy", "privacybeleid", "polityka prywatności",
        "política de privacidade", "conditions générales", "nutzungsbedingungen", "condizioni d'uso",
        "términos y condiciones", "aviso legal", "note legali", "sitemap",
    ]
    /// Photo-credit phrases.
    static let creditPhrases = [
        "photo via", "pool photo", "photo:", "photos:", "foto:", "fotos:", "photo source", "main photo", "photograph:", "crédits photo", "bildquelle:",
        "image:", "bild:", "picture:", "credit:", "credits:", "crédit photo", "getty images", "/getty", "afp photo",
        "ap photo", "(photo", "(foto", "photo by", "foto di", "fot.", "źródło zdjęcia", "imago images", "shutterstock",
        "picture alliance", "picture-alliance", "keystone", "/ap)", "/pa)", "via reuters", "/reuters", "/afp", "(reuters)",
    ]
    /// Zoom-button text that extraction glues to the start of an image caption (with the space after it).
    static let zoomWords = ["vergrößern ", "bild vergrößern ", "enlarge ", "enlarge image ", "zoom ", "agrandir ",
                            "ampliar ", "ingrandisci ", "vergroten ", "powiększ ", "увеличить "]
    /// News agencies and photo services that appear in credit lines ("EPA/Name", "...Reuters").
    static let agencies = ["EPA", "AP", "AFP", "PAP", "Reuters", "Getty", "Getty Images", "dpa", "ANSA", "Xinhua",
                           "TASS", "Sputnik", "IMAGO", "Shutterstock", "Anadolu", "PA", "Bloomberg", "EFE", "ANP",
                           "Keystone", "Belga", "NurPhoto", "SOPA", "ZUMA", "Alamy", "iStock", "AAP"]
    /// Each agency's UTF-8 bytes, with "/" after it and before it ("EPA/", "/EPA"), built once.
    static let agencyBytes: [(name: [UInt8], withSlash: [UInt8], slashFirst: [UInt8])] =
        agencies.map { (Array($0.utf8), Array(($0 + "/").utf8), Array(("/" + $0).utf8)) }
    /// Byline starts (a line "By Press Association").
    static let bylinePrefixes = ["by ", "von ", "par ", "por ", "door ", "di ", "przez ", "av ", "af ", "autor: ",
                                 "author: ", "written by ", "reporting by ", "text: ", "texto: ", "автор: "]
    /// Lowercase function words that join the words before a repeated headline into one phrase (so the line is
    /// a subheading, not a breadcrumb).
    static let joiningWords: Set<String> = [
        "of", "by", "the", "for", "to", "in", "on", "and", "with", "a", "an", "at", "from", "about",
        "für", "die", "der", "das", "den", "dem", "des", "von", "mit", "und", "zu", "zum", "zur", "im", "am", "ein", "eine",
        "de", "la", "le", "les", "du", "des", "et", "pour", "avec", "sur", "en", "y", "el", "los", "las", "del", "con",
        "para", "por", "di", "il", "lo", "gli", "per", "e", "da", "do", "dos", "van", "het", "een", "voor",
        "met", "op", "w", "z", "i", "na", "dla", "o", "в", "и", "на", "с", "для", "о",
    ]
    /// First words of a closing formula (sign-off) that carry no content of their own.
    static let signOffWords: Set<String> = [
        "cheers", "regards", "sincerely", "yours", "xoxo", "x", "xx", "xo", "euer", "eure", "lg", "bisous", "amitiés",
        "cordialement", "saludos", "abrazos", "besos", "saluti", "baci", "groetjes", "pozdrawiam", "pozdrowienia",
    ]
    /// Two-word closing formulas.
    static let signOffPhrases = ["liebe grüße", "viele grüße", "herzliche grüße", "beste grüße", "best wishes",
                                 "kind regards", "best regards", "un abrazo", "un saludo", "gros bisous", "bien à vous",
                                 "un caro saluto", "hartelijke groeten"]
    /// Headline verbs: a short unpunctuated line with one of these between paragraphs reads as a
    /// related-story headline rather than a subheading (text input only).
    static let headlineVerbs: Set<String> = [
        "says", "said", "warns", "urges", "vows", "claims", "denies", "slams", "blasts", "reveals", "admits",
        "insists", "plans", "seeks", "faces", "backs", "rejects", "announces", "agrees", "threatens", "accuses",
        "abandon", "abandons", "flee", "flees", "joins", "meets", "visits", "wins", "loses", "dies", "killed",
        "arrested", "launches", "signs", "approves", "condemns", "demands", "calls", "hits", "sues", "fires",
        "sagt", "fordert", "warnt", "dice", "afirma", "advierte", "dit", "affirme", "zegt", "mówi", "twierdzi",
    ]
    /// Labels of an event's date or period: a "Label: date" line with one of these is content.
    static let eventLabels: Set<String> = [
        "termin", "termine", "deadline", "frist", "einsendeschluss", "anmeldeschluss", "zeitraum", "aktionszeitraum",
        "wann", "when", "event", "veranstaltung", "quand", "cuándo", "quando", "wanneer",
        "kiedy", "когда", "opening", "öffnungszeiten", "vernissage", "premiere", "première", "estreno",
    ]
    /// Month names (lowercase) → month number; English abbreviations by their first three letters.
    static let months: [String: Int] = {
        var m: [String: Int] = [:]
        let lists: [[String]] = [
            ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
            ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
            ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
            ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
            ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
            ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
            ["jan.", "feb.", "mar.", "apr.", "may.", "jun.", "jul.", "aug.", "sep.", "oct.", "nov.", "dec."],
            // Polish and Russian genitive ("16 marca 2021", "5 мая 2021").
            ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"],
            ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
        ]
        for l in lists { for (k, name) in l.enumerated() { m[name] = k + 1 } }
        m["sept"] = 9; m["sept."] = 9
        return m
    }()

    // The lists above, compiled for one-pass matching.
    static let relatedPrefixSet = BytePatterns(relatedPrefixes)
    static let pageNoteSet = BytePatterns(pageNotes)
    static let commentFormSet = BytePatterns(commentForm)
    static let promptSet = BytePatterns(prompts)
    static let footerSet = BytePatterns(footer)
    static let footerLinkSet = BytePatterns(footerLinks)
    static let disclosureSet = BytePatterns(disclosures)
    /// Bit n set when some furniture line is n bytes long (n < 64): most short lines skip the set lookup.
    static let furnitureLengths: UInt64 = furnitureLines.reduce(0) { $1.utf8.count < 64 ? $0 | (1 << UInt64($1.utf8.count)) : $0 }
    static let noCommentSet = BytePatterns(noComments)
    static let adLabelSet = BytePatterns(adLabels + adLabels.map { "*" + $0 })
    static let zoomSet = BytePatterns(zoomWords)
    static let phpPrefixSet = BytePatterns(["warning:", "notice:", "deprecated:", "fatal error:", "parse error:",
                                            "strict standards:"])
    /// Source labels ("Quelle: dpa"), also after an opening bracket.
    static let sourceLabels = ["source:", "sources:", "quelle:", "quellen:", "fuente:", "fuentes:", "źródło:", "fonte:",
                               "fonti:", "bron:", "источник:"]
    static let sourceLabelSet = BytePatterns(sourceLabels + sourceLabels.map { "(" + $0 } + sourceLabels.map { "[" + $0 })
    static let creditPhraseSet = BytePatterns(creditPhrases)
}
