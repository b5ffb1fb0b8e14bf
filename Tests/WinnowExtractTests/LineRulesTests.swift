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
