/// The language an article is written in, as far as place recognition needs to know: English
/// (capitalised names, prepositions), Arabic (no capitals: names found by look-up once the
/// clitics written onto words are taken off) or Turkish (capitalised names with case endings after
/// an apostrophe: "İdlib'de").
public enum ArticleLanguage: String, Sendable, CaseIterable {
    case english = "en"
    case arabic = "ar"
    case turkish = "tr"

    /// The language named by an ISO 639-1 code or an English name ("ar", "Arabic"), any case.
    public init?(name: String) {
        let lower = name.lowercased()
        guard let match = ArticleLanguage.allCases.first(where: { $0.rawValue == lower || $0.englishName.lowercased() == lower }) else { return nil }
        self = match
    }

    /// "English", "Arabic", "Turkish".
    public var englishName: String {
        switch self {
        case .english: "English"
        case .arabic: "Arabic"
        case .turkish: "Turkish"
        }
    }

    /// How detection decides, named so the thresholds are documented in one place.
    enum Detection {
        /// Letters looked at: the opening of an article (a few hundred words) tells its language.
        static let lettersRead = 2_000
        /// An article whose letters are at least this share Arabic script is Arabic.
        static let arabicShare = 0.3
        /// Frequent words of each language (function words, not names), as lower-case UTF-8
        /// packed into a UInt64 (words of at most 8 bytes): Turkish wins when more of its words
        /// and letters occur than English words.
        static let turkishWords: Set<UInt64> = Set(
            [
                "ve", "bir", "bu", "ile", "için", "da", "de", "olarak", "ise", "daha", "çok", "sonra", "olan", "gibi", "kadar",
                "ancak", "ayrıca", "göre", "üzerine", "yapılan", "edildi", "oldu", "etti", "değil", "her", "en", "şehir",
                "ilçesi", "kenti", "sınır", "yaptı", "dedi", "belirtti",
            ].map { packed(Array($0.utf8)) })
        static let englishWords: Set<UInt64> = Set(
            [
                "the", "of", "and", "to", "in", "a", "is", "was", "for", "on", "that", "with", "by", "as", "from", "at", "were", "are",
                "said", "has", "have", "had", "it", "its", "be", "been", "this", "which", "an", "or", "after", "their",
            ].map { packed(Array($0.utf8)) })
        /// Words decided on before detection stops: once one language has this many frequent words
        /// and three times the other's (and no Arabic letter was seen), the rest is not read.
        static let decidingWords = 12

        /// Up to 8 bytes in one integer, first byte lowest.
        static func packed(_ bytes: some Collection<UInt8>) -> UInt64 {
            var value: UInt64 = 0
            for (n, byte) in bytes.prefix(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(n)) }
            return value
        }
    }

    /// The language of `text`: Arabic when at least ``Detection/arabicShare`` of its first
    /// ``Detection/lettersRead`` letters are Arabic script; otherwise Turkish when its frequent
    /// Turkish words and its letters only Turkish writes (dotless ı, ğ, capital İ) outnumber its
    /// frequent English words; otherwise English. Reads UTF-8 bytes, stopping early.
    public static func detect(_ text: String) -> ArticleLanguage {
        var text = text
        return text.withUTF8 { detect(utf8: $0) }
    }

    /// ``detect(_:)`` over UTF-8 bytes (a file's, without making a string of them).
    public static func detect(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ArticleLanguage {
        var letters = 0, arabic = 0, turkish = 0, english = 0
        var word: UInt64 = 0, length = 0
        var previous: UInt8 = 0
        func endWord() {
            if length > 0 && length <= 8 {
                if Detection.turkishWords.contains(word) { turkish += 1 } else if Detection.englishWords.contains(word) { english += 1 }
            }
            word = 0
            length = 0
        }
        func append(_ byte: UInt8) {
            if length < 8 { word |= UInt64(byte) << (8 * UInt64(length)) }
            length += 1
        }
        for byte in bytes {
            defer { previous = byte }
            switch byte {
            case 0x41...0x5A, 0x61...0x7A:
                letters += 1
                append(byte | 0x20)
            case 0xD8...0xDD:
                // The lead byte of U+0600...U+077F: Arabic script.
                endWord()
                arabic += 1
                letters += 1
            case 0x80...0xBF:
                // A continuation byte: part of the letter before. ı (C4 B1), İ (C4 B0), ğ Ğ (C4 9F, C4 9E).
                if previous == 0xC4 && (byte == 0x9E || byte == 0x9F || byte == 0xB0 || byte == 0xB1) { turkish += 1 }
                if length > 0 { append(byte) }
            case 0xC0...0xFF:
                // The lead byte of another letter (Latin with marks: ç ö ü ş ı): part of the word.
                letters += 1
                append(byte)
            default:
                endWord()
                if arabic == 0
                    && (english >= Detection.decidingWords && english >= 3 * turkish
                        || turkish >= Detection.decidingWords && turkish >= 3 * english)
                {
                    return turkish > english ? .turkish : .english
                }
            }
            if letters >= Detection.lettersRead { break }
        }
        endWord()
        if letters > 0 && Double(arabic) >= Detection.arabicShare * Double(letters) { return .arabic }
        return turkish > english ? .turkish : .english
    }
}
