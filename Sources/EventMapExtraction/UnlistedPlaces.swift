import EventMapGazetteer

// MARK: Stage 7: places the gazetteer lacks

/// Villages, quarters and hamlets below GeoNames' `cities500` are most of what conflict
/// reporting names and the gazetteer cannot list them all. When the text itself says a name is
/// a settlement ("the village of Khan Tuman", "the Bustan al-Qasr neighbourhood") and puts it in
/// or near a place the gazetteer knows ("south of Aleppo", "in Idlib's countryside", "the
/// Syrian town of"), the name is a mention of its own, placed at that larger place and marked
/// ``PlaceMention/unlisted``: found, with a point that stands for an extent, never a made-up
/// point for the village.
extension MentionExtractor {
    /// Settlement nouns before "of" that make the capitalised words after them a place's name
    /// ("the village of Khan Tuman", "the towns of Kafr Naya and Tell Touqan").
    static let settlementHeads: WordSet = [
        "village", "villages", "town", "towns", "city", "hamlet", "hamlets", "neighbourhood", "neighbourhoods", "neighborhood",
        "neighborhoods", "suburb", "suburbs", "township", "settlement", "subdistrict", "sub district", "municipality",
    ]
    /// Nouns before "of" for the parts and edges of a place, which make the capitalised words
    /// after them a place's name as a settlement noun does: "the outskirts of Al-Qahera", "the
    /// frontlines of Al-Dawir in Idlib countryside", "the vicinity of Tal Tamr".
    static let edgeHeads: WordSet = [
        "outskirts", "frontline", "frontlines", "front line", "front lines", "axis", "axes", "vicinity", "environs", "surroundings",
    ]
    /// Settlement nouns written after a name, with "the" or a preposition before it ("in the
    /// Sheikh Maqsoud neighbourhood", "near Kafr Naya village").
    static let settlementTails: WordSet = [
        "village", "town", "hamlet", "neighbourhood", "neighborhood", "suburb", "township", "subdistrict", "sub district", "district",
        "quarter", "area",
    ]
    /// The kinds (``TurkishCues/kind(_:at:)``'s qualifiers) of Turkish settlement words that make
    /// the capitalised words before them a settlement's name: köy, belde and kasaba, mahalle.
    static let turkishSettlements: Set<String> = ["village", "town", "neighbourhood"]
    /// How far before a Turkish settlement's name the place holding it may end, in words
    /// ("Akçakale ilçesine bağlı Yürüyenler köyü": 2; "Tel Abyad'ın doğusundaki kırsal X köyü": 3).
    static let turkishContainerReach = 6
    /// The kinds (``ArabicCues/kinds``' qualifiers) of Arabic words that make the words after
    /// them a settlement's name: قرية and قرى, بلدة and بلدات, حي.
    static let arabicSettlements: Set<String> = ["village", "town", "neighbourhood"]
    /// Arabic words for an area ("منطقة هفتانين شمالي زاخو", the Haftanin area north of Zakho),
    /// which make the words after them a place's name as a settlement's kind word does (folded).
    static let arabicAreas: Set<String> = Set(["منطقة", "مناطق"].map(NameKeys.fold))
    /// What an Arabic kind word makes the words after it: a village, a town, a neighbourhood or
    /// an area; nil for other kinds (a province, a crossing).
    static func arabicPlaceKind(_ kind: (word: String, qualifier: String?)) -> String? {
        if let qualifier = kind.qualifier, arabicSettlements.contains(qualifier) { return qualifier }
        return arabicAreas.contains(kind.word) ? "area" : nil
    }
    /// Turkish stems (folded) of "bölge", area or region, whose kind word has no qualifier.
    static let turkishAreaStems = ["bolge"]
    /// What a Turkish kind word (qualifier `qualifier`, word `word`) makes the names before it:
    /// a village, a town, a neighbourhood or an area; nil for other kinds.
    static func turkishPlaceKind(_ qualifier: String?, _ word: String) -> String? {
        if let qualifier, turkishSettlements.contains(qualifier) { return qualifier }
        return qualifier == nil && turkishAreaStems.contains(where: word.hasPrefix) ? "area" : nil
    }
    /// A noun with "a" or "an" before it ("a village", "an area").
    static func withArticle(_ noun: String) -> String { ("aeiou".contains(noun.first ?? "x") ? "an " : "a ") + noun }
    /// Turkish stems (folded) of the last word of an operation's or an exercise's name, which is
    /// no place: "Pençe-Kilit Operasyonu bölgelerinde" (the Claw-Lock Operation's areas).
    static let turkishEventStems = ["operasyon", "harekat", "tatbikat"]
    /// Turkish "and" and "or" between listed names.
    static let turkishAnd: Set<String> = ["ve", "veya", "ile"]
    /// The most words of an Arabic village's name after its kind word ("تل الشيخ علي": 3); a run
    /// that goes on without reaching a place is not taken.
    static let longestArabicVillageName = 3
    /// Words that end an Arabic village's name and are never part of one: "على", "من", "مع",
    /// "عن", "بين", "إلى" (folded).
    static let arabicNameBreakers: Set<String> = Set(["على", "من", "مع", "عن", "بين", "إلى", "الى"].map(NameKeys.fold))
    /// The most words of an area's own name between its kind word and the place holding it
    /// ("في منطقة الحارة بريف درعا": 1).
    static let longestArabicAreaName = 2
    /// Commas, Latin and Arabic: they go on with a list.
    static let commas: Set<Unicode.Scalar> = [",", "،"]
    /// How far after an Arabic village's name the place holding it may begin, in words
    /// ("في ريف إدلب الجنوبي": 2 before إدلب).
    static let arabicContainerReach = 4
    /// Arabic directions after a place or a countryside ("الجنوبي", "الشمالية"), folded.
    static let arabicDirections: Set<String> = Set(
        ["الجنوبي", "الشمالي", "الشرقي", "الغربي", "الجنوبية", "الشمالية", "الشرقية", "الغربية", "الشمالي الغربي", "الجنوبي الشرقي"]
            .map(NameKeys.fold))
    /// Whether an Arabic word leads from a village's name to the place holding it: a place
    /// preposition ("في", "قرب", "شمال"), a kind word ("ريف", "بريف", "محافظة") or a direction.
    static func arabicLink(_ folded: String) -> Bool {
        ArabicCues.isPreposition(folded) || ArabicCues.kind(folded) != nil || arabicDirections.contains(folded)
    }
    /// Settlement nouns after a name that name a part of a larger place, which "of" then names
    /// ("the Sheikh Maqsoud neighbourhood of Aleppo", "the Jobar district of Damascus").
    static let quarterNouns: WordSet = [
        "neighbourhood", "neighborhood", "suburb", "subdistrict", "sub district", "district", "quarter", "area",
    ]
    /// Words that take a place as their object and so make an unknown name after them a place
    /// when the text puts it in or near a known one ("recaptured Sukayk in the southern
    /// countryside of Idlib", "clashes near Tal Maleh, north of Hama"): seizing, besieging,
    /// shelling, and "near".
    static let placeTakingWords: WordSet = [
        "captured", "recaptured", "seized", "retook", "overran", "stormed", "liberated", "encircled", "besieged", "entered",
        "shelled", "bombed", "near",
    ]
    /// Lower-case words besides directions (``MentionExtractor/directions``) that may stand
    /// between a name and the place that contains it, in the same sentence: "Khan Tuman, about 15
    /// km south-west of Aleppo", "Kafr Naya in northern Aleppo province", "Tell Touqan, in the
    /// eastern countryside of Idlib".
    static let containerLinks: WordSet = [
        "in", "near", "outside", "of", "the", "at", "on", "by", "close", "to", "from", "nearby", "countryside", "rural", "province",
        "governorate", "area", "region", "district", "outskirts", "about", "some", "around", "roughly", "km", "kilometres",
        "kilometers", "kms", "miles", "mi", "part", "just", "a", "few", "between",
    ]
    /// Words after "and" that carry a name's place on to the rest of a phrase: "Hamada Omar
    /// village and other areas in Uqayribat", "the village of Abu Sehrij and its surroundings in
    /// the eastern countryside of Hama". The first word must follow "and"; the rest may stand
    /// between it and the place.
    static let asideOpeners: WordSet = ["other", "its", "their", "nearby", "surrounding"]
    static let asideWords: WordSet = [
        "other", "its", "their", "nearby", "surrounding", "areas", "villages", "towns", "places", "positions", "surroundings",
        "vicinity", "environs", "outskirts", "farms", "lands", "orchards", "fields", "hills",
    ]
    /// Plural settlement nouns after a list of names ("Balfa and Sekiri villages in Amadiyah
    /// district") or before a list that "such as" or "including" opens ("the villages and towns
    /// of the northern countryside of Hama such as Hasraya, Zakat and Tal Osman").
    static let pluralSettlementNouns: WordSet = ["villages", "towns", "hamlets", "neighbourhoods", "neighborhoods", "suburbs"]
    /// Words that open a list of examples after the places they belong to: "such" (as), "including".
    static let listIntroducers: WordSet = ["such", "including"]
    /// How far before "such as" or "including" the plural settlement noun and the place of the
    /// names after it may stand, in words ("the villages and towns of the northern countryside of
    /// Hama such as": 9).
    static let listIntroducerReach = 12
    /// Units of distance: a name measured from a place ("Hawz al-Waqf, 25 kilometres north-east
    /// of Baquba") is a place itself.
    static let distanceUnits: WordSet = ["km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mi", "mile"]
    /// Words that may follow a container before a list goes on after it: "the villages of A and B
    /// in Jabal al-Zawiya, C and D in southern Idlib countryside, E in ...".
    static let containerTrailers: WordSet = ["countryside", "province", "governorate", "district", "area", "region", "city", "town"]
    /// Articles that open an apposition saying what a name is: "al-Dahla, a village in ...".
    static let indefinites: WordSet = ["a", "an"]
    /// Words before a list of places in an area ("rockets on places in Fulayfel, Sfuhen,
    /// Kansafra and Maarbalit in Jabal al-Zawiya"; "north-west of Hama, al-Fatira, Kansafra,
    /// Safohin and Benin in southern Idlib countryside").
    static let listPrepositions: WordSet = ["in", "at", "on", "of", "near", "around", "targeting", "targeted", "hitting", "including"]
    /// The fewest names a list after a preposition needs for its unknown names to be taken as
    /// places of the area after it: a pair ("in San Francisco and Terry Collins in Oakland") is
    /// as often people as places.
    static let shortestPlaceList = 3
    /// Words that tie a person to a home town ("Terry Collins of Hayward", "Bob Gibbs, from
    /// Lakeville"): a list before them is no list of places in an area.
    static let originLinks: WordSet = ["of", "from"]
    /// What an English word may do for this stage; ``englishCues`` gives them all in one look-up.
    struct EnglishCue: OptionSet {
        let rawValue: UInt16
        static let settlementHead = EnglishCue(rawValue: 1)
        static let placeTaking = EnglishCue(rawValue: 2)
        static let listPreposition = EnglishCue(rawValue: 4)
        static let settlementTail = EnglishCue(rawValue: 8)
        static let distanceUnit = EnglishCue(rawValue: 16)
        static let indefinite = EnglishCue(rawValue: 32)
        static let containerModifier = EnglishCue(rawValue: 64)
        static let listIntroducer = EnglishCue(rawValue: 128)
        static let pluralNoun = EnglishCue(rawValue: 256)
        /// The cues that open a pattern of the stage's main loop.
        static let opening: EnglishCue = [.settlementHead, .placeTaking, .listPreposition, .listIntroducer, .pluralNoun]
    }
    /// Every English cue word with what it may do (most words of an article are none: one
    /// look-up tells).
    static let englishCues: WordTable<EnglishCue> = {
        var cues: [String: EnglishCue] = [:]
        let sets: [(WordSet, EnglishCue)] = [
            (settlementHeads, .settlementHead), (edgeHeads, .settlementHead), (placeTakingWords, .placeTaking), (listPrepositions, .listPreposition),
            (settlementTails, .settlementTail), (distanceUnits, .distanceUnit), (indefinites, .indefinite),
            (containerModifiers, .containerModifier), (listIntroducers, .listIntroducer), (pluralSettlementNouns, .pluralNoun),
        ]
        for (set, cue) in sets { for word in set.words { cues[word, default: []].insert(cue) } }
        return WordTable(cues.map { ($0.key, $0.value) })
    }()
    /// Capitalised words that are never a word of an unlisted name: words a name never runs
    /// through (``MentionExtractor/runBreakers``), titles and words that are never places.
    static let neverNameWords = WordSet(words: runBreakers.words + Lexicon.titles.words + Lexicon.neverPlaces.words + peoples.words)
    /// Peoples and faiths, whose names qualify settlements and never name them: "Kurdish and
    /// Yazidi villages in Sinjar", "Turkmen and Arab villages south of Kirkuk".
    static let peoples: WordSet = [
        "kurdish", "kurd", "arab", "yazidi", "yazidis", "ezidi", "druze", "assyrian", "assyrians", "chaldean", "syriac", "turkmen",
        "circassian", "bedouin", "christian", "sunni", "sunnis", "shia", "shiite", "shiites", "alawite", "alawites", "ismaili",
    ]
    /// The most names one list of places may hold (a list runs on only through commas, "and" and "or").
    static let longestList = 12
    /// Words besides directions between a place and the settlement noun after it that leave the
    /// place the settlement's container: "the Aleppo village of", "Idlib's southern town of",
    /// "the northern Syrian border town of"; and who holds it, "the Syrian rebel-held village of".
    static let containerModifiers: WordSet = [
        "border", "frontline", "front-line", "nearby", "small", "tiny", "remote", "rural", "mountain", "mountainous", "desert",
        "coastal", "riverside", "besieged", "strategic", "key", "countryside", "province", "provincial", "governorate",
    ]
    /// How far from the town the text puts it near a settlement the gazetteer has by the name
    /// may lie, in kilometres: the reach of a governorate, since news names a province by its
    /// capital ("Sousa area (Deir ez-Zor)": As Sūsah, 110 km from the city of Deir ez-Zor).
    static let listedReachKilometres = 150.0
    /// The fewest of the article's towns and divisions that must lie in one first-level
    /// division for a settlement the text names without a place to be placed there: one town
    /// is an anecdote (a dateline, a home town), two agree.
    static let inferredDivisionFewestPlaces = 2
    /// The kinds of place that say where the article is, for ``inferredDivisionFewestPlaces``:
    /// towns, divisions and second-level divisions, and the curated regions, sites, camps and
    /// crossings that lie in one division (Jabal al-Zawiya in Idlib); not countries and macro-regions.
    static let localKinds: Set<PlaceKind> = [.populatedPlace, .capital, .division, .district, .region, .militarySite, .camp, .crossing]
    /// How many sentences before and after a settlement the text names without a place hold
    /// the places that say where it is (``inferredDivisionFewestPlaces``), when its own sentence
    /// and the one before do not.
    static let inferredDivisionSentences = 2
    /// The share of the article's towns and divisions that division must hold, at least, and
    /// more than any other division: a third, as a far place misread in a list (Al-Marj in
    /// Libya for a position on the Lebanese border) should not hide where the article is.
    static let inferredDivisionShare = 1.0 / 3.0
    /// The most words an unlisted name has ("Khirbet al-Joz", "Tal Bajer al-Kabir").
    static let unlistedNameWords = 5
    /// How far after a name its container may begin, in words ("Khan Tuman, about 15 km
    /// south-west of Aleppo": 7).
    static let containerReach = 9

    /// What the stage finds: mentions to add, and the mentions they replace (by their first
    /// scalar) where the text rules out the place recognition gave a name.
    struct UnlistedPlaces {
        var added: [PlaceMention] = []
        var replaced = Set<Int>()
    }

    /// A name the text lists or calls a place.
    struct StatedName {
        /// Its words.
        let words: ClosedRange<Int>
        /// The mention recognition placed on its words, if any.
        var placed: PlaceMention? = nil
        /// Whether the name goes on past `placed`'s words ("Malla" of "the village of Malla
        /// Sibat"): then the mention read only part of the name.
        var extended = false
        /// Scalars of its first word before the name: the Arabic "و" (and) of "وبينين".
        var leadingScalars = 0
    }

    /// A place the text puts names in or near, whether it puts them inside it ("in the southern
    /// countryside of Daraa", "the Aleppo village of") rather than near it ("10 km east of
    /// Daraa", "near Qamishli"), and how far from it they lie when the text says, in kilometres
    /// ("25 kilometres north-east of Baquba").
    struct StatedContainer {
        var mention: PlaceMention
        var inside: Bool
        var kilometres: Double? = nil
        /// Whether the text names the place itself. A place inferred for a settlement the text
        /// names without one (the first-level division of most of the places around it,
        /// `inferredDivision(at:)`) places unknown names and rules out only a country of another
        /// (``StatedPlaces/rulesOut(_:)``).
        var stated = true
    }

    /// Names the text states as places, why, and the place it puts them in or near.
    struct StatedPlaces {
        let names: [StatedName]
        let cue: String
        let container: PlaceMention
        let inside: Bool
        /// How far from the container the text says the names lie, in kilometres, if it says.
        let kilometres: Double?
        /// Whether the text names the container (``StatedContainer/stated``).
        let stated: Bool
        init(_ names: [StatedName], _ cue: String, _ stated: StatedContainer) {
            self.names = names
            self.cue = cue
            self.container = stated.mention
            self.inside = stated.inside
            self.kilometres = stated.kilometres
            self.stated = stated.stated
        }

        /// Whether the place recognition gave a name is ruled out by where the text puts it.
        func rulesOut(_ place: Place) -> Bool {
            // (A division inferred from the towns around a name rules out only a country of
            // another: "محاور بلدتي الفطيرة وبينين" among Idlib's villages is not Benin.)
            guard stated else {
                return place.kind == .country && !container.place!.countryCode.isEmpty && place.countryCode != container.place!.countryCode
            }
            // (A distance is between points: "Louisville, Kentucky, about 35 miles south of Austin"
            // measures Louisville, not Kentucky.)
            guard let kilometres else { return MentionExtractor.contradicts(place, container.place!, inside: inside) }
            guard place.kind != .country, place.kind != .division, place.kind != .district, place.kind != .region, place.kind != .continent,
                place.kind != .macroRegion
            else { return false }
            let actual = Gazetteer.sphericalKilometres(place.coordinate, container.place!.coordinate)
            return abs(actual - kilometres) > max(kilometres, MentionExtractor.measuredToleranceKilometres)
        }
    }
    /// How far a recognised place may lie from the distance the text gives between a name and
    /// a place, in kilometres, at least: the larger of this and the distance itself (a point for
    /// a town, a stated round figure).
    static let measuredToleranceKilometres = 25.0
    /// Kilometres in a statute mile.
    static let kilometresPerMile = 1.609344

    /// Words of nearness between a name and a place: with one of them (or a direction as a noun,
    /// "east of") the text puts the name near the place, not inside it.
    static let nearnessWords: WordSet = [
        "near", "nearby", "outside", "close", "to", "from", "km", "kms", "kilometres", "kilometers", "miles", "mi", "about", "some",
        "around", "roughly", "outskirts", "between", "north", "south", "east", "west", "northeast", "northwest", "southeast",
        "southwest",
    ]

    /// Whether `container`, where the text puts a name, rules out `place`, the place recognition
    /// gave the name: `place` is in another country than a country container or a container the
    /// text puts it inside (`inside`), or farther than
    /// ``listedReachKilometres`` from any other container and outside its first-level division
    /// ("the Sana'a neighbourhood of Qamishli" is not Yemen's capital; "the town of Kilis, north
    /// of Aleppo" stays Kilis, 60 km from Aleppo across the border).
    static func contradicts(_ place: Place, _ container: Place, inside: Bool = false) -> Bool {
        // (Inside a place is inside its country: "Sayda town in the southern countryside of
        // Daraa" is not Şaydā in Palestine, 105 km away.)
        if inside, !place.countryCode.isEmpty, !container.countryCode.isEmpty, place.countryCode != container.countryCode {
            return true
        }
        // (A country or division holding the container is no contradiction: "the coast of
        // Mexico, 300 miles south-west of Mexico City".)
        // (Nor is a country beside another: "the border areas of Nicaragua, between Suriname and
        // French Guiana".)
        if place.kind == .country || place.kind == .continent || place.kind == .macroRegion {
            return place.kind == .country && container.kind != .country && place.countryCode != container.countryCode
        }
        if place.kind == .division, divisionKey(place) == divisionKey(container) { return false }
        switch container.kind {
        case .country:
            return !place.countryCode.isEmpty && place.countryCode != container.countryCode
        case .continent, .macroRegion:
            return false
        default:
            if container.kind == .division || container.kind == .district, divisionKey(place) == divisionKey(container) { return false }
            return Gazetteer.sphericalKilometres(place.coordinate, container.coordinate) > listedReachKilometres
        }
    }

    /// The names the text calls settlements that no recognised name covers, each placed at the
    /// place the text puts it in, and their other occurrences in the article.
    func unlistedPlaces(
        _ mentions: [PlaceMention], _ recognised: Recognition, _ article: ArticleText, _ tokens: [Token], _ folded: [String]
    ) -> UnlistedPlaces {
        // Cheap test first: most articles have no cue before or after a capitalised word.
        // (Capitals first: a Bool before a hash. A cue before a name the recognition knows, "near
        // Aleppo", counts: the name's place is checked against where the text puts it.)
        let spans = recognised.spans
        /// Whether token `t` is a word of a recognised name (spans are in text order).
        func recognisedWord(_ t: Int) -> Bool {
            var low = 0, high = spans.count
            while low < high {
                let middle = (low + high) / 2
                if spans[middle].last < t { low = middle + 1 } else { high = middle }
            }
            return low < spans.count && spans[low].first <= t
        }
        var cued = false
        for i in tokens.indices where article.language == .turkish && i > 0 && tokens[i - 1].capitalised && !tokens[i].sentenceStart {
            // (A list before the kind word may end in a recognised name: "Hakurk, Metina ve Gara bölgelerinde".)
            if let kind = TurkishCues.kind(folded, at: i), Self.turkishPlaceKind(kind.qualifier, folded[i]) != nil {
                cued = true
                break
            }
        }
        // (A recognised name the ranker did not accept may be a village's: "هفتانين" is near no
        // place's spelling enough to be kept.)
        for i in tokens.indices where article.language == .arabic && !cued && i + 1 < tokens.count {
            if let kind = ArabicCues.kind(folded[i]), Self.arabicPlaceKind(kind) != nil { cued = true }
        }
        for i in tokens.indices where article.language == .english && !cued && !tokens[i].capitalised {
            // (An unknown name listed after a comma or "and": "in Fulayfel, Sfuhen and Kansafra".)
            if i + 1 < tokens.count, tokens[i + 1].capitalised, folded[i] == "and" || tokens[i].following == ",", !recognisedWord(i + 1) {
                cued = true
                break
            }
            guard let cue = Self.englishCues[folded[i]] else { continue }
            // (A recognised name after a cue is checked against where the text puts it.)
            if cue.contains(.placeTaking), i + 1 < tokens.count, tokens[i + 1].capitalised { cued = true }
            if cue.contains(.settlementHead), i + 2 < tokens.count, tokens[i + 2].capitalised, folded[i + 1] == "of" { cued = true }
            if cue.contains(.settlementTail), i > 0,
                tokens[i - 1].capitalised || !(Self.englishCues[folded[i - 1]]?.isDisjoint(with: [.indefinite, .containerModifier]) ?? true)
            {
                cued = true
            }
            if cue.contains(.distanceUnit), i > 0, folded[i - 1].first?.isNumber == true { cued = true }
            if cued { break }
        }
        guard cued else { return UnlistedPlaces() }
        // Words of the article's mentions and masked words are no unlisted name's; a recognised
        // name that was not accepted may be ("al-Jurd" of "Birat al-Jurd").
        var covered = recognised.masked.count == tokens.count ? recognised.masked : [Bool](repeating: false, count: tokens.count)
        /// The token ending at scalar `offset`; nil when none does.
        func token(endingAt offset: Int) -> Int? {
            var low = 0, high = tokens.count
            while low < high {
                let middle = (low + high) / 2
                if tokens[middle].end < offset { low = middle + 1 } else { high = middle }
            }
            return low < tokens.count && tokens[low].end == offset ? low : nil
        }
        /// The token whose scalars hold `offset`.
        func token(containing offset: Int) -> Int? {
            var low = 0, high = tokens.count
            while low < high {
                let middle = (low + high) / 2
                if tokens[middle].end <= offset { low = middle + 1 } else { high = middle }
            }
            return low < tokens.count && tokens[low].start <= offset ? low : nil
        }
        // Placed mentions by their first and last words.
        var placedAt: [Int: PlaceMention] = [:]
        var placedEndingAt: [Int: PlaceMention] = [:]
        for mention in mentions where mention.place != nil {
            // (An Arabic mention starts after its word's clitics: "بإدلب" is ب + إدلب.)
            guard let first = token(containing: mention.start), let last = token(endingAt: mention.end) else { continue }
            for t in first...last { covered[t] = true }
            placedAt[first] = mention
            placedEndingAt[last] = mention
        }
        let sentenceOf = recognised.sentenceOf

        /// Whether token `i` may be a word of an unlisted name.
        func nameWord(_ i: Int) -> Bool {
            i < tokens.count && !covered[i] && (tokens[i].capitalised || tokens[i].allCaps) && !Self.neverNameWords.contains(folded[i])
        }
        /// The name starting at token `i`: capitalised words, joined by connectors ("Bustan al
        /// Qasr"), up to punctuation; nil when token `i` starts none.
        func name(from i: Int) -> ClosedRange<Int>? {
            guard nameWord(i) else { return nil }
            var last = i
            while tokens[last].following == nil, !tokens[last].possessive, last - i + 1 < Self.unlistedNameWords {
                if nameWord(last + 1) {
                    last += 1
                } else if last + 2 < tokens.count, Self.connectors.contains(folded[last + 1]), tokens[last + 1].following == nil,
                    nameWord(last + 2)
                {
                    last += 2
                } else {
                    break
                }
            }
            return i...last
        }
        /// The places the text gives a countryside ("the countryside of Hama", "Idlib
        /// countryside", "Hama's northern countryside"), in text order, with the token of their
        /// word "countryside"; found when a countryside alone first needs them.
        var countrysides: [(token: Int, mention: PlaceMention)]?
        /// The place of the countryside the text named last before token `t`: "the northern
        /// countryside" alone, after "the countryside of Hama", is Hama's.
        func namedCountryside(before t: Int) -> PlaceMention? {
            if countrysides == nil {
                var found: [(token: Int, mention: PlaceMention)] = []
                for (t, word) in folded.enumerated() where word == "countryside" {
                    var place = t > 0 ? placedEndingAt[t - 1] : nil
                    if place == nil, t > 1, Self.directions.contains(folded[t - 1]) { place = placedEndingAt[t - 2] }
                    if place == nil, t + 2 < tokens.count, folded[t + 1] == "of" {
                        var u = t + 2
                        while u < tokens.count, u <= t + 4, folded[u] == "the" || Self.directions.contains(folded[u]) { u += 1 }
                        if u < tokens.count { place = placedAt[u] }
                    }
                    if let place, place.role != .demonym { found.append((t, place)) }
                }
                countrysides = found
            }
            return countrysides?.last { $0.token < t }?.mention
        }
        /// The placed mention that the name ending at `last` is in or near, written after it (no
        /// demonym: "near the Turkish border" names no place).
        func containerAfter(_ last: Int) -> StatedContainer? {
            var t = last + 1
            var inside = true
            var kilometres: Double?
            var aside = false
            while t < tokens.count, t <= last + Self.containerReach, sentenceOf[t] == sentenceOf[last] {
                // (A place right after the name, with nothing between, is the rest of its name.)
                if let mention = placedAt[t], t > last + 1 || tokens[last].following != nil {
                    return mention.role == .demonym ? nil : StatedContainer(mention: mention, inside: inside, kilometres: kilometres)
                }
                let word = folded[t]
                // ("near the village of Lahaya in the northern countryside", the text having named
                // Hama's countryside before: Hama's.)
                if word == "countryside", t + 1 >= tokens.count || folded[t + 1] != "of" || tokens[t].following != nil,
                    let countryside = namedCountryside(before: t)
                {
                    return StatedContainer(mention: countryside, inside: inside, kilometres: kilometres)
                }
                // ("Hamada Omar village and other areas in Uqayribat".)
                if word == "and", !tokens[t].capitalised, t + 1 < tokens.count, Self.asideOpeners.contains(folded[t + 1]) {
                    aside = true
                    t += 1
                    continue
                }
                if aside, Self.asideWords.contains(word), !tokens[t].capitalised {
                    t += 1
                    continue
                }
                if Self.distanceUnits.contains(word), t > last + 1, let number = Double(folded[t - 1].filter { $0 != "," }) {
                    kilometres = number * (word.hasPrefix("mi") ? Self.kilometresPerMile : 1)
                }
                if word.split(separator: " ").contains(where: { Self.nearnessWords.contains(String($0)) }) { inside = false }
                // ("south-west" is folded to "south west".)
                // (A settlement noun may stand between: "the outskirts of Al-Qahera village in Sahl al-Ghab".)
                let link =
                    word.split(separator: " ").allSatisfy { Self.directions.contains(String($0)) || Self.containerLinks.contains(String($0)) }
                    || Self.settlementTails.contains(word)
                // (Who holds the area may stand before it: "in the SDF-controlled eastern Deir ez-Zor countryside".)
                let holder = word.hasSuffix(" held") || word.hasSuffix(" controlled")
                guard !tokens[t].capitalised || holder, link || holder || word.allSatisfy(\.isNumber) else { return nil }
                t += 1
            }
            return nil
        }
        /// The placed mention or demonym written before the settlement noun at `noun`: "the
        /// Aleppo village of", "Idlib's southern town of", "the Syrian border town of".
        func containerBefore(_ noun: Int) -> StatedContainer? {
            var t = noun - 1
            while t >= 0, noun - t <= 3, sentenceOf[t] == sentenceOf[noun] {
                // (Demonyms are among the placed mentions: "the Syrian town of".)
                if let mention = placedEndingAt[t] { return StatedContainer(mention: mention, inside: true) }
                guard Self.directions.contains(folded[t]) || Self.containerModifiers.contains(folded[t]) || folded[t].hasSuffix("held") else {
                    return nil
                }
                t -= 1
            }
            return nil
        }

        /// The name starting at token `t`: an unknown one, or a placed mention, with the
        /// capitalised words that go on from it without punctuation ("Malla" of "the village of
        /// Malla Sibat"); nil when token `t` starts neither.
        func item(at t: Int) -> StatedName? {
            if let range = name(from: t) { return StatedName(words: range) }
            guard let mention = placedAt[t], mention.role != .demonym, let last = token(endingAt: mention.end) else { return nil }
            if tokens[last].following == nil, !tokens[last].possessive, last + 1 < tokens.count, !tokens[last + 1].allCaps,
                let rest = name(from: last + 1)
            {
                return StatedName(words: t...rest.upperBound, placed: mention, extended: true)
            }
            return StatedName(words: t...last, placed: mention)
        }
        /// The names listed from token `t` on, joined by commas, "and" and "or" ("Fulayfel,
        /// Sfuhen, Kansafra and Maarbalit"); the first name alone unless `plural`.
        func namesListed(from t: Int, plural: Bool) -> [StatedName] {
            var names: [StatedName] = []
            var t = t
            while t < tokens.count, names.count < Self.longestList, let named = item(at: t) {
                names.append(named)
                t = named.words.upperBound + 1
                guard plural, t < tokens.count else { break }
                let mark = tokens[t - 1].following
                if mark == "," || mark == nil, folded[t] == "and" || folded[t] == "or" {
                    t += 1
                } else if mark != "," {
                    break
                }
            }
            return names
        }
        /// The names listed after a comma or "and" that follows token `t` ("Al-Malajah village,
        /// Khan al-Sabil and Jobas").
        func listAfter(_ t: Int) -> [StatedName] {
            guard t + 1 < tokens.count else { return [] }
            if tokens[t].following == "," { return namesListed(from: folded[t + 1] == "and" ? t + 2 : t + 1, plural: true) }
            return tokens[t].following == nil && folded[t + 1] == "and" ? namesListed(from: t + 2, plural: true) : []
        }
        /// The first word of a list that goes on after its container: "the villages of A and B in
        /// Jabal al-Zawiya, C and D in southern Idlib"; nil when no name follows.
        func continuation(after container: PlaceMention) -> Int? {
            guard var t = token(endingAt: container.end) else { return nil }
            while tokens[t].following == nil, t + 1 < tokens.count, !tokens[t + 1].capitalised,
                Self.containerTrailers.contains(folded[t + 1]) || Self.directions.contains(folded[t + 1])
            {
                t += 1
            }
            guard t + 2 < tokens.count else { return nil }
            let next = tokens[t].following == "," ? (folded[t + 1] == "and" ? t + 2 : t + 1) : (folded[t + 1] == "and" ? t + 2 : nil)
            guard let next, item(at: next) != nil else { return nil }
            return next
        }
        /// The placed mention a name ending at `last` is measured from: ", 25 kilometres
        /// north-east of Baquba", a number and a unit of distance among the words between.
        func measuredContainer(after last: Int) -> StatedContainer? {
            guard let stated = containerAfter(last), stated.kilometres != nil else { return nil }
            return stated
        }

        /// The first-level division that holds most towns of a list naming no place after it,
        /// as the list's container: "the border villages of Kfarshuba, Bint Jbeil and Khiam" puts
        /// Kfarshuba in Nabatieh Governorate, where Bint Jbeil and Khiam are. Nil unless the list
        /// holds a town the gazetteer has and more than half of its towns lie in that division.
        /// (Only after a settlement noun: a list after a preposition may hold people and
        /// misread towns, "in Sharon, Cornwall and Salisbury" with Salisbury read in Maryland.)
        func sharedDivision(of names: [StatedName]) -> StatedContainer? {
            let towns = names.compactMap { $0.extended ? nil : $0.placed }.filter { $0.place?.kind == .populatedPlace }
            guard let (town, division) = divisionHoldingMost(of: towns, atLeast: 1) else { return nil }
            var container = town
            container.text = "the division of " + town.text
            container.place = division
            return StatedContainer(mention: container, inside: false)
        }
        /// The first-level division that holds more than half of the distinct places of `places`
        /// (towns and divisions), and at least `fewest` of them; with the first of them in it. With `share` below 1/2,
        /// a division holding that share and more than any other will do.
        func divisionHoldingMost(of places: [PlaceMention], atLeast fewest: Int, share: Double = 0.5) -> (PlaceMention, Place)? {
            // (Each place once: a name repeated through an article, "Reston" of the Ebola Reston
            // virus, is one place.)
            var seen = Set<Int>()
            let places = places.filter { seen.insert($0.place!.geonameid).inserted }
            var count: [DivisionKey: Int] = [:]
            for place in places { count[Self.divisionKey(place.place!), default: 0] += 1 }
            let ranked = count.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.name < $1.key.name) }
            guard let (key, held) = ranked.first, ranked.count < 2 || ranked[1].value < held,
                Double(held) > share * Double(places.count) || (share < 0.5 && Double(held) >= share * Double(places.count)),
                held >= fewest, let first = places.first(where: { Self.divisionKey($0.place!) == key }),
                let division = first.place!.kind == .division ? first.place! : gazetteer.division(of: first.place!)
            else { return nil }
            return (first, division)
        }
        /// The article's places of ``localKinds`` with the sentence each is in, in text order (filled
        /// when a settlement without a place first needs them).
        var sentencePlaces: [(sentence: Int, mention: PlaceMention)]?
        var inferred: [Int: StatedContainer?] = [:]
        /// Where a settlement the text names without a place at token `t` most likely lies: the
        /// first-level division that holds most of the places of ``localKinds`` in its sentence and
        /// the one before, else in the sentences around it (``inferredDivisionSentences``); at
        /// least ``inferredDivisionFewestPlaces`` of them and ``inferredDivisionShare``: "the town
        /// of Mays al-Jabal" after Khiam and Hasbaya is in Nabatieh Governorate. Nil when those
        /// places do not agree (not the article's: a round-up moves from place to place). It places
        /// unknown names and rules out only a country of another (``StatedPlaces/rulesOut(_:)``).
        func inferredDivision(at t: Int) -> StatedContainer? {
            let sentence = sentenceOf[t]
            if let known = inferred[sentence] { return known }
            if sentencePlaces == nil {
                sentencePlaces = mentions.compactMap { mention in
                    guard mention.role == .place, let place = mention.place, Self.localKinds.contains(place.kind), !place.admin1.isEmpty || place.kind == .division,
                        let first = token(containing: mention.start)
                    else { return nil }
                    return (sentenceOf[first], mention)
                }
            }
            let sentencePlaces = sentencePlaces ?? []
            /// The division of most places from `before` sentences before to `after` after.
            func division(_ before: Int, _ after: Int) -> (PlaceMention, Place)? {
                let near = sentencePlaces.filter { $0.sentence >= sentence - before && $0.sentence <= sentence + after }.map(\.mention)
                return divisionHoldingMost(of: near, atLeast: Self.inferredDivisionFewestPlaces, share: Self.inferredDivisionShare)
            }
            let reach = Self.inferredDivisionSentences
            let found = division(1, 0) ?? division(reach, reach)
            let container = found.map { first, division in
                var container = first
                container.text = "the division of most of the places around it"
                container.place = division
                return StatedContainer(mention: container, inside: false, stated: false)
            }
            inferred[sentence] = container
            return container
        }
        /// The place and the plural settlement noun before "such as" or "including" at `t`, in
        /// its sentence: "the villages and towns of the northern countryside of Hama such as";
        /// the place the nearest one, the noun at most ``listIntroducerReach`` words before.
        func examplesContainer(before t: Int) -> (stated: StatedContainer, noun: Int)? {
            var u = t - 1
            var place: PlaceMention?
            while u >= 0, t - u <= Self.listIntroducerReach, sentenceOf[u] == sentenceOf[t] {
                if place == nil, let mention = placedEndingAt[u] {
                    guard mention.role != .demonym else { return nil }
                    place = mention
                } else if let place, !tokens[u].capitalised, Self.pluralSettlementNouns.contains(folded[u]) || folded[u] == "areas" {
                    return (StatedContainer(mention: place, inside: true), u)
                }
                u -= 1
            }
            return nil
        }
        /// Examples after the places they belong to, at "such" (as) or "including" at token `t`:
        /// "the villages and towns of the northern countryside of Hama such as Hasraya, Zakat and
        /// Tal Osman" (the place before, with a plural settlement noun before it; two names at
        /// least); with the token after them.
        func examples(at t: Int) -> (StatedPlaces, Int)? {
            guard tokens[t].following == nil else { return nil }
            let such = folded[t] == "such"
            let first = such ? t + 2 : t + 1
            guard !such || (t + 1 < tokens.count && folded[t + 1] == "as" && tokens[t + 1].following == nil), first < tokens.count,
                let container = examplesContainer(before: t)
            else { return nil }
            let names = namesListed(from: first, plural: true)
            guard names.count >= 2 else { return nil }
            return (StatedPlaces(names, "it is listed as one of the \(folded[container.noun]) of a place", container.stated), names.last!.words.upperBound + 1)
        }
        /// The name that ends at token `end`: a placed mention, or capitalised words joined by
        /// connectors, with a placed mention they go on from ("Hamada Omar": "Hamada" is a town in
        /// Japan); nil when token `end` ends neither.
        func name(endingAt end: Int) -> StatedName? {
            if let mention = placedEndingAt[end], let first = token(containing: mention.start) {
                return mention.role == .demonym ? nil : StatedName(words: first...end, placed: mention)
            }
            guard nameWord(end) else { return nil }
            var first = end
            while first > 0, end - first + 1 < Self.unlistedNameWords, tokens[first - 1].following == nil {
                if nameWord(first - 1) {
                    first -= 1
                } else if first > 1, Self.connectors.contains(folded[first - 1]), tokens[first - 2].following == nil, nameWord(first - 2) {
                    first -= 2
                } else {
                    break
                }
            }
            if first > 0, tokens[first - 1].following == nil, !tokens[first - 1].possessive, let mention = placedEndingAt[first - 1],
                mention.role != .demonym, let start = token(containing: mention.start)
            {
                return StatedName(words: start...end, placed: mention, extended: true)
            }
            return StatedName(words: first...end)
        }
        /// The names listed before the plural settlement noun at `noun`: "Turkish warplanes struck
        /// Balfa and Sekiri villages in Amadiyah district" (two names at least; not "the Aleppo
        /// and Idlib villages of ...", where the names hold the villages).
        func listBefore(noun: Int) -> StatedPlaces? {
            guard noun > 0, tokens[noun - 1].following == nil, !tokens[noun - 1].possessive,
                noun + 1 >= tokens.count || folded[noun + 1] != "of"
            else { return nil }
            var names: [StatedName] = []
            var end = noun - 1
            while names.count < Self.longestList, let named = name(endingAt: end) {
                names.insert(named, at: 0)
                let before = named.words.lowerBound - 1
                if before > 0, folded[before] == "and" || folded[before] == "or", tokens[before].following == nil,
                    tokens[before - 1].following == nil || tokens[before - 1].following == ","
                {
                    end = before - 1
                } else if before >= 0, tokens[before].following == "," {
                    end = before
                } else {
                    break
                }
            }
            guard names.count >= 2 else { return nil }
            let first = names[0].words.lowerBound
            guard
                let container = containerAfter(noun) ?? containerBefore(first > 0 && folded[first - 1] == "the" ? first - 1 : first)
                    ?? inferredDivision(at: noun)
            else { return nil }
            return StatedPlaces(names, calls(noun), container)
        }
        /// The text's words for a settlement noun, singular ("villages" → "village").
        func calls(_ noun: Int) -> String {
            let word = folded[noun]
            let noun = word.hasSuffix("s") ? String(word.dropLast()) : word
            return "the text calls it " + Self.withArticle(noun)
        }
        var found: [StatedPlaces] = []
        var i = 0
        /// The Turkish name that ends at token `end` before a kind word or a comma: a placed
        /// mention, or capitalised words without case endings ("Yürüyenler", "Süleyman Şah").
        func turkishName(endingAt end: Int) -> StatedName? {
            guard end >= 0 else { return nil }
            if let mention = placedEndingAt[end], mention.role != .demonym, let first = token(containing: mention.start) {
                return StatedName(words: first...end, placed: mention)
            }
            guard nameWord(end), !tokens[end].hasCaseEnding, !tokens[end].possessive,
                !Self.turkishEventStems.contains(where: folded[end].hasPrefix)
            else { return nil }
            var first = end
            while first > 0, end - first + 1 < Self.unlistedNameWords, nameWord(first - 1), tokens[first - 1].following == nil,
                !tokens[first - 1].hasCaseEnding, !tokens[first - 1].possessive
            {
                first -= 1
            }
            return StatedName(words: first...end)
        }
        /// The Turkish names before the settlement's or area's kind word at token `i` and the
        /// place they are in: "Reyhanlı ilçesine bağlı Kuşaklı köyünde", "Irak'ın kuzeyindeki
        /// Hakurk, Metina ve Gara bölgelerinde", placed at the nearest place before them in the
        /// sentence, else at the division of the places around them.
        func turkishNames(at i: Int) -> StatedPlaces? {
            // (The kind word may be written as part of the name: "Eski Beşevler Mahallesi'ndeki".)
            guard i > 0, !tokens[i].sentenceStart, !tokens[i - 1].hasCaseEnding, tokens[i - 1].following == nil,
                let kind = TurkishCues.kind(folded, at: i), let what = Self.turkishPlaceKind(kind.qualifier, folded[i])
            else { return nil }
            var names: [StatedName] = []
            var end = i - 1
            while names.count < Self.longestList, let named = turkishName(endingAt: end) {
                names.insert(named, at: 0)
                let before = named.words.lowerBound - 1
                if before > 0, Self.turkishAnd.contains(folded[before]), tokens[before - 1].following == nil {
                    end = before - 1
                } else if before >= 0, tokens[before].following == "," {
                    end = before
                } else {
                    break
                }
            }
            guard let firstName = names.first, names.contains(where: { $0.placed == nil }) else { return nil }
            let first = firstName.words.lowerBound
            var t = first - 1
            var container: StatedContainer?
            while t >= 0, first - t <= Self.turkishContainerReach, sentenceOf[t] == sentenceOf[first] {
                if let mention = placedEndingAt[t] {
                    container = StatedContainer(mention: mention, inside: false)
                    break
                }
                if tokens[t].capitalised { break }
                t -= 1
            }
            guard let container = container ?? inferredDivision(at: i) else { return nil }
            return StatedPlaces(names, "the text calls it \(Self.withArticle(what)) ('\(tokens[i].text)')", container)
        }
        while i < tokens.count, article.language == .turkish {
            if let named = turkishNames(at: i) { found.append(named) }
            i += 1
        }
        let arabicCommon = article.language == .arabic ? lexicon.commonWords.words(.arabic) : []
        /// The scalars of "و" (and) when the Arabic word at `t` opens the next name of a list
        /// ("وبينين", "وكفر عويد"): at least three letters after it, no frequent word unless a
        /// generic; nil otherwise ("وعدد", and a number, ends a list).
        func arabicAnd(_ t: Int) -> Int? {
            // (Folded Arabic is written in ASCII letters: و is "U", ``ArabicCues/conjunctions``.)
            let word = folded[t]
            guard word.utf8.first == ArabicCues.conjunctions[0], word.utf8.count >= 4 else { return nil }
            let rest = String(word.dropFirst())
            return !arabicCommon.contains(rest) || ArabicCues.generics.contains(rest) ? 1 : nil
        }
        /// The Arabic names after the settlement's kind word at token `i` and the place they are
        /// in, with their last token: "قصفت قوات النظام قرية كفرسجنة بريف إدلب الجنوبي", "قريتي الرويحة
        /// وبينين بجبل الزاوية": a new name at each "و", up to the words that lead to a place resolved
        /// after them.
        func arabicNames(at i: Int) -> (StatedPlaces, last: Int)? {
            guard let kind = ArabicCues.kind(folded[i]), let qualifier = Self.arabicPlaceKind(kind), tokens[i].following == nil else { return nil }
            // (A second kind word after "و" leaves the list where it was: "قرى وبلدات سرجة وبينين".)
            var start = i + 1
            if start < tokens.count, tokens[start].following == nil, folded[start].utf8.first == ArabicCues.conjunctions[0],
                let second = ArabicCues.kind(String(folded[start].dropFirst())), Self.arabicPlaceKind(second) != nil
            {
                start += 1
            }
            var names: [StatedName] = []
            var first = start
            var leading = 0
            var t = start
            var ended = false
            /// Whether the words end where the text does: at a mark, or at a word that leads on
            /// to a place ("في", "بريف"), so a name found without a place has its edges.
            var closed = false
            while t < tokens.count, !ended, sentenceOf[t] == sentenceOf[i] {
                let and = t > start ? arabicAnd(t) : 0
                if let mention = placedAt[t], mention.role != .demonym, and != nil, let end = token(endingAt: mention.end) {
                    // A name the gazetteer has, in the list ("وكنصفرة").
                    if t > first { names.append(StatedName(words: first...(t - 1), leadingScalars: leading)) }
                    names.append(StatedName(words: t...end, placed: mention))
                    ended = tokens[end].following.map { !Self.commas.contains($0) } ?? false
                    t = end + 1
                    first = t
                    continue
                }
                guard !covered[t], ArabicCues.isArabic(folded[t]), !Self.arabicLink(folded[t]), !Self.arabicNameBreakers.contains(folded[t]) else {
                    closed = t < tokens.count && Self.arabicLink(folded[t])
                    break
                }
                if t > first, let and {
                    names.append(StatedName(words: first...(t - 1), leadingScalars: leading))
                    first = t
                    leading = and
                } else if t == first {
                    leading = t > start ? (and ?? 0) : 0
                    // (A new name after "و" needs its "و": "وعدد", and a number, is none.)
                    if t > start, and == nil { break }
                } else if t - first >= Self.longestArabicVillageName {
                    names = []
                    break
                }
                // ("بلدات كنصفرة، وبليون، والبارة": an Arabic comma goes on with the list.)
                ended = tokens[t].following.map { !Self.commas.contains($0) } ?? false
                t += 1
            }
            closed = closed || ended
            if first < t, !covered[t - 1] { names.append(StatedName(words: first...(t - 1), leadingScalars: leading)) }
            // (A frequent word is no name, "منطقة آمنة", a safe zone; "قرية صغيرة", a small village;
            // unless it is a generic that opens one: "تل ملح", "أم الكيف".)
            guard let last = names.last?.words.upperBound,
                names.allSatisfy({ named in
                    named.placed != nil
                        || !arabicCommon.contains(String(folded[named.words.lowerBound].dropFirst(named.leadingScalars)))
                        || (named.words.count > 1 && ArabicCues.generics.contains(String(folded[named.words.lowerBound].dropFirst(named.leadingScalars))))
                })
            else { return nil }
            // The place: after link words only ("بريف", "في", "شمال", "الجنوبي"), in the sentence.
            var reached: PlaceMention?
            t = last + 1
            var reach = Self.arabicContainerReach
            /// Words of an area's own name still allowed after its kind word ("في منطقة الحارة بريف درعا").
            var areaName = 0
            while t < tokens.count, t <= last + reach, sentenceOf[t] == sentenceOf[last] {
                // (A place right after the words, with nothing between, is the rest of their name;
                // not after a clitic that links it: "بجبل الزاوية".)
                if let mention = placedAt[t],
                    t > last + 1 || tokens[last].following != nil
                        || (mention.start > tokens[t].start && article.slice(tokens[t].start, mention.start) != "و")
                {
                    reached = mention.role == .demonym ? nil : mention
                    break
                }
                if Self.arabicLink(folded[t]) {
                    if ArabicCues.kind(folded[t]) != nil, areaName == 0 {
                        areaName = Self.longestArabicAreaName
                        reach += Self.longestArabicAreaName
                    }
                } else if areaName > 0, !covered[t], ArabicCues.isArabic(folded[t]), !Self.arabicNameBreakers.contains(folded[t]) {
                    areaName -= 1
                } else if !(Self.arabicNameBreakers.contains(folded[t]) && t + 1 < tokens.count && Self.arabicLink(folded[t + 1])) {
                    // ("على الأطراف الشرقية لجبل الزاوية": "على" before a link word leads on.)
                    break
                }
                t += 1
            }
            // With no place after them, the division of the towns around them (the words must
            // end where the text does).
            guard let container = reached.map({ StatedContainer(mention: $0, inside: false) }) ?? (closed ? inferredDivision(at: last) : nil)
            else { return nil }
            return (StatedPlaces(names, "the text calls it \(Self.withArticle(qualifier)) ('\(tokens[i].text)')", container), last)
        }
        while i < tokens.count, article.language == .arabic {
            if let (named, last) = arabicNames(at: i) {
                found.append(named)
                i = last
            }
            i += 1
        }
        while i < tokens.count, article.language == .english {
            let word = folded[i]
            let lower = !tokens[i].capitalised && !tokens[i].allCaps
            // (Most words are neither a cue nor a name's first word: one look-up each, or none.)
            let cue = lower ? Self.englishCues[word] ?? [] : []
            if lower, cue.isDisjoint(with: .opening) {
                i += 1
                continue
            }
            // "the village of X", "the villages of X, Y and Z", and lists that go on after their
            // container: "the villages of A, B in Jabal al-Zawiya, C and D in southern Idlib".
            if cue.contains(.settlementHead), tokens[i].following == nil, i + 2 < tokens.count,
                folded[i + 1] == "of", tokens[i + 1].following == nil
            {
                let plural = word.hasSuffix("s") || Self.edgeHeads.contains(word)
                var t = i + 2
                var group = 0
                while true {
                    let names = namesListed(from: t, plural: plural)
                    guard let lastName = names.last else { break }
                    t = lastName.words.upperBound + 1
                    guard
                        let container = containerAfter(lastName.words.upperBound)
                            ?? (group == 0 ? containerBefore(i) ?? (plural ? sharedDivision(of: names) : nil) ?? inferredDivision(at: i) : nil)
                    else { break }
                    found.append(StatedPlaces(names, Self.edgeHeads.contains(word) ? "the text names its \(word)" : calls(i), container))
                    group += 1
                    guard plural, let next = continuation(after: container.mention) else { break }
                    t = next
                }
                i = max(i + 1, t)
                continue
            }
            if cue.contains(.pluralNoun), let listed = listBefore(noun: i) {
                found.append(listed)
                i += 1
                continue
            }
            if cue.contains(.listIntroducer), let (examples, next) = examples(at: i) {
                found.append(examples)
                i = next
                continue
            }
            // "recaptured Sukayk in the countryside of Idlib", "shelled Fulayfel and Sfuhen in Jabal
            // al-Zawiya"; after a place preposition, a list that holds a town the gazetteer has:
            // "rockets on places in Fulayfel, Sfuhen, Kansafra and Maarbalit in Jabal al-Zawiya".
            let taking = cue.contains(.placeTaking)
            if taking || cue.contains(.listPreposition), tokens[i].following == nil, i + 1 < tokens.count {
                let names = namesListed(from: i + 1, plural: true)
                let towns = names.filter { !$0.extended && $0.placed?.place?.kind == .populatedPlace }.map { $0.placed! }
                let listOfPlaces = names.count >= Self.shortestPlaceList && !towns.isEmpty && names.contains { $0.placed == nil }
                if let lastName = names.last, !tokens[lastName.words.upperBound].possessive, taking || listOfPlaces,
                    let container = containerAfter(lastName.words.upperBound)
                {
                    // (A list of places in one area: most of its towns lie in or near the place
                    // after it, and that place is no one's home: "Edward Moayyad of Southlake".)
                    let inside = towns.filter { !Self.contradicts($0.place!, container.mention.place!) }
                    let town = inside.first
                    guard
                        taking
                            || (town != nil && 2 * inside.count >= towns.count
                                && (lastName.words.upperBound + 1 >= tokens.count || !Self.originLinks.contains(folded[lastName.words.upperBound + 1])))
                    else {
                        i += 1
                        continue
                    }
                    let cue = taking ? "it follows '\(tokens[i].text)'" : "it is listed with '\(town!.text)', a town, in or near a place"
                    found.append(StatedPlaces(names, cue, container))
                    i = lastName.words.upperBound + 1
                    continue
                }
            }
            // The patterns below start at a name: the first word of a capitalised run (one item
            // per run, shared by the patterns).
            guard !lower, i == 0 || !(tokens[i - 1].capitalised && tokens[i - 1].following == nil) || tokens[i].sentenceStart,
                let named = item(at: i)
            else {
                i += 1
                continue
            }
            let after = named.words.upperBound + 1
            // "in the Sheikh Maqsoud neighbourhood", "near Kafr Naya village", "in Al-Malajah
            // village, Khan al-Sabil and Jobas in Idlib countryside", and at a sentence's start:
            // "Kafr Sajna village in southern Idlib was shelled". (Not "at TxDOT's district
            // office": the district is the name's.)
            if after < tokens.count, tokens[named.words.upperBound].following == nil, !tokens[named.words.upperBound].possessive,
                tokens[i].sentenceStart
                    || (i > 0 && !tokens[i - 1].capitalised && !nameWord(i - 1)
                        && (folded[i - 1] == "the" || Lexicon.placePrepositions.contains(folded[i - 1]))),
                // (Not "the Urals town of Pervouralsk": before a settlement's own noun and "of", the
                // name is the container; before a quarter's, the place after "of" is: "the Sheikh
                // Maqsoud neighbourhood of Aleppo".)
                Self.settlementTails.contains(folded[after]), !tokens[after].capitalised,
                after + 1 >= tokens.count || folded[after + 1] != "of" || Self.quarterNouns.contains(folded[after])
            {
                let noun = after
                if let container = containerAfter(noun) ?? containerBefore(i > 1 && folded[i - 1] == "the" ? i - 1 : i) {
                    found.append(StatedPlaces([named], calls(noun), container))
                    i = noun + 1
                    continue
                }
                // The container after the rest of a list: "Al-Malajah village, Khan al-Sabil and Jobas in Idlib countryside".
                let rest = listAfter(noun)
                if let lastName = rest.last, let container = containerAfter(lastName.words.upperBound) {
                    let text = article.slice(tokens[named.words.lowerBound].start, tokens[named.words.upperBound].end)
                    found.append(StatedPlaces([named], calls(noun), container))
                    found.append(StatedPlaces(rest, "it is listed with '\(text)', which the text calls a \(folded[noun])", container))
                    i = lastName.words.upperBound + 1
                    continue
                }
                if let container = inferredDivision(at: noun) {
                    found.append(StatedPlaces([named], calls(noun), container))
                    i = noun + 1
                    continue
                }
            }
            // A name and what it is, after a comma: "al-Dahla, a village in the eastern Deir
            // ez-Zor countryside", "Kafr Naya, a Syrian town".
            if after + 1 < tokens.count, tokens[named.words.upperBound].following == ",", !tokens[after].capitalised,
                Self.indefinites.contains(folded[after])
            {
                var noun = after + 1
                while noun < tokens.count, noun - named.words.upperBound <= 4, tokens[noun].following == nil,
                    !Self.settlementTails.contains(folded[noun]),
                    Self.directions.contains(folded[noun]) || Self.containerModifiers.contains(folded[noun]) || placedEndingAt[noun] != nil
                {
                    noun += 1
                }
                if noun < tokens.count, Self.settlementTails.contains(folded[noun]), !tokens[noun].capitalised,
                    let container = containerAfter(noun) ?? containerBefore(noun) ?? inferredDivision(at: noun),
                    container.mention.start > tokens[named.words.upperBound].end || !container.stated
                {
                    found.append(StatedPlaces([named], calls(noun), container))
                    i = noun + 1
                    continue
                }
            }
            // A name measured from a place: "Hawz al-Waqf, 25 kilometres north-east of Baquba". A
            // recognised one keeps its place when it lies about as far as the text says ("Lexington,
            // about 186 miles southeast of Alliance"), not when it lies elsewhere ("Saida town, some
            // 10 kilometers east of Daraa" is not Sidon, 125 km away).
            if tokens[named.words.upperBound].following == ",", let container = measuredContainer(after: named.words.upperBound) {
                found.append(StatedPlaces([named], "the text measures it from a place", container))
                i = after
                continue
            }
            i = after
        }
        guard !found.isEmpty else { return UnlistedPlaces() }

        var result = UnlistedPlaces()
        var placedNames: [String: (container: PlaceMention, stated: Bool, cue: String)] = [:]
        /// Names whose recognised place the text ruled out, by folded name: that place's id, and
        /// where the text put the name.
        var ruledOutNames: [String: (geonameid: Int, container: PlaceMention, cue: String)] = [:]
        var done = Set<Int>()
        for statement in found {
            let (names, cue, container) = (statement.names, statement.cue, statement.container)
            for named in names where done.insert(named.words.lowerBound).inserted {
                let range = named.words
                var ruledOut: Place?
                if let placed = named.placed, let place = placed.place {
                    // A name recognition placed stays as it is, unless the text's container rules
                    // its place out or the name goes on past it.
                    if !named.extended {
                        guard statement.rulesOut(place) else { continue }
                        ruledOut = place
                        ruledOutNames[NameKeys.fold(placed.text)] = (place.geonameid, container, cue)
                    }
                    result.replaced.insert(placed.start)
                }
                let start = named.placed?.start ?? tokens[range.lowerBound].start + named.leadingScalars
                let text = article.slice(start, tokens[range.upperBound].end)
                placedNames[NameKeys.fold(text)] = placedNames[NameKeys.fold(text)] ?? (container, statement.stated, cue)
                result.added.append(
                    unlisted(
                        text, range, from: start, container: container, stated: statement.stated, cue: cue, ruledOut: ruledOut,
                        kilometres: statement.kilometres, tokens, article))
                for t in range { covered[t] = true }
            }
        }
        // Other mentions of a name whose place the text ruled out, read as the same place.
        for mention in mentions where !ruledOutNames.isEmpty && !result.replaced.contains(mention.start) {
            guard let (geonameid, container, cue) = ruledOutNames[NameKeys.fold(mention.text)], mention.place?.geonameid == geonameid,
                let first = token(containing: mention.start), let last = token(endingAt: mention.end)
            else { continue }
            result.replaced.insert(mention.start)
            result.added.append(
                unlisted(
                    mention.text, first...last, from: mention.start, container: container, cue: cue + " elsewhere in the article",
                    ruledOut: mention.place, kilometres: nil, tokens, article))
        }
        // The same names elsewhere in the article, without their noun ("Residents of Khan Tuman
        // fled"): the longest placed name starting at each word that no name runs into.
        let longest = placedNames.keys.map { $0.split(separator: " ").count }.max() ?? 1
        var t = 0
        while !placedNames.isEmpty, t < tokens.count {
            guard nameWord(t), t == 0 || !nameWord(t - 1) || tokens[t - 1].following != nil else {
                t += 1
                continue
            }
            var matched: ClosedRange<Int>?
            for end in stride(from: min(tokens.count - 1, t + longest + 1), through: t, by: -1) where (t...end).allSatisfy({ !covered[$0] }) {
                if end + 1 < tokens.count && nameWord(end + 1) && tokens[end].following == nil { continue }
                let text = article.slice(tokens[t].start, tokens[end].end)
                if let (container, stated, cue) = placedNames[NameKeys.fold(text)] {
                    result.added.append(
                        unlisted(
                            text, t...end, container: container, stated: stated, cue: cue + " elsewhere in the article", ruledOut: nil, kilometres: nil,
                            tokens, article))
                    matched = t...end
                    break
                }
            }
            t = (matched?.upperBound ?? t) + 1
        }
        return result
    }

    /// The mention of `text` at words `range`, which the text makes a place by `cue` ("the
    /// text calls it a village") and puts in or near `container`: the place of that name the gazetteer has inside the container (a name
    /// recognition leaves alone: "the Turkish city of Van", three letters), else the name
    /// placed at the container and marked unlisted.
    private func unlisted(
        _ text: String, _ range: ClosedRange<Int>, from first: Int? = nil, container: PlaceMention, stated: Bool = true, cue: String,
        ruledOut: Place?, kilometres: Double?, _ tokens: [Token], _ article: ArticleText
    ) -> PlaceMention {
        let outer = container.place!
        let containerText =
            !stated
            ? "the first-level division of most of the towns around it in the article, as the text names no place for it"
            : container.role == .demonym ? "the country of '\(container.text)'" : "'\(container.text)'"
        let whereItIs = stated ? ", where the text puts it" : ""
        let start = first ?? tokens[range.lowerBound].start, end = tokens[range.upperBound].end
        if let listed = listed(text, within: outer, kilometres: kilometres) {
            return PlaceMention(
                text: text, start: start, end: end, source: article.source, place: listed.place, role: .place, score: container.score,
                reason: "\(listed.reason); \(cue), in or near \(outer.name) (\(containerText))", language: article.language)
        }
        let absent =
            ruledOut.map { place in
                let kilometres = Int(Gazetteer.sphericalKilometres(place.coordinate, outer.coordinate).rounded())
                return "the gazetteer's place of that name, \(place.name) (\(place.kind), \(place.countryCode)), lies \(kilometres) km from it"
            } ?? "no place of the gazetteer has the name '\(text)'"
        var mention = PlaceMention(
            text: text, start: start, end: end, source: article.source, place: outer, role: .place, score: container.score,
            reason: "\(cue) and \(absent): placed at \(outer.name) "
                + "(\(outer.kind), \(outer.countryCode)), \(containerText)\(whereItIs); the point stands for that place, not for \(text)",
            language: article.language)
        mention.unlisted = true
        return mention
    }

    /// The place the gazetteer has by `name` as written, by an alternate name or without
    /// articles (no spelling variants) in `container`'s country and first-level division.
    private func listed(_ name: String, within container: Place, kilometres: Double? = nil) -> Candidate? {
        guard !container.countryCode.isEmpty else { return nil }
        var options = ResolveOptions(
            countries: [container.countryCode], near: container.coordinate, focusCountries: [container.countryCode], limit: 5)
        options.nearIs = container.name
        options.focusIs = "the country the text puts it in"
        guard let candidates = try? gazetteer.resolve(name, options: options) else { return nil }
        let division = Self.divisionKey(container)
        let town = container.kind == .populatedPlace || container.kind == .capital
        return candidates.first { candidate in
            let place = candidate.place
            guard candidate.matchLevel <= .compact, place.geonameid != container.geonameid,
                place.kind == .populatedPlace || place.kind == .capital
            else { return false }
            if container.kind == .country { return true }
            // (Measured from the container: about as far as the text says, "Lexington, about 186
            // miles southeast of Alliance", in Nebraska, 300 km from Alliance.)
            if let kilometres {
                let actual = Gazetteer.sphericalKilometres(place.coordinate, container.coordinate)
                return abs(actual - kilometres) <= max(kilometres, Self.measuredToleranceKilometres)
            }
            guard Self.divisionKey(place) == division else { return false }
            return !town || Gazetteer.sphericalKilometres(place.coordinate, container.coordinate) <= Self.listedReachKilometres
        }
    }
}
