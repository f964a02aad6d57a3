import EventMapGazetteer

/// A word of the text with its scalar offsets and the features recognition looks at.
struct Token {
    /// Scalar offsets of the word (a possessive 's is not part of it).
    var start: Int
    var end: Int
    var text: String
    /// Starts with a capital letter, also after a leading ʿ ' ‘ or an Arabic article ("al-Sham").
    var capitalised: Bool
    /// Two or more letters, all capitals ("BEIRUT", "US", "NTV").
    var allCaps: Bool
    /// Followed by 's or ’s ("Syria's").
    var possessive: Bool
    /// First word of a sentence or a line.
    var sentenceStart: Bool
    /// Punctuation between this token and the next, if any (",", ".", "(", ...); space otherwise.
    var following: Unicode.Scalar?
    /// Turkish: the scalars of the case ending written after an apostrophe ("de" in "İdlib'de":
    /// 2), not part of the word; 0 for none. (A count, not a string: tokens are copied often.)
    var caseEndingLength: UInt8 = 0

    /// Whether a Turkish case ending follows the word.
    var hasCaseEnding: Bool { caseEndingLength > 0 }
}

/// Splits text into words: letters, digits and combining marks, with inner hyphens and
/// apostrophes kept ("Ras al-Ain", "'Ayn 'Isa", "Jisr al-Shughur").
enum Tokenizer {
    static let apostrophes: Set<Unicode.Scalar> = ["'", "’", "‘", "ʿ", "ʾ", "`"]
    static let articlePrefixes: WordSet = ["al", "el", "ad", "ar", "as", "ash", "at", "az", "ez", "an", "ul", "ed", "es", "et", "en", "er", "adh", "ath", "d", "l"]

    /// One of `apostrophes`, without hashing.
    @inline(__always) static func isApostrophe(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "'", "’", "‘", "ʿ", "ʾ", "`": true
        default: false
        }
    }

    /// Letter case and letterhood, without a Unicode property look-up for ASCII.
    @inline(__always) static func isUpper(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? s.value >= 0x41 && s.value <= 0x5A : s.properties.isUppercase
    }
    @inline(__always) static func isLower(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? s.value >= 0x61 && s.value <= 0x7A : s.properties.isLowercase
    }
    @inline(__always) static func isLetter(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A : s.properties.isAlphabetic
    }

    @inline(__always) static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        // ASCII first: letters and digits without a Unicode property look-up.
        if s.value < 0x80 {
            let v = s.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
        }
        return isLetter(s) || ("0"..."9").contains(s) || s.properties.generalCategory == .nonspacingMark
    }

    static func tokens(_ article: ArticleText) -> [Token] {
        let s = article.scalars
        let turkish = article.language == .turkish
        var tokens: [Token] = []
        var i = 0
        var sentenceStart = true
        var pendingPunctuation: Unicode.Scalar?
        while i < s.count {
            let c = s[i]
            let startsWord =
                isWordScalar(c)
                || (isApostrophe(c) && i + 1 < s.count && isUpper(s[i + 1])
                    && (i == 0 || !isWordScalar(s[i - 1])))
            if !startsWord {
                if c == "\n" {
                    sentenceStart = true
                } else if c == "." || c == "!" || c == "?" {
                    // A sentence ends unless a digit or a lower-case letter follows ("1.5", "Gen. smith" is rare,
                    // "01:00", "e.g. this").
                    var k = i + 1
                    while k < s.count && (s[k] == " " || s[k] == "\u{00A0}" || s[k] == "\"" || s[k] == "”" || s[k] == "’" || s[k] == ")") { k += 1 }
                    if k >= s.count || !(isLower(s[k]) || ("0"..."9").contains(s[k])) { sentenceStart = true }
                }
                if c != " " && c != "\u{00A0}" && c != "\t" && pendingPunctuation == nil, !tokens.isEmpty {
                    pendingPunctuation = c
                    if tokens[tokens.count - 1].following == nil { tokens[tokens.count - 1].following = c }
                }
                i += 1
                continue
            }
            let start = i
            i += 1
            // Dotted acronyms ("U.S.", "U.K.", "U.S.A.") and abbreviations of two or more
            // capitalised parts, each with its full stop ("W.Va.", "N.Mex.": US states as wire copy
            // writes them) are one word.
            if isUpper(c),
                let (end, acronym) = dottedAcronymEnd(s, from: start).map({ ($0, true) }) ?? dottedAbbreviationEnd(s, from: start).map({ ($0, false) })
            {
                tokens.append(
                    Token(
                        start: start, end: end, text: article.slice(start, end), capitalised: true, allCaps: acronym,
                        possessive: false, sentenceStart: sentenceStart, following: nil))
                sentenceStart = false
                pendingPunctuation = nil
                i = end
                continue
            }
            var caseEndingLength = 0
            var joinedByHyphen = false
            while i < s.count {
                if isWordScalar(s[i]) { i += 1; continue }
                // Turkish writes case endings after an apostrophe: "İdlib'de", "Suriye'nin".
                if turkish, isApostrophe(s[i]), let length = turkishEndingLength(s, from: i + 1) {
                    caseEndingLength = length
                    break
                }
                // Inner hyphen or apostrophe followed by a letter joins ("al-Ain", "Ra's").
                if (s[i] == "-" || s[i] == "‐" || isApostrophe(s[i])) && i + 1 < s.count && isLetter(s[i + 1]) {
                    // ...except a possessive 's at the end.
                    if isApostrophe(s[i]) && (s[i + 1] == "s" || s[i + 1] == "S") && (i + 2 >= s.count || !isWordScalar(s[i + 2])) { break }
                    if s[i] == "-" { joinedByHyphen = true }
                    i += 2
                    continue
                }
                // A designator, one to three letters from a capital, a hyphen and digits, is one
                // word: "T-4" (an airbase), "H-3", "F-16", "Su-24".
                if s[i] == "-", i + 1 < s.count, isDigit(s[i + 1]), (1...3).contains(i - start), isUpper(s[start]),
                    (start..<i).allSatisfy({ isLetter(s[$0]) })
                {
                    i += 2
                    continue
                }
                break
            }
            var end = i
            if caseEndingLength > 0 { i += 1 + caseEndingLength }
            var possessive = false
            if i + 1 < s.count && isApostrophe(s[i]) && (s[i + 1] == "s" || s[i + 1] == "S") && (i + 2 >= s.count || !isWordScalar(s[i + 2])) {
                possessive = true
                i += 2
            }
            // A trailing hyphen-less word: done. Build features.
            let text = article.slice(start, end)
            if end > start && isApostrophe(s[end - 1]) { end -= 1 }
            // Most words are ASCII and start with a lower-case letter: no Unicode look-ups for them.
            let lowerASCII = s[start].value >= 0x61 && s[start].value <= 0x7A && !joinedByHyphen
            tokens.append(
                Token(
                    start: start, end: end, text: text, capitalised: lowerASCII ? false : capitalised(text),
                    allCaps: lowerASCII ? false : allCaps(text),
                    possessive: possessive, sentenceStart: sentenceStart, following: nil, caseEndingLength: UInt8(caseEndingLength)))
            sentenceStart = false
            pendingPunctuation = nil
        }
        return tokens
    }

    /// The end (exclusive, after its final full stop if any) of a dotted acronym of single
    /// capitals starting at `start` ("U.S.", "U.S.A"), nil when the text there is not one.
    static func dottedAcronymEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        let i = start + 1
        guard i + 1 < s.count, s[i] == ".", isUpper(s[i + 1]) else { return nil }
        var k = i
        while k + 1 < s.count && s[k] == "." && isUpper(s[k + 1]) && (k + 2 >= s.count || !isWordScalar(s[k + 2])) { k += 2 }
        guard k > i else { return nil }
        return k < s.count && s[k] == "." ? k + 1 : k
    }

    /// The end (exclusive, after the last full stop) of an abbreviation of two or more parts
    /// starting at `start`, each a capital, up to three lower-case letters and a full stop, with
    /// at least one lower-case letter ("W.Va.", not "U.S.", which the acronym rule takes); nil
    /// when the text there is not one.
    static func dottedAbbreviationEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        var k = start, parts = 0, lower = 0
        while k < s.count, isUpper(s[k]) {
            var m = k + 1
            while m < s.count, m - k <= 3, isLower(s[m]) { m += 1 }
            guard m < s.count, s[m] == "." else { break }
            lower += m - k - 1
            parts += 1
            k = m + 1
        }
        guard parts >= 2, lower > 0, k >= s.count || !isWordScalar(s[k]) else { return nil }
        return k
    }

    /// The length of the lower-case run at `start` when it can be a Turkish ending (1 to
    /// ``Gazetteer/longestTurkishEnding`` letters, then a non-letter), else nil.
    static func turkishEndingLength(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        var k = start
        while k < s.count, isLower(s[k]) {
            k += 1
            if k - start > Gazetteer.longestTurkishEnding { return nil }
        }
        guard k > start, k >= s.count || !isWordScalar(s[k]) else { return nil }
        return k - start
    }

    /// Each token's folded form (NameKeys.fold); lower-case ASCII words are their own.
    static func folded(_ tokens: [Token]) -> [String] {
        tokens.map { token in
            if !token.capitalised && !token.allCaps && token.text.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) { return token.text }
            return NameKeys.fold(token.text)
        }
    }

    static func capitalised(_ word: String) -> Bool {
        // Most capitalised words start with an ASCII capital.
        if let first = word.utf8.first, first >= 0x41 && first <= 0x5A { return true }
        var scalars = Substring(word).unicodeScalars.drop { isApostrophe($0) }
        guard let first = scalars.first else { return false }
        if isUpper(first) { return true }
        // "al-Sham", "ez-Zor": an article, a hyphen, a capital.
        if let dash = scalars.firstIndex(where: { $0 == "-" || $0 == "‐" }) {
            let prefix = String(String.UnicodeScalarView(scalars[scalars.startIndex..<dash])).lowercased()
            scalars = scalars[scalars.index(after: dash)...].drop { isApostrophe($0) }
            if articlePrefixes.contains(prefix), let next = scalars.first { return isUpper(next) }
        }
        return false
    }

    static func allCaps(_ word: String) -> Bool {
        var letters = 0
        for s in word.unicodeScalars where isLetter(s) {
            if !isUpper(s) { return false }
            letters += 1
        }
        return letters >= 2
    }
}
