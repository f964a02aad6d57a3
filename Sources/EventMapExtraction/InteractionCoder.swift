import EventMapGazetteer
import Foundation

/// PLOVER's event categories (Open Event Data Alliance): who did what to whom, the verbal and
/// material acts around the violent events ACLED codes.
public enum PloverCategory: String, Sendable, CaseIterable {
    case agree = "AGREE", consult = "CONSULT", support = "SUPPORT", cooperate = "COOPERATE", aid = "AID"
    case retreat = "RETREAT", concede = "CONCEDE", investigate = "INVESTIGATE", demand = "DEMAND"
    case disapprove = "DISAPPROVE", reject = "REJECT", threaten = "THREATEN", protest = "PROTEST"
    case sanction = "SANCTION", mobilize = "MOBILIZE", coerce = "COERCE", fight = "FIGHT", assault = "ASSAULT"
}

/// An actor as a sentence names it, with the code event data use for it.
public struct ActorReference: Sendable, Hashable {
    /// ACLED-style name: "Government of Hungary", "Military Forces of Turkey", "United Nations".
    public var name: String
    /// ISO 3166-1 alpha-3 code of the actor's country, "IGO" or "NGO"; empty when unknown.
    public var code: String
}

/// One coded interaction: sources did an act of `category` to targets.
public struct Interaction: Sendable {
    public var sources: [ActorReference]
    public var category: PloverCategory
    public var targets: [ActorReference]
    /// The words that name the act, as written.
    public var trigger: String
    /// The sentence, and its start as a Unicode scalar offset into the article.
    public var quote: String
    public var offset: Int
}

/// Codes who did what to whom in each sentence: actors from the curated dictionaries
/// (`actors.tsv`, `organisations.tsv`), countries and capitals the gazetteer resolves, and
/// demonyms with a sector noun ("Hungarian officials" → Government of Hungary); acts from
/// `plover-verbs.tsv`. The source is the actor group before the act, the target the one after it
/// (swapped for a passive "was attacked by").
public struct InteractionCoder: Sendable {
    let mentions: MentionExtractor
    /// Phrases (folded words) that name an act, longest first.
    let verbs: [(words: [String], category: PloverCategory)]
    /// Curated and organisation aliases, longest first.
    let named: [(words: [String], actor: ActorReference)]
    /// ISO alpha-2 → (alpha-3, English name).
    let countries: [String: (alpha3: String, name: String)]

    public init(mentions: MentionExtractor, curatedDirectory: String) throws(ExtractionError) {
        self.mentions = mentions
        var countries: [String: (String, String)] = [:]
        var alpha3ByName: [String: String] = [:]
        for row in try Lexicon.rows(curatedDirectory + "/countries.tsv") where row.count >= 3 {
            // "Palestine, State of" → "Palestine".
            let name = row[2].components(separatedBy: ", ").first ?? row[2]
            countries[row[0]] = (row[1], name)
            alpha3ByName[NameKeys.fold(name)] = row[1]
        }
        var named: [(words: [String], actor: ActorReference)] = []
        for row in try Lexicon.rows(curatedDirectory + "/actors.tsv") where row.count >= 3 {
            // "Military Forces of Turkey", "Civilians (Syria)": the country in the name gives the code.
            var country = row[0]
            if let of = country.range(of: " of ", options: .backwards) { country = String(country[of.upperBound...]) }
            if let open = country.firstIndex(of: "("), let close = country.lastIndex(of: ")"), open < close {
                country = String(country[country.index(after: open)..<close])
            }
            let actor = ActorReference(name: row[0], code: alpha3ByName[NameKeys.fold(country)] ?? "")
            for alias in row[2].split(separator: "|") { named.append((Self.words(String(alias)), actor)) }
        }
        for row in try Lexicon.rows(curatedDirectory + "/organisations.tsv") where row.count >= 3 {
            let actor = ActorReference(name: row[0], code: row[1])
            for alias in row[2].split(separator: "|") { named.append((Self.words(String(alias)), actor)) }
        }
        var verbs: [(words: [String], category: PloverCategory)] = []
        for row in try Lexicon.rows(curatedDirectory + "/plover-verbs.tsv") where row.count >= 2 {
            guard let category = PloverCategory(rawValue: row[0]) else {
                throw .unreadable(path: curatedDirectory + "/plover-verbs.tsv", reason: "unknown category '\(row[0])'")
            }
            for phrase in row[1].split(separator: "|") { verbs.append((Self.words(String(phrase)), category)) }
        }
        self.verbs = verbs.sorted { $0.words.count > $1.words.count }
        self.named = named.sorted { $0.words.count > $1.words.count }
        self.countries = countries
    }

    /// A phrase as the folded words tokens compare with: hyphenated words stay one word
    /// ("co-operate"), abbreviations with full stops split as the tokenizer splits them ("U.N.").
    static func words(_ phrase: String) -> [String] {
        phrase.split(separator: " ").flatMap { piece -> [String] in
            piece.contains(".") ? NameKeys.fold(String(piece)).split(separator: " ").map(String.init) : [NameKeys.fold(String(piece))]
        }
    }

    /// What a noun after a demonym or country says the actor is, and the ACLED-style name it gives.
    enum Sector: Sendable {
        case military, police, government, rebels, protesters, opposition, civilians

        func name(_ country: String) -> String {
            switch self {
            case .military: "Military Forces of \(country)"
            case .police: "Police Forces of \(country)"
            case .government: "Government of \(country)"
            case .rebels: "Rebels (\(country))"
            case .protesters: "Protesters (\(country))"
            case .opposition: "Opposition (\(country))"
            case .civilians: "Civilians (\(country))"
            }
        }
    }

    static let sectors: [String: Sector] = {
        let lists: [(Sector, [String])] = [
            (
                .military,
                [
                    "army", "military", "forces", "troops", "soldiers", "warplanes", "jets", "navy", "artillery", "tanks", "commandos",
                    "helicopters", "aircraft", "gunboats", "paratroopers", "marines",
                ]
            ),
            (.police, ["police", "policemen", "gendarmes", "gendarmerie"]),
            (
                .government,
                [
                    "government", "officials", "official", "minister", "ministers", "ministry", "president", "premier", "leader",
                    "leaders", "authorities", "delegation", "diplomats", "diplomat", "embassy", "spokesman", "spokeswoman",
                    "parliament", "cabinet", "envoy", "ambassador", "administration", "negotiators", "king", "regime", "prime",
                    "foreign", "defence", "defense", "interior", "state", "legislators", "lawmakers", "court", "judges", "prosecutors",
                ]
            ),
            (.rebels, ["rebels", "insurgents", "militants", "guerrillas", "separatists", "fighters", "gunmen", "militia", "militiamen"]),
            (.protesters, ["protesters", "protestors", "demonstrators", "students", "workers", "strikers"]),
            (.opposition, ["opposition", "dissidents"]),
            (.civilians, ["civilians", "villagers", "residents", "refugees", "people", "citizens", "nationals", "children", "women", "journalists"]),
        ]
        var table: [String: Sector] = [:]
        for (sector, words) in lists { for w in words { table[w] = sector } }
        return table
    }()

    /// The interactions of an article, one per sentence that names an act.
    public func interactions(in article: ArticleText) -> [Interaction] {
        let tokens = Tokenizer.tokens(article)
        let folded = Tokenizer.folded(tokens)
        let places = mentions.mentions(in: article, tokens: tokens, folded: folded)
        var tokenAt: [Int: Int] = [:]
        for (index, token) in tokens.enumerated() { tokenAt[token.start] = index }
        var result: [Interaction] = []
        for sentence in Sentences.split(article, tokens: tokens) {
            let range = sentence.tokens
            let actors = self.actors(in: range, tokens: tokens, folded: folded, places: places, tokenAt: tokenAt)
            guard let (at, length, category) = act(in: range, folded: folded, after: actors.first?.start) else { continue }
            // "was attacked by X": the agent follows.
            let passive =
                at > range.lowerBound && ["was", "were", "been", "being", "is", "are"].contains(folded[at - 1])
                && at + length < range.upperBound && folded[at + length] == "by"
            let before = group(actors.filter { $0.end <= at }, folded: folded)
            let after = group(actors.filter { $0.start >= at + length }, folded: folded)
            let trigger = article.slice(tokens[at].start, tokens[at + length - 1].end)
            result.append(
                Interaction(
                    sources: passive ? after : before, category: category, targets: passive ? before : after.filter { !before.contains($0) },
                    trigger: trigger, quote: article.slice(sentence.start, sentence.end).trimmingCharacters(in: .whitespacesAndNewlines),
                    offset: sentence.start))
        }
        return result
    }

    /// The first act named after the first actor (else the first in the sentence).
    private func act(in range: Range<Int>, folded: [String], after firstActor: Int?) -> (Int, Int, PloverCategory)? {
        var found: [(Int, Int, PloverCategory)] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if let verb = verbs.first(where: { v in
                i + v.words.count <= range.upperBound && v.words.indices.allSatisfy { folded[i + $0] == v.words[$0] }
            }) {
                found.append((i, verb.words.count, verb.category))
                i += verb.words.count
            } else {
                i += 1
            }
        }
        guard var act = found.first(where: { $0.0 > (firstActor ?? -1) }) ?? found.first else { return nil }
        // An act announced rather than done: promising a cooperative act is agreeing to it,
        // announcing a hostile one is a threat (PLOVER's "intent" rule).
        if (max(range.lowerBound, act.0 - 4)..<act.0).contains(where: { Self.intent.contains(folded[$0]) }) {
            if Self.cooperative.contains(act.2) { act.2 = .agree } else if Self.hostile.contains(act.2) { act.2 = .threaten }
        }
        return act
    }

    /// Words that announce an act instead of reporting it.
    static let intent: Set<String> = ["will", "would", "willing", "ready", "prepared", "offered", "offers", "promised", "promises", "pledged", "pledges", "intends", "plans"]
    static let cooperative: Set<PloverCategory> = [.consult, .support, .cooperate, .aid, .retreat, .concede, .investigate]
    static let hostile: Set<PloverCategory> = [.sanction, .mobilize, .coerce, .fight, .assault]

    /// An actor found in the text: token span and reference.
    struct Found {
        var start: Int
        var end: Int
        var actor: ActorReference
    }

    /// The actors of a sentence in text order.
    func actors(in range: Range<Int>, tokens: [Token], folded: [String], places: [PlaceMention], tokenAt: [Int: Int]) -> [Found] {
        var found: [Found] = []
        // Countries and capitals the gazetteer resolved, with a sector noun after them if any.
        var placeAt: [Int: (PlaceMention, Int)] = [:]
        for m in places {
            guard let index = tokenAt[m.start], range.contains(index), let place = m.place,
                place.kind == .country || (place.kind == .capital && (m.role == .metonym || m.role == .place))
            else { continue }
            var end = index + 1
            while end < range.upperBound && tokens[end].start < m.end { end += 1 }
            placeAt[index] = (m, end)
        }
        var k = range.lowerBound
        while k < range.upperBound {
            if let hit = named.first(where: { a in
                k + a.words.count <= range.upperBound && a.words.indices.allSatisfy { folded[k + $0] == a.words[$0] }
            }) {
                found.append(Found(start: k, end: k + hit.words.count, actor: hit.actor))
                k += hit.words.count
                continue
            }
            var code: String?, end = k + 1
            if let (mention, placeEnd) = placeAt[k] {
                code = mention.place!.countryCode
                end = placeEnd
            } else if let demonym = mentions.lexicon.demonyms[folded[k]], !demonym.isEmpty, tokens[k].capitalised || tokens[k].allCaps {
                code = demonym
            }
            if let code, let country = countries[code] {
                // "Hungarian officials", "Israeli troops", "Iraq's army": up to two words later.
                var name = "Government of \(country.name)"
                for j in end..<min(range.upperBound, end + 2) {
                    if let sector = Self.sectors[folded[j]] { name = sector.name(country.name); end = j + 1; break }
                }
                found.append(Found(start: k, end: end, actor: ActorReference(name: name, code: country.alpha3)))
                k = end
                continue
            }
            k += 1
        }
        return found
    }

    /// The first group of actors: the first one and those joined to it by "and", commas or "the".
    private func group(_ actors: [Found], folded: [String]) -> [ActorReference] {
        guard var last = actors.first else { return [] }
        var group = [last.actor]
        for next in actors.dropFirst() {
            let gap = last.end..<next.start
            guard gap.count <= 2, gap.allSatisfy({ ["and", "the", "its", "their", "or"].contains(folded[$0]) || folded[$0].isEmpty }) else { break }
            if !group.contains(next.actor) { group.append(next.actor) }
            last = next
        }
        return group
    }
}
