import Testing
@testable import WinnowExtract

// Unit tests of the text line rules (LineRules / LinePatterns): each rule with a boilerplate line it drops
// and article text it must keep.

private let body1 = "The city council voted on Tuesday to approve the new budget, which includes funding for schools, roads and public transport, after a long debate that lasted well into the night."
private let body2 = "Opponents said the plan would raise taxes for families, while supporters argued that the investment was overdue and would pay for itself within a decade, according to the finance office."

/// Runs the rules on HTML-extracted text (no text-input heuristics) and returns (kept lines, drop rules by line).
private func run(_ lines: [String], title: String? = nil) -> (kept: [String], rules: [String: String]) {
    let r = LineRules(title: title, textInput: false, tracing: true).apply(lines.joined(separator: "\n"))
    var rules: [String: String] = [:]
    for d in r.drops { rules[d.text] = d.rule }
    return (r.lines, rules)
}

@Test func footerLinkWordsDropLinkRowsOnly() {
    let row = "Impressum | Datenschutz | Kontakt"
    let sentence = "Im Impressum der Seite steht bis Ende 2012 eine GmbH, die mit dem Geschäftsmodell der Verwertung von Rechten Dritter bekannt wurde."
    let privacy = "If there are any questions regarding this privacy policy, you may contact us using the information below."
    let r = run([body1, sentence, privacy, body2, row])
    #expect(r.rules[row] == "footer")
    #expect(r.kept == [body1, sentence, privacy, body2])
    // A long link row is still a footer.
    let longRow = "Home · About us · Our team · Careers · Advertise with us · Privacy policy · Terms of use · Contact the newsroom"
    #expect(run([body1, longRow, body2]).rules[longRow] == "footer")
}

@Test func disclosuresAreDroppedWhenTheyLeadTheLine() {
    let en = "This post contains references to products from one or more of our advertisers. We may receive compensation when you click on links to those products."
    let de = "*Werbung. Dieser Beitrag enthält Werbung für einen Hersteller."
    // Mentioned late in a personal statement: kept.
    let late = "I made no money from this blog and it was always a labor of love. Contrary to what the critics have been saying, I was never on the paid speaking circuit, never used it for contracts. I don't have Amazon affiliate links either, honestly."
    let r = run([de, body1, en, late, body2])
    #expect(r.rules[en] == "disclosure")
    #expect(r.rules[de] == "disclosure")
    #expect(r.kept == [body1, late, body2])
}

@Test func readerPromptsAndFeedbackLinesAreDropped() {
    let prompts = ["If you enjoyed reading this post – would you consider supporting our work? Just click here. Thanks!",
                   "War der Artikel nützlich?", "Möchten Sie den Artikel teilen?", "(Noch keine Bewertungen)",
                   "¡Mira lo que tiene nuestro canal de YouTube!",
                   "Get the latest news straight to your phone with our app.",
                   "We want to hear what you think about this article. Submit a letter to the editor."]
    var lines = [body1]
    for p in prompts { lines.append(p); lines.append(body2) }
    let r = run(lines)
    for p in prompts { #expect(r.rules[p] == "prompt", "\(p)") }
    // Article sentences about the same topics stay.
    let keep = "The singer enjoyed the tour and posted videos of each concert for her fans."
    #expect(run([body1, keep, body2]).kept == [body1, keep, body2])
}

@Test func blogFooterAndCommentLoginLinesAreDropped() {
    let wp = "This entry was posted in Allgemein. Bookmark the permalink."
    let rss = "This entry was posted on March 3, 2008 at 7:14 pm and is filed under Blogging. You can follow any responses to this entry through the RSS 2.0 feed."
    let de = "Du musst eingeloggt sein, um Kommentare zu schreiben!"
    let r = run([body1, wp, body2, rss, body1, de, body2])
    #expect(r.rules[wp] == "comment-form")
    #expect(r.rules[rss] == "comment-form")
    #expect(r.rules[de] == "comment-form")
    // A sentence about RSS feeds is article text.
    let feed = "They have an undocumented RSS 2.0 feed, but no podcasts, so I wrote them an email begging for one."
    #expect(run([body1, feed, body2]).kept == [body1, feed, body2])
}

@Test func furnitureHeadingsAreDroppedOnlyAsWholeLines() {
    let toc = "Inhaltsverzeichnis", author = "About the author:", embed = "Externer Inhalt"
    let r = run([toc, body1, embed, body2, author, body1])
    #expect(r.rules[toc] == "furniture")
    #expect(r.rules[author] == "furniture")
    #expect(r.rules[embed] == "furniture")
    let sentence = "About the author of the report, little is known beyond his earlier work on tax policy."
    #expect(run([body1, sentence, body2]).kept == [body1, sentence, body2])
}

@Test func relatedPrefixesInMoreLanguages() {
    for p in ["Schon gelesen?", "Das könnte dich auch interessieren", "Le puede interesar: Otra noticia del día"] {
        #expect(run([body1, p, body2]).rules[p] == "related-link", "\(p)")
    }
}

@Test func printEditionAndBrowserNoticesAreDropped() {
    let print = "A version of this article appeared in print on March 3, 2021, on page A12 of the New York edition with the headline: Council Approves Budget."
    let browser = "This page is best viewed in an up-to-date web browser with style sheets (CSS) enabled. While you will be able to view the content of this page in your current browser, you will not get the full experience."
    // The same words inside a sentence of the story: kept.
    let story = "The paper said a version of this article appeared in print before the council voted, and the editor apologised for the error."
    let journal = "A version of this article appeared March 3, 2021, on page B3 in the U.S. edition of The Daily Example."
    let r = run([body1, story, body2, print, browser, journal])
    #expect(r.rules[print] == "page-note")
    #expect(r.rules[journal] == "page-note")
    #expect(r.rules[browser] == "page-note")
    #expect(r.kept == [body1, story, body2])
}

@Test func timeStampDroppedOnlyAtTopOrNextToADateLine() {
    #expect(LineRules.isTimeStamp("3:59 pm"))
    #expect(LineRules.isTimeStamp("19:49"))
    #expect(LineRules.isTimeStamp("2.44 pm"))
    #expect(LineRules.isTimeStamp("03:40 pm edt"))
    #expect(!LineRules.isTimeStamp("15.30"))
    #expect(!LineRules.isTimeStamp("0.02"))
    #expect(!LineRules.isTimeStamp("7:00 am breakfast"))
    let r = run(["3:59 PM", body1, body2])
    #expect(r.rules["3:59 PM"] == "time")
    let r2 = run([body1, "July 19, 2012", "03:40 PM EDT", body2])
    #expect(r2.rules["03:40 PM EDT"] == "time")
    // A schedule between paragraphs keeps its times.
    let r3 = run([body1, "7:00 AM Breakfast and team meeting", "8:30 AM", "Depart hotel for school", body2])
    #expect(r3.kept.contains("8:30 AM"))
}

@Test func phpMessagesAndSourceLines() {
    let php = "Warning: Creating default object from empty value in /www/htdocs/wp-includes/classes.php on line 407"
    let r = run([body1, php, body2])
    #expect(r.rules[php] == "php-message")
    #expect(!LineRules.isPHPMessage("warning: the storm is expected to reach the coast on line 4 of the forecast"))
    #expect(LineRules.isSourceTrailer("(quelle: foto steven v.)"))
    #expect(LineRules.isSourceTrailer("sources: statistics new zealand"))
    // A bare label introduces a list that stays.
    #expect(!LineRules.isSourceTrailer("sources:"))
}

@Test func datesWithLabelsInMoreLanguages() {
    #expect(LineRules.parseDate("Aktualisiert am 17.01.2021.") == "2021-01-17")
    #expect(LineRules.parseDate("16 marca 2021") == "2021-03-16")
    #expect(LineRules.parseDate("Mis à jour le 3 mai 2021") == "2021-05-03")
    #expect(LineRules.parseDate("Am 17.01.2021 wurde das Gesetz verabschiedet") == nil)
}

@Test func adLabelsContactHeadingsAndEmptyCommentLists() {
    let ad = "ANZEIGE - Heute mal ausgehen? Wie wäre es mit:"
    let r = run([body1, "Anzeige", ad, body2, "Kontakt:", "Nous contacter :", body1, "Keine Kommentare (Kommentare erscheinen erst nach Freigabe)", body2])
    #expect(r.rules["Anzeige"] == "ad-label")
    #expect(r.rules[ad] == "ad-label")
    #expect(r.rules["Kontakt:"] == "furniture")
    #expect(r.rules["Nous contacter :"] == "furniture")
    #expect(r.rules["Keine Kommentare (Kommentare erscheinen erst nach Freigabe)"] == "comment-form")
    #expect(!LineRules.isAdLabel("werbung neuer mitglieder"))
    #expect(!LineRules.isAdLabel("anzeigen gegen unbekannt wurden erstattet."))
    // Article sentences that start with the same words stay.
    let s1 = "Keine Kommentare gab es vom Ministerium, das sich erst nach der Sitzung äußern will, wie es hieß."
    let s2 = "Contact with the crew was lost shortly after take-off, the airline said."
    #expect(run([body1, s1, s2, body2]).kept == [body1, s1, s2, body2])
}

@Test func subscriptionPitchesAndMoreInfoTrailers() {
    let pitch = "Tú también puedes hacer periodismo incómodo. Cancela cuando quieras."
    let pdf = "Dieses Skript als PDF herunterladen"
    let more = "Weitere Infos unter www.example.de."
    let r = run([body1, pitch, body2, pdf, body1, more, body2])
    #expect(r.rules[pitch] == "prompt")
    #expect(r.rules[pdf] == "prompt")
    #expect(r.rules[more] == "related-link")
    let license = "Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE."
    #expect(run([body1, license, body2]).rules[license] == "footer")
    let aboutCC = "Mit Creative Commons können Urheber in wenigen Klicks Lizenzen für die Weiterverwendung ihrer Werke vergeben."
    #expect(run([body1, aboutCC, body2]).kept == [body1, aboutCC, body2])
}

@Test func tailSignOffsAreKeptButTailChromeIsNot() {
    // The salutation and at most two name lines under it are kept.
    let r = run([body1, body2, "Respectfully submitted,", "Susan W. Schofield", "Academic Secretary", "Home page", "Weekly digest"])
    #expect(r.kept == [body1, body2, "Respectfully submitted,", "Susan W. Schofield", "Academic Secretary"])
    #expect(r.rules["Weekly digest"] == "tail-chrome")
    let r2 = run([body1, body2, "– Jodi", "More stories", "Home"])
    #expect(r2.kept == [body1, body2, "– Jodi"])
    // A dashed ad label is not a signature.
    #expect(run([body1, body2, "- Anzeige-"]).kept == [body1, body2])
    #expect(!LineRules.isDashSignature("- Anzeige-"))
    // Without a sign-off the short tail lines go.
    #expect(run([body1, body2, "Mehr Interessantes", "drukuj"]).kept == [body1, body2])
}

@Test func germanClosingQuoteEndsTheTextAfterArticleLines() {
    // (endsSentence itself is tested in StripBoilerplateTests.)
    #expect(run([body1, body2, "– „Ok.“"]).kept == [body1, body2, "– „Ok.“"])
}

@Test func creditRuleSparesDatelinesSentencesAndTrademarks() {
    let dateline = "GENEVA (Reuters) -- Human rights around the world have been a casualty of the war on terror since September 11."
    let agency = "(CBS/AP) MOSCOW - Villagers in the south Urals have stumbled upon a gruesome discovery in a forest near the town."
    let mention = "The Times didn't have a photo of Obama accepting his win, so instead it ran an AP photo of him leaving the office."
    let tm = "The new server is the first to break the 20,000 SPECweb©2005 barrier, the company said on Monday."
    let r = run([body1, dateline, agency, mention, tm, body2])
    #expect(r.kept == [body1, dateline, agency, mention, tm, body2])
    // Credits still go.
    let credits = ["Photo: Ryan Lash", "(Jim Watson/AFP/Getty Images)", "Schneeräumpflicht - was man darüber wissen muss© Rike/pixelio.de",
                   "Artwork and photos © DiegoKoi"]
    let r2 = run([body1] + credits + [body2])
    for c in credits { #expect(r2.rules[c] == "caption-credit", "\(c)") }
}

@Test func cookieNoticesAndChannelPromptsInMoreLanguages() {
    let pl = "Zachęcamy do regularnych odwiedzin naszej strony. Informujemy, że korzystamy z cookies."
    let es = "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular en este enlace."
    let de = "Folgen Sie uns auf Twitter"
    let r = run([body1, pl, body2, es, body1, de, body2])
    #expect(r.rules[pl] == "prompt")
    #expect(r.rules[es] == "prompt")
    #expect(r.rules[de] == "prompt")
    let article = "Follow these steps shared on Twitter to safely report harassment on a train, the police said."
    #expect(run([body1, article, body2]).kept == [body1, article, body2])
}

@Test func breadcrumbNeedsNavigationWordsBeforeTheHeadline() {
    // "Home News <headline>" over the headline is a breadcrumb ...
    let head = "Council approves budget after long debate"
    let crumb = "Home News Politics " + head
    let r = run([crumb, head, body1, body2])
    #expect(r.rules[crumb] == "breadcrumb")
    // ... but a subheading whose words run into the title is not.
    let sub = "Causes of diastolic heart failure"
    let r2 = run([body1, sub, body2], title: "Diastolic heart failure")
    #expect(r2.kept == [body1, sub, body2])
    #expect(LineRules.prefixJoinsPhrase("led by "))
    #expect(!LineRules.prefixJoinsPhrase("home news "))
}

@Test func countdownEnumeratorsAreKeptButPagerNumbersAreNot() {
    let lines = [body1, "3", "Thomas Corbett", body2, "2", "Judar Pasha", body1, "1", "Zheng He", body2]
    #expect(run(lines).kept == lines)
    // A pager ("1 2 3" on consecutive lines) and a lone count still go.
    let r = run([body1, "1", "2", "3", body2, "25", body1])
    #expect(r.kept == [body1, body2, body1])
}

@Test func dateLinesMayCarryOneShortSectionName() {
    for l in ["24. April 2020 | Pressemitteilungen", "2021-10-16 | Botschaft", "Verfasst von: mitundvoneinander | 31. Dezember 2008"] {
        #expect(LineRules.dateLine(l) != nil, "\(l)")
    }
    #expect(LineRules.dateLine("24. März 2004, 19:49 | Genesis")?.date == "2004-03-24")
    // Not a count, a symbol, or two extra segments.
    #expect(LineRules.dateLine("May 03, 2005 | 25 Comments") == nil)
    #expect(LineRules.dateLine("Posted on May 3, 2005 10:25 AM | #") == nil)
    #expect(LineRules.dateLine("Hofheim am Taunus | Wiesbaden, 11. November 2021") == nil)
    #expect(LineRules.dateLine("The vote | set for 2021") == nil)
}

@Test func zoomButtonTextMarksACaption() {
    let cap = "Vergrößern Eine kleine runde Aussparung für die Kamera im Display des Telefons."
    #expect(run([body1, cap, body2]).rules[cap] == "caption-credit")
    let s = "Zoom meetings replaced most of the council's sessions during the pandemic, officials said."
    #expect(run([body1, s, body2]).kept == [body1, s, body2])
}

@Test func eventDatesAreContent() {
    #expect(LineRules.parseDate("Termin: 29.02.2020, 19 Uhr") == nil)
    #expect(LineRules.parseDate("Deadline: 15. März 2020") == nil)
    #expect(LineRules.parseDate("Stand: 05. Februar 2020") == "2020-02-05")
    let r = run([body1, "Termin: 29.02.2020, 19 Uhr", body2])
    #expect(r.kept == [body1, "Termin: 29.02.2020, 19 Uhr", body2])
}

@Test func lastItemOfANumberedListEndsTheText() {
    #expect(LineRules.enumerator("100. Ray Gillen") == 100)
    #expect(LineRules.enumerator("3) Name") == 3)
    #expect(LineRules.enumerator("2012 was a year") == nil)
    #expect(LineRules.enumerator("1.5 million") == nil)
    let r = run([body1, body2, "98. Ronnie James Dio", "99. Tony Martin", "100. Ray Gillen"])
    #expect(r.kept == [body1, body2, "98. Ronnie James Dio", "99. Tony Martin", "100. Ray Gillen"])
    // Unnumbered short tail lines still go.
    #expect(run([body1, body2, "Share", "Tweet"]).kept == [body1, body2])
}

@Test func archiveLinksAndPrevNextNavigationAreRelatedLinks() {
    for p in ["Alle Artikel zu unseren Recherchen", "Vorschau auf den nächsten Artikel", "Next article: The vote",
              "Article précédent"] {
        #expect(run([body1, p, body2]).rules[p] == "related-link", "\(p)")
    }
    let s = "Previous posts in the series looked at the budget and the schools."
    #expect(run([body1, s, body2]).kept == [body1, s, body2])
}

@Test func bytePatternPrefixLengthIsTheLongestMatch() {
    let p = BytePatterns(["source:", "sources:", "(source:"])
    #expect(p.prefixLength("sources: a, b") == 8)
    #expect(p.prefixLength("source: dpa") == 7)
    #expect(p.prefixLength("(source: reuters)") == 8)
    #expect(p.prefixLength("resources: none") == nil)
    #expect(p.prefixLength("") == nil)
    #expect(LineRules.isAdLabel("anzeige"))
    #expect(LineRules.isAdLabel("anzeige – heute im angebot"))
    #expect(LineRules.isAdLabel("*werbung: dieser beitrag"))
    #expect(!LineRules.isAdLabel("anzeigen"))
}

@Test func blogPostMetaLinesAndMarkupResidue() {
    for l in ["Posted by hugh macleod at 3:08 PM | Comments (8) | TrackBack", "Posted by Karen Eng | Permalink | 6 Comments | Trackback",
              "334 comments | Add comment | recs |", "Design | Comments (0)"] {
        #expect(LineRules.isPostMetaLine(LineRules.lowercased(l)), "\(l)")
    }
    // "|" in article text without an action segment stays.
    #expect(!LineRules.isPostMetaLine("the vote was 5 | 4 in favour of the link road"))
    let markup = "<![if !supportEmptyParas]> <![endif]>"
    let withText = "<![if !supportLists]>1.0 <![endif]>The club is called the University Gymnastics Club."
    let r = run([body1, markup, withText, body2])
    #expect(r.rules[markup] == "markup")
    #expect(r.kept == [body1, withText, body2])
}

@Test func inboxPromptsAndClosedComments() {
    let p = "Join us for free printables and fresh ideas right to your inbox!"
    let c = "The comments to this entry are closed."
    let r = run([body1, p, body2, c, body1])
    #expect(r.rules[p] == "prompt")
    #expect(r.rules[c] == "comment-form")
    let s = "Scammers send fake invoices to your inbox, the police warned on Monday."
    #expect(run([body1, s, body2]).kept == [body1, s, body2])
}

@Test func shareAndPrintButtonLabelsAsWholeLines() {
    let r = run([body1, "Share", "Drucken", "Tags:", body2])
    #expect(r.kept == [body1, body2])
    #expect(r.rules["Drucken"] == "furniture")
    let s = "Share prices fell sharply after the announcement, traders said."
    #expect(run([body1, s, body2]).kept == [body1, s, body2])
}

@Test func signOffsWithoutACommaAreKept() {
    #expect(LineRules.isSignOff("Euer HansEhrlich"))
    #expect(LineRules.isSignOff("x Franzi"))
    #expect(LineRules.isSignOff("Liebe Grüße"))
    #expect(!LineRules.isSignOff("Best Sellers"))
    #expect(!LineRules.isSignOff("Xbox One deals"))
    #expect(run([body1, body2, "Euer HansEhrlich"]).kept == [body1, body2, "Euer HansEhrlich"])
    #expect(run([body1, body2, "Best Sellers", "Top Deals"]).kept == [body1, body2])
}

@Test func advertisementLabelButNotAdvertisementsInSentences() {
    let r = run([body1, "Advertisement", "ADVERTISEMENT - Continue reading below", body2])
    #expect(r.kept == [body1, body2])
    let s = "Both candidates have been running lots of advertisements in the swing states."
    #expect(run([body1, s, body2]).kept == [body1, s, body2])
}

@Test func byteLowercasingEqualsStringLowercased() {
    // Every scalar up to U+FFFF (and a few beyond), alone and inside ASCII/Latin text, must lower-case exactly
    // as String.lowercased() does, whichever path (bytes or the fallback) handles it.
    var checked = 0
    for v in Array(0x20..<0xD800) + Array(0xE000..<0x10000) + [0x1F600, 0x10400, 0x1E900] {
        guard let u = Unicode.Scalar(UInt32(v)) else { continue }
        let c = String(Character(u))
        for s in [c, "Ab" + c + "ÉŁ x", c + c + "Σ"] {
            #expect(LineRules.lowercased(s) == s.lowercased(), "U+\(String(v, radix: 16))")
        }
        checked += 1
    }
    #expect(checked > 60_000)
    #expect(LineRules.lowercased("ŁÓDŹ, ŻÓŁĆ — «ÀÉÎ» ΑΘΉΝΑ МОСКВА “Quote” 東京") == "łódź, żółć — «àéî» αθήνα москва “quote” 東京")
}

@Test func bylineIsMetadataUnlessKeepBylines() {
    // By default a byline is metadata: dropped from the text, its name read as the author, in HTML and
    // text input alike. With keepBylines the line stays; a clock time next to it is still metadata.
    let by = "By Jane Doe"
    for textInput in [false, true] {
        let r = LineRules(title: nil, textInput: textInput, tracing: true).apply([by, "3:05 PM", body1, body2].joined(separator: "\n"))
        #expect(r.lines == [body1, body2])
        #expect(r.authors == ["Jane Doe"])
    }
    let k = LineRules(title: nil, textInput: false, tracing: true, keepBylines: true).apply([by, "3:05 PM", body1, body2].joined(separator: "\n"))
    #expect(k.lines == [by, body1, body2])
    #expect(k.authors == ["Jane Doe"])
}

/// Agency credits: an agency name with a slash on a line without a sentence end, or glued to the last word
/// of a caption; not an agency named in a sentence.
@Test func agencyCreditsAreFoundByteWise() {
    func credit(_ s: String) -> Bool { LineRules.isCaptionOrCredit(s, s.lowercased()) }
    #expect(credit("EPA/Konstantin Zavrajin/Sputnik"))
    #expect(credit("Soldiers near the border (Anadolu/Getty Images)"))     // ends in ")": no sentence end
    #expect(credit("Alexander Lukashenko greets Vladimir PutinReuters"))   // glued to a lower-case letter
    #expect(credit("Zwei Männer vor dem Kanzleramt/dpa"))
    #expect(!credit("He told Reuters"))                                  // space before the agency
    #expect(!credit("The figures were confirmed by Xinhua/AP on Monday."))  // a sentence, slash and all
    #expect(!credit("A quiet morning in the capital"))
}
