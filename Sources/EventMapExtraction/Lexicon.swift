import EventMapCore
import EventMapGazetteer
import Foundation

/// The words extraction reads the text with: names that are not places (from
/// `Gazetteer/curated/not-places.tsv`), demonyms (`Gazetteer/curated/demonyms.tsv`), and the
/// small closed classes of English that signal a place or rule one out.
public struct Lexicon: Sendable {
    /// Folded names of groups, operations, media and institutions, each as its folded words.
    let notPlaces: WordTable<String>
    /// The longest not-place name, in words.
    let longestNotPlace: Int
    /// The first words of the not-place names, each with the most words a not-place name that
    /// starts with it has: most words are skipped at once, the others tried no longer than needed.
    let notPlaceFirstWords: WordTable<Int>
    /// Folded demonym → ISO country code ("" for peoples without a state: Kurdish, Arab).
    let demonyms: WordTable<String>
    /// The same for Arabic and Turkish text (`demonyms-ar-tr.tsv`), read only in its language.
    let foreignDemonyms: [ArticleLanguage: WordTable<String>]
    /// The most frequent words of Arabic and Turkish (`common-words-ar.txt`, `common-words-tr.txt`,
    /// from wordfreq): a place name that is also one of them needs a cue.
    let commonWords: CommonWords

    /// Reads the curated tables from the gazetteer's folder (`Gazetteer/curated`).
    /// - Throws: ``ExtractionError`` when a table is missing.
    public init(curatedDirectory: String) throws(ExtractionError) {
        var notPlaces: [String: String] = [:]
        var longest = 1
        for row in try Lexicon.rows(curatedDirectory + "/not-places.tsv") where row.count >= 2 {
            let key = NameKeys.fold(row[0])
            notPlaces[key] = row[1]
            longest = max(longest, key.split(separator: " ").count)
        }
        var demonyms: [String: String] = [:]
        // Every country's demonym (countries.tsv), then the region's own table, which wins.
        for row in try Lexicon.rows(curatedDirectory + "/countries.tsv") where row.count >= 4 && row[3] != "-" {
            demonyms[NameKeys.fold(row[3])] = row[0]
        }
        for row in try Lexicon.rows(curatedDirectory + "/demonyms.tsv") where row.count >= 2 {
            demonyms[NameKeys.fold(row[0])] = row[1] == "-" ? "" : row[1]
        }
        // A people's plural names the country as its adjective does ("Israelis", "Americans"),
        // where English forms it with -s (not "Lebanese", "British", "Swiss").
        for (key, code) in demonyms
        where !key.contains(" ") && !key.hasSuffix("s") && !key.hasSuffix("sh") && !key.hasSuffix("ch")
            && !key.hasSuffix("ese")
        {
            if demonyms[key + "s"] == nil { demonyms[key + "s"] = code }
        }
        self.notPlaces = WordTable(notPlaces.map { ($0.key, $0.value) })
        self.longestNotPlace = longest
        var firstWords: [String: Int] = [:]
        for key in notPlaces.keys {
            let words = key.split(separator: " ")
            guard let first = words.first else { continue }
            firstWords[String(first)] = max(firstWords[String(first)] ?? 0, words.count)
        }
        self.notPlaceFirstWords = WordTable(firstWords.map { ($0.key, $0.value) })
        self.demonyms = WordTable(demonyms.map { ($0.key, $0.value) })
        var foreignDemonyms: [ArticleLanguage: [String: String]] = [:]
        for row in try Lexicon.rows(curatedDirectory + "/demonyms-ar-tr.tsv") where row.count >= 3 {
            guard let language = ArticleLanguage(name: row[2]) else {
                throw .unreadable(path: curatedDirectory + "/demonyms-ar-tr.tsv", reason: "'\(row[2])' is not a language code (ar, tr)")
            }
            foreignDemonyms[language, default: [:]][NameKeys.fold(row[0])] = row[1] == "-" ? "" : row[1]
        }
        self.foreignDemonyms = foreignDemonyms.mapValues { WordTable($0.map { ($0.key, $0.value) }) }
        self.commonWords = try CommonWords(curatedDirectory: curatedDirectory)
    }

    /// The country a folded word names as a demonym in text of `language` ("" for a people
    /// without a state), or nil: the language's own table first, then English's.
    func demonym(_ key: String, in language: ArticleLanguage) -> String? {
        if language != .english, let country = foreignDemonyms[language]?[key] { return country }
        return demonyms[key]
    }

    /// Where the curated tables are: `curated/` beside the gazetteer file, else `curated/` of the
    /// data folder (``DataDirectory``), for a gazetteer built elsewhere.
    public static func defaultDirectory(gazetteerPath: String) -> String {
        let beside = (gazetteerPath as NSString).deletingLastPathComponent + "/curated"
        if FileManager.default.fileExists(atPath: beside + "/not-places.tsv") { return beside }
        if let shipped = DataDirectory.path("curated"), FileManager.default.fileExists(atPath: shipped + "/not-places.tsv") { return shipped }
        return beside
    }

    /// The data rows of a curated TSV table: comments and the header line left out, cells trimmed.
    static func rows(_ path: String) throws(ExtractionError) -> [[String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "cannot read the curated table")
        }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        }
    }

    // MARK: Closed classes

    /// Words before a place: "in Idlib", "near Ain Issa", "into Jarablus", "from Turkey".
    static let placePrepositions: WordSet = [
        "in", "at", "near", "into", "from", "to", "toward", "towards", "across", "outside", "inside", "around", "via", "through",
        "between", "of", "across", "within", "throughout", "onto", "past", "beyond", "along", "north", "south", "east", "west",
        "northern", "southern", "eastern", "western", "northeast", "northwest", "southeast", "southwest", "northeastern",
        "northwestern", "southeastern", "southwestern", "central", "outskirts", "visit", "visited", "reached", "entered", "captured",
        "seized", "took", "recaptured", "besieged", "shelled", "attacked", "bombed", "struck", "hit", "left", "fled", "returned",
        "retook", "overran", "stormed", "liberated", "encircled", "surrounded", "raided",
    ]
    /// Attacks and advances, which take their target with "on" ("airstrikes on Saraqib", "the
    /// assault on Afrin", "advanced on Tal Abyad"): "on" before a place after one of them is a
    /// cue; alone it is not ("on Monday", "on Facebook").
    static let attacksOn: WordSet = [
        "attack", "attacks", "airstrike", "airstrikes", "strike", "strikes", "raid", "raids", "assault", "assaults", "offensive",
        "advance", "advanced", "advancing", "marched", "bombardment", "shelling", "rockets", "missiles", "push", "converged",
    ]
    /// Lower-case nouns after a name that make a facility of it, longest first: "the Tishrin dam",
    /// "the Omar oil field", "Tiyas airbase", "al-Hol camp". A name unknown alone is looked up with
    /// its noun ("Tishrin dam" is a curated name, "Tishrin" none), and a known one asks for the
    /// facility before the town ("Tabqa dam" is the dam, not the town of Tabqa).
    static let facilityNouns: [[String]] = [
        ["oil", "field"], ["gas", "field"], ["air", "base"], ["military", "base"], ["oilfield"], ["airbase"], ["base"], ["dam"],
        ["camp"], ["airport"], ["prison"],
    ]
    /// Words after a place that say what kind of place it is ("Idlib province", "Hasaka city").
    static let placeNouns: WordSet = [
        "province", "governorate", "city", "town", "village", "district", "subdistrict", "county", "parish", "state", "region",
        "border", "crossing", "gate", "countryside", "area", "countryside", "camp", "airport", "valley", "river", "mountains",
        "port", "island", "neighbourhood", "neighborhood", "suburb", "suburbs", "capital", "coast", "highway", "dam", "base",
    ]
    /// Plural kinds after a list of names, and the kind each name gets ("Homs and Aleppo
    /// governorates", "Idlib, Hama and Latakia provinces").
    static let pluralKinds: [String: String] = [
        "provinces": "province", "governorates": "governorate", "cities": "city", "towns": "town", "villages": "village",
        "districts": "district",
    ]
    /// Words before "of X" that make X a place ("the town of Reyhanli").
    static let placeHeads: WordSet = [
        "town", "city", "village", "province", "governorate", "district", "region", "outskirts", "capital", "state", "county",
        "suburb", "suburbs", "area", "countryside", "port", "island", "republic", "kingdom", "north", "south", "east", "west",
    ]
    /// Generic words that open Arabic and Kurdish place names, transliterated as news writes
    /// them: khan (caravanserai), tal/tell (mound), kafr (village), deir (monastery), ain (spring),
    /// ras (cape, head), jisr (bridge), bir (well), beit (house), jabal (mountain), wadi (valley),
    /// qasr (palace), maarat (cave), mazraat (farm), khirbet (ruin), hammam (bath), qalaat
    /// (castle), girê (hill, Kurmanji), kani (spring, Kurmanji) and the kinship words abu and
    /// umm. Followed by a word of the same name, they are part of it.
    static let toponymGenerics: WordSet = [
        "khan", "tal", "tall", "tell", "tel", "kafr", "kfar", "kefr", "deir", "dayr", "dair", "ain", "ayn", "ein", "ras", "jisr",
        "bir", "beit", "bayt", "jabal", "jebel", "jabl", "wadi", "qasr", "maarat", "maaret", "marat", "mazraat", "mazraa",
        "khirbet", "khirbat", "kherbet", "hammam", "hamam", "qalaat", "qalat", "gire", "kani", "abu", "umm", "um",
    ]
    /// Titles before a person's name ("President Erdogan", "Mr Erdogan").
    static let titles: WordSet = [
        "mr", "mrs", "ms", "dr", "president", "minister", "premier", "spokesman", "spokeswoman", "spokesperson", "sheriff", "gov",
        "governor", "sen", "senator", "rep", "representative", "gen", "general", "colonel", "col", "lt", "capt", "captain", "major",
        "king", "queen", "prince", "princess", "pope", "sheikh", "emir", "commander", "chief", "judge", "mayor", "officer",
        "lord", "sir", "dame", "st", "saint", "professor", "prof", "ambassador", "envoy", "secretary", "chairman", "director",
        "deputy", "counterpart", "leader", "imam", "father", "brother", "sister", "uncle", "aunt", "coach", "detective", "sgt",
        "sergeant", "officer", "trooper", "deputies", "attorney", "lawyer", "dean", "rev", "reverend", "bishop", "cardinal",
    ]
    /// Capitalised words that are never places here: months, weekdays, and common sentence openers
    /// that happen to be place names somewhere.
    static let neverPlaces: WordSet = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "god", "allah", "christmas", "easter",
        "ramadan", "eid", "internet", "congress", "parliament", "senate", "government", "police", "army", "president", "mr",
        "we", "he", "she", "it", "they", "you", "i", "in", "on", "at", "as", "is", "by", "to", "so", "no", "do", "if", "or",
        "an", "a", "of", "up", "be", "me", "my", "our", "his", "her", "its", "their", "who", "what", "why", "how", "where",
        "said", "says", "but", "and", "the", "this", "that", "these", "those", "there", "here", "when", "while", "after",
        "before", "during", "since", "also", "however", "meanwhile", "both", "security", "according", "officials", "military",
        "some", "many", "most", "all", "any", "each", "every", "other", "more", "less", "one", "two", "three", "first", "last",
        "new", "old", "great", "little", "big", "long", "good", "best", "nice", "mobile", "reading", "bath", "split", "hope",
        "victoria", "independence", "liberty", "union", "unity", "friendship", "harmony", "paradise", "eden", "jesus", "christ",
        "islam", "muslim", "muslims", "christian", "christians", "jewish", "sunni", "shia", "shiite", "alawite", "kurds", "arabs",
        "justice", "commerce", "defense", "defence", "interior", "state", "home", "center", "central", "north", "south", "east",
        "west", "northern", "southern", "eastern", "western", "middle", "upper", "lower", "mount", "lake", "river", "bay",
        "media", "news", "press", "online", "school", "university", "college", "hospital", "church", "court", "street", "road",
        "avenue", "boulevard", "park", "square", "bridge", "airport", "station", "hall", "house", "tower", "building",
        "march", "marching", "cease", "fire", "agreement", "deal", "peace", "war", "operation", "attack", "attacks",
    ]
    /// Verbs whose subject, when it is a capital or a country, stands for its government
    /// ("Ankara said", "Damascus swiftly condemned", "Moscow has grave concern").
    static let governmentVerbs: WordSet = [
        "said", "says", "say", "told", "announced", "announces", "condemned", "condemns", "denied", "denies", "accused", "accuses",
        "warned", "warns", "urged", "urges", "vowed", "vows", "views", "view", "sees", "see", "saw", "wants", "want", "wanted",
        "agreed", "agrees", "supports", "support", "supported", "backs", "backed", "insisted", "insists", "rejected", "rejects",
        "demanded", "demands", "called", "calls", "claimed", "claims", "blamed", "blames", "welcomed", "welcomes", "signed",
        "signs", "proposed", "proposes", "responded", "responds", "threatened", "threatens", "considers", "considered",
        "has", "have", "had", "is", "was", "will", "would", "could", "may", "might", "must", "should", "does", "did",
        "swiftly", "repeatedly", "also", "has said", "hopes", "hoped", "fears", "feared", "expects", "expected", "believes",
        "believed", "refused", "refuses", "sent", "sends", "launched", "launches", "wrested",
    ]
    /// Verbs of reporting: "told AFP in Beirut" puts Beirut where the story was reported from.
    static let reportingVerbs: WordSet = ["told", "said", "says", "reported", "reports", "speaking", "spoke", "wrote", "added"]
}

extension MentionExtractor {
    /// An extractor with the curated tables and the learned models kept beside the gazetteer file
    /// (`curated/`, `model/place-ranker.tsv`, `model/place-acceptance.tsv`), else in the data folder.
    public init(gazetteer: Gazetteer, gazetteerPath: String) throws(ExtractionError) {
        self.init(
            gazetteer: gazetteer, lexicon: try Lexicon(curatedDirectory: Lexicon.defaultDirectory(gazetteerPath: gazetteerPath)),
            ranker: try PlaceRanker(contentsOf: PlaceRanker.defaultPath(gazetteerPath: gazetteerPath)),
            acceptance: try PlaceAcceptance(contentsOf: PlaceAcceptance.defaultPath(gazetteerPath: gazetteerPath)))
    }
}

/// The most frequent words of Arabic and Turkish, folded, read from their lists the first time an
/// article of the language needs them: English extraction never pays for folding 15,000 words.
final class CommonWords: @unchecked Sendable {
    private let paths: [ArticleLanguage: String]
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var folded: [ArticleLanguage: Set<String>] = [:]

    /// Checks that the lists are there and readable (`common-words-ar.txt`, `common-words-tr.txt`).
    /// - Throws: ``ExtractionError`` naming a list that cannot be read.
    init(curatedDirectory: String) throws(ExtractionError) {
        var paths: [ArticleLanguage: String] = [:]
        for language in [ArticleLanguage.arabic, .turkish] {
            let path = curatedDirectory + "/common-words-\(language.rawValue).txt"
            guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadable(path: path, reason: "cannot read the curated word list") }
            paths[language] = path
        }
        self.paths = paths
    }

    /// The folded words of `language` (empty for English, which needs none).
    func words(_ language: ArticleLanguage) -> Set<String> {
        lock.lock()
        defer { lock.unlock() }
        if let words = folded[language] { return words }
        guard let path = paths[language], let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        // Split on bytes, not characters.
        let words = Set(
            text.utf8.split(separator: UInt8(ascii: "\n")).filter { $0.first != UInt8(ascii: "#") }
                .map { NameKeys.fold(String(decoding: $0, as: UTF8.self)) })
        folded[language] = words
        return words
    }
}
