// Classifies class/id attribute values against the vocabularies in Vocabulary.swift.
//
// Every element with a class or id goes through here, so matching is one pass over the bytes:
// the value is lowercased once, split into class names (whitespace) and tokens (runs of letters and
// digits), and each token is matched against all substring words at once through a table keyed by
// the word's first two bytes, and against the whole-token words of its length. No allocation per token.

enum ClassMatcher {
    // What a token can be evidence of (bits of a mask).
    private static let mPositive: UInt16 = 1, mHard: UInt16 = 2, mSoft: UInt16 = 4, mWeight: UInt16 = 8, mComment: UInt16 = 16
    private static let mComponent: UInt16 = 32, mLead: UInt16 = 64, mContinuation: UInt16 = 128, mMedia: UInt16 = 256

    /// Substring words, grouped by their first two (ASCII) bytes.
    private struct SubWord { let bytes: [UInt8]; let mask: UInt16 }
    private static let subTable: (index: [UInt16], groups: [[SubWord]]) = {
        var byPair: [Int: [SubWord]] = [:]
        func add(_ words: [String], _ mask: UInt16) {
            for w in words {
                let b = Array(w.utf8)
                precondition(b.count >= 2 && b.allSatisfy { $0 < 0x80 && asciiLower($0) == $0 },
                             "class vocabulary word '\(w)' must be lowercase ASCII of 2+ bytes")
                byPair[Int(b[0]) << 7 | Int(b[1]), default: []].append(SubWord(bytes: b, mask: mask))
            }
        }
        add(ClassVocabulary.positiveSub, mPositive)
        add(ClassVocabulary.hardNegativeSub, mHard)
        add(ClassVocabulary.softNegativeSub, mSoft)
        add(ClassVocabulary.weightOnlyNegativeSub, mWeight)
        add(ClassVocabulary.componentSub, mComponent)
        add(ClassVocabulary.leadSub, mLead)
        add(ClassVocabulary.mediaSub, mMedia)
        add(ClassVocabulary.continuationSub, mContinuation)
        add(["comment", "disqus", "replies"], mComment)
        var index = [UInt16](repeating: 0, count: 128 * 128)   // 0 = no word starts with this pair
        var groups: [[SubWord]] = []
        for key in byPair.keys.sorted() {
            groups.append(byPair[key]!)
            index[key] = UInt16(groups.count)
        }
        return (index, groups)
    }()

    /// Whole-token words by length, with their masks.
    private static let exactByLength: [[(bytes: [UInt8], mask: UInt16)]] = {
        var out = [[(bytes: [UInt8], mask: UInt16)]](repeating: [], count: 33)
        for (list, mask) in [(ClassVocabulary.hardNegativeExact, mHard), (ClassVocabulary.softNegativeExact, mSoft),
                             (ClassVocabulary.continuationExact, mContinuation)] {
            for w in list {
                let b = Array(w.utf8)
                precondition(b.count < out.count, "class vocabulary word '\(w)' too long")
                if let k = out[b.count].firstIndex(where: { $0.bytes == b }) { out[b.count][k].mask |= mask }
                else { out[b.count].append((b, mask)) }
            }
        }
        return out
    }()

    private static let hiddenNames = ClassVocabulary.hiddenClassNames.sorted().map { Array($0.utf8) }
    /// CMS taxonomy classes ("tag-foo", "category-bar") say nothing about the block.
    private static let skippedPrefixes = ["tag-", "category-", "status-", "format-", "type-", "postid-",
                                          "author-", "tags-", "categories-", "topic-", "section-"].map { Array($0.utf8) }
    /// "post-" is skipped only before a digit (the post id "post-123"): "post-author", "post-meta" and
    /// "post-content" name components, and their words count.
    private static let postPrefix = Array("post-".utf8)
    /// TypePad's taxonomy classes on an entry ("entry-category-x entry-author-jdoe entry-type-post entry"): skipped
    /// only in such a list, since a lone "entry-author-info" names the author box.
    private static let listedPrefixes = ["entry-author-"].map { Array($0.utf8) }

    /// The mask of one lowercased token.
    @inline(__always)
    private static func tokenMask(_ t: UnsafeBufferPointer<UInt8>) -> UInt16 {
        var mask: UInt16 = 0
        let n = t.count
        if n < exactByLength.count {
            for w in exactByLength[n] where w.bytes.withUnsafeBufferPointer({ $0.elementsEqual(t) }) { mask |= w.mask }
        }
        if n < 2 { return mask }
        let table = subTable
        for i in 0..<(n - 1) {
            let b0 = t[i], b1 = t[i + 1]
            guard b0 < 0x80, b1 < 0x80 else { continue }
            let g = table.index[Int(b0) << 7 | Int(b1)]
            if g == 0 { continue }
            for w in table.groups[Int(g) - 1] where w.mask & ~mask != 0 && i + w.bytes.count <= n {
                var j = 2
                let wc = w.bytes.count
                w.bytes.withUnsafeBufferPointer { wb in while j < wc && t[i + j] == wb[j] { j += 1 } }
                if j == wc { mask |= w.mask }
            }
        }
        return mask
    }

    /// Classifies one attribute value (class or id).
    static func classify(_ value: ArraySlice<UInt8>) -> ClassInfo {
        var info = ClassInfo()
        var mask: UInt16 = 0
        var lower = [UInt8](repeating: 0, count: value.count)
        for (k, b) in value.enumerated() { lower[k] = asciiLower(b) }
        lower.withUnsafeBufferPointer { buf in
            let n = buf.count
            var names = 0
            var inName = false
            for b in buf { if isASCIISpace(b) { inName = false } else if !inName { inName = true; names += 1 } }
            var start = 0
            while start < n {
                while start < n && isASCIISpace(buf[start]) { start += 1 }
                var end = start
                while end < n && !isASCIISpace(buf[end]) { end += 1 }
                if end > start {
                    let name = UnsafeBufferPointer(rebasing: buf[start..<end])
                    if hiddenNames.contains(where: { $0.count == name.count && $0.elementsEqual(name) }) {
                        info.hidden = true
                    } else if !skippedPrefixes.contains(where: { name.count > $0.count && name.starts(with: $0) })
                                && !(name.count > 5 && name.starts(with: postPrefix) && name[5] >= 0x30 && name[5] <= 0x39)
                                && !(names >= 2 && listedPrefixes.contains(where: { name.count > $0.count && name.starts(with: $0) })) {
                        var i = 0
                        while i < name.count {
                            while i < name.count && !isAlnumByte(name[i]) { i += 1 }
                            var j = i
                            while j < name.count && isAlnumByte(name[j]) { j += 1 }
                            if j > i { mask |= tokenMask(UnsafeBufferPointer(rebasing: name[i..<j])) }
                            i = j
                        }
                    }
                }
                start = end
            }
        }
        info.positive = mask & mPositive != 0
        info.hardNegative = mask & (mHard | mLead | mContinuation) != 0
        info.leadOnly = mask & mLead != 0 && mask & (mHard | mSoft | mComponent | mContinuation | mMedia) == 0
        info.continuationOnly = mask & mContinuation != 0 && mask & (mHard | mSoft | mComponent | mLead | mMedia) == 0
        info.softNegative = mask & (mSoft | mComponent | mMedia) != 0
        info.mediaOnly = mask & mMedia != 0 && mask & (mHard | mSoft | mComponent | mLead | mContinuation) == 0
        info.componentOnly = mask & mComponent != 0 && mask & (mSoft | mHard | mMedia) == 0
        info.comment = mask & mComment != 0
        if mask & (mHard | mSoft | mWeight | mComponent | mLead | mContinuation | mMedia) != 0 { info.weight -= 25 }
        if info.positive { info.weight += 25 }
        return info
    }
}
