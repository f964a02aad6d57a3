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
        /// Letters looked at: the opening of an article is enough to tell its language.
        static let lettersRead = 20_000
        /// An article whose letters are at least this share Arabic script is Arabic.
        static let arabicShare = 0.3
        /// Frequent words of each language (function words, not names): Turkish wins when more
        /// of its words occur than English ones.
        static let turkishWords: Set<String> = [
            "ve", "bir", "bu", "ile", "için", "da", "de", "olarak", "ise", "daha", "çok", "sonra", "olan", "gibi", "kadar",
            "ancak", "ayrıca", "göre", "üzerine", "tarafından", "yapılan", "edildi", "oldu", "etti", "değil", "her", "en",
            "şehir", "ilçesi", "kenti", "bölgesinde", "sınır", "açıklama", "yaptı", "dedi", "belirtti",
        ]
        static let englishWords: Set<String> = [
            "the", "of", "and", "to", "in", "a", "is", "was", "for", "on", "that", "with", "by", "as", "from", "at", "were", "are",
            "said", "has", "have", "had", "it", "its", "be", "been", "this", "which", "an", "or", "after", "their",
        ]
        /// Letters only Turkish (and Azerbaijani) among the languages news here comes in writes:
        /// dotless ı, ğ, and capital İ; each counts as a Turkish word.
        static func isTurkishLetter(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x131, 0x130, 0x11F, 0x11E: true
            default: false
            }
        }
    }

    /// The language of `text`: Arabic when at least ``Detection/arabicShare`` of its first
    /// ``Detection/lettersRead`` letters are Arabic script; otherwise Turkish when its frequent
    /// Turkish words and letters outnumber its frequent English words; otherwise English.
    public static func detect(_ text: String) -> ArticleLanguage {
        var letters = 0, arabic = 0, turkish = 0, english = 0
        var word = String.UnicodeScalarView()
        func endWord() {
            guard !word.isEmpty else { return }
            let lower = String(word).lowercased()
            if Detection.turkishWords.contains(lower) { turkish += 1 } else if Detection.englishWords.contains(lower) { english += 1 }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            guard scalar.properties.isAlphabetic else {
                endWord()
                continue
            }
            letters += 1
            if (0x0600...0x06FF).contains(scalar.value) || (0x0750...0x077F).contains(scalar.value) || (0xFB50...0xFEFF).contains(scalar.value) {
                arabic += 1
            } else {
                if Detection.isTurkishLetter(scalar) { turkish += 1 }
                word.append(scalar)
            }
            if letters >= Detection.lettersRead { break }
        }
        endWord()
        if letters > 0 && Double(arabic) >= Detection.arabicShare * Double(letters) { return .arabic }
        return turkish > english ? .turkish : .english
    }
}
