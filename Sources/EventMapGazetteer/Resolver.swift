import EventMapCore
import Foundation

/// Options that steer ``Gazetteer/resolve(_:options:)``.
public struct ResolveOptions: Sendable {
    /// Only places in these countries (ISO alpha-2); nil for anywhere.
    public var countries: Set<String>?
    /// Prefer places near this point (longitude, latitude): the bonus halves every 150 km.
    public var near: Coordinate?
    /// Countries whose places win ties against look-alikes elsewhere (the analyst's region).
    public var focusCountries: Set<String>
    /// How many candidates to return.
    public var limit: Int

    public init(countries: Set<String>? = nil, near: Coordinate? = nil,
                focusCountries: Set<String> = ["SY", "TR"], limit: Int = 5) {
        self.countries = countries
        self.near = near
        self.focusCountries = focusCountries
        self.limit = limit
    }
}

/// One candidate answer, with its score and the evidence behind it.
public struct Candidate: Sendable {
    public var place: Place
    /// 0...1: how sure the resolver is, relative to the other candidates.
    public var score: Double
    /// The name of the place that matched the query.
    public var matchedName: String
    /// Why this place, in words a person can check.
    public var reason: String
}

extension Gazetteer {
    /// Resolves a place name as news writes it: any spelling, with qualifiers such as
    /// "Manbij, Syria", "Kilis in Turkey", "Idlib province", "the town of Ariha".
    /// - Returns: candidates, best first; empty when nothing matches.
    public func resolve(_ query: String, options: ResolveOptions = ResolveOptions()) -> [Candidate] {
        let parsed = Query(query, gazetteer: self)
        guard !parsed.name.isEmpty, !isPeople(parsed.name) else { return [] }
        var scored = candidates(for: parsed, options: options)
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
        return scored.prefix(max(1, options.limit)).map { item in
            Candidate(place: place(at: item.index), score: (min(1, item.score) * 1000).rounded() / 1000,
                      matchedName: item.matchedName, reason: item.reasons.joined(separator: "; "))
        }
    }

    /// True when `name` is a demonym of a people without a state ("Kurdish", "Arab"): not a place.
    public func isPeople(_ name: String) -> Bool {
        let folded = NameKeys.fold(name)
        return statelessDemonyms.contains(folded)
    }

    /// The best place for `query`, or nil.
    public func best(_ query: String, options: ResolveOptions = ResolveOptions()) -> Candidate? {
        var limited = options
        limited.limit = 1
        return resolve(query, options: limited).first
    }

    /// Names close to `query` for "did you mean" hints: same first letter, small edit distance on
    /// the compact key, most populous first.
    public func suggestions(for query: String, limit: Int = 3) -> [String] {
        let key = NameKeys(query).compact
        guard let first = key.utf8.first else { return [] }
        var found: [(distance: Int, population: UInt64, name: String)] = []
        for index in store.records.indices {
            for name in store.names(of: index) {
                let other = NameKeys(name).compact
                guard other.utf8.first == first, abs(other.utf8.count - key.utf8.count) <= 2 else { continue }
                let distance = EditDistance.levenshtein(key, other)
                if distance <= 2 { found.append((distance, store.records[index].population, store.primaryName(of: index))) }
            }
        }
        found.sort { ($0.distance, -Int64($0.population)) < ($1.distance, -Int64($1.population)) }
        var seen = Set<String>()
        return found.map(\.name).filter { seen.insert($0).inserted }.prefix(limit).map { $0 }
    }

    // MARK: Scoring

    struct Scored {
        var index: Int
        var score: Double
        var matchedName: String
        var reasons: [String]
    }

    func candidates(for query: Query, options: ResolveOptions) -> [Scored] {
        let keys = NameKeys(query.name)
        // Best (strictest) level at which each place matched.
        var levels: [Int: GazetteerStore.KeyLevel] = [:]
        let probes: [(String, [GazetteerStore.KeyLevel])] = [
            (keys.folded, [.primary, .alternate]), (keys.compact, [.compact]), (keys.skeleton, [.skeleton]),
        ]
        for (key, wanted) in probes where !key.isEmpty {
            let hash = GazetteerStore.hash(key)
            for position in store.range(ofHash: hash) {
                guard let level = GazetteerStore.KeyLevel(rawValue: store.keys[position] & 3), wanted.contains(level) else { continue }
                let place = Int(store.keyPlaces[position])
                if let old = levels[place], old <= level { continue }
                levels[place] = level
            }
        }
        var result: [Scored] = []
        for (index, level) in levels {
            let record = store.records[index]
            let country = store.countryCode(of: index)
            if let allowed = options.countries, !allowed.contains(country) { continue }
            if let within = query.withinCountry, country != within { continue }
            if let division = query.withinDivision, record.division != Int32(division) { continue }
            result.append(score(index: index, level: level, keys: keys, query: query, options: options))
        }
        return result
    }

    private func score(index: Int, level: GazetteerStore.KeyLevel, keys: NameKeys, query: Query, options: ResolveOptions) -> Scored {
        let record = store.records[index]
        let kind = PlaceKind(rawValue: record.kind) ?? .other
        let country = store.countryCode(of: index)
        var reasons: [String] = []
        var matched = store.primaryName(of: index)
        var match: Double
        switch level {
        case .primary:
            match = 1.0
            if NameKeys.fold(matched) == keys.folded {
                reasons.append("exact name '\(matched)'" + (matched == query.name ? "" : " ignoring case, diacritics and marks"))
            } else {
                matched = store.names(of: index).first { NameKeys.fold($0) == keys.folded } ?? matched
                reasons.append("curated name '\(matched)'")
                // A curator tied this spelling to this place: stronger than a GeoNames alternate elsewhere.
                match = 1.07
            }
        case .alternate:
            match = 0.93
            matched = store.names(of: index).first { NameKeys.fold($0) == keys.folded } ?? matched
            reasons.append("exact alternate name '\(matched)'" + (matched == query.name ? "" : " ignoring case, diacritics and marks"))
        case .compact:
            match = 0.9
            matched = store.names(of: index).first { NameKeys($0).compact == keys.compact } ?? matched
            reasons.append("same name without articles and marks as '\(matched)'")
        case .skeleton:
            // Re-rank by edit distance to the closest name with the same skeleton.
            var best = (distance: Int.max, name: matched)
            for name in store.names(of: index) {
                let other = NameKeys(name)
                guard other.skeleton == keys.skeleton else { continue }
                let distance = EditDistance.levenshtein(keys.compact, other.compact)
                if distance < best.distance { best = (distance, name) }
            }
            matched = best.name
            let distance = best.distance == .max ? 3 : best.distance
            match = max(0.45, 0.84 - 0.07 * Double(distance))
            reasons.append("consonant key \(keys.skeleton.map(String.init).joined(separator: "-")) as '\(matched)', edit distance \(distance)")
        }
        // Prominence: kind and population.
        var prior: Double
        switch kind {
        case .country: prior = 1.0; reasons.append("a country")
        case .capital: prior = 0.9; reasons.append("national capital")
        case .division: prior = 0.55; reasons.append("first-level division")
        case .crossing: prior = 0.6; reasons.append("border crossing")
        case .populatedPlace, .other:
            // GeoNames writes 0 for "unknown": such places count as a small town (about 4,000 people).
            prior = record.population > 0 ? min(0.85, log10(Double(record.population) + 1) / 8) : 0.45
        }
        if record.population > 0 && kind != .country && kind != .division {
            reasons.append("population \(record.population)")
        }
        var score = 0.7 * match + 0.3 * prior
        if options.focusCountries.contains(country) && kind != .country {
            score += 0.06
            reasons.append("in the focus region (\(country))")
        }
        if let wanted = query.kind {
            if wanted.contains(kind) { score += 0.15; reasons.append("'\(query.qualifierWord ?? "")' asks for a \(kind)") } else { score -= 0.2 }
        } else if kind == .division {
            // A bare "Idlib" or "Hasaka" in news means the town; the governorate is named as such.
            score -= 0.1
        }
        if query.withinCountry != nil || query.withinDivision != nil {
            score += 0.1
            reasons.append("in \(query.qualifierPlace ?? country) as the query says")
        }
        if let near = options.near {
            let km = Self.roughKilometres(near, Coordinate(longitude: record.longitude, latitude: record.latitude))
            score += 0.15 * pow(0.5, km / 150)
            reasons.append("\(Int(km.rounded())) km from --near")
        }
        return Scored(index: index, score: max(0, score), matchedName: matched, reasons: reasons)
    }

    /// Great-circle kilometres on a sphere: enough to rank by nearness.
    static func roughKilometres(_ a: Coordinate, _ b: Coordinate) -> Double {
        let rad = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * rad, dLon = (b.longitude - a.longitude) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.latitude * rad) * cos(b.latitude * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371.0088 * asin(min(1, h.squareRoot()))
    }
}

/// A query split into the name and its qualifiers.
struct Query {
    var name: String
    /// Kinds a qualifier word asks for ("province" → division, "town" → populated place).
    var kind: Set<PlaceKind>?
    var qualifierWord: String?
    /// "X, Syria" or "X in Turkey": the country; "X, Idlib" or "X in Idlib province": the division's record.
    var withinCountry: String?
    var withinDivision: Int?
    var qualifierPlace: String?

    static let divisionWords = ["province", "governorate", "governorates", "region", "muhafazat", "vilayet", "il"]
    static let settlementWords = ["city", "town", "village", "district", "subdistrict", "neighbourhood", "neighborhood", "camp"]
    static let crossingWords = ["border crossing", "crossing", "border gate", "gate", "crossing point"]

    init(_ raw: String, gazetteer: Gazetteer) {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        // "X, Y" and "X in Y": Y is a country or a division.
        var context: String?
        if let comma = text.lastIndex(of: ",") {
            context = String(text[text.index(after: comma)...]).trimmingCharacters(in: .whitespaces)
            text = String(text[..<comma]).trimmingCharacters(in: .whitespaces)
        } else if let range = text.range(of: " in ", options: [.caseInsensitive, .backwards]) {
            context = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            text = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        var lower = text.lowercased()
        // Leading "the town of", "the city of", "the village of", "the province of".
        for word in ["the ", "town of ", "city of ", "village of ", "province of ", "governorate of ", "district of "] where lower.hasPrefix(word) {
            if word != "the " {
                let bare = String(word.dropLast(4))
                kind = Query.divisionWords.contains(bare) ? [.division] : [.populatedPlace, .capital]
                qualifierWord = bare
            }
            text = String(text.dropFirst(word.count))
            lower = text.lowercased()
        }
        if lower.hasPrefix("the ") { text = String(text.dropFirst(4)); lower = text.lowercased() }
        // Trailing "province", "city", "border crossing".
        let suffixes: [([String], Set<PlaceKind>)] = [
            (Query.crossingWords, [.crossing]), (Query.divisionWords, [.division]), (Query.settlementWords, [.populatedPlace, .capital]),
        ]
        for (words, kinds) in suffixes {
            for word in words where lower.hasSuffix(" " + word) && lower.count > word.count + 1 {
                text = String(text.dropLast(word.count + 1)).trimmingCharacters(in: .whitespaces)
                lower = text.lowercased()
                kind = kinds
                qualifierWord = word
                break
            }
        }
        name = text
        if let context, !context.isEmpty {
            let inner = Query(context, gazetteer: gazetteer)
            let options = ResolveOptions(focusCountries: [], limit: 1)
            if let hit = gazetteer.candidates(for: inner, options: options).max(by: { $0.score < $1.score }) {
                let record = gazetteer.store.records[hit.index]
                qualifierPlace = gazetteer.store.primaryName(of: hit.index)
                switch PlaceKind(rawValue: record.kind) {
                case .country: withinCountry = gazetteer.store.countryCode(of: hit.index)
                case .division: withinDivision = hit.index
                default: withinCountry = gazetteer.store.countryCode(of: hit.index)
                }
            } else {
                // Not a known place: keep the text as part of the name ("Aleppo, old city" stays whole).
                name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }
}

/// Levenshtein distance over UTF-8 bytes (keys are ASCII).
enum EditDistance {
    static func levenshtein(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
