import EventMapCore
import EventMapGazetteer
import Foundation

/// One coded event, in ACLED's terms (DESIGN.md's event record).
public struct CodedEvent: Sendable {
    public var eventDate: String?
    /// 1 day, 2 week, 3 month, 4 year (ACLED); nil with no date.
    public var timePrecision: Int?
    public var eventType: String
    public var subEventType: String
    public var actor1: String
    public var actor2: String?
    public var fatalities: Int?
    public var place: Place
    public var extractedPlace: String
    /// 1 the named place itself, 2 near or part of it, 3 a region or border area.
    public var geoPrecision: Int
    public var sources: [String]
    public var quote: String
    public var offset: Int
    public var confidence: Double

    /// A stable id: the same input gives the same id.
    public var eventID: String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in (sources[0] + "|" + String(offset) + "|" + subEventType).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return "EM" + String(hash % 100_000_000_000, radix: 10)
    }

    /// The event as the record every module shares (``Event``).
    public var event: Event {
        var event = Event()
        event.id = eventID
        event.date = eventDate.flatMap { EventDate(parsing: $0) }
        event.timePrecision = timePrecision
        event.eventType = EventType(name: eventType)
        event.subEventType = subEventType
        event.actor1 = actor1
        event.actor2 = actor2
        event.fatalities = fatalities
        event.countryCode = place.countryCode
        event.admin1 = place.admin1
        event.location = place.name
        // GeoNames' id only; a place GeoNames lacks (a curated crossing) carries EventMap's own.
        event.geonameid = place.geoNamesID
        if let own = place.eventMapID { event.extra.append(("eventmap_id", .number(Double(own)))) }
        event.geoPrecision = geoPrecision
        event.extractedPlace = extractedPlace
        event.sources = sources
        event.quote = quote
        event.offset = offset
        event.confidence = confidence
        event.geometry = .point(place.coordinate)
        return event
    }

    /// The event as a GeoJSON point with ACLED's field names (``Event/feature``).
    public var feature: Feature { event.feature }
}

extension Event {
    /// Events as an aligned text table (date, type, actors, fatalities, place, precision,
    /// sources), cells cut at 34 characters, for `extract --table`.
    public static func table(_ events: [Event]) -> String {
        let rows =
            [["date", "type", "actor1", "actor2", "dead", "place", "prec", "sources"]]
            + events.map { e in
                [
                    e.date?.description ?? "-", e.subEventType ?? "-", e.actor1 ?? "-", e.actor2 ?? "-", e.fatalities.map(String.init) ?? "-",
                    e.location ?? "-", e.geoPrecision.map(String.init) ?? "-", e.sources.map { ($0 as NSString).lastPathComponent }.joined(separator: " "),
                ]
            }
        return TextTable.render(header: rows[0], rows: Array(rows.dropFirst()), maxWidth: Array(repeating: 34, count: rows[0].count))
    }
}

/// Codes events from articles: triggers for ACLED's event types, actors from
/// `Gazetteer/curated/actors.tsv`, the place tied to the trigger, dates against the article's
/// date, fatalities; denials, plans and habits are not events; the same event reported twice
/// becomes one.
public struct EventCoder: Sendable {
    let mentions: MentionExtractor
    let actors: [(words: [String], actor: String, kind: String)]
    /// Actor name → kind (state, external, nonstate, civilians).
    let actorKinds: [String: String]
    /// Actors the curated table does not list: "Iraqi forces", "Lebanese army", "Greek police".
    let generic: InteractionCoder

    public init(mentions: MentionExtractor, curatedDirectory: String) throws(ExtractionError) {
        self.mentions = mentions
        generic = try InteractionCoder(mentions: mentions, curatedDirectory: curatedDirectory)
        var actors: [(words: [String], actor: String, kind: String)] = []
        for f in try Lexicon.rows(curatedDirectory + "/actors.tsv") where f.count >= 3 {
            for alias in f[2].split(separator: "|") {
                actors.append((NameKeys.fold(String(alias)).split(separator: " ").map(String.init), f[0], f[1]))
            }
        }
        self.actors = actors.sorted { $0.words.count > $1.words.count }
        var kinds: [String: String] = [:]
        for a in actors { kinds[a.actor] = a.kind }
        actorKinds = kinds
    }

    /// A trigger: the words that name the act, and the ACLED type and sub-type they code.
    struct Trigger {
        var words: [String]
        var type: String
        var subType: String
    }

    static let triggers: [Trigger] = {
        let table: [(String, String, String)] = [
            ("exchange of fire", "Battles", "Armed clash"), ("clashes", "Battles", "Armed clash"), ("clashed", "Battles", "Armed clash"),
            ("clash", "Battles", "Armed clash"), ("heavy fighting", "Battles", "Armed clash"), ("fierce fighting", "Battles", "Armed clash"),
            ("gun battle", "Battles", "Armed clash"), ("crossed into", "Battles", "Armed clash"), ("ground incursion", "Battles", "Armed clash"),
            ("took near complete control", "Battles", "Non-state actor overtakes territory"),
            ("took complete control", "Battles", "Non-state actor overtakes territory"), ("took control", "Battles", "Non-state actor overtakes territory"),
            ("captured", "Battles", "Non-state actor overtakes territory"), ("seized", "Battles", "Non-state actor overtakes territory"),
            ("recaptured", "Battles", "Government regains territory"),
            ("suicide bomber", "Explosions/Remote violence", "Suicide bomb"), ("suicide bombing", "Explosions/Remote violence", "Suicide bomb"),
            ("suicide attack", "Explosions/Remote violence", "Suicide bomb"), ("car bomb", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
            ("roadside bomb", "Explosions/Remote violence", "Remote explosive/landmine/IED"), ("ied", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
            ("airstrikes", "Explosions/Remote violence", "Air/drone strike"), ("airstrike", "Explosions/Remote violence", "Air/drone strike"),
            ("air strikes", "Explosions/Remote violence", "Air/drone strike"), ("air strike", "Explosions/Remote violence", "Air/drone strike"),
            ("drone strike", "Explosions/Remote violence", "Air/drone strike"), ("warplanes pounded", "Explosions/Remote violence", "Air/drone strike"),
            ("fired artillery", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
            ("artillery rounds", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
            ("mortar shells", "Explosions/Remote violence", "Shelling/artillery/missile attack"), ("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
            ("shelled", "Explosions/Remote violence", "Shelling/artillery/missile attack"), ("rocket attack", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
            ("massed", "Strategic developments", "Headquarters or base established"), ("massing", "Strategic developments", "Headquarters or base established"),
            ("build up", "Strategic developments", "Headquarters or base established"), ("buildup", "Strategic developments", "Headquarters or base established"),
            ("reinforcements", "Strategic developments", "Headquarters or base established"),
            ("have arrived", "Strategic developments", "Other"), ("has arrived", "Strategic developments", "Other"), ("deployed", "Strategic developments", "Other"),
            ("arrested", "Strategic developments", "Arrests"), ("detained", "Strategic developments", "Arrests"),
            ("protest", "Protests", "Peaceful protest"), ("protesters", "Protests", "Peaceful protest"), ("demonstrators", "Protests", "Peaceful protest"),
        ]
        return table.map { Trigger(words: $0.0.split(separator: " ").map(String.init), type: $0.1, subType: $0.2) }
            .sorted { $0.words.count > $1.words.count }
    }()

    /// Words that put an act in a place.
    /// An event's confidence (0...1): a rule of thumb, not a learned probability (PLOVER has no
    /// confidence to learn it from). A longer trigger phrase ("car bomb exploded") and a named
    /// actor make a coding likelier right; each further article reporting the event adds a little
    /// (``EventMerge/confidencePerExtraSource``).
    enum Confidence {
        static let base = 0.5
        static let perTriggerWord = 0.1
        static let namedActor = 0.1
    }

    static let locatives: Set<String> = ["in", "into", "at", "near", "around", "outside", "inside", "across", "on", "of", "to", "toward", "towards", "within", "close"]

    /// Talks and meetings: their place is not where an act happened.
    static let meetings: Set<String> = ["talks", "negotiations", "meeting", "meetings", "summit", "conference", "discussions", "visit"]

    /// Words that make a sentence a denial: nothing in it happened as told.
    static let denials: Set<String> = ["denied", "denies", "deny", "denying", "refuted", "dismissed"]
    /// Words within a few words before a trigger that make it a plan, a wish, a habit or a negation.
    static let irrealis: Set<String> = [
        "not", "no", "never", "yet", "vowed", "vow", "vows", "plan", "plans", "planned", "planning", "would", "will", "could", "may",
        "might", "aims", "aim", "aiming", "prepare", "preparing", "threatened", "threatens", "ready", "intends", "intend", "expected",
        "ahead", "waiting", "proposed", "proposing", "if", "should", "must", "want", "wants", "hope", "hopes", "to", "been",
    ]

    /// The events of one article. `published` is the article's date when the text has none.
    public func events(in article: ArticleText, published: DateComponents?) -> [CodedEvent] {
        let tokens = Tokenizer.tokens(article)
        return events(in: article, tokens: tokens, articleDate: ArticleDate.find(in: tokens) ?? published)
    }

    /// The events of an article file, read part by part (``ArticleFile``): offsets count from
    /// the start of the whole text, and the date the first part gives (its dateline, or
    /// `published`) holds for every part.
    public func events(in file: ArticleFile, published: DateComponents?) -> [CodedEvent] {
        var result: [CodedEvent] = []
        var articleDate: DateComponents?
        for (n, part) in file.parts.enumerated() {
            let tokens = Tokenizer.tokens(part.article)
            if n == 0 { articleDate = ArticleDate.find(in: tokens) ?? published }
            for var event in events(in: part.article, tokens: tokens, articleDate: articleDate) {
                event.offset += part.scalarOffset
                result.append(event)
            }
        }
        return result
    }

    private func events(in article: ArticleText, tokens: [Token], articleDate: DateComponents?) -> [CodedEvent] {
        let folded = Tokenizer.folded(tokens)
        // In text order, so that a sentence finds its own mentions by binary search: looking
        // through every mention of the article for each sentence made long articles quadratic.
        let allMentions = mentions.mentions(in: article, tokens: tokens, folded: folded).sorted { $0.start < $1.start }
        let placeMentions = allMentions.filter { $0.role == .place && $0.place != nil }
        // Mentions start at tokens: which one, by scalar offset.
        var tokenAt: [Int: Int] = [:]
        for (index, token) in tokens.enumerated() { tokenAt[token.start] = index }
        var result: [CodedEvent] = []
        // A crossing the article names: where "at the border" events go.
        let crossing = placeMentions.first { $0.place!.kind == .crossing }
        // The article's main town: the non-country place it names most (at least twice).
        var counts: [Int: (Int, PlaceMention)] = [:]
        for m in placeMentions where m.place!.kind == .populatedPlace || m.place!.kind == .crossing {
            counts[m.place!.geonameid, default: (0, m)].0 += 1
        }
        let focusTown = counts.values.filter { $0.0 >= 2 }.max { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.start > $1.1.start }?.1
        for sentence in Sentences.split(article, tokens: tokens) {
            let range = sentence.tokens
            guard !range.isEmpty, !range.contains(where: { Self.denials.contains(folded[$0]) }) else { continue }
            let sentenceStart = tokens[range.lowerBound].start, sentenceEnd = tokens[range.upperBound - 1].end
            let sentencePlaces = EventCoder.mentions(placeMentions, from: sentenceStart, to: sentenceEnd)
            let sentenceMentions = EventCoder.mentions(allMentions, from: sentenceStart, to: sentenceEnd)
            var i = range.lowerBound
            var coded = Set<String>()
            var stateForces: [(at: Int, end: Int, actor: String)]?
            while i < range.upperBound {
                guard
                    let trigger = Self.triggers.first(where: { t in
                        i + t.words.count <= range.upperBound && t.words.indices.allSatisfy { folded[i + $0] == t.words[$0] }
                    })
                else { i += 1; continue }
                defer { i += trigger.words.count }
                // A plan, wish, habit or negation in the five words before the trigger.
                let before = max(range.lowerBound, i - 5)..<i
                if before.contains(where: { Self.irrealis.contains(folded[$0]) }) { continue }
                if coded.contains(trigger.subType) { continue }
                let triggerOffset = tokens[i].start
                // The place tied to the trigger: a named place the sentence puts the act in
                // ("into Jarablus", "near Ain Issa", "around the town of Reyhanli"), after the
                // trigger first; towns before countries; not a place the act came from or a
                // government that reacted.
                let inSentence = sentencePlaces.filter { $0.end <= sentenceEnd }
                func locative(_ m: PlaceMention) -> String? {
                    guard let index = tokenAt[m.start], index > range.lowerBound else { return nil }
                    var k = index - 1
                    // "control of Hasaka", "the town of Reyhanli": "of" right before the name places it.
                    if folded[k] == "of" { return "of" }
                    // "the town of X", "the Syrian border town of X", "Syria's northern Idlib province".
                    while k > range.lowerBound
                        && ([
                            "the", "of", "town", "city", "village", "border", "northern", "southern", "eastern", "western",
                            "northwestern", "northeastern", "southeastern", "southwestern", "province", "area",
                        ].contains(folded[k])
                            || tokens[k].possessive || (tokens[k].capitalised && k < index - 1))
                        && index - k < 7
                    {
                        if EventCoder.locatives.contains(folded[k]) && folded[k] != "of" { return folded[k] }
                        k -= 1
                    }
                    return EventCoder.locatives.contains(folded[k]) ? folded[k] : nil
                }
                // Weak locatives ("to", "of", "on") do not make a capital the scene ("a signal to
                // Ankara"); a place where talks are held is not where the act happened.
                let located = inSentence.compactMap { m -> (PlaceMention, String)? in
                    guard let word = locative(m) else { return nil }
                    if m.place!.kind == .capital && ["to", "of", "on", "toward", "towards"].contains(word) { return nil }
                    if let index = tokenAt[m.start],
                        (max(range.lowerBound, index - 3)..<index).contains(where: { EventCoder.meetings.contains(folded[$0]) })
                    {
                        return nil
                    }
                    return (m, word)
                }
                let towns = located.filter { $0.0.place!.kind != .country }
                let pool = towns.isEmpty ? located : towns
                var chosen =
                    pool.filter { $0.0.start > triggerOffset }.min { $0.0.start < $1.0.start }
                    ?? pool.filter { $0.0.start < triggerOffset }.max { $0.0.start < $1.0.start }
                var precision = 1
                if let (m, word) = chosen, ["near", "around", "outside", "outskirts", "close"].contains(word) || m.place!.kind == .crossing { precision = 2 }
                if chosen == nil, range.contains(where: { folded[$0] == "border" }), let crossing {
                    chosen = (crossing, "at")
                    precision = 3
                }
                // A country only: the article's main town in that country, if it has one, near enough.
                if let (m, _) = chosen, m.place!.kind == .country, let focus = focusTown, focus.place!.countryCode == m.place!.countryCode {
                    chosen = (focus, "in")
                    precision = 2
                }
                guard let (mention, _) = chosen, let place = mention.place else { continue }
                if [.country, .division, .district, .continent, .region, .macroRegion].contains(place.kind) { precision = 3 }
                let index = tokenAt[mention.start] ?? 0
                if index + 1 < tokens.count, ["area", "countryside", "outskirts"].contains(folded[index + 1]) { precision = max(precision, 2) }
                // A village the gazetteer lacks, placed at the place the text puts it in: "part of a region".
                if mention.unlisted { precision = max(precision, 2) }
                // A state's forces by demonym and sector noun ("Iraqi forces") when the table lists
                // no one there: found once per sentence, when it has an event.
                if stateForces == nil {
                    stateForces = generic.actors(in: range, tokens: tokens, folded: folded, places: Array(sentenceMentions), tokenAt: tokenAt)
                        .filter { $0.actor.name.hasPrefix("Military Forces of") || $0.actor.name.hasPrefix("Police Forces of") }
                        .map { (at: $0.start, end: $0.end, actor: $0.actor.name) }
                }
                let (actor1, actor2) = actors(in: range, trigger: i, folded: folded, tokens: tokens, also: stateForces ?? [])
                let date = ArticleDate.resolve(sentence: range, trigger: i, folded: folded, tokens: tokens, articleDate: articleDate)
                // A whole country with no date is a summary ("has recaptured large swaths of
                // territory in Syria"), not an event an analyst would code.
                if place.kind == .country && (date == nil || date!.precision == 2) { continue }
                // Territory: who took it decides the sub-type.
                var subType = trigger.subType
                if trigger.type == "Battles" && (subType == "Government regains territory" || subType == "Non-state actor overtakes territory") {
                    let kind = actorKinds[actor1 ?? ""] ?? "nonstate"
                    subType = kind == "state" ? "Government regains territory" : "Non-state actor overtakes territory"
                }
                let quote = article.slice(sentence.start, sentence.end).trimmingCharacters(in: .whitespacesAndNewlines)
                result.append(
                    CodedEvent(
                        eventDate: date?.text, timePrecision: date?.precision, eventType: trigger.type, subEventType: subType,
                        actor1: actor1 ?? "Unidentified Armed Group", actor2: actor2, fatalities: Fatalities.find(range, folded: folded),
                        place: place, extractedPlace: mention.text, geoPrecision: precision, sources: [article.source], quote: quote,
                        offset: sentence.start,
                        confidence: Confidence.base + Confidence.perTriggerWord * Double(trigger.words.count) + (actor1 != nil ? Confidence.namedActor : 0)))
                coded.insert(trigger.subType)
            }
        }
        return result
    }

    /// Actor 1: the actor named nearest before the trigger (else the first after it); actor 2: another actor in the sentence.
    private func actors(
        in range: Range<Int>, trigger: Int, folded: [String], tokens: [Token],
        also extra: [(at: Int, end: Int, actor: String)] = []
    ) -> (String?, String?) {
        var found: [(at: Int, actor: String)] = []
        var k = range.lowerBound
        while k < range.upperBound {
            if let hit = actors.first(where: { a in
                k + a.words.count <= range.upperBound && a.words.indices.allSatisfy { folded[k + $0] == a.words[$0] }
            }) {
                // Bare "people" is civilians only as the object of killing; other aliases as they are.
                found.append((k, hit.actor))
                k += hit.words.count
            } else {
                k += 1
            }
        }
        // Actors found otherwise, where no listed alias covers them.
        for e in extra where !found.contains(where: { $0.at >= e.at && $0.at < e.end }) { found.append((e.at, e.actor)) }
        found.sort { $0.at < $1.at }
        // The sentence's subject is usually its first actor: "The Kurdish YPG militia, a partner of
        // the campaign against the IS group, took control of Hasaka".
        let before = found.filter { $0.at < trigger && $0.actor != "Civilians" }.first?.actor
        let first = before ?? found.first { $0.at > trigger && $0.actor != "Civilians" }?.actor
        // Actor 2: the first other actor after the trigger (the target), else before it.
        let second = found.first { $0.at > trigger && $0.actor != first }?.actor ?? found.first { $0.actor != first }?.actor
        return (first, second)
    }

    /// Merges events that are the same event reported more than once (``EventMerge``): the
    /// merged event lists every source.
    public static func merge(_ events: [CodedEvent]) -> [CodedEvent] { EventMerge.merge(events) }
}

/// Sentences as token ranges with their scalar span.
enum Sentences {
    struct Sentence { var tokens: Range<Int>; var start: Int; var end: Int }

    static func split(_ article: ArticleText, tokens: [Token]) -> [Sentence] {
        var sentences: [Sentence] = []
        var first = 0
        for (i, token) in tokens.enumerated() {
            let last = i == tokens.count - 1
            let nextStarts = !last && tokens[i + 1].sentenceStart
            if last || nextStarts {
                let start = tokens[first].start
                // The sentence runs to the end of its last word's punctuation.
                var end = token.end
                while end < article.scalars.count && ".!?\"”’)".unicodeScalars.contains(article.scalars[end]) { end += 1 }
                if !article.isBoilerplate(start) { sentences.append(Sentence(tokens: first..<(i + 1), start: start, end: end)) }
                first = i + 1
            }
        }
        return sentences
    }
}

/// Numbers of the dead: "killed 54 people", "killing six YPG fighters", "54 people were killed".
enum Fatalities {
    static let words: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
        "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dozens": 24, "dozen": 12,
    ]

    static func number(_ word: String) -> Int? { Int(word.replacingOccurrences(of: ",", with: "")) ?? words[word] }

    static func find(_ range: Range<Int>, folded: [String]) -> Int? {
        for i in range where ["killed", "killing", "kills", "dead", "died"].contains(folded[i]) {
            // "killed 54 people", "killing at least 12".
            for j in (i + 1)..<min(range.upperBound, i + 5) {
                if let n = number(folded[j]) { return n }
            }
            // "54 people were killed".
            for j in stride(from: i - 1, through: max(range.lowerBound, i - 5), by: -1) {
                if let n = number(folded[j]) { return n }
            }
        }
        return nil
    }
}

extension EventCoder {
    /// The mentions of `sorted` (in text order) that start within `from...to` (scalar offsets).
    static func mentions(_ sorted: [PlaceMention], from: Int, to: Int) -> ArraySlice<PlaceMention> {
        func firstIndex(startingAtOrAfter offset: Int) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid].start < offset { low = mid + 1 } else { high = mid }
            }
            return low
        }
        return sorted[firstIndex(startingAtOrAfter: from)..<firstIndex(startingAtOrAfter: to + 1)]
    }
}
