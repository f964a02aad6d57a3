import EventMapCore
import EventMapGazetteer
import Foundation

/// Finds the places an article names and resolves each in the article's context.
///
/// Recognition: capitalised phrases (with Arabic articles and hyphens: "Ras al-Ain", "Deir
/// ez-Zor") that the gazetteer knows by name, after masking names that are not places (groups,
/// operations, media: `not-places.tsv`), people after titles ("President Erdogan"), boilerplate
/// lines, demonyms ("Turkish": evidence of a country, and a mention of their own role) and words that are never
/// places (months, weekdays). A small place needs evidence: a preposition ("in", "near", "into"),
/// a head ("the town of"), a qualifier ("Idlib province", "Cilvegozu border crossing"), a
/// country named in the article, or a second name in the phrase.
///
/// Resolution: every candidate the gazetteer offers is scored again with the article's context:
/// the countries it names (by name, demonym or resolved place), the places it names near each
/// other, "X, Y" and "X in Y", "the Turkish town of X"; one place per name per article.
public struct MentionExtractor: Sendable {
    let gazetteer: Gazetteer
    let lexicon: Lexicon
    /// The place of each country a demonym can name.
    let countries: [String: Place]

    /// How sure a demonym mention is: the word names its country unambiguously ("Syrian" is
    /// Syria), so a demonym ranks with a country named outright; the gazetteer is not asked.
    static let demonymScore = 0.9

    public init(gazetteer: Gazetteer, lexicon: Lexicon) {
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.countries = gazetteer.countriesByCode
    }

    /// A phrase that may be a place, with what the text around it says.
    struct Span {
        var first: Int
        var last: Int
        var text: String
        var level: Candidate.MatchLevel
        var cue: String?
        /// The query given to the gazetteer: the name with its qualifiers.
        var query: String
        var demonymCountry: String?
        var sentenceStart: Bool
        /// Part of a longer capitalised name the gazetteer does not know ("Valley" in "Swat
        /// Valley", "Republic" in "Democratic Republic of Congo"): a place only if a country.
        var fragment = false
        var candidates: [Candidate] = []
    }

    /// The place mentions of an article, in text order.
    public func mentions(in article: ArticleText) -> [PlaceMention] {
        let tokens = Tokenizer.tokens(article)
        return mentions(in: article, tokens: tokens, folded: Tokenizer.folded(tokens))
    }

    /// The place mentions of an article file, read part by part (``ArticleFile``) and handed to
    /// `body` in text order, with offsets into the whole text: memory holds one part's mentions.
    public func mentions(in file: ArticleFile, _ body: (PlaceMention) throws -> Void) rethrows {
        for part in file.parts {
            for var mention in mentions(in: part.article) {
                mention.start += part.scalarOffset
                mention.end += part.scalarOffset
                try body(mention)
            }
        }
    }

    /// The same, for a caller that already split the article into words (event coding).
    func mentions(in article: ArticleText, tokens: [Token], folded: [String]) -> [PlaceMention] {
        guard !tokens.isEmpty else { return [] }
        var masked = [Bool](repeating: false, count: tokens.count)
        for (i, t) in tokens.enumerated() where article.isBoilerplate(t.start) { masked[i] = true }
        maskNotPlaces(tokens, folded, &masked)
        maskPeople(tokens, folded, &masked)

        // Country evidence from demonyms anywhere in the article, and sentence by sentence.
        var countryWeight: [String: Double] = [:]
        var sentenceOf = [Int](repeating: 0, count: tokens.count)
        for i in tokens.indices.dropFirst() { sentenceOf[i] = sentenceOf[i - 1] + (tokens[i].sentenceStart ? 1 : 0) }
        var sentenceCountries: [Int: Set<String>] = [:]
        var spans: [Span] = []
        var demonymMentions: [PlaceMention] = []
        var i = 0
        while i < tokens.count {
            guard !masked[i], tokens[i].capitalised || tokens[i].allCaps, !MentionExtractor.runBreakers.contains(folded[i]) else { i += 1; continue }
            // The run of capitalised words (with connectors) starting here.
            var runEnd = i
            while runEnd + 1 < tokens.count, tokens[runEnd].following == nil, !tokens[runEnd].possessive {
                let next = runEnd + 1
                if !masked[next] && (tokens[next].capitalised || tokens[next].allCaps) && !MentionExtractor.runBreakers.contains(folded[next]) { runEnd = next; continue }
                if next + 1 < tokens.count, MentionExtractor.connectors.contains(folded[next]), tokens[next].following == nil,
                    !masked[next + 1], tokens[next + 1].capitalised
                {
                    runEnd = next + 1; continue
                }
                break
            }
            var j = i
            while j <= runEnd {
                var matched = false
                for k in stride(from: min(runEnd, j + 5), through: j, by: -1) {
                    if MentionExtractor.connectors.contains(folded[k]) { continue }
                    let text = article.slice(tokens[j].start, tokens[k].end)
                    let key = NameKeys.fold(text)
                    if let country = lexicon.demonyms[key] {
                        if !country.isEmpty {
                            countryWeight[country, default: 0] += 1
                            sentenceCountries[sentenceOf[j], default: []].insert(country)
                            if let place = countries[country] {
                                demonymMentions.append(
                                    PlaceMention(
                                        text: text, start: tokens[j].start, end: tokens[k].end, source: article.source, place: place, role: .demonym,
                                        score: Self.demonymScore, reason: "demonym '\(text)' names \(place.name) (\(country))"))
                            }
                        }
                        j = k + 1
                        matched = true
                        break
                    }
                    if k == j && (Lexicon.neverPlaces.contains(key) || key.count < 2) { continue }
                    // A name of two words or more that no place has as written may be a spelling
                    // variant of one ("Tal Abiad"): recognised after a preposition or a head when no
                    // shorter name from the same word is known as written ("Lake" in "Lake Cty"; not
                    // words of three letters, which are names only as acronyms: "Tal" in "Tal Abiad"),
                    // then held to the variant's bar below.
                    func shorterNameKnown() -> Bool {
                        (j..<k).contains { end in
                            let shorter = NameKeys.fold(article.slice(tokens[j].start, tokens[end].end))
                            return shorter.count > 3 && gazetteer.recognises(folded: shorter) != nil
                        }
                    }
                    guard
                        let level = gazetteer.recognises(folded: key)
                            ?? (k > j && Self.hasCue(tokens, folded, j) && gazetteer.recognisesVariant(folded: key) && !shorterNameKnown() ? .variant : nil)
                    else { continue }
                    // Words of three letters or fewer are places only as the country acronyms news
                    // uses ("US", "UK", "UAE"), never as ISO codes that are also words ("In", "It", "PM").
                    // (Except an abbreviation after "Town, ": "Monroeville, Ala.", "Richmond, Va.")
                    let abbreviationAfterComma = tokens[j].following == "." && j > 0 && tokens[j - 1].following == ","
                    if k == j && key.reduce(0, { $0 + ($1 == " " ? 0 : 1) }) <= 3 && !MentionExtractor.countryAcronyms.contains(key)
                        && !abbreviationAfterComma
                    {
                        continue
                    }
                    // A sentence's first word matched only through an alternate name needs more evidence.
                    if k == j && tokens[j].sentenceStart && level != .exact && !MentionExtractor.hasCue(tokens, folded, j) { continue }
                    var span = makeSpan(tokens, folded, j, k, text, level, article)
                    // English puts modifiers first: a place at the start of a longer name is the
                    // place the name is about ("Alachua County Sheriff's Office", "Alexandria City
                    // Public Schools"); a place-like word after unknown capitalised words is the
                    // head of another name ("Swat Valley", "Democratic Republic of Congo").
                    span.fragment = (i..<j).contains { t in
                        !MentionExtractor.connectors.contains(folded[t]) && !Lexicon.placeNouns.contains(folded[t])
                            && !MentionExtractor.directions.contains(folded[t])
                    }
                    spans.append(span)
                    j = k + 1
                    matched = true
                    break
                }
                if !matched { j += 1 }
            }
            i = runEnd + 1
        }
        guard !spans.isEmpty else { return demonymMentions }

        // Each distinct query is parsed once for both passes and the explanation.
        var parsedNames: [String: ParsedName] = [:]
        func parsed(_ query: String) -> ParsedName {
            if let known = parsedNames[query] { return known }
            let name = gazetteer.parse(query)
            parsedNames[query] = name
            return name
        }
        // Pass 1: candidates with the demonyms' countries in focus (each distinct query once).
        let focus1 = Set(countryWeight.keys)
        var cache: [String: [Candidate]] = [:]
        for s in spans.indices {
            if let known = cache[spans[s].query] { spans[s].candidates = known; continue }
            spans[s].candidates = candidates(spans[s], name: parsed(spans[s].query), focus: focus1, near: nil, limit: 5)
            cache[spans[s].query] = spans[s].candidates
        }
        cache.removeAll(keepingCapacity: true)
        // Anchors: countries, divisions, capitals, big or cued places whose best candidate stands out.
        var anchorPoints: [(query: String, point: Coordinate)] = []
        // First-level divisions the article names ("Texas", "Idlib province"): places inside them win.
        var namedDivisions = Set<String>()
        // What each name gave, so that a name is not its own evidence ("Paris" makes France named;
        // France named must not make "Paris" the French capital).
        var ownWeight: [String: (country: String, weight: Double)] = [:]
        for span in spans {
            guard let best = span.candidates.first else { continue }
            if best.place.kind == .division { namedDivisions.insert(best.place.countryCode + "|" + best.place.name) }
            let margin = best.score - (span.candidates.dropFirst().first?.score ?? 0)
            if best.place.kind == .country {
                // A country name that is also another country's division ("Georgia") is no evidence yet.
                let ambiguous = span.candidates.contains {
                    ($0.place.kind == .division || $0.place.kind == .district)
                        && $0.place.countryCode != best.place.countryCode && $0.matchLevel == .exact
                }
                if !ambiguous {
                    countryWeight[best.place.countryCode, default: 0] += 1.5
                    sentenceCountries[sentenceOf[span.first], default: []].insert(best.place.countryCode)
                }
                continue
            }
            guard margin > 0.08 || span.cue != nil else { continue }
            if MentionExtractor.isProminent(best.place) || span.cue != nil {
                countryWeight[best.place.countryCode, default: 0] += 0.5
                ownWeight[span.query, default: (best.place.countryCode, 0)].weight += 0.5
                if best.place.kind != .division { anchorPoints.append((span.query, best.place.coordinate)) }
            }
        }
        let total = countryWeight.values.reduce(0, +)
        let docCountries = Set(countryWeight.filter { total > 0 && $0.value / total >= 0.15 }.keys)
        // The article's centre as the other names place it (a name is not its own evidence).
        var nearFor: [String: Coordinate?] = [:]
        func near(_ query: String) -> Coordinate? {
            if let known = nearFor[query] { return known }
            let point = MentionExtractor.medianPoint(anchorPoints.filter { $0.query != query }.map(\.point))
            nearFor[query] = point
            return point
        }
        // The article's home divisions, whose small towns become candidates: those it names, those
        // of the counties it names ("Edgar County": Illinois), and those the leading candidates of
        // two or more different names lie in.
        var homeDivisions = Set<Int>()
        var namesIn: [Int: Set<String>] = [:]
        for span in spans {
            guard let best = span.candidates.first else { continue }
            if best.place.kind == .division { homeDivisions.insert(best.place.geonameid); continue }
            guard best.place.kind != .country, best.place.kind != .continent, let division = gazetteer.division(of: best.place) else { continue }
            if best.place.kind == .district && best.matchLevel == .exact { homeDivisions.insert(division.geonameid) }
            namesIn[division.geonameid, default: []].insert(span.query)
        }
        homeDivisions.formUnion(namesIn.filter { $0.value.count >= 2 }.keys)

        // Pass 2: with the article's countries and its centre.
        var lists: [[Candidate]] = []
        for span in spans {
            if let known = cache[span.query] { lists.append(known); continue }
            let list = candidates(span, name: parsed(span.query), focus: docCountries, near: near(span.query), minorIn: homeDivisions)
            cache[span.query] = list
            lists.append(list)
        }
        // Divisions named, as read with the article's countries ("Ga." is the US state once the
        // article is known to be about the United States).
        for list in lists {
            if let best = list.first, best.place.kind == .division, best.matchLevel != .variant {
                namedDivisions.insert(best.place.countryCode + "|" + best.place.name)
            }
        }
        // Names that agree: the first-level divisions each distinct name could be in (its leading
        // candidates), so that "Gainesville", "Hall County" and "Georgia" can settle on one state.
        var divisionVotes: [String: Set<String>] = [:]
        for (span, list) in zip(spans, lists) {
            // (Minor places are candidates only in the article's home divisions: they would vote for them.)
            for c in list.prefix(5) where c.place.kind != .country && c.place.kind != .continent && !c.place.isMinor {
                divisionVotes[Self.divisionKey(c.place), default: []].insert(span.query)
            }
        }
        var chosen: [(span: Span, candidate: Candidate, score: Double, notes: [String])] = []
        for (span, list) in zip(spans, lists) {
            var best: (Candidate, Double, [String])?
            // A country's own name is the least ambiguous name there is: "Egypt" is Egypt, whatever
            // small town elsewhere lists it as an alternate name; unless a division of a country the
            // article is about has the name ("Georgia" in a story about the United States). A
            // division of the country itself ("México", the state) does not count.
            if let country = list.first(where: { $0.place.kind == .country && $0.matchLevel == .exact }),
                !list.contains(where: {
                    ($0.place.kind == .division || $0.place.kind == .district)
                        && $0.place.countryCode != country.place.countryCode && docCountries.contains($0.place.countryCode)
                })
            {
                chosen.append((span, country, country.score, []))
                continue
            }
            // A small town named like a state or a country ("California", Pennsylvania) is not
            // what the state's or the country's own name means.
            let ranked = list.contains { ($0.place.kind == .division || $0.place.kind == .country) && $0.matchLevel == .exact }
            let stateOwnName = list.contains { $0.place.kind == .division && $0.matchLevel == .exact }
            let centre = near(span.query)
            let ownEvidence = ownWeight[span.query]
            let sentenceNames = sentenceCountries[sentenceOf[span.first]]
            // Scores first; the notes that explain them only for the place chosen.
            func evaluate(_ c: Candidate, explaining: Bool) -> (score: Double, notes: [String]) {
                var score = c.score
                var notes: [String] = []
                // The gazetteer prefers a town to a division of the same name ("Idlib", "Hasaka"), as
                // news names a division after its seat; a division whose namesake towns lie outside it
                // ("Oregon", "Delaware": towns in Ohio; "Virginia", "Kansas") keeps its rank, unless
                // the namesake is the capital ("Washington"). So does a division whose own name the
                // town has only as another name ("New York", the state; the city is "New York City").
                if c.place.kind == .division || c.place.kind == .district,
                    !list.contains(where: {
                        $0.place.countryCode == c.place.countryCode && ($0.place.kind == .populatedPlace || $0.place.kind == .capital)
                            && (c.place.kind == .district || $0.place.kind == .capital || $0.place.admin1 == c.place.name)
                            && $0.matchLevel <= c.matchLevel
                    })
                {
                    score += 0.12
                }
                // A county's shortened name ("Colorado" for Colorado County) yields to a state's own.
                if c.place.kind == .district, c.matchLevel != .exact, stateOwnName {
                    score -= 0.3
                }
                // A country the article names (or implies by a demonym or a resolved place) counts
                // by its presence, and a little by its share, so a capital of a country named once
                // still beats a small namesake in the country named most: fully for the article's own
                // countries, less for a country named in passing; never from the name's own evidence.
                let own = ownEvidence.map { $0.country == c.place.countryCode ? $0.weight : 0 } ?? 0
                if let share = countryWeight[c.place.countryCode], share - own > 0.01, total > 0 {
                    score += (docCountries.contains(c.place.countryCode) ? 0.15 : MentionExtractor.passing) + 0.1 * (share - own) / total
                    if explaining { notes.append("\(c.place.countryCode) is named in the article") }
                }
                // A first-level division the article names: places inside it win. (Not when the name
                // is that division's own: "Idlib" the governorate and "Idlib" the town inside it are
                // the same words; nor another division's own: "Oregon" in a list of states that names
                // Ohio is the state, not the town in Ohio.)
                if !c.place.admin1.isEmpty, c.place.kind != .division, !stateOwnName, namedDivisions.contains(c.place.countryCode + "|" + c.place.admin1),
                    !list.contains(where: { $0.place.kind == .division && $0.place.name == c.place.admin1 })
                {
                    score += 0.2
                    if explaining { notes.append("in \(c.place.admin1), named in the article") }
                }
                if c.place.kind != .country && c.place.kind != .continent, let voters = divisionVotes[Self.divisionKey(c.place)] {
                    let others = voters.count - (voters.contains(span.query) ? 1 : 0)
                    if others > 0 {
                        score += 0.05 * Double(min(others, 3))
                        if explaining {
                            notes.append("\(others) other name\(others == 1 ? "" : "s") in the article can be in \(c.place.kind == .division ? c.place.name : c.place.admin1)")
                        }
                    }
                }
                // A country named in the same sentence ("The Russian Foreign Ministry said ... that
                // Moscow has grave concern").
                if c.place.kind != .country, sentenceNames?.contains(c.place.countryCode) == true {
                    score += 0.1
                    if explaining { notes.append("\(c.place.countryCode) is named in the same sentence") }
                }
                if let wanted = span.demonymCountry {
                    if c.place.countryCode == wanted {
                        score += 0.3
                        if explaining { notes.append("'\(wanted)' adjective before it") }
                    } else {
                        score -= 0.2
                    }
                }
                // The article's region at the scale of continents: of two namesakes far from its
                // centre, the nearer ("Geneva" in a story about Syria is in Switzerland, not Illinois).
                if let centre {
                    score += MentionExtractor.broad * pow(0.5, Gazetteer.sphericalKilometres(centre, c.place.coordinate) / MentionExtractor.broadKm)
                }
                return (score, notes)
            }
            for c in list where !(ranked && c.place.isMinor) {
                let score = evaluate(c, explaining: false).score
                if best == nil || score > best!.1 { best = (c, score, []) }
            }
            if let (c, score, _) = best { best = (c, score, evaluate(c, explaining: true).notes) }
            guard let (candidate, score, notes) = best else { continue }
            chosen.append((span, candidate, score, notes))
        }

        // Recognition: weak names need evidence.
        var accepted: [(span: Span, candidate: Candidate, score: Double, notes: [String])] = []
        for item in chosen {
            let span = item.span, place = item.candidate.place
            let prominent = MentionExtractor.isProminent(place)
            let inArticleCountry = docCountries.contains(place.countryCode)
            let multiword = span.last > span.first
            if span.level == .variant || item.candidate.matchLevel == .variant {
                guard span.cue != nil && item.score >= 0.75 else { continue }
            }
            if span.fragment && place.kind != .country { continue }
            // Names elsewhere in the article that can lie in the same first-level division vouch for it.
            let voters = place.kind == .country ? [] : divisionVotes[Self.divisionKey(place)] ?? []
            let vouched = voters.count - (voters.contains(span.query) ? 1 : 0) >= 2
            if span.sentenceStart && !multiword && !prominent && span.cue == nil && !vouched { continue }
            guard prominent || span.cue != nil || inArticleCountry || multiword || vouched else { continue }
            accepted.append(item)
        }

        // One sense per article: the same name gets the place its best occurrence chose ("Idlib"
        // after "Idlib province" is the province; "Paris" after "Paris, Texas" is in Texas), unless
        // the text says otherwise where it names the kind ("Idlib city", "Idlib province").
        func senseKey(_ span: Span) -> String { NameKeys.fold(span.text) }
        func namesItsKind(_ span: Span) -> Bool {
            span.query != span.text && !span.query.hasPrefix(span.text + ", ") && !span.query.hasPrefix(span.text + " in ")
        }
        var bestForName: [String: (Candidate, Double)] = [:]
        for item in accepted {
            let key = senseKey(item.span)
            if let existing = bestForName[key], existing.1 >= item.score { continue }
            bestForName[key] = (item.candidate, item.score)
        }

        var explainedCache: [Int: Candidate] = [:]
        let named = accepted.map { item in
            let key = senseKey(item.span)
            let (unexplained, _) = namesItsKind(item.span) ? (item.candidate, item.score) : bestForName[key] ?? (item.candidate, item.score)
            let candidate =
                explainedCache[unexplained.place.geonameid]
                ?? {
                    let done = gazetteer.explained(unexplained, name: parsed(item.span.query), options: resolveOptions(focus: docCountries, near: near(item.span.query), minorIn: homeDivisions))
                    explainedCache[unexplained.place.geonameid] = done
                    return done
                }()
            var notes = item.notes
            if candidate.place.geonameid != item.candidate.place.geonameid { notes.append("same name as elsewhere in the article") }
            if let cue = item.span.cue { notes.append(cue) }
            let role = self.role(of: item.span, place: candidate.place, tokens: tokens, folded: folded)
            let reason = ([candidate.reason] + notes).joined(separator: "; ")
            return PlaceMention(
                text: item.span.text, start: tokens[item.span.first].start, end: tokens[item.span.last].end,
                source: article.source, place: candidate.place, role: role, score: min(1, max(0, item.score)), reason: reason)
        }
        return demonymMentions.isEmpty ? named : (named + demonymMentions).sorted { $0.start < $1.start }
    }

    /// Capitalised words that start sentences or headlines but never belong to a place's name:
    /// a phrase never runs through them ("The Alexandria woman", "In Manbij").
    static let runBreakers: Set<String> = [
        "the", "a", "an", "in", "on", "at", "as", "by", "to", "for", "from", "with", "into", "after", "before", "when", "while",
        "but", "and", "or", "if", "this", "that", "these", "those", "there", "here", "it", "he", "she", "they", "we", "i", "you",
        "his", "her", "their", "our", "its", "my", "meanwhile", "however", "also", "according", "since", "during", "both",
        "police", "officials", "mr", "mrs", "ms", "dr", "president", "says", "said", "near", "outside", "inside", "across",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "last", "next", "every", "some", "many",
    ]

    /// Words of direction and extent that may stand before a place ("Northern Syria", "Greater Damascus").
    static let directions: Set<String> = [
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower", "greater",
        "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern", "mid",
    ]

    /// Titles written with a full stop ("Mr.", "Gen.").
    static let abbreviatedTitles: Set<String> = ["mr", "mrs", "ms", "dr", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "rev", "prof", "st"]

    /// Country acronyms in news use (folded).
    static let countryAcronyms: Set<String> = ["us", "u s", "usa", "u s a", "uk", "u k", "uae", "u a e", "drc", "ksa", "prc", "dprk"]

    /// A preposition or a place head right before token `i`.
    static func hasCue(_ tokens: [Token], _ folded: [String], _ i: Int) -> Bool {
        guard i > 0, !tokens[i - 1].capitalised else { return false }
        return Lexicon.placePrepositions.contains(folded[i - 1])
    }

    /// Lower-case words that may join the words of a place name ("Gulf of Aqaba", "Ras al Ain").
    static let connectors: Set<String> = ["al", "el", "as", "ash", "ad", "ar", "at", "az", "ez", "an", "de", "del", "la", "le", "du", "des", "di", "da", "of", "bin", "ibn", "upon", "on"]

    /// Countries, first-level divisions, capitals, named regions and places of 100,000 people or more.
    static func isProminent(_ place: Place) -> Bool {
        switch place.kind {
        case .country, .division, .capital, .region, .macroRegion: true
        default: place.population >= 100_000
        }
    }

    /// The first-level division a place is in, or is: "US|Georgia" for Gainesville, Georgia, Hall
    /// County and the state itself.
    static func divisionKey(_ place: Place) -> String {
        place.countryCode + "|" + (place.kind == .division ? place.name : place.admin1)
    }

    /// The point with the median longitude and median latitude, nil for none.
    static func medianPoint(_ points: [Coordinate]) -> Coordinate? {
        guard !points.isEmpty else { return nil }
        let lons = points.map(\.longitude).sorted(), lats = points.map(\.latitude).sorted()
        return Coordinate(longitude: lons[lons.count / 2], latitude: lats[lats.count / 2])
    }

    /// How the gazetteer is asked: `limit` candidates (the first pass looks at the leaders only; the
    /// second keeps enough that all eight Columbia Counties reach the article's context), spelling
    /// variants only when no place has the name as written (a variant never beats a name: "Kansas"
    /// is not Kinshasa).
    private func resolveOptions(focus: Set<String>, near: Coordinate?, minorIn: Set<Int> = [], limit: Int = 20) -> ResolveOptions {
        var options = ResolveOptions(near: near, focusCountries: focus, limit: limit)
        options.variantsOnlyAsFallback = true
        options.minorPlacesIn = minorIn
        return options
    }

    /// How many words after a name a plural kind may stand and still be the name's kind ("Homs,
    /// Hama, Idlib and Latakia governorates": seven words after "Homs").
    static let longestListReach = 8

    /// The lift a country named in passing (under 15% of the article's country evidence) gives its places.
    static let passing = 0.05
    /// The continental prior: up to 0.1, halving every 1,500 km from the article's centre.
    static let broad = 0.1, broadKm = 1500.0

    /// Candidates for a phrase, unexplained (the chosen one is explained at the end).
    private func candidates(_ span: Span, name: ParsedName, focus: Set<String>, near: Coordinate?, minorIn: Set<Int> = [], limit: Int = 20) -> [Candidate] {
        let options = resolveOptions(focus: focus, near: near, minorIn: minorIn, limit: limit)
        let list = gazetteer.unexplainedCandidates(name, options: options)
        return list.isEmpty && span.query != span.text ? gazetteer.unexplainedCandidates(span.text, options: options) : list
    }

    /// Reads the words around a phrase: prepositions, heads, qualifiers, "X, Y", "X in Y", demonyms.
    private func makeSpan(
        _ tokens: [Token], _ folded: [String], _ first: Int, _ last: Int, _ text: String,
        _ level: Candidate.MatchLevel, _ article: ArticleText
    ) -> Span {
        var span = Span(
            first: first, last: last, text: text, level: level, cue: nil, query: text, demonymCountry: nil,
            sentenceStart: tokens[first].sentenceStart)
        let previous = first > 0 && tokens[first - 1].following == nil ? folded[first - 1] : nil
        if first >= 2, folded[first - 1] == "of", Lexicon.placeHeads.contains(folded[first - 2]) {
            span.cue = "'\(folded[first - 2]) of' before it"
            if ["town", "city", "village", "province", "governorate", "district"].contains(folded[first - 2]) {
                span.query = "the \(folded[first - 2]) of \(text)"
            }
        } else if let previous, Lexicon.placePrepositions.contains(previous), !tokens[first - 1].capitalised {
            span.cue = "'\(tokens[first - 1].text)' before it"
        }
        // "Idlib province", "Hasaka city", "Cilvegozu border crossing".
        if last + 1 < tokens.count, tokens[last].following == nil, !tokens[last].possessive {
            let next = folded[last + 1]
            if Lexicon.placeNouns.contains(next) {
                span.cue = span.cue ?? "'\(tokens[last + 1].text)' after it"
                if next == "border", last + 2 < tokens.count, ["crossing", "gate"].contains(folded[last + 2]) {
                    span.query = text + " border crossing"
                } else if ["province", "governorate", "city", "town", "village", "district", "crossing", "gate"].contains(next) {
                    span.query = text + " " + next
                }
            }
        }
        // "Homs and Aleppo Governorates", "Idlib, Hama and Latakia provinces": a plural kind after a
        // list of capitalised names (joined by commas and "and") is the kind of each of them; after
        // one name it is not ("payments to Texas cities": cities in Texas).
        if span.query == text {
            // A name before this one, joined by "and" or a comma ("Homs and Aleppo", "Idlib, Hama").
            let listBefore =
                (first >= 2 && folded[first - 1] == "and" && tokens[first - 2].capitalised && tokens[first - 2].following == nil)
                || (first >= 1 && tokens[first - 1].following == "," && tokens[first - 1].capitalised)
            var listAfter = false
            var k = last + 1
            while k < tokens.count, k - last <= Self.longestListReach, !tokens[k].sentenceStart, !tokens[k - 1].possessive {
                if let singular = Lexicon.pluralKinds[folded[k]] {
                    if listBefore || listAfter {
                        span.query = text + " " + singular
                        span.cue = span.cue ?? "'\(tokens[k].text)' after it"
                    }
                    break
                }
                let separator = tokens[k - 1].following == nil || tokens[k - 1].following == ","
                guard separator, tokens[k].capitalised || folded[k] == "and" || Self.connectors.contains(folded[k]) else { break }
                if folded[k] == "and" || tokens[k - 1].following == "," { listAfter = true }
                k += 1
            }
        }
        // "X, Y" and "X in Y" where Y is a country or a division.
        // (Y may be the text's last word: "He lives in Prague, Oklahoma.")
        if last + 1 < tokens.count {
            let commaNext = tokens[last].following == "," && tokens[last + 1].capitalised
            let inNext = last + 2 < tokens.count && tokens[last].following == nil && folded[last + 1] == "in" && tokens[last + 2].capitalised
            let at = commaNext ? last + 1 : inNext ? last + 2 : nil
            if let at {
                var end = at
                while end + 1 < tokens.count, end - at < 3, tokens[end].following == nil, tokens[end + 1].capitalised { end += 1 }
                // Y is a country or a division when one has the name ("Florida" the state, though a
                // Cuban town has it too); the longest such Y.
                let anywhere = ResolveOptions(focusCountries: [], limit: 5)
                /// The countries and divisions (as "kind|country") a name can be.
                func areas(_ name: String) -> Set<String> {
                    Set(
                        gazetteer.unexplainedCandidates(name, options: anywhere)
                            .filter { ($0.place.kind == .country || $0.place.kind == .division) && $0.matchLevel <= .compact }
                            .map { $0.place.kind == .country ? "country" : "division|" + $0.place.countryCode })
                }
                let context = stride(from: end, through: at, by: -1).lazy
                    .map { article.slice(tokens[at].start, tokens[$0].end) }
                    .first { !areas($0).isEmpty }
                // Not in a list of places of one rank: "Alaska, Alabama, Arizona" names three states
                // of one country, "Syria, Iraq" two countries; "Prague, Oklahoma" is no list (Prague
                // the Czech region and Oklahoma the US state are not of one country).
                if let context, !(commaNext && !areas(text).isDisjoint(with: areas(context))) {
                    span.query = text + (commaNext ? ", " : " in ") + context
                    span.cue = span.cue ?? "'\(commaNext ? ", " : " in ")\(context)' after it"
                }
            }
        }
        // "the Turkish town of Karkamis", "the Syrian border town of Jarablus".
        for back in 1...4 where first - back >= 0 {
            if let country = lexicon.demonyms[folded[first - back]], !country.isEmpty {
                let between = (first - back + 1)..<first
                if between.allSatisfy({ !tokens[$0].capitalised }) && between.contains(where: { Lexicon.placeHeads.contains(folded[$0]) || folded[$0] == "border" }) {
                    span.demonymCountry = country
                }
                break
            }
        }
        return span
    }

    /// Metonym ("Ankara said"), reporting location ("told AFP in Beirut", a dateline), or place.
    private func role(of span: Span, place: Place, tokens: [Token], folded: [String]) -> MentionRole {
        let first = span.first, last = span.last
        // Reporting: "told AFP in Beirut", "said in Damascus", "BEIRUT (Reuters) -".
        if first >= 1, folded[first - 1] == "in" {
            for back in 2...4 where first - back >= 0 && Lexicon.reportingVerbs.contains(folded[first - back]) {
                if (first - back + 1..<first - 1).allSatisfy({ tokens[$0].capitalised || tokens[$0].allCaps }) { return .reportingLocation }
            }
        }
        if tokens[first].sentenceStart && tokens[first].allCaps, let after = tokens[last].following, after == "," || after == "(" || after == "-" || after == "—" {
            return .reportingLocation
        }
        // Metonym: a country or capital as the subject of a verb of saying, wanting or deciding.
        if place.kind == .country || place.kind == .capital || place.kind == .division {
            let prepositioned = first >= 1 && Lexicon.placePrepositions.contains(folded[first - 1]) && !tokens[first - 1].capitalised
            if !prepositioned, last + 1 < tokens.count, tokens[last].following == nil || tokens[last].following == ",", !tokens[last].possessive {
                let next = folded[last + 1]
                if Lexicon.governmentVerbs.contains(next) && !["is", "was", "has", "have", "had"].contains(next) { return .metonym }
                if ["has", "had", "is", "was", "will", "would", "also", "swiftly", "repeatedly"].contains(next), last + 2 < tokens.count,
                    Lexicon.governmentVerbs.contains(folded[last + 2]) || folded[last + 2].hasSuffix("ed")
                {
                    return .metonym
                }
            }
        }
        return .place
    }

    // MARK: Masks

    /// Masks names of groups, operations, media and institutions (longest first).
    private func maskNotPlaces(_ tokens: [Token], _ folded: [String], _ masked: inout [Bool]) {
        var i = 0
        while i < tokens.count {
            var advanced = false
            if (tokens[i].capitalised || tokens[i].allCaps) && lexicon.notPlaceFirstWords.contains(folded[i]) {
                for n in stride(from: min(lexicon.longestNotPlace, tokens.count - i), through: 1, by: -1) {
                    let words = folded[i..<(i + n)]
                    let key = words.joined(separator: " ")
                    guard lexicon.notPlaces[key] != nil else { continue }
                    // Short acronyms only in capitals: "IS" is the group, "is" a verb.
                    if n == 1 && key.count <= 4 && !tokens[i].allCaps && tokens[i].text != tokens[i].text.capitalized { continue }
                    if n == 1 && key.count <= 3 && !tokens[i].allCaps { continue }
                    for k in i..<(i + n) { masked[k] = true }
                    i += n
                    advanced = true
                    break
                }
            }
            if !advanced { i += 1 }
        }
    }

    /// Masks people named after a title ("President Recep Tayyip Erdogan", "Mr Erdogan").
    private func maskPeople(_ tokens: [Token], _ folded: [String], _ masked: inout [Bool]) {
        for i in tokens.indices
        where i + 1 < tokens.count && tokens[i + 1].capitalised
            && (Lexicon.titles.contains(folded[i]) && tokens[i].following == nil
                || (tokens[i].following == "." && MentionExtractor.abbreviatedTitles.contains(folded[i])))
        {
            var k = i + 1
            while k < tokens.count, tokens[k].capitalised, !Lexicon.titles.contains(folded[k]) {
                masked[k] = true
                if tokens[k].following != nil || tokens[k].possessive { break }
                k += 1
            }
        }
    }
}
