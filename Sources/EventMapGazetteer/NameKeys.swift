import Foundation

/// Turns place names into match keys that survive the many ways news romanises Arabic,
/// Turkish and Kurdish names.
///
/// Three keys per name, from strict to loose:
/// - ``folded``: lower case, no diacritics (ı → i, ş → s, ə → a), no ʿ ʾ ' ’ marks, hyphens and
///   punctuation as single spaces: `'Ayn 'Īsá` → `ayn isa`.
/// - ``compact``: the folded name without Arabic articles (al-, el-, ar-, as-, ash-, ad-, at-,
///   az-, an-, ...) wherever they stand, a word-final h after a vowel dropped, no spaces and no
///   doubled letters: `Ra's al-'Ayn` → `rasayn`, `Al-Hasakah` → `hasaka`, `Hassakeh` → `hasake`.
/// - ``skeleton``: the compact key with spelling variants merged (ou/oo → u, ee → i, q → k,
///   c/ç/dj → j, sh → s, kh → h, gh → g, th → t, dh → d, w → u, y → i), doubled letters
///   collapsed and vowels dropped after the first letter (an initial vowel becomes `a`):
///   `Jarabulus`, `Jarablus` and `Cerablus` all give `jrbls`.
///
/// Names in Arabic script are normalised as Arabic search engines do and written as upper-case
/// ASCII (``ArabicLetters``): `إدلب` and `ادلب` both give `ADLB`; the compact key drops the
/// article written onto a word (`الرقة` → `RQ`) and a final taa marbuta or haa; the skeleton
/// is the Latin skeleton of the consonants (``ArabicLetters/latinConsonant(_:)``): `إدلب` and
/// `Idlib` both give `adlb`, so the loosest key lets Arabic text find a place GeoNames names only
/// in Latin letters. Turkish dotted and dotless i (İ i I ı) all fold to `i`.
public struct NameKeys: Sendable, Hashable {
    /// The keys as ASCII bytes: what matching and hashing use.
    let foldedBytes: [UInt8]
    let compactBytes: [UInt8]
    let skeletonBytes: [UInt8]

    public var folded: String { String(decoding: foldedBytes, as: UTF8.self) }
    public var compact: String { String(decoding: compactBytes, as: UTF8.self) }
    public var skeleton: String { String(decoding: skeletonBytes, as: UTF8.self) }

    /// Computes the three keys of `name`.
    public init(_ name: String) {
        foldedBytes = NameKeys.foldBytes(name)
        compactBytes = NameKeys.compactBytes(folded: foldedBytes)
        skeletonBytes = NameKeys.skeletonBytes(compact: compactBytes)
    }

    /// Only the folded key (the others empty): for exact look-ups.
    init(foldedOnly name: String) {
        foldedBytes = NameKeys.foldBytes(name)
        compactBytes = []
        skeletonBytes = []
    }

    /// Words treated as Arabic articles and dropped from the compact key.
    static let articles: Set<Substring> = [
        "al", "el", "ar", "as", "ash", "ad", "at", "az", "an", "ul", "ed", "es", "et", "ez", "en", "er", "esh", "ath", "adh",
    ]

    // MARK: Folding

    /// Lower case, ASCII letters and digits, single spaces.
    public static func fold(_ name: String) -> String {
        // An ASCII name is folded straight into the string's own storage (no array between).
        var name = name
        var isASCII = true
        let folded = name.withUTF8 { source in
            String(unsafeUninitializedCapacity: source.count) { output in
                guard let n = foldASCII(source, into: output) else {
                    isASCII = false
                    return 0
                }
                return n
            }
        }
        return isASCII ? folded : String(decoding: foldUnicode(name), as: UTF8.self)
    }

    /// ``fold(_:)`` as ASCII bytes.
    static func foldBytes(_ name: String) -> [UInt8] {
        var name = name
        let ascii: [UInt8]? = name.withUTF8 { source in
            var isASCII = true
            let result = [UInt8](unsafeUninitializedCapacity: source.count) { output, count in
                guard let n = foldASCII(source, into: output) else {
                    isASCII = false
                    count = 0
                    return
                }
                count = n
            }
            return isASCII ? result : nil
        }
        return ascii ?? foldUnicode(name)
    }

    /// The ASCII fast path of ``foldBytes(_:)`` over a contiguous UTF-8 buffer: letters lowered,
    /// digits kept, apostrophes dropped, any other ASCII a single space. Writes at most
    /// `source.count` bytes and returns how many; nil (having written garbage) when a byte is not
    /// ASCII, for the general path.
    @inline(__always)
    private static func foldASCII(_ source: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var pending = false
        var n = 0
        for byte in source {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39:
                if pending && n > 0 { output[n] = 0x20; n += 1 }
                pending = false
                output[n] = byte | (byte <= 0x5A && byte >= 0x41 ? 0x20 : 0)
                n += 1
            case 0x27, 0x60: continue
            case 0..<0x80: pending = true
            default: return nil
            }
        }
        return n
    }

    /// The general path of ``foldBytes(_:)`` for names with non-ASCII letters.
    private static func foldUnicode(_ name: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        func emit(_ byte: UInt8) {
            if pendingSpace && !output.isEmpty { output.append(0x20) }
            pendingSpace = false
            output.append(byte)
        }
        func emit(_ text: StaticString) {
            text.withUTF8Buffer { for byte in $0 { emit(byte) } }
        }
        for scalar in name.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A: emit(UInt8(value + 0x20))  // A-Z
            case 0x61...0x7A, 0x30...0x39: emit(UInt8(value))  // a-z, 0-9
            case 0x27, 0x60, 0xB4, 0x2BB, 0x2BC, 0x2BE, 0x2BF, 0x2018, 0x2019, 0x2032, 0x02B9:
                continue  // apostrophes, ʻ ʼ ʾ ʿ: dropped without a space
            case 0..<0x80:
                pendingSpace = true  // spaces, hyphens, dots, commas and other ASCII punctuation
            case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
                continue  // zero-width joiners and direction marks inside right-to-left text: not a break
            case ArabicLetters.block:
                switch ArabicLetters.key(value) {
                case .letter(let byte): emit(byte)
                case .dropped: continue
                case .separator: pendingSpace = true
                }
            default:
                if let replacement = special[value] {
                    replacement.withUTF8Buffer { for byte in $0 { emit(byte) } }
                    continue
                }
                // Canonical decomposition: keep the base letter, drop combining marks (a table for the
                // Latin blocks, built once; other scripts decompose on the spot).
                var kept = false
                if let packed = latinFoldPacked(value) {
                    if packed >> 8 != 0 { emit(UInt8(packed >> 8)); kept = true }
                    if packed & 0xFF != 0 { emit(UInt8(packed & 0xFF)); kept = true }
                } else {
                    for byte in decomposeToASCII(scalar) { emit(byte); kept = true }
                }
                if !kept && !scalar.properties.isDiacritic && scalar.properties.generalCategory != .nonspacingMark
                    && !scalar.properties.isAlphabetic
                {
                    pendingSpace = true  // non-ASCII punctuation such as dashes
                }
            }
        }
        return output
    }

    /// Latin-1, Latin Extended A/B, combining marks and Latin Extended Additional, folded to at
    /// most two ASCII bytes packed in a UInt16 (first byte high; 0 for none), built once.
    private static let latinRanges: [ClosedRange<UInt32>] = [0xC0...0x24F, 0x300...0x36F, 0x1E00...0x1EFF]
    private static let latinTable: [[UInt16]] = latinRanges.map { range in
        range.map { value in
            guard let scalar = Unicode.Scalar(value) else { return 0 }
            let bytes = decomposeToASCII(scalar)
            return (bytes.count > 0 ? UInt16(bytes[0]) << 8 : 0) | (bytes.count > 1 ? UInt16(bytes[1]) : 0)
        }
    }

    /// The packed ASCII folding of a scalar in the Latin blocks, or nil outside them.
    private static func latinFoldPacked(_ value: UInt32) -> UInt16? {
        for (n, range) in latinRanges.enumerated() where range.contains(value) {
            return latinTable[n][Int(value - range.lowerBound)]
        }
        return nil
    }

    /// The ASCII letters a scalar decomposes to (NFD base letters, lowered), or a special mapping.
    private static func decomposeToASCII(_ scalar: Unicode.Scalar) -> [UInt8] {
        if let replacement = special[scalar.value] { return replacement.withUTF8Buffer { Array($0) } }
        var bytes: [UInt8] = []
        for part in String(scalar).decomposedStringWithCanonicalMappingScalars() {
            if part.value < 0x80 {
                let lower = part.value >= 0x41 && part.value <= 0x5A ? part.value + 0x20 : part.value
                if (0x61...0x7A).contains(lower) || (0x30...0x39).contains(lower) { bytes.append(UInt8(lower)) }
            } else if let replacement = special[part.value] {
                bytes += replacement.withUTF8Buffer { Array($0) }
            }
        }
        return bytes
    }

    /// Letters with no decomposition to a Latin base letter.
    private static let special: [UInt32: StaticString] = [
        0x131: "i", 0x130: "i", 0xF8: "o", 0xD8: "o", 0xDF: "ss", 0xE6: "ae", 0xC6: "ae", 0x153: "oe", 0x152: "oe",
        0xF0: "d", 0xD0: "d", 0xFE: "th", 0xDE: "th", 0x142: "l", 0x141: "l", 0x111: "d", 0x110: "d",
        0x127: "h", 0x126: "h", 0x259: "a", 0x18F: "a", 0x14B: "n", 0x14A: "n",
    ]

    // MARK: Compact key

    /// Drops articles and word-final h after a vowel, joins the words and collapses doubled letters.
    public static func compact(folded: String) -> String {
        String(decoding: compactBytes(folded: Array(folded.utf8)), as: UTF8.self)
    }

    /// The compact key of folded ASCII bytes (see ``compact(folded:)``).
    static func compactBytes(folded: [UInt8]) -> [UInt8] {
        compactBytes(folded: folded[...])
    }

    static func compactBytes(folded: ArraySlice<UInt8>) -> [UInt8] {
        // Words are the runs between spaces. Articles are dropped from a name of two words or more
        // unless nothing else is left; two passes over the words, no array of them.
        var words = 0, articles = 0
        forEachWord(folded) { start, end in
            words += 1
            if isArticle(folded, start, end) { articles += 1 }
        }
        let dropArticles = words > 1 && articles < words
        return [UInt8](unsafeUninitializedCapacity: folded.count) { output, count in
            var n = 0
            forEachWord(folded) { wordStart, wordEnd in
                if dropArticles && isArticle(folded, wordStart, wordEnd) { return }
                var start = wordStart, end = wordEnd
                if ArabicLetters.isArabicKeyByte(folded[start]) {
                    // Arabic script: the article is written onto the word (الباب), and taa marbuta or
                    // haa ends a name that news also writes with alef or without (سورية, سوريا).
                    if wordEnd - wordStart >= 4, folded[start] == ArabicLetters.alef, folded[start + 1] == ArabicLetters.lam { start += 2 }
                    if end - start > 2, folded[end - 1] == ArabicLetters.haa { end -= 1 }
                } else if wordEnd - wordStart > 2, folded[end - 1] == UInt8(ascii: "h"), isVowel(folded[end - 2]) {
                    end -= 1
                }
                for i in start..<end where n == 0 || folded[i] != output[n - 1] {
                    output[n] = folded[i]
                    n += 1
                }
            }
            count = n
        }
    }

    /// Calls `body` with the start and end of each run of bytes between spaces.
    @inline(__always)
    private static func forEachWord(_ bytes: ArraySlice<UInt8>, _ body: (Int, Int) -> Void) {
        var start = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x20 {
                if i > start { body(start, i) }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.endIndex { body(start, bytes.endIndex) }
    }

    /// Whether bytes `start..<end` are one of ``articles`` (all of them two or three letters).
    @inline(__always)
    private static func isArticle(_ bytes: ArraySlice<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length == 2 || length == 3 else { return false }
        var packed: UInt32 = 0
        for i in start..<end { packed = packed << 8 | UInt32(bytes[i]) }
        return articlePacked.contains(packed)
    }

    /// ``articles`` packed big-endian into integers, one byte a letter.
    private static let articlePacked: Set<UInt32> = Set(articles.map { $0.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } })

    // MARK: Skeleton key

    /// Merges spelling variants and keeps consonants (see the type's documentation).
    public static func skeleton(compact: String) -> String {
        String(decoding: skeletonBytes(compact: Array(compact.utf8)), as: UTF8.self)
    }

    /// The skeleton key of compact ASCII bytes (see ``skeleton(compact:)``).
    static func skeletonBytes(compact bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        if ArabicLetters.isArabicKeyByte(bytes[0]) {
            // Arabic script writes the consonants a romanisation writes: its skeleton is the Latin
            // skeleton of those consonants (ادلب and Idlib are both a-d-l-b), so that a name GeoNames
            // has only in Latin letters is found, as a spelling variant, from Arabic text.
            var output: [UInt8] = []
            for (n, byte) in bytes.enumerated() {
                let latin = ArabicLetters.latinConsonant(byte)
                if latin == 0 {
                    if n == 0 { output.append(UInt8(ascii: "a")) }  // an initial vowel or ʿayn, as Latin's
                    continue
                }
                if latin != output.last { output.append(latin) }
            }
            return output
        }
        // Digraphs first, left to right.
        var merged: [UInt8] = []
        merged.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            var replacement: UInt8?
            switch (byte, next) {
            case (UInt8(ascii: "o"), UInt8(ascii: "u")), (UInt8(ascii: "o"), UInt8(ascii: "o")): replacement = UInt8(ascii: "u")
            case (UInt8(ascii: "e"), UInt8(ascii: "e")): replacement = UInt8(ascii: "i")
            case (UInt8(ascii: "k"), UInt8(ascii: "h")): replacement = UInt8(ascii: "h")
            case (UInt8(ascii: "g"), UInt8(ascii: "h")): replacement = UInt8(ascii: "g")
            case (UInt8(ascii: "s"), UInt8(ascii: "h")): replacement = UInt8(ascii: "s")
            case (UInt8(ascii: "c"), UInt8(ascii: "h")), (UInt8(ascii: "d"), UInt8(ascii: "j")): replacement = UInt8(ascii: "j")
            case (UInt8(ascii: "t"), UInt8(ascii: "h")): replacement = UInt8(ascii: "t")
            case (UInt8(ascii: "d"), UInt8(ascii: "h")): replacement = UInt8(ascii: "d")
            case (UInt8(ascii: "p"), UInt8(ascii: "h")): replacement = UInt8(ascii: "f")
            default: break
            }
            if let replacement {
                merged.append(replacement)
                index += 2
                continue
            }
            switch byte {
            case UInt8(ascii: "q"): merged.append(UInt8(ascii: "k"))
            case UInt8(ascii: "c"): merged.append(UInt8(ascii: "j"))
            case UInt8(ascii: "w"): merged.append(UInt8(ascii: "u"))
            case UInt8(ascii: "y"): merged.append(UInt8(ascii: "i"))
            default: merged.append(byte)
            }
            index += 1
        }
        // Keep the first letter (an initial vowel becomes "a"), then consonants, collapsing repeats.
        var output: [UInt8] = [isVowel(merged[0]) ? UInt8(ascii: "a") : merged[0]]
        for byte in merged.dropFirst() where !isVowel(byte) && byte != output.last! {
            output.append(byte)
        }
        return output
    }

    static func isVowel(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "a") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "i")
            || byte == UInt8(ascii: "o") || byte == UInt8(ascii: "u") || byte == UInt8(ascii: "y")
    }
}

extension String {
    /// The canonical decomposition (NFD) of the string, as scalars.
    fileprivate func decomposedStringWithCanonicalMappingScalars() -> [Unicode.Scalar] {
        Array(self.decomposedStringWithCanonicalMapping.unicodeScalars)
    }
}
