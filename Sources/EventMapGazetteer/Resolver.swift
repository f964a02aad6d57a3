import EventMapCore
import Foundation

/// Options that steer ``Gazetteer/resolve(_:options:)``.
public struct ResolveOptions: Sendable {
    /// Only places in these countries (ISO alpha-2); nil for anywhere.
    public var countries: Set<String>?
    /// Prefer places near this point (longitude, latitude): the bonus halves every 150 km.
    public var near: Coordinate?
    /// Countries whose places win ties against look-alikes elsewhere (the analyst's region).
    /// None by default: the region is the caller's to say (`resolve --focus`, the article's own
    /// countries in extraction), never assumed by the library.
    public var focusCountries: Set<String> {
        didSet { focusCodes = ResolveOptions.pack(focusCountries) }
    }
    /// The focus countries as two ASCII bytes each, for comparisons without strings.
    private(set) var focusCodes: [UInt16] = []
    /// How many candidates to return.
    public var limit: Int
    /// Look for spelling variants (consonant keys) only when no place has the name as written
    /// or without articles: the bulk path of extraction, where a variant never beats a name.
    public var variantsOnlyAsFallback = false
    /// First-level divisions (GeoNames ids of their places) whose minor places are candidates:
    /// towns below the gazetteer's population threshold outside its focus countries, which a
    /// name matches only where the context names or implies their division ("Chiefland" in a
    /// story about Levy County, Florida). "Chiefland, Florida" allows them by itself.
    public var minorPlacesIn: Set<Int> = []
    /// What `near` and `focusCountries` are, in a candidate's reason: the command-line options
    /// for `resolve`; extraction says the article's other places and its countries instead.
    public var nearIs = "--near", focusIs = "the focus region"

    public init(
        countries: Set<String>? = nil, near: Coordinate? = nil,
        focusCountries: Set<String> = [], limit: Int = 5
    ) {
        self.countries = countries
        self.near = near
        self.focusCountries = focusCountries
        self.limit = limit
        focusCodes = ResolveOptions.pack(focusCountries)
    }

    /// The defaults: no country filter, no focus region, five candidates. Shared, so
    /// that default arguments do not build a new set on every look-up.
    public static let standard = ResolveOptions()

    static func pack(_ codes: Set<String>) -> [UInt16] {
        codes.compactMap { code in
            let bytes = Array(code.utf8)
            return bytes.count == 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : nil
        }
    }
}

/// The result of a fast ``Gazetteer/lookup(_:options:)``: which place and how sure.
public struct Match: Sendable {
    /// The place's GeoNames id (from 900 000 000 for curated places).
    public var geonameid: Int
    /// 0...1.
    public var score: Double
    let scored: Gazetteer.Scored
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
    /// How the name matched: exactly, as an alternate name, without articles and marks, or only
    /// as a spelling variant (consonant key). Extraction trusts the first three as recognition
    /// evidence; a variant needs context.
    public var matchLevel: MatchLevel = .exact
    /// The numbers behind the candidate, for ``Gazetteer/explained(_:query:options:)``.
    var scored: Gazetteer.Scored?
    /// How many names in Latin script the gazetteer has for the place (its own and alternates in
    /// every language): a measure of how widely known it is, beyond its population.
    public var nameCount = 0

    /// For a spelling variant: the edit distance from the query to the closest name of the place
    /// with the same consonants (at least 1); 0 for other matches.
    public var editDistance: Int { scored?.distance ?? 0 }
    /// The name matched is a spelling a curator tied to this place (`curated/places.tsv`), not its GeoNames name.
    public var isCuratedSpelling: Bool { scored?.curated ?? false }

    public enum MatchLevel: Int, Sendable, Comparable {
        case exact = 0, alternate, compact, variant
        public static func < (a: MatchLevel, b: MatchLevel) -> Bool { a.rawValue < b.rawValue }

        /// The level of a stored key.
        init(_ key: GazetteerStore.KeyLevel) {
            self =
                switch key {
                case .primary: .exact
                case .alternate: .alternate
                case .compact: .compact
                case .skeleton: .variant
                }
        }
    }
}

extension Gazetteer {
    /// Resolves a place name as news writes it: any spelling, with qualifiers such as
    /// "Manbij, Syria", "Kilis in Turkey", "Idlib province", "the town of Ariha".
    /// - Returns: candidates, best first; empty when nothing matches.
    public func resolve(_ query: String, options: ResolveOptions = .standard) -> [Candidate] {
        let parsed = Query(query, gazetteer: self)
        guard !parsed.name.isEmpty, !isPeople(parsed.name) else { return [] }
        let limit = max(1, options.limit)
        var scored = candidates(for: parsed, options: options, keep: limit)
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
        return scored.prefix(limit).map { explain($0, query: parsed, options: options) }
    }

    /// Candidates without their reasons (``Candidate/reason`` and ``Candidate/matchedName`` are
    /// empty): the fast path for callers that score many candidates and explain one, with
    /// ``explained(_:query:options:)``.
    public func unexplainedCandidates(_ query: String, options: ResolveOptions = .standard) -> [Candidate] {
        unexplainedCandidates(parse(query), options: options)
    }

    /// `query` read once (name, qualifiers, match keys), for look-ups with several options.
    public func parse(_ query: String) -> ParsedName {
        let parsed = Query(query, gazetteer: self)
        return ParsedName(query: parsed, matches: matches(of: parsed.keys))
    }

    /// ``unexplainedCandidates(_:options:)`` for a name parsed with ``parse(_:)``.
    public func unexplainedCandidates(_ name: ParsedName, options: ResolveOptions = .standard) -> [Candidate] {
        let parsed = name.query
        guard !parsed.name.isEmpty, !isPeople(parsed.name) else { return [] }
        var scored = candidates(for: parsed, options: options, keep: max(1, options.limit), matches: name.matches)
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
        return scored.prefix(max(1, options.limit)).map { item in
            Candidate(
                place: place(at: item.index), score: (min(1, item.score) * 1000).rounded() / 1000, matchedName: "", reason: "",
                matchLevel: Candidate.MatchLevel(item.level), scored: item, nameCount: store.nameCount(of: item.index))
        }
    }

    /// The candidate with its reason filled in.
    public func explained(_ candidate: Candidate, query: String, options: ResolveOptions = .standard) -> Candidate {
        explained(candidate, name: parse(query), options: options)
    }

    /// ``explained(_:query:options:)`` for a name parsed with ``parse(_:)``.
    public func explained(_ candidate: Candidate, name: ParsedName, options: ResolveOptions = .standard) -> Candidate {
        guard let scored = candidate.scored, candidate.reason.isEmpty else { return candidate }
        return explain(scored, query: name.query, options: options)
    }

    /// True when `name` is a demonym of a people without a state ("Kurdish", "Arab"): not a place.
    public func isPeople(_ name: String) -> Bool {
        statelessDemonyms.contains(NameKeys.fold(name))
    }

    /// The best match for `query` as numbers only (no reason text): the fast path for bulk
    /// look-ups; ``explain(_:for:options:)`` puts a match into words when needed.
    public func lookup(_ query: String, options: ResolveOptions = .standard) -> Match? {
        let parsed = Query(query, gazetteer: self)
        guard !parsed.name.isEmpty, !isPeople(parsed.name) else { return nil }
        let best = candidates(for: parsed, options: options, keep: 1)
            .max { $0.score < $1.score || ($0.score == $1.score && $0.index > $1.index) }
        return best.map { Match(geonameid: Int(store.records[$0.index].geonameid), score: min(1, $0.score), scored: $0) }
    }

    /// Exact-name look-up: places whose name or alternate name equals `name` up to case,
    /// diacritics and marks, ranked by prominence and context; no spelling variants and no
    /// qualifier parsing. The fastest path, for joins against lists of known names.
    public func exact(_ name: String, options: ResolveOptions = .standard) -> Match? {
        let query = Query(exactName: name)
        let folded = query.keys.foldedBytes
        var best: Scored?
        for position in store.range(ofHash: GazetteerStore.hash(folded)) {
            let raw = store.keys[position] & 3
            guard raw <= 1, let level = GazetteerStore.KeyLevel(rawValue: raw) else { continue }
            let index = Int(store.keyPlaces[position])
            guard passes(index, query: query, options: options) else { continue }
            let curated = level == .primary && !store.primaryFoldedName(of: index).elementsEqual(folded)
            let score = scoreValue(index: index, level: level, distance: 0, curated: curated, query: query, options: options)
            if best == nil || score > best!.score || (score == best!.score && index < best!.index) {
                best = Scored(index: index, score: score, level: level, curated: curated)
            }
        }
        return best.map { Match(geonameid: Int(store.records[$0.index].geonameid), score: min(1, $0.score), scored: $0) }
    }

    /// How well `name` is known as written: `.exact` or `.alternate` when a place has that name up
    /// to case, diacritics and marks, `.compact` when it matches without articles and marks
    /// ("Jisr al-Shughur" for "Jisr ash Shughūr"), nil otherwise. No spelling variants, no
    /// qualifiers: the cheap test extraction runs on every capitalised phrase.
    public func recognises(_ name: String) -> Candidate.MatchLevel? {
        recognises(folded: NameKeys.fold(name))
    }

    /// ``recognises(_:)`` for a name already folded with ``NameKeys/fold(_:)``.
    public func recognises(folded key: String) -> Candidate.MatchLevel? {
        // The folded key first; the compact one only when needed, and never the skeleton.
        let folded = Array(key.utf8)
        guard !folded.isEmpty else { return nil }
        var best: Candidate.MatchLevel?
        for position in store.range(ofHash: GazetteerStore.hash(folded)) {
            switch store.keys[position] & 3 {
            case 0: return .exact
            case 1: best = .alternate
            default: break
            }
        }
        if best != nil { return best }
        for position in store.range(ofHash: GazetteerStore.hash(NameKeys.compactBytes(folded: folded))) where store.keys[position] & 3 == 2 {
            return .compact
        }
        return nil
    }

    /// True when some place has a name with the consonant skeleton of `key`: a spelling variant
    /// ("Tal Abiad" for Tall Abyad, "Jarabolus" for Jarabulus). Recognition asks it only where the
    /// words themselves are evidence of a name (see ``MentionExtractor``); skeletons of fewer than
    /// ``shortestRecognisedSkeleton`` consonants match too much.
    public func recognisesVariant(folded key: String) -> Bool {
        let skeleton = NameKeys(key).skeletonBytes
        guard skeleton.count >= Self.shortestRecognisedSkeleton else { return false }
        return store.range(ofHash: GazetteerStore.hash(skeleton)).contains { store.keys[$0] & 3 == GazetteerStore.KeyLevel.skeleton.rawValue }
    }

    /// Consonants a skeleton needs before a variant is recognised from it alone (t-l-b-d has four).
    public static let shortestRecognisedSkeleton = 4

    /// The longest chain of Turkish endings (case, possessive, relative) written after an
    /// apostrophe on a name, in letters: "'daki", "'nin", "'ndeki".
    public static let longestTurkishEnding = 8

    /// The reasons and place behind a ``Match`` from ``lookup(_:options:)``.
    public func explain(_ match: Match, for query: String, options: ResolveOptions = .standard) -> Candidate {
        explain(match.scored, query: Query(query, gazetteer: self), options: options)
    }

    /// The best place for `query`, or nil.
    public func best(_ query: String, options: ResolveOptions = .standard) -> Candidate? {
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

    /// A candidate's numbers; words come later, in ``explain(_:query:options:)``, for the few returned.
    struct Scored: Sendable {
        var index: Int
        var score: Double
        var level: GazetteerStore.KeyLevel
        /// For skeleton matches: the edit distance to the closest name with the same skeleton.
        var distance: Int = 0
        var curated = false
    }

    /// Weights of the score: 70% how well the name matched, 30% how prominent the place is,
    /// plus context (focus region, qualifiers, --near).
    static let matchWeight = 0.7, priorWeight = 0.3

    /// The gazetteer's own score: what `resolve` ranks by, and what chooses the candidates
    /// extraction looks at (its top 20) and the anchors that place an article. Set by hand and
    /// kept simple; which candidate extraction finally takes is learned (`PlaceRanker` in
    /// EventMapExtraction, from the same facts and the article's context).
    enum RetrievalWeights {
        /// A place in a focus country (`resolve --focus`, the article's countries).
        static let focus = 0.06
        /// The qualifier word names the place's kind ("Idlib province" and a division).
        static let kindAsked = 0.15
        /// The qualifier word names another kind.
        static let kindContradicted = -0.2
        /// A division named without a kind word: news names the governorate as such.
        static let bareDivision = -0.1
        /// The query names an area that holds the place ("Manbij, Syria").
        static let qualified = 0.1
        /// The lift of `--near` (or the article's centre) at distance 0, halving every `nearHalvingKm`.
        static let near = 0.15, nearHalvingKm = 150.0
    }

    /// The places a name's match keys find, each at the strictest level it matched (a place
    /// named by a curated alias, not its own name, is `curated`): what every look-up of the name
    /// starts from whatever its options, so a parsed name (``ParsedName``) keeps them.
    struct NameMatches: Sendable {
        var found: [(index: Int, level: GazetteerStore.KeyLevel, curated: Bool)] = []
    }

    /// The places `keys` find in the store (``NameMatches``).
    func matches(of keys: NameKeys) -> NameMatches {
        // Candidates are few: a small array beats a dictionary.
        var matches = NameMatches()
        func probe(_ key: [UInt8], _ wanted: ClosedRange<UInt64>) {
            guard !key.isEmpty else { return }
            for position in store.range(ofHash: GazetteerStore.hash(key)) {
                let raw = store.keys[position] & 3
                guard wanted.contains(raw), let level = GazetteerStore.KeyLevel(rawValue: raw) else { continue }
                let place = Int(store.keyPlaces[position])
                if let existing = matches.found.firstIndex(where: { $0.index == place }) {
                    if level < matches.found[existing].level { matches.found[existing].level = level }
                } else {
                    matches.found.append((place, level, false))
                }
            }
        }
        probe(keys.foldedBytes, 0...1)
        // Nor does a compact key of one or two letters ("AAA" is "a" once doubled letters go):
        // such a name must match as written.
        if keys.compactBytes.count >= 3 { probe(keys.compactBytes, 2...2) }
        // A skeleton of one or two consonants ("as", "rk") matches too much to be evidence.
        if keys.skeletonBytes.count >= 3 { probe(keys.skeletonBytes, 3...3) }
        for k in matches.found.indices where matches.found[k].level == .primary {
            matches.found[k].curated = !store.primaryFoldedName(of: matches.found[k].index).elementsEqual(keys.foldedBytes)
        }
        return matches
    }

    /// The places `query` matches that pass `options`, scored; skeleton matches only as far as
    /// they can enter the best `keep`. `matches` are the query's (``matches(of:)``), found here
    /// when the caller has none.
    func candidates(for query: Query, options: ResolveOptions, keep: Int = 5, matches known: NameMatches? = nil) -> [Scored] {
        let keys = query.keys
        let found = (known ?? matches(of: keys)).found
        var result: [Scored] = []
        result.reserveCapacity(found.count)
        var deferred: [(index: Int, bound: Double)] = []
        for (index, level, curated) in found where passes(index, query: query, options: options) {
            if level == .skeleton {
                // Edit distances cost name decoding: first bound the score from above.
                deferred.append((index, scoreValue(index: index, level: .skeleton, distance: 1, curated: false, query: query, options: options)))
            } else {
                result.append(
                    Scored(
                        index: index, score: scoreValue(index: index, level: level, distance: 0, curated: curated, query: query, options: options),
                        level: level, curated: curated))
            }
        }
        // (A name some place has as written, even one the options leave out, such as a minor
        // place outside the article's divisions, is no misspelling of another.)
        if options.variantsOnlyAsFallback && (!result.isEmpty || found.contains { $0.level < .skeleton }) { return result }
        // Skeleton candidates in order of their best possible score; stop once none can enter the top `keep`.
        // A skeleton match is never compact-equal, so its edit distance is at least 1.
        var scores = result.map(\.score).sorted(by: >)
        deferred.sort { $0.bound > $1.bound }
        for (index, bound) in deferred {
            if scores.count >= keep && bound < scores[keep - 1] { break }
            let distance = closestSkeletonDistance(index: index, keys: keys).distance
            let score = scoreValue(index: index, level: .skeleton, distance: distance, curated: false, query: query, options: options)
            result.append(Scored(index: index, score: score, level: .skeleton, distance: distance))
            scores.insert(score, at: scores.firstIndex { $0 < score } ?? scores.count)
        }
        return result
    }

    private func passes(_ index: Int, query: Query, options: ResolveOptions) -> Bool {
        let record = store.records[index]
        if let allowed = options.countries, !allowed.contains(store.countryCode(of: index)) { return false }
        if let within = query.withinCountry, store.countryCode(of: index) != within { return false }
        if let division = query.withinDivision, record.division != Int32(division) { return false }
        if record.isMinor {
            guard record.division >= 0 else { return false }
            return query.withinDivision != nil || options.minorPlacesIn.contains(Int(store.records[Int(record.division)].geonameid))
        }
        return true
    }

    /// The smallest edit distance between the query's compact key and the compact key of a name of
    /// the place with the same skeleton, and which name (its position in ``GazetteerStore/names(of:)``).
    /// Works on the stored folded names: bytes only, no Unicode work.
    private func closestSkeletonDistance(index: Int, keys: NameKeys) -> (distance: Int, position: Int) {
        let queryCompact = keys.compactBytes, querySkeleton = keys.skeletonBytes
        let wanted = UInt32(truncatingIfNeeded: GazetteerStore.hash(querySkeleton) >> 2)
        var best = (distance: Int.max, position: 0)
        var position = 0
        store.forEachFoldedName(of: index) { folded, skeletonHash in
            defer { position += 1 }
            guard skeletonHash == wanted else { return }
            let compact = NameKeys.compactBytes(folded: folded)
            guard NameKeys.skeletonBytes(compact: compact) == querySkeleton else { return }
            let distance = EditDistance.levenshtein(queryCompact, compact)
            if distance < best.distance { best = (distance, position) }
        }
        if best.distance == .max { best.distance = 3 }
        return best
    }

    /// The position of the first name of the place whose folded form is `folded`.
    private func position(ofFolded folded: String, in index: Int) -> Int? {
        var folded = folded
        return folded.withUTF8 { bytes in
            var position = 0
            var found: Int?
            store.forEachFoldedName(of: index) { name, _ in
                if found == nil && name.count == bytes.count && name.elementsEqual(bytes) { found = position }
                position += 1
            }
            return found
        }
    }

    /// The match quality of a level, 0...1.07.
    static func matchQuality(_ level: GazetteerStore.KeyLevel, distance: Int, curated: Bool) -> Double {
        switch level {
        case .primary: curated ? 1.07 : 1.0  // a curator tied this spelling to this place
        case .alternate: 0.93
        case .compact: 0.9
        case .skeleton: max(0.45, 0.84 - 0.07 * Double(distance))
        }
    }

    /// Prominence of a place, 0...1: kind first, then population.
    func prior(of index: Int) -> Double { priors[index] }

    /// ``prior(of:)`` computed from the record; ``Gazetteer`` keeps these in an array built at load.
    static func computePrior(_ record: GazetteerStore.Record) -> Double {
        switch PlaceKind(rawValue: record.kind) ?? .other {
        case .country, .continent: return 1.0
        case .capital: return 0.9
        // A first-level division (a US state, a Syrian governorate) counts as a place of about a
        // million people: "Virginia" the state before a town of 50,000 abroad.
        case .division: return 0.75
        case .district: return 0.45
        case .crossing, .militarySite, .camp: return 0.6
        // A region's name ("Eastern Ghouta", "Qalamoun") is rarely anything else; a macro-region
        // ("the Levant", "Anatolia") ranks with countries.
        case .region: return 0.75
        case .macroRegion: return 0.9
        case .populatedPlace, .other:
            // GeoNames writes 0 for "unknown": such places count as a small town (about 4,000 people).
            return record.population > 0 ? min(0.85, log10(Double(record.population) + 1) / 8) : 0.45
        }
    }

    private func scoreValue(
        index: Int, level: GazetteerStore.KeyLevel, distance: Int, curated: Bool,
        query: Query, options: ResolveOptions
    ) -> Double {
        let record = store.records[index]
        let kind = PlaceKind(rawValue: record.kind) ?? .other
        typealias W = RetrievalWeights
        var score = Self.matchWeight * Self.matchQuality(level, distance: distance, curated: curated) + Self.priorWeight * prior(of: index)
        if kind != .country && kind != .continent && options.focusCodes.contains(UInt16(record.country0) << 8 | UInt16(record.country1)) { score += W.focus }
        if let wanted = query.kind {
            score += wanted.contains(kind) ? W.kindAsked : W.kindContradicted
        } else if kind == .division || kind == .district {
            // A bare "Idlib" or "Hasaka" in news means the town; the governorate is named as such.
            score += W.bareDivision
        }
        if query.withinCountry != nil || query.withinDivision != nil { score += W.qualified }
        if let near = options.near {
            let km = Self.roughKilometres(near, Coordinate(longitude: record.longitude, latitude: record.latitude))
            score += W.near * pow(0.5, km / W.nearHalvingKm)
        }
        return max(0, score)
    }

    /// Puts the evidence behind a score into words.
    private func explain(_ item: Scored, query: Query, options: ResolveOptions) -> Candidate {
        let keys = query.keys
        let index = item.index
        let record = store.records[index]
        let kind = PlaceKind(rawValue: record.kind) ?? .other
        let country = store.countryCode(of: index)
        // Only the name quoted is decoded (a country has hundreds).
        let name = { (position: Int) in self.store.name(of: index, at: position) }
        var matched: String
        var reasons: [String] = []
        let ignoring = { (name: String) in name == query.name ? "" : " ignoring case, diacritics and marks" }
        switch item.level {
        case .primary:
            matched = name(position(ofFolded: keys.folded, in: index) ?? 0)
            reasons.append(item.curated ? "curated name '\(matched)'" : "exact name '\(matched)'" + ignoring(matched))
        case .alternate:
            matched = name(position(ofFolded: keys.folded, in: index) ?? 0)
            reasons.append("exact alternate name '\(matched)'" + ignoring(matched))
        case .compact:
            let compact = Array(keys.compact.utf8)
            matched = name(store.foldedNames(of: index).firstIndex { NameKeys.compactBytes(folded: Array($0)) == compact } ?? 0)
            reasons.append("same name without articles and marks as '\(matched)'")
        case .skeleton:
            matched = name(closestSkeletonDistance(index: index, keys: keys).position)
            reasons.append("consonant key \(keys.skeleton.map(String.init).joined(separator: "-")) as '\(matched)', edit distance \(item.distance)")
        }
        switch kind {
        case .country: reasons.append("a country")
        case .capital: reasons.append("national capital")
        case .division: reasons.append(query.kind == nil ? "first-level division (a bare name prefers the town)" : "first-level division")
        case .crossing: reasons.append("border crossing")
        case .district: reasons.append("second-level division")
        case .continent: reasons.append("a continent")
        case .region: reasons.append("a region (a representative point)")
        case .macroRegion: reasons.append("a macro-region (a representative point)")
        case .militarySite: reasons.append("military site")
        case .camp: reasons.append("camp")
        case .populatedPlace, .other: break
        }
        if record.population > 0 && kind != .country && kind != .division { reasons.append("population \(record.population)") }
        if kind != .country && options.focusCountries.contains(country) { reasons.append("in \(options.focusIs) (\(country))") }
        if let wanted = query.kind, wanted.contains(kind) { reasons.append("'\(query.qualifierWord ?? "")' asks for a \(kind)") }
        if query.withinCountry != nil || query.withinDivision != nil { reasons.append("in \(query.qualifierPlace ?? country) as the query says") }
        if let near = options.near {
            let km = Self.roughKilometres(near, Coordinate(longitude: record.longitude, latitude: record.latitude))
            reasons.append("\(Int(km.rounded())) km from \(options.nearIs)")
        }
        return Candidate(
            place: place(at: index), score: (min(1, item.score) * 1000).rounded() / 1000,
            matchedName: matched, reason: reasons.joined(separator: "; "), matchLevel: Candidate.MatchLevel(item.level), scored: item,
            nameCount: store.nameCount(of: index))
    }

    /// Great-circle kilometres between two points on a sphere of the mean Earth radius: enough to
    /// rank by nearness or to tell 10 km from more (within 0.5% of the geodesic).
    public static func sphericalKilometres(_ a: Coordinate, _ b: Coordinate) -> Double { roughKilometres(a, b) }

    /// Great-circle kilometres on a sphere: enough to rank by nearness.
    static func roughKilometres(_ a: Coordinate, _ b: Coordinate) -> Double {
        let rad = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * rad, dLon = (b.longitude - a.longitude) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.latitude * rad) * cos(b.latitude * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371.0088 * asin(min(1, h.squareRoot()))
    }
}

/// A place name as ``Gazetteer/parse(_:)`` read it: the name, its qualifiers and match keys.
public struct ParsedName: Sendable {
    let query: Query
    /// The places the name's keys find, before any option (``Gazetteer/NameMatches``).
    let matches: Gazetteer.NameMatches
    /// The kinds of place a qualifier word asks for ("province": divisions), nil without one.
    public var askedKinds: Set<PlaceKind>? { query.kind }
}

/// A query split into the name and its qualifiers.
struct Query: Sendable {
    var name: String
    /// The name's match keys.
    private(set) var keys = NameKeys("")
    /// Kinds a qualifier word asks for ("province" → division, "town" → populated place).
    var kind: Set<PlaceKind>?
    var qualifierWord: String?
    /// "X, Syria" or "X in Turkey": the country; "X, Idlib" or "X in Idlib province": the division's record.
    var withinCountry: String?
    var withinDivision: Int?
    var qualifierPlace: String?

    static let divisionWords = ["province", "governorate", "governorates", "region", "muhafazat", "vilayet", "il"]
    static let districtWords = ["county", "parish", "borough", "municipality"]
    static let settlementWords = ["city", "town", "village", "district", "subdistrict", "neighbourhood", "neighborhood", "camp"]
    static let crossingWords = ["border crossing", "crossing", "border gate", "gate", "crossing point"]

    /// Folded words that start or end a qualified query.
    static let leadingWords: Set<Substring> = ["the", "town", "city", "village", "province", "governorate", "district"]
    static let trailingWords: Set<Substring> = Set((divisionWords + districtWords + settlementWords + ["crossing", "gate", "point"]).map { Substring($0) })

    /// A bare name, taken as it is; only its folded key is computed.
    init(exactName: String) {
        name = exactName
        keys = NameKeys(foldedOnly: exactName)
    }

    /// `raw` without a Turkish case ending written after an apostrophe ("Cerablus'a",
    /// "İdlib'de", "Suriye'nin"): up to ``Gazetteer/longestTurkishEnding`` lower-case letters at
    /// the end; nil when there is none.
    static func withoutTurkishEnding(_ raw: String) -> String? {
        guard let apostrophe = raw.lastIndex(where: { $0 == "'" || $0 == "’" }), apostrophe > raw.startIndex else { return nil }
        let ending = raw[raw.index(after: apostrophe)...]
        guard !ending.isEmpty, ending.count <= Gazetteer.longestTurkishEnding, ending.allSatisfy({ $0.isLetter && $0.isLowercase }) else { return nil }
        return String(raw[..<apostrophe])
    }

    init(_ raw: String, gazetteer: Gazetteer) {
        // A Turkish case ending on a name the gazetteer does not know with it: the name alone
        // ("Cerablus'a"; "Ta'izz" and "Sana'a" are names as written).
        var raw = raw
        if let bare = Query.withoutTurkishEnding(raw), gazetteer.recognises(raw) == nil, gazetteer.recognises(bare) != nil { raw = bare }
        // Fast path: no comma, no " in ", no qualifier word at either end.
        let quick = NameKeys(raw)
        if !raw.utf8.contains(0x2C) && !quick.foldedBytes.isEmpty {
            let bytes = quick.foldedBytes
            guard let space = bytes.firstIndex(of: 0x20) else {
                // One word: no qualifier possible.
                name = raw
                keys = quick
                return
            }
            let first = Substring(decoding: bytes[..<space], as: UTF8.self)
            let last = Substring(decoding: bytes[(bytes.lastIndex(of: 0x20)! + 1)...], as: UTF8.self)
            let hasIn =
                bytes.count >= 4
                && (0..<(bytes.count - 3)).contains {
                    bytes[$0] == 0x20 && bytes[$0 + 1] == UInt8(ascii: "i") && bytes[$0 + 2] == UInt8(ascii: "n") && bytes[$0 + 3] == 0x20
                }
            if !hasIn && !Query.leadingWords.contains(first) && !Query.trailingWords.contains(last) {
                name = raw
                keys = quick
                return
            }
        }
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
            (Query.crossingWords, [.crossing]), (Query.divisionWords, [.division]), (Query.districtWords, [.district]),
            (Query.settlementWords, [.populatedPlace, .capital]),
        ]
        for (words, kinds) in suffixes {
            for word in words where lower.hasSuffix(" " + word) && lower.count > word.count + 1 {
                // A name that is a place's own name with the word in it ("Kansas City", "Santa Clara
                // County") stays whole; the word still says what kind of place is meant.
                let keepWhole = [.exact, .alternate].contains(gazetteer.recognises(text))
                if !keepWhole { text = String(text.dropLast(word.count + 1)).trimmingCharacters(in: .whitespaces) }
                lower = text.lowercased()
                kind = kinds
                qualifierWord = word
                break
            }
        }
        name = text
        keys = NameKeys(text)
        if let context, !context.isEmpty {
            let inner = Query(context, gazetteer: gazetteer)
            let options = ResolveOptions(focusCountries: [], limit: 5)
            // A qualifier names a country or a division when one has the name, and of those the
            // best one that holds a place of the name: "Ocala, Florida" is in the US state, not in
            // Florida, Cuba, nor in the Uruguayan department.
            let hits = gazetteer.candidates(for: inner, options: options, keep: 5).sorted { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
            let areas = hits.filter { hit in
                let kind = PlaceKind(rawValue: gazetteer.store.records[hit.index].kind)
                return (kind == .country || kind == .division) && hit.level <= .alternate
            }
            // This query (name and keys already set, no area yet) inside the area of `hit`.
            func restricted(to hit: Gazetteer.Scored) -> Query {
                var query = self
                switch PlaceKind(rawValue: gazetteer.store.records[hit.index].kind) {
                case .division: query.withinDivision = hit.index
                default: query.withinCountry = gazetteer.store.countryCode(of: hit.index)
                }
                return query
            }
            let holding = areas.first { !gazetteer.candidates(for: restricted(to: $0), options: options, keep: 1).isEmpty }
            if let hit = holding ?? areas.first ?? hits.first {
                let within = restricted(to: hit)
                qualifierPlace = gazetteer.store.primaryName(of: hit.index)
                withinCountry = within.withinCountry
                withinDivision = within.withinDivision
            } else {
                // Not a known place: keep the text as part of the name ("Aleppo, old city" stays whole).
                name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                keys = NameKeys(name)
            }
        }
    }
}

/// Levenshtein distance over UTF-8 bytes (keys are ASCII).
enum EditDistance {
    static func levenshtein(_ a: String, _ b: String) -> Int {
        levenshtein(Array(a.utf8), Array(b.utf8))
    }

    static func levenshtein(_ x: [UInt8], _ y: [UInt8]) -> Int {
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

extension Candidate {
    /// The candidate as `resolve` prints it: `N. name (CC, admin1) lon,lat geonameid=… kind pop=… score=…`
    /// and, on a second line, the reason.
    public func summary(rank: Int) -> String {
        let p = place
        let area = [p.countryCode, p.admin1].filter { !$0.isEmpty }.joined(separator: ", ")
        return String(
            format: "  %d. %@%@ %.5f,%.5f %@ %@ pop=%d score=%.3f",
            rank, p.name, area.isEmpty ? "" : " (\(area))",
            p.coordinate.longitude, p.coordinate.latitude, p.idText, p.kind.description, p.population, score)
            + "\n     reason: \(reason)"
    }

    /// The candidate as `resolve --json` writes it (DESIGN.md's field names; `geonameid` null and
    /// `eventmap_id` set for a place GeoNames lacks).
    public var jsonValue: JSONValue {
        .object(
            [
                ("name", .string(place.name)), ("country_code", .string(place.countryCode)), ("admin1", .string(place.admin1)),
                ("longitude", .number(place.coordinate.longitude)), ("latitude", .number(place.coordinate.latitude)),
            ] + place.idProperties + [
                ("kind", .string(place.kind.description)),
                ("population", .number(Double(place.population))), ("score", .number(score)),
                ("matched_name", .string(matchedName)), ("reason", .string(reason)),
            ])
    }
}
