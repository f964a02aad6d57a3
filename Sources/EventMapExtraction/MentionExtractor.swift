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
/// Resolution, in named stages of ``mentions(in:)``: *recognise* the phrases; *read the context*
/// from their leading candidates (the countries the article names by name, demonym or resolved
/// place, its centre, its divisions); *rank* every candidate by its ``RankingFeature``s (match,
/// kind, population, "X, Y" and "X in Y", "the Turkish town of X", the context) with the learned
/// ``PlaceRanker``; *decide* on the most probable; *accept* the names with enough evidence; give
/// each name *one sense per article*; then *place the names the gazetteer lacks* that the text
/// names as places ("the village of Khan Tuman, south of Aleppo") at the place it puts them in.
public struct MentionExtractor: Sendable {
    let gazetteer: Gazetteer
    let lexicon: Lexicon
    /// The learned scorer of candidates (`model/place-ranker.tsv`).
    private(set) var ranker: PlaceRanker
    /// The learned decision whether a recognised English name is a place (`model/place-acceptance.tsv`).
    private(set) var acceptance: PlaceAcceptance
    /// The place of each country a demonym can name.
    let countries: [String: Place]
    /// The countries and divisions ("country", "division|SY") names can be, asked of the gazetteer
    /// once per name.
    let areaKinds = NameMemo<Set<String>>()
    /// Queries as the gazetteer parses them, parsed once per query.
    let parsedQueries = NameMemo<ParsedName>()

    /// How sure a demonym mention is: the word names its country unambiguously ("Syrian" is
    /// Syria), so a demonym ranks with a country named outright; the gazetteer is not asked.
    static let demonymScore = 0.9

    public init(gazetteer: Gazetteer, lexicon: Lexicon, ranker: PlaceRanker, acceptance: PlaceAcceptance) {
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.ranker = ranker
        self.acceptance = acceptance
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
        /// The query's place among the article's distinct queries (``ParsedNames``), so that the
        /// stages keep what they learn about a query in arrays rather than tables keyed by text.
        var queryID = 0
        var demonymCountry: String?
        var sentenceStart: Bool
        /// Part of a longer capitalised name the gazetteer does not know ("Valley" in "Swat
        /// Valley", "Republic" in "Democratic Republic of Congo"): a place only if a country.
        var fragment = false
        /// Names joined to this one by commas and "and"/"or" ("Alaska, Alabama and Ohio"), as
        /// indices into the article's spans; empty when the name stands alone.
        var coordinated: [Int] = []
        var candidates: [Candidate] = []
        /// Scalars of the first word before the name: Arabic clitics ("و" and "ب" of "وبإدلب").
        var leadingScalars = 0
        /// The text states the kind of place ("the town of Tal Afar", "Idlib province",
        /// "مدينة الباب") and the gazetteer has a place of that kind by the name.
        var kindStated = false
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
        let (tokens, folded) = splitCompounds(tokens, folded, article)
        var recognised = article.language == .arabic ? recogniseArabic(article, tokens, folded) : recognise(article, tokens, folded)
        guard !recognised.spans.isEmpty else {
            // ("the Syrian village of X": a demonym may be all the text says of where X is.)
            let unlisted = unlistedPlaces(recognised.demonyms, recognised, article, tokens, folded)
            return unlisted.added.isEmpty ? recognised.demonyms : (recognised.demonyms + unlisted.added).sorted { $0.start < $1.start }
        }
        recognised.paragraphOf = Self.paragraphs(tokens, article)
        let parsed = ParsedNames(&recognised.spans, gazetteer: gazetteer, memo: parsedQueries)
        var context = readContext(recognised, parsed: parsed)
        let ranked = rankCandidates(recognised, &context, parsed: parsed)
        let chosen = decide(ranked)
        let accepted = accept(chosen, context, article, tokens)
        let named = oneSensePerDocument(accepted, context, article, tokens, folded, parsed: parsed)
        let all = recognised.demonyms.isEmpty ? named : (named + recognised.demonyms).sorted { $0.start < $1.start }
        let unlisted = unlistedPlaces(all, recognised, article, tokens, folded)
        guard !unlisted.added.isEmpty else { return all }
        let kept = unlisted.replaced.isEmpty ? all : all.filter { !unlisted.replaced.contains($0.start) }
        return (kept + unlisted.added).sorted { $0.start < $1.start }
    }

    /// The names of an article with every candidate's ranking features, before any is chosen:
    /// what `make train` learns from (``PlaceRanker/train(_:options:)``). Features do not depend
    /// on the ranker, so one pass over a corpus serves every model trained on it.
    public func rankingExamples(in article: ArticleText) -> [RankingExample] {
        guard let (tokens, ranked, _) = rankedNames(article) else { return [] }
        return ranked.map { span in
            RankingExample(
                start: tokens[span.span.first].start + span.span.leadingScalars, end: tokens[span.span.last].end,
                candidates: span.candidates.map { ($0.candidate.place, $0.features) })
        }
    }

    /// Every name recognition proposes in an article, with the acceptance features of the place
    /// the ranker chose for it: what `make train` learns the acceptance model from
    /// (``PlaceAcceptance/train(_:l2:)``). Depends on the ranker, not on the acceptance model.
    public func acceptanceExamples(in article: ArticleText) -> [AcceptanceExample] {
        guard let (tokens, ranked, context) = rankedNames(article) else { return [] }
        return decide(ranked).map { item in
            AcceptanceExample(
                start: tokens[item.span.first].start + item.span.leadingScalars, end: tokens[item.span.last].end,
                features: acceptanceFeatures(item, context, tokens))
        }
    }

    /// The stages up to the ranking, for the training examples: the article's words, its names
    /// with their ranked candidates and its context; nil for an article without names.
    private func rankedNames(_ article: ArticleText) -> (tokens: [Token], ranked: [RankedSpan], context: ArticleContext)? {
        let (tokens, folded) = splitCompounds(Tokenizer.tokens(article), nil, article)
        guard !tokens.isEmpty else { return nil }
        var recognised = article.language == .arabic ? recogniseArabic(article, tokens, folded) : recognise(article, tokens, folded)
        guard !recognised.spans.isEmpty else { return nil }
        recognised.paragraphOf = Self.paragraphs(tokens, article)
        let parsed = ParsedNames(&recognised.spans, gazetteer: gazetteer, memo: parsedQueries)
        var context = readContext(recognised, parsed: parsed)
        let ranked = rankCandidates(recognised, &context, parsed: parsed)
        return (tokens, ranked, context)
    }

    /// The same extractor with other models (cross-validation trains them per fold).
    public func with(ranker: PlaceRanker, acceptance: PlaceAcceptance? = nil) -> MentionExtractor {
        var copy = self
        copy.ranker = ranker
        if let acceptance { copy.acceptance = acceptance }
        return copy
    }

    // MARK: Stage 1: recognise

    /// Words joined by hyphens that the gazetteer does not know as one name, split where a part
    /// is a place or a demonym: "Atlanta-area", "Albany-based", "Israeli-Egyptian",
    /// "D-Charleston" (a legislator's party and district). A name the gazetteer knows whole stays
    /// whole ("Guinea-Bissau", "Winston-Salem"), and so does a word opening with an Arabic article
    /// ("al-Bab", "ez-Zor"). Offsets stay those of the text. `folded` is computed when nil.
    func splitCompounds(_ tokens: [Token], _ folded: [String]?, _ article: ArticleText) -> ([Token], [String]) {
        let folded = folded ?? Tokenizer.folded(tokens)
        guard article.language != .arabic else { return (tokens, folded) }
        // The lists are copied only from the first word that splits (most articles have none).
        var outTokens: [Token] = []
        var outFolded: [String] = []
        var changed = false
        for (i, token) in tokens.enumerated() {
            if token.capitalised || token.allCaps, let parts = compoundParts(token, folded[i], article) {
                if !changed {
                    outTokens = Array(tokens[..<i])
                    outFolded = Array(folded[..<i])
                    changed = true
                }
                outTokens += parts
                outFolded += parts.map { NameKeys.fold($0.text) }
            } else if changed {
                outTokens.append(token)
                outFolded.append(folded[i])
            }
        }
        return changed ? (outTokens, outFolded) : (tokens, folded)
    }

    /// The parts of a hyphenated word to read one by one, or nil to keep it whole.
    private func compoundParts(_ token: Token, _ key: String, _ article: ArticleText) -> [Token]? {
        let scalars = article.scalars
        var cuts: [Int] = []
        for k in token.start..<token.end where scalars[k] == "-" || scalars[k] == "‐" { cuts.append(k) }
        guard !cuts.isEmpty, gazetteer.recognises(folded: key) == nil, lexicon.demonym(key, in: article.language) == nil else { return nil }
        var parts: [Token] = []
        var from = token.start
        for end in cuts + [token.end] {
            let text = article.slice(from, end)
            parts.append(
                Token(
                    start: from, end: end, text: text, capitalised: Tokenizer.capitalised(text), allCaps: Tokenizer.allCaps(text),
                    possessive: false, sentenceStart: parts.isEmpty && token.sentenceStart, following: "-"))
            from = end + 1
        }
        guard let first = parts.first?.text.lowercased(), !Tokenizer.articlePrefixes.contains(first) else { return nil }
        // Only where a capitalised part is a name or a demonym: otherwise the word stays as written.
        let helps = parts.contains { part in
            guard part.capitalised || part.allCaps else { return false }
            let partKey = NameKeys.fold(part.text)
            return lexicon.demonym(partKey, in: article.language) != nil || (partKey.count > 3 && gazetteer.recognises(folded: partKey) != nil)
        }
        guard helps else { return nil }
        parts[parts.count - 1].following = token.following
        parts[parts.count - 1].possessive = token.possessive
        parts[parts.count - 1].caseEndingLength = token.caseEndingLength
        return parts
    }

    /// What recognition found: the phrases that may be places, the demonyms, and the countries
    /// they imply, for the article and sentence by sentence.
    struct Recognition {
        var spans: [Span] = []
        var demonyms: [PlaceMention] = []
        /// Country evidence (ISO code → weight, see ``ContextEvidence``).
        var countryWeight: [String: Double] = [:]
        /// The sentence of each token (0, 1, ...).
        var sentenceOf: [Int]
        /// The paragraph of each token (0, 1, ...): paragraphs are the text's lines.
        var paragraphOf: [Int] = []
        var sentenceCountries: [Int: Set<String>] = [:]
        /// Tokens that are no place's words: boilerplate, people, organisations and operations
        /// named like places (empty for Arabic).
        var masked: [Bool] = []
    }

    /// Finds the phrases the gazetteer knows by name, after masking what is not a place.
    private func recognise(_ article: ArticleText, _ tokens: [Token], _ folded: [String]) -> Recognition {
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
            while runEnd + 1 < tokens.count, tokens[runEnd].following == nil || Self.continuesName(tokens, folded, runEnd), !tokens[runEnd].possessive,
                !tokens[runEnd].hasCaseEnding
            {
                let next = runEnd + 1
                if !masked[next] && (tokens[next].capitalised || tokens[next].allCaps) && !MentionExtractor.runBreakers.contains(folded[next]) { runEnd = next; continue }
                if next + 1 < tokens.count, MentionExtractor.connectors.contains(folded[next]), tokens[next].following == nil,
                    !masked[next + 1], tokens[next + 1].capitalised
                {
                    runEnd = next + 1; continue
                }
                // "of the" between capitalised words: "Republic of the Congo", "Isle of the Dead".
                if next + 2 < tokens.count, folded[next] == "of", folded[next + 1] == "the", tokens[next].following == nil,
                    tokens[next + 1].following == nil, !masked[next + 2], tokens[next + 2].capitalised
                {
                    runEnd = next + 2; continue
                }
                break
            }
            var j = i
            while j <= runEnd {
                // A name that ends before a connector leaves it behind: "Idlib as Syrian forces"
                // names Idlib and the demonym "Syrian", not "as Syrian".
                if j > i, MentionExtractor.connectors.contains(folded[j]) {
                    j += 1
                    continue
                }
                var matched = false
                for k in stride(from: min(runEnd, j + 5), through: j, by: -1) {
                    if MentionExtractor.connectors.contains(folded[k]) { continue }
                    let text = article.slice(tokens[j].start, tokens[k].end)
                    let key = NameKeys.fold(text)
                    if let country = lexicon.demonym(key, in: article.language) {
                        if !country.isEmpty {
                            // "Turkish forces", "Russian officials", "Turkish media": the adjective
                            // names who acts or reports (an associative modifier), and armies,
                            // governments and the press act and report abroad; it is weaker
                            // evidence of the article's country and none of the sentence's.
                            let associative = k + 1 < folded.count && Self.actsAbroad(folded[k + 1])
                            countryWeight[country, default: 0] += associative ? ContextEvidence.actorDemonym : ContextEvidence.demonym
                            if !associative { sentenceCountries[sentenceOf[j], default: []].insert(country) }
                            if let place = countries[country], article.language == .english {
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
                    // A generic of an Arabic or Kurdish place name ("Khan", "Tal", "Kafr", "Deir")
                    // before a name the gazetteer does not know ("Khan Tuman", "Kafr Nabudah" spelt
                    // otherwise) is the first word of that unknown name: neither it nor the word
                    // after it is a place by itself (the generic alone is some village's alternate
                    // name, the word alone a town elsewhere).
                    if k == j && j < runEnd && tokens[j].following == nil && Lexicon.toponymGenerics.contains(folded[j]) {
                        var next = j + 1
                        while next < runEnd && MentionExtractor.connectors.contains(folded[next]) { next += 1 }
                        j = next + 1
                        matched = true
                        break
                    }
                    // A name of two words or more that no place has as written may be a spelling
                    // variant of one ("Tal Abiad"): recognised after a preposition or a head when no
                    // shorter name from the same word is known as written ("Lake" in "Lake Cty"; not
                    // words of three letters, which are names only as acronyms: "Tal" in "Tal Abiad"),
                    // then held to the variant's bar below.
                    // (A generic alone, "Maarat" of "Maarat al-Nouman", is no shorter name: see below.)
                    func shorterNameKnown() -> Bool {
                        (j..<k).contains { end in
                            if end == j && Lexicon.toponymGenerics.contains(folded[j]) { return false }
                            let shorter = NameKeys.fold(article.slice(tokens[j].start, tokens[end].end))
                            return shorter.count > 3 && gazetteer.recognises(folded: shorter) != nil
                        }
                    }
                    // A name unknown alone may be the name of a facility with its noun ("the Tishrin dam").
                    func facilityLevel() -> Candidate.MatchLevel? {
                        guard k == runEnd, let noun = Self.facilityNoun(after: k, tokens, folded) else { return nil }
                        return gazetteer.recognises(folded: key + " " + noun.joined(separator: " "))
                    }
                    let named =
                        gazetteer.recognises(folded: key)
                        ?? (k > j && Self.hasCue(tokens, folded, j) && gazetteer.recognisesVariant(folded: key) && !shorterNameKnown() ? .variant : nil)
                    let asFacility = named == nil ? facilityLevel() : nil
                    guard let level = named ?? asFacility else { continue }
                    // Words of three letters or fewer are places only as the country acronyms news
                    // uses ("US", "UK", "UAE"), never as ISO codes that are also words ("In", "It", "PM").
                    // (Except an abbreviation after "Town, ": "Monroeville, Ala.", "Richmond, Va.")
                    let abbreviationAfterComma =
                        (tokens[j].following == "." || tokens[j].text.hasSuffix(".")) && j > 0 && tokens[j - 1].following == ","
                    // (Turkish names of three letters with a Turkish letter or a case ending are names: "Şam'a".)
                    let turkishShortName =
                        article.language == .turkish && (tokens[j].hasCaseEnding || !tokens[j].text.utf8.allSatisfy { $0 < 0x80 })
                    // (Abbreviations written with full stops are not words either: "L.A.", "S.C.", "N.J.".)
                    let dotted = tokens[j].text.utf8.contains(UInt8(ascii: "."))
                    // (A short name with its facility noun is a name too: "T4 air base", "the T-4 airbase".)
                    if k == j && key.reduce(0, { $0 + ($1 == " " ? 0 : 1) }) <= 3 && !MentionExtractor.countryAcronyms.contains(key)
                        && !abbreviationAfterComma && !turkishShortName && !dotted && asFacility == nil
                    {
                        continue
                    }
                    // A sentence's first word matched only through an alternate name needs more evidence
                    // (in English; Turkish opens sentences with names as subjects, and the frequent-word
                    // test below stands in for this one).
                    if k == j && tokens[j].sentenceStart && level != .exact && !MentionExtractor.hasCue(tokens, folded, j)
                        && article.language != .turkish
                    {
                        continue
                    }
                    // Turkish capitalises only names and sentence openings: an opening word that is one of
                    // Turkish's most frequent words ("Bir", "Yeni") is a place only with a case ending or as
                    // a prominent place ("Suriye").
                    if article.language == .turkish && k == j && tokens[j].sentenceStart && !tokens[j].hasCaseEnding
                        && lexicon.commonWords.words(.turkish).contains(key)
                        && !(gazetteer.resolve(text, options: ResolveOptions(focusCountries: [], limit: 1)).first.map { Self.isProminent($0.place) } ?? false)
                    {
                        continue
                    }
                    var span = makeSpan(tokens, folded, j, k, text, level, article)
                    // English puts modifiers first: a place at the start of a longer name is the
                    // place the name is about ("Alachua County Sheriff's Office", "Alexandria City
                    // Public Schools"); a place-like word after unknown capitalised words is the
                    // head of another name ("Swat Valley", "Democratic Republic of Congo").
                    // (A Turkish sentence's capitalised first word is not a modifier of the name after it.)
                    span.fragment = (i..<j).contains { t in
                        !(article.language == .turkish && tokens[t].sentenceStart)
                            && !MentionExtractor.connectors.contains(folded[t]) && !Lexicon.placeNouns.contains(folded[t])
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
        Self.linkCoordinatedNames(&spans, tokens, folded)
        return Recognition(
            spans: spans, demonyms: demonymMentions, countryWeight: countryWeight, sentenceOf: sentenceOf, sentenceCountries: sentenceCountries,
            masked: masked)
    }

    /// Whether a name starting at token `first` follows `previous` in a list: right after it and
    /// a comma, or after "and"/"or" (", and" too).
    static func listsAfter(_ previous: Span?, _ first: Int, _ tokens: [Token], _ folded: [String]) -> Bool {
        guard let previous = previous?.last else { return false }
        if first == previous + 1 { return tokens[previous].following == "," }
        if first == previous + 2 { return ["and", "or"].contains(folded[previous + 1]) && tokens[previous + 1].following == nil }
        return false
    }

    /// Joins names written as a list: each follows the previous after a comma, "and" or "or"
    /// (", and" too). Every member learns the others' indices (``Span/coordinated``).
    static func linkCoordinatedNames(_ spans: inout [Span], _ tokens: [Token], _ folded: [String]) {
        var lists: [[Int]] = []
        for s in spans.indices {
            let joined = s > 0 && listsAfter(spans[s - 1], spans[s].first, tokens, folded)
            if joined { lists[lists.count - 1].append(s) } else { lists.append([s]) }
        }
        for list in lists where list.count > 1 {
            for s in list { spans[s].coordinated = list.filter { $0 != s } }
        }
    }

    /// The paragraph of each token: a line break between two words starts a new one (news
    /// text puts a paragraph on a line; a blank line between them changes nothing).
    static func paragraphs(_ tokens: [Token], _ article: ArticleText) -> [Int] {
        var paragraphOf = [Int](repeating: 0, count: tokens.count)
        let scalars = article.scalars
        for i in tokens.indices.dropFirst() {
            let breaks = scalars[tokens[i - 1].end..<tokens[i].start].contains("\n")
            paragraphOf[i] = paragraphOf[i - 1] + (breaks ? 1 : 0)
        }
        return paragraphOf
    }

    // MARK: Stage 2: context

    /// The article's distinct queries, each parsed once for every stage (through the memo shared
    /// across articles), by ``Span/queryID``.
    struct ParsedNames {
        /// The distinct queries in order of first use.
        let queries: [String]
        private let names: [ParsedName]

        /// Numbers the spans' queries (``Span/queryID``) and parses each distinct one.
        init(_ spans: inout [Span], gazetteer: Gazetteer, memo: NameMemo<ParsedName>) {
            var ids: [String: Int] = [:]
            var queries: [String] = []
            for s in spans.indices {
                let query = spans[s].query
                if let id = ids[query] {
                    spans[s].queryID = id
                } else {
                    spans[s].queryID = queries.count
                    ids[query] = queries.count
                    queries.append(query)
                }
            }
            self.queries = queries
            self.names = queries.map { query in memo.value(for: query) { gazetteer.parse(query) } }
        }

        subscript(_ span: Span) -> ParsedName { names[span.queryID] }
    }

    /// What the article as a whole says about where it is, read from the leading candidates of its
    /// names (``ContextEvidence`` has the weights).
    struct ArticleContext {
        var countryWeight: [String: Double]
        var totalWeight: Double
        /// Countries with at least ``ContextEvidence/articleCountryShare`` of the evidence.
        var articleCountries: Set<String>
        var sentenceOf: [Int]
        var sentenceCountries: [Int: Set<String>]
        /// What each name gave, so that a name is not its own evidence ("Paris" makes France named;
        /// France named must not make "Paris" the French capital), by query (``Span/queryID``).
        var ownWeight: [(country: String, weight: Double)?]
        /// The article's centre as the other names place it, by query (a name is not its own evidence).
        var centre: [Coordinate?] = []
        /// The paragraph of each token (``Recognition/paragraphOf``).
        var paragraphOf: [Int] = []
        /// The points of the names that anchor the article (see ``readContext``) by sentence,
        /// with their query and paragraph: the centre of a passage.
        var anchorsBySentence: [[(query: Int, paragraph: Int, point: Coordinate)]] = []
        /// First-level divisions the article names, as "CC|name".
        var namedDivisions: Set<DivisionKey> = []
        /// First-level divisions (GeoNames ids) whose minor places are candidates.
        var homeDivisions: Set<Int> = []
        /// For each first-level division ("CC|name"), the names (queries, ``Span/queryID``) whose
        /// leading candidates can lie in it.
        var divisionVotes: [DivisionKey: Set<Int>] = [:]
        /// The ranks (``MentionExtractor/rank(_:)``) each name can be by its own name or an
        /// alternate, by span index: what a list's members have in common.
        var possibleRanks: [Set<PlaceKind>] = []
    }

    /// First pass: each name's candidates with the demonyms' countries in focus; from their
    /// leaders, the article's countries, centre and divisions.
    private func readContext(_ recognised: Recognition, parsed: ParsedNames) -> ArticleContext {
        var spans = recognised.spans
        var countryWeight = recognised.countryWeight
        var sentenceCountries = recognised.sentenceCountries
        let sentenceOf = recognised.sentenceOf
        let focus1 = Set(countryWeight.keys)
        var cache = [[Candidate]?](repeating: nil, count: parsed.queries.count)
        for s in spans.indices {
            if let known = cache[spans[s].queryID] { spans[s].candidates = known; continue }
            spans[s].candidates = candidates(spans[s], name: parsed[spans[s]], focus: focus1, near: nil, limit: 5)
            cache[spans[s].queryID] = spans[s].candidates
        }
        // Anchors: countries, divisions, capitals, big or cued places whose best candidate stands out.
        var anchorPoints: [(query: Int, sentence: Int, paragraph: Int, point: Coordinate)] = []
        var namedDivisions = Set<DivisionKey>()
        var ownWeight = [(country: String, weight: Double)?](repeating: nil, count: parsed.queries.count)
        for span in spans {
            guard let best = span.candidates.first else { continue }
            if best.place.kind == .division { namedDivisions.insert(DivisionKey(country: best.place.countryCode, name: best.place.name)) }
            let margin = best.score - (span.candidates.dropFirst().first?.score ?? 0)
            if best.place.kind == .country {
                // A country name that is also another country's division ("Georgia") is no evidence yet.
                let ambiguous = span.candidates.contains {
                    ($0.place.kind == .division || $0.place.kind == .district)
                        && $0.place.countryCode != best.place.countryCode && $0.matchLevel == .exact
                }
                if !ambiguous {
                    countryWeight[best.place.countryCode, default: 0] += ContextEvidence.countryName
                    sentenceCountries[sentenceOf[span.first], default: []].insert(best.place.countryCode)
                }
                continue
            }
            guard margin > ContextEvidence.anchorMargin || span.cue != nil else { continue }
            if MentionExtractor.isProminent(best.place) || span.cue != nil {
                countryWeight[best.place.countryCode, default: 0] += ContextEvidence.place
                let own = ownWeight[span.queryID] ?? (best.place.countryCode, 0)
                ownWeight[span.queryID] = (own.country, own.weight + ContextEvidence.place)
                if best.place.kind != .division {
                    anchorPoints.append((span.queryID, sentenceOf[span.first], recognised.paragraphOf[span.first], best.place.coordinate))
                }
            }
        }
        let total = countryWeight.values.reduce(0, +)
        var context = ArticleContext(
            countryWeight: countryWeight, totalWeight: total,
            articleCountries: Set(countryWeight.filter { total > 0 && $0.value / total >= ContextEvidence.articleCountryShare }.keys),
            sentenceOf: sentenceOf, sentenceCountries: sentenceCountries, ownWeight: ownWeight, namedDivisions: namedDivisions)
        context.centre = parsed.queries.indices.map { query in
            MentionExtractor.medianPoint(anchorPoints.filter { $0.query != query }.map(\.point))
        }
        context.paragraphOf = recognised.paragraphOf
        context.anchorsBySentence = Array(repeating: [], count: (sentenceOf.last ?? 0) + 1)
        for anchor in anchorPoints { context.anchorsBySentence[anchor.sentence].append((anchor.query, anchor.paragraph, anchor.point)) }
        // The article's home divisions, whose small towns become candidates: those it names, those
        // of the counties it names ("Edgar County": Illinois), and those the leading candidates of
        // two or more different names lie in.
        var namesIn: [Int: Set<String>] = [:]
        for span in spans {
            guard let best = span.candidates.first else { continue }
            if best.place.kind == .division { context.homeDivisions.insert(best.place.geonameid); continue }
            guard best.place.kind != .country, best.place.kind != .continent, let division = gazetteer.division(of: best.place) else { continue }
            if best.place.kind == .district && best.matchLevel == .exact { context.homeDivisions.insert(division.geonameid) }
            namesIn[division.geonameid, default: []].insert(span.query)
        }
        context.homeDivisions.formUnion(namesIn.filter { $0.value.count >= 2 }.keys)
        return context
    }

    // MARK: Stage 3: candidates and their features

    /// A candidate with its features.
    struct RankedCandidate {
        var candidate: Candidate
        var features: FeatureVector
    }

    /// A name with its candidates as the article's context reads them.
    struct RankedSpan {
        var span: Span
        var candidates: [RankedCandidate]
    }

    /// Second pass: candidates with the article's countries and centre, each with its features.
    private func rankCandidates(_ recognised: Recognition, _ context: inout ArticleContext, parsed: ParsedNames) -> [RankedSpan] {
        var cache = [[Candidate]?](repeating: nil, count: parsed.queries.count)
        var lists: [[Candidate]] = []
        for span in recognised.spans {
            if let known = cache[span.queryID] { lists.append(known); continue }
            let list = candidates(
                span, name: parsed[span], focus: context.articleCountries, near: context.centre[span.queryID], minorIn: context.homeDivisions)
            cache[span.queryID] = list
            lists.append(list)
        }
        // Divisions named, as read with the article's countries ("Ga." is the US state once the
        // article is known to be about the United States).
        for list in lists {
            if let best = list.first, best.place.kind == .division, best.matchLevel != .variant {
                context.namedDivisions.insert(DivisionKey(country: best.place.countryCode, name: best.place.name))
            }
        }
        // Names that agree: the first-level divisions each distinct name could be in (its leading
        // candidates), so that "Gainesville", "Hall County" and "Georgia" can settle on one state.
        for (span, list) in zip(recognised.spans, lists) {
            // (Minor places are candidates only in the article's home divisions: they would vote for them.)
            for c in list.prefix(5) where c.place.kind != .country && c.place.kind != .continent && !c.place.isMinor {
                context.divisionVotes[Self.divisionKey(c.place), default: []].insert(span.queryID)
            }
        }
        context.possibleRanks = lists.map { list in Set(list.filter { $0.matchLevel <= .alternate }.map { Self.rank($0.place.kind) }) }
        var ranked: [RankedSpan] = []
        for (span, list) in zip(recognised.spans, lists) {
            // A small town named like a state or a country ("California", Pennsylvania) is not
            // what the state's or the country's own name means.
            let ownNameOfArea = list.contains { ($0.place.kind == .division || $0.place.kind == .country) && $0.matchLevel == .exact }
            let name = parsed[span]
            var kept = list.filter { !(ownNameOfArea && $0.place.isMinor) }
            // The kind the text states is a fact, not a weight: "Idlib province" is the
            // governorate, "Hasaka city" the city, when the gazetteer has a place of that kind.
            var span = span
            if let asked = name.askedKinds, kept.contains(where: { asked.contains($0.place.kind) }) {
                kept.removeAll { !asked.contains($0.place.kind) }
                span.kindStated = true
            }
            // So is a country the text gives the place: "the Turkish town of Karkamis" is in Turkey.
            if let stated = span.demonymCountry, kept.contains(where: { $0.place.countryCode == stated }) {
                kept.removeAll { $0.place.countryCode != stated }
            }
            let facts = SpanFacts(span: span, list: list, context: context)
            var candidates = kept.map { RankedCandidate(candidate: $0, features: features(of: $0, among: list, span: span, facts: facts, name: name, context: context)) }
            // The nearest to the article's centre: the largest nearness (the earlier of equals).
            if facts.centre != nil, var nearest = candidates.indices.first {
                for k in candidates.indices where candidates[k].features[.nearArticleContinent] > candidates[nearest].features[.nearArticleContinent] { nearest = k }
                candidates[nearest].features.set(.nearestToArticle, true)
            }
            ranked.append(RankedSpan(span: span, candidates: candidates))
        }
        return ranked
    }

    /// The features of candidate `c` of `span` (see ``RankingFeature`` for each one's meaning).
    /// What the features of one name's candidates share, looked up once per name.
    struct SpanFacts {
        /// The article's centre as the other names place it.
        var centre: Coordinate?
        /// The centre of the other names that anchor the name's passage (its sentence and the
        /// sentences either side of it in its paragraph); nil when the passage has none.
        var passageCentre: Coordinate?
        /// The country evidence the name itself gave.
        var own: (country: String, weight: Double)?
        /// The countries named in the name's sentence.
        var sentenceCountries: Set<String>?
        /// A first-level division has the name as its own (exactly).
        var stateOwnName: Bool
        /// The names of the first-level divisions among the candidates (a handful: an array).
        var divisionNames: [String]
        /// The countries of the article whose divisions (first or second level) have the name.
        var articleCountriesWithDivisionOfName: [String]

        init(span: Span, list: [Candidate], context: ArticleContext) {
            centre = context.centre[span.queryID]
            let paragraph = context.paragraphOf[span.first], sentence = context.sentenceOf[span.first]
            let passage = max(0, sentence - 1)...min(context.anchorsBySentence.count - 1, sentence + 1)
            passageCentre = MentionExtractor.medianPoint(
                context.anchorsBySentence[passage].joined().filter { $0.paragraph == paragraph && $0.query != span.queryID }.map(\.point))
            own = context.ownWeight[span.queryID]
            sentenceCountries = context.sentenceCountries[context.sentenceOf[span.first]]
            stateOwnName = list.contains { $0.place.kind == .division && $0.matchLevel == .exact }
            divisionNames = []
            articleCountriesWithDivisionOfName = []
            for c in list where c.place.kind == .division || c.place.kind == .district {
                if c.place.kind == .division { divisionNames.append(c.place.name) }
                if context.articleCountries.contains(c.place.countryCode) { articleCountriesWithDivisionOfName.append(c.place.countryCode) }
            }
        }
    }

    private func features(of c: Candidate, among list: [Candidate], span: Span, facts: SpanFacts, name: ParsedName, context: ArticleContext) -> FeatureVector {
        var x = FeatureVector()
        let place = c.place, kind = place.kind
        switch c.matchLevel {
        case .exact:
            // A curated spelling is the place's name as news writes it: exact, and curated besides.
            x.set(.nameExact, true)
            x.set(.nameCurated, c.isCuratedSpelling)
        case .alternate: x.set(.nameAlternate, true)
        case .compact: x.set(.nameCompact, true)
        case .variant: x[.variantDistance] = min(1, Double(c.editDistance) / 3)
        }
        // (Divisions count 0: only the curated countries' divisions carry a population, the sum of
        // their towns', so the weight learned from US states would not apply to them.)
        let unknownTown = place.population == 0 && (kind == .populatedPlace || kind == .other || kind == .capital)
        let population = unknownTown ? Self.unknownTownPopulation : place.population
        x[.logPopulation] = population > 0 && kind != .division && kind != .district ? min(1, log10(Double(population) + 1) / 7) : 0
        x.set(.populationUnknown, unknownTown)
        x[.logNameCount] = min(1, log10(Double(c.nameCount) + 1) / 3)
        let kindFeature: RankingFeature =
            switch kind {
            case .country: .kindCountry
            case .capital: .kindCapital
            case .division: .kindDivision
            case .district: .kindDistrict
            case .populatedPlace, .other: .kindTown
            case .crossing: .kindCrossing
            case .region: .kindRegion
            case .macroRegion: .kindMacroRegion
            case .militarySite: .kindMilitarySite
            case .camp: .kindCamp
            case .continent: .kindContinent
            }
        x.set(kindFeature, true)
        if name.askedKinds == nil { x.set(.bareDivision, kind == .division || kind == .district) }
        if !span.coordinated.isEmpty {
            let alike = span.coordinated.filter { context.possibleRanks[$0].contains(Self.rank(kind)) }
            x[.listAgreement] = Double(alike.count) / Double(span.coordinated.count)
        }
        // A division whose namesake towns lie outside it ("Oregon", "Delaware": towns in Ohio)
        // keeps its name, unless the namesake is the capital ("Washington"); so does a division
        // whose own name a town has only as another name ("New York", the state).
        if kind == .division || kind == .district {
            let namesakeTown = list.contains(where: {
                $0.place.countryCode == place.countryCode && ($0.place.kind == .populatedPlace || $0.place.kind == .capital)
                    && (kind == .district || $0.place.kind == .capital || $0.place.admin1 == place.name) && $0.matchLevel <= c.matchLevel
            })
            x.set(.divisionOwnName, !namesakeTown)
        }
        let stateOwnName = facts.stateOwnName
        x.set(.countyShortName, kind == .district && c.matchLevel != .exact && stateOwnName)
        x.set(
            .countryOwnName,
            kind == .country && c.matchLevel == .exact && facts.articleCountriesWithDivisionOfName.allSatisfy { $0 == place.countryCode })
        x.set(.minorPlace, place.isMinor)
        // The article's countries, never from the name's own evidence.
        let own = facts.own.map { $0.country == place.countryCode ? $0.weight : 0 } ?? 0
        if let share = context.countryWeight[place.countryCode], share - own > ContextEvidence.negligible, context.totalWeight > 0 {
            x[.countryShare] = (share - own) / context.totalWeight
        }
        // A division the article names: places inside it (not when the name is that division's own:
        // "Idlib" the governorate and the town; nor another division's own: "Oregon" in a list of states).
        // ("CC|admin1": the division key of a place that is not a division itself.)
        let divisionKey = kind == .country || kind == .continent ? nil : Self.divisionKey(place)
        x.set(
            .inNamedDivision,
            !place.admin1.isEmpty && kind != .division && !stateOwnName && divisionKey.map(context.namedDivisions.contains) == true
                && !facts.divisionNames.contains(place.admin1))
        if let divisionKey, let voters = context.divisionVotes[divisionKey] {
            let others = voters.count - (voters.contains(span.queryID) ? 1 : 0)
            x[.divisionVotes] = Double(min(others, 3)) / 3
        }
        x.set(.sentenceCountry, kind != .country && facts.sentenceCountries?.contains(place.countryCode) == true)
        if let centre = facts.centre {
            let km = Gazetteer.sphericalKilometres(centre, place.coordinate)
            x[.nearArticle] = pow(0.5, km / ContextEvidence.regionalHalvingKm)
            x[.nearArticleContinent] = pow(0.5, km / ContextEvidence.continentalHalvingKm)
        }
        if let centre = facts.passageCentre {
            x[.nearPassage] = pow(0.5, Gazetteer.sphericalKilometres(centre, place.coordinate) / ContextEvidence.regionalHalvingKm)
        }
        return x
    }

    /// 0...1 written with two decimals ("0.07", "1.00"), without a format string.
    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((min(1, max(0, value)) * 100).rounded())
        return "\(hundredths / 100)." + (hundredths % 100 < 10 ? "0" : "") + "\(hundredths % 100)"
    }

    /// The rank of a kind, as a list of names holds places of one rank: countries, first-level
    /// divisions, second-level divisions, towns (a capital is a town), each other kind by itself.
    static func rank(_ kind: PlaceKind) -> PlaceKind { kind == .capital || kind == .other ? .populatedPlace : kind }

    /// How many other names of the article can lie in the first-level division of `place`.
    private func otherVoters(for place: Place, span: Span, context: ArticleContext) -> Int {
        guard place.kind != .country, place.kind != .continent, let voters = context.divisionVotes[Self.divisionKey(place)] else { return 0 }
        return voters.count - (voters.contains(span.queryID) ? 1 : 0)
    }

    /// The context behind a chosen candidate's features, in words for its reason.
    private func notes(for chosen: RankedCandidate, span: Span, context: ArticleContext) -> [String] {
        let place = chosen.candidate.place, x = chosen.features
        var notes: [String] = []
        if x[.countryShare] > 0 { notes.append("\(place.countryCode) is named in the article") }
        if x[.inNamedDivision] > 0 { notes.append("in \(place.admin1), named in the article") }
        let others = otherVoters(for: place, span: span, context: context)
        if others > 0 {
            notes.append("\(others) other name\(others == 1 ? "" : "s") in the article can be in \(place.kind == .division ? place.name : place.admin1)")
        }
        if x[.sentenceCountry] > 0 { notes.append("\(place.countryCode) is named in the same sentence") }
        if x[.nearPassage] >= 0.5 { notes.append("near the other places of its passage") }
        if let stated = span.demonymCountry, stated == place.countryCode { notes.append("'\(stated)' adjective before it") }
        return notes
    }

    // MARK: Stage 4: decide

    /// A name with the candidate the ranker chose and its probability.
    struct Choice {
        var span: Span
        var chosen: RankedCandidate
        /// The ranker's probability that the chosen place is the one meant, among the name's candidates (0...1).
        var probability: Double
        /// How many candidates the name had.
        var candidateCount: Int
    }

    /// For each name, the candidate the learned ranker finds most probable (the earlier of equals).
    private func decide(_ ranked: [RankedSpan]) -> [Choice] {
        ranked.compactMap { item in
            guard !item.candidates.isEmpty else { return nil }
            // The softmax of the utilities, without arrays: the best one's share of the sum.
            var utilities = [Double](repeating: 0, count: item.candidates.count)
            var best = 0
            for k in item.candidates.indices {
                utilities[k] = ranker.utility(item.candidates[k].features)
                if utilities[k] > utilities[best] { best = k }
            }
            var sum = 0.0
            for u in utilities { sum += exp(u - utilities[best]) }
            return Choice(span: item.span, chosen: item.candidates[best], probability: 1 / sum, candidateCount: item.candidates.count)
        }
    }

    // MARK: Stage 5: accept

    /// Recognition's bar. A spelling variant needs a cue and a place near home: in one of the
    /// article's countries or within ``ContextEvidence/regionalHalvingKm`` of its centre (a variant
    /// is a guess that the context must support; population alone never makes one); a stated rule,
    /// not learned. So is a name whose kind the text states ("the town of Tal Afar", "Idlib
    /// province"): it is accepted. Otherwise, in English, the learned ``PlaceAcceptance`` decides; in Arabic and
    /// Turkish, for which no annotated corpus is at hand, the rules written for them: a weak name
    /// needs evidence (a cue, the article's country, a second word, other names in its division).
    private func accept(_ choices: [Choice], _ context: ArticleContext, _ article: ArticleText, _ tokens: [Token]) -> [Choice] {
        choices.filter { item in
            let span = item.span, place = item.chosen.candidate.place
            let inArticleCountry = context.articleCountries.contains(place.countryCode)
            if span.level == .variant || item.chosen.candidate.matchLevel == .variant {
                let nearHome = inArticleCountry || item.chosen.features[.nearArticle] >= 0.5
                guard span.cue != nil && nearHome else { return false }
            }
            // A name whose kind the text states is a place: the text says so ("the town of Tal Afar").
            if span.kindStated && !span.fragment { return true }
            if article.language == .english { return acceptance.accepts(acceptanceFeatures(item, context, tokens)) }
            let prominent = MentionExtractor.isProminent(place)
            let multiword = span.last > span.first
            if span.fragment && place.kind != .country { return false }
            // Names elsewhere in the article that can lie in the same first-level division vouch for it.
            let vouched = otherVoters(for: place, span: span, context: context) >= 2
            if span.sentenceStart && !multiword && !prominent && span.cue == nil && !vouched { return false }
            return prominent || span.cue != nil || inArticleCountry || multiword || vouched
        }
    }

    /// The acceptance features (``AcceptanceFeature``) of a name and the place chosen for it.
    private func acceptanceFeatures(_ item: Choice, _ context: ArticleContext, _ tokens: [Token]) -> AcceptanceVector {
        let span = item.span, chosen = item.chosen, place = chosen.candidate.place
        let prominent = MentionExtractor.isProminent(place)
        var x = AcceptanceVector()
        x.set(.matchAlternate, chosen.candidate.matchLevel == .alternate)
        x.set(.matchCompact, chosen.candidate.matchLevel >= .compact)
        x.set(
            .shortName,
            chosen.candidate.matchLevel != .exact && NameKeys.fold(place.name).hasPrefix(NameKeys.fold(span.text) + " "))
        x.set(
            .respelling,
            chosen.candidate.matchLevel == .alternate || chosen.candidate.matchLevel == .compact
                ? NameKeys(span.text).skeleton == NameKeys(place.name).skeleton : false)
        x.set(.prominent, prominent)
        x[.logPopulation] = chosen.features[.logPopulation]
        switch place.kind {
        case .country: x.set(.kindCountry, true)
        case .division, .district: x.set(.kindDivision, true)
        case .populatedPlace, .capital, .other: x.set(.kindTown, true)
        default: x.set(.kindOther, true)
        }
        x.set(.cue, span.cue != nil)
        x.set(.inArticleCountry, context.articleCountries.contains(place.countryCode))
        x[.countryShare] = chosen.features[.countryShare]
        x[.nearArticle] = chosen.features[.nearArticle]
        x[.divisionVotes] = min(1, Double(otherVoters(for: place, span: span, context: context)) / 3)
        let multiword = span.last > span.first
        x.set(.multiword, multiword)
        x.set(.bareSmallName, !multiword && !prominent && span.cue == nil)
        x.set(.sentenceStart, span.sentenceStart)
        x.set(.fragment, span.fragment)
        x.set(.allCaps, (span.first...span.last).allSatisfy { tokens[$0].allCaps || !tokens[$0].capitalised })
        x.set(.listMember, !span.coordinated.isEmpty)
        x.set(.possessive, tokens[span.last].possessive)
        x[.rankerProbability] = item.probability
        x[.ambiguity] = min(1, log10(Double(max(1, item.candidateCount))) / log10(Self.ambiguityScale))
        return x
    }

    /// The number of candidates at which ``AcceptanceFeature/ambiguity`` reaches 1: the most the
    /// extractor asks the gazetteer for.
    static let ambiguityScale = 20.0

    // MARK: Stage 6: one sense per document

    /// The same name gets the place its best occurrence chose ("Idlib" after "Idlib province" is
    /// the province; "Paris" after "Paris, Texas" is in Texas), unless the text says otherwise
    /// where it names the kind ("Idlib city", "Idlib province"); then each mention is explained.
    private func oneSensePerDocument(
        _ accepted: [Choice], _ context: ArticleContext, _ article: ArticleText, _ tokens: [Token], _ folded: [String], parsed: ParsedNames
    ) -> [PlaceMention] {
        func senseKey(_ span: Span) -> String { NameKeys.fold(span.text) }
        func namesItsKind(_ span: Span) -> Bool {
            span.query != span.text && !span.query.hasPrefix(span.text + ", ") && !span.query.hasPrefix(span.text + " in ")
        }
        var bestForName: [String: Choice] = [:]
        for item in accepted {
            let key = senseKey(item.span)
            if let existing = bestForName[key], existing.probability >= item.probability { continue }
            bestForName[key] = item
        }
        var explainedCache: [Int: Candidate] = [:]
        return accepted.map { item in
            let sense = namesItsKind(item.span) ? item : bestForName[senseKey(item.span)] ?? item
            let unexplained = sense.chosen.candidate
            let candidate =
                explainedCache[unexplained.place.geonameid]
                ?? {
                    let options = resolveOptions(focus: context.articleCountries, near: context.centre[item.span.queryID], minorIn: context.homeDivisions)
                    let done = gazetteer.explained(unexplained, name: parsed[item.span], options: options)
                    explainedCache[unexplained.place.geonameid] = done
                    return done
                }()
            var notes = notes(for: item.chosen, span: item.span, context: context)
            if candidate.place.geonameid != item.chosen.candidate.place.geonameid { notes.append("same name as elsewhere in the article") }
            if let cue = item.span.cue { notes.append(cue) }
            notes.append("ranker " + Self.twoDecimals(item.probability))
            let role = self.role(of: item.span, place: candidate.place, tokens: tokens, folded: folded)
            return PlaceMention(
                text: item.span.text, start: tokens[item.span.first].start + item.span.leadingScalars, end: tokens[item.span.last].end,
                source: article.source, place: candidate.place, role: role, score: item.probability,
                reason: ([candidate.reason] + notes).joined(separator: "; "), language: article.language)
        }
    }

    /// Capitalised words that start sentences or headlines but never belong to a place's name:
    /// a phrase never runs through them ("The Alexandria woman", "In Manbij").
    static let runBreakers: WordSet = [
        "the", "a", "an", "in", "on", "at", "as", "by", "to", "for", "from", "with", "into", "after", "before", "when", "while",
        "but", "and", "or", "if", "this", "that", "these", "those", "there", "here", "it", "he", "she", "they", "we", "i", "you",
        "his", "her", "their", "our", "its", "my", "meanwhile", "however", "also", "according", "since", "during", "both",
        "police", "officials", "mr", "mrs", "ms", "dr", "president", "says", "said", "near", "outside", "inside", "across",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "last", "next", "every", "some", "many",
    ]

    /// Words of direction and extent that may stand before a place ("Northern Syria", "Greater Damascus").
    static let directions: WordSet = [
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower", "greater",
        "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern", "mid",
    ]

    /// Titles written with a full stop ("Mr.", "Gen."). ("St." is not one: before a name it is a
    /// place's Saint, "St. Louis"; see ``nameAbbreviations``.)
    static let abbreviatedTitles: WordSet = ["mr", "mrs", "ms", "dr", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "rev", "prof"]

    /// Abbreviations that begin place names, written with a full stop: Saint, Sainte, Mount,
    /// Fort, Port ("St. Petersburg", "Mt. Pleasant", "Ft. Myers"). A name runs on through them.
    static let nameAbbreviations: WordSet = ["st", "ste", "mt", "ft", "pt"]

    /// Whether the name running through token `i` goes on past its full stop: `i` is one of
    /// ``nameAbbreviations`` and a capitalised word follows.
    static func continuesName(_ tokens: [Token], _ folded: [String], _ i: Int) -> Bool {
        tokens[i].following == "." && i + 1 < tokens.count && tokens[i + 1].capitalised && nameAbbreviations.contains(folded[i])
            && tokens[i + 1].start == tokens[i].end + 2
    }

    /// Country acronyms in news use (folded).
    static let countryAcronyms: WordSet = ["us", "u s", "usa", "u s a", "uk", "u k", "uae", "u a e", "drc", "ksa", "prc", "dprk"]

    /// A preposition or a place head right before token `i`.
    static func hasCue(_ tokens: [Token], _ folded: [String], _ i: Int) -> Bool {
        guard i > 0, !tokens[i - 1].capitalised else { return false }
        return Lexicon.placePrepositions.contains(folded[i - 1])
    }

    /// The facility noun (``Lexicon/facilityNouns``) written right after token `last`, in lower
    /// case and without punctuation between its words.
    static func facilityNoun(after last: Int, _ tokens: [Token], _ folded: [String]) -> [String]? {
        guard last + 1 < tokens.count, tokens[last].following == nil, !tokens[last].possessive else { return nil }
        for words in Lexicon.facilityNouns where last + words.count < tokens.count {
            let range = (last + 1)...(last + words.count)
            let matches = range.allSatisfy { i in
                !tokens[i].capitalised && folded[i] == words[i - last - 1] && (i == range.upperBound || tokens[i].following == nil)
            }
            if matches { return words }
        }
        return nil
    }

    /// Lower-case words that may join the words of a place name ("Gulf of Aqaba", "Ras al Ain").
    static let connectors: WordSet = ["al", "el", "as", "ash", "ad", "ar", "at", "az", "ez", "an", "de", "del", "la", "le", "du", "des", "di", "da", "of", "bin", "ibn", "upon", "on"]

    /// Countries, first-level divisions, capitals, named regions and places of 100,000 people or more.
    static func isProminent(_ place: Place) -> Bool {
        switch place.kind {
        case .country, .division, .capital, .region, .macroRegion: true
        default: place.population >= 100_000
        }
    }

    /// The first-level division a place is in, or is: (US, Georgia) for Gainesville, Georgia, Hall
    /// County and the state itself.
    static func divisionKey(_ place: Place) -> DivisionKey {
        DivisionKey(country: place.countryCode, name: place.kind == .division ? place.name : place.admin1)
    }

    /// A first-level division as a country code and the division's name (no string joined for it).
    struct DivisionKey: Hashable {
        let country: String
        let name: String
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
        options.nearIs = "the centre of the article's other places"
        options.focusIs = "a country of the article"
        return options
    }

    /// How the article's country evidence is weighed before any name is resolved: these read
    /// the context; how much the context counts in choosing a place is learned (``PlaceRanker``).
    enum ContextEvidence {
        /// Each demonym ("Syrian", "Turks") adds 1 to its country's evidence.
        static let demonym = 1.0
        /// A demonym before the noun of an armed force, a government or the press ("Turkish
        /// forces", "Russian officials", "Turkish media") adds a quarter as much, and not to its
        /// sentence's countries: it says who fights or speaks, not where (Turkish forces in Syria,
        /// Russian jets over Idlib, Turkish media on a Syrian town). A quarter keeps it a
        /// tie-breaker between otherwise equal candidates.
        static let actorDemonym = 0.25
        /// A country named outright adds 1.5: a name is surer evidence than an adjective.
        static let countryName = 1.5
        /// A prominent or cued place whose leading candidate stands out adds 0.5 to its country.
        static let place = 0.5
        /// How far a place's leading candidate must lead the next (in the gazetteer's score) to count as evidence.
        static let anchorMargin = 0.08
        /// The share of the evidence that makes a country one of the article's own.
        static let articleCountryShare = 0.15
        /// Evidence below this is none (rounding left after a name's own evidence is taken out).
        static let negligible = 0.01
        /// ``RankingFeature/nearArticle`` halves every 150 km from the article's centre.
        static let regionalHalvingKm = 150.0
        /// ``RankingFeature/nearArticleContinent`` halves every 1,500 km.
        static let continentalHalvingKm = 1500.0
    }

    /// The population a town counts with when the gazetteer has none. Its towns are GeoNames'
    /// cities500: every place of more than 500 people, and the seats of administrative divisions
    /// down to the fourth level whatever their size; a town there without a population is such a
    /// seat whose census GeoNames lacks (Tall Abyad and Tall 'Afar, seats of districts), not a
    /// hamlet, so it counts as the list's own threshold rather than as nobody.
    static let unknownTownPopulation = 500

    /// Whether a word after a demonym names those who act or report beyond their own country:
    /// an armed force or a government (``InteractionCoder/sectors``), or the press.
    static func actsAbroad(_ word: String) -> Bool {
        if let sector = InteractionCoder.sectors[word] { return sector == .military || sector == .government }
        return pressNouns.contains(word)
    }

    /// The press and its sources, as a demonym may qualify them ("Turkish media", "Syrian state TV").
    static let pressNouns: WordSet = [
        "media", "press", "newspaper", "newspapers", "agency", "television", "tv", "broadcaster", "outlets", "journalists", "reporters", "sources",
    ]

    /// How many words after a name a plural kind may stand and still be the name's kind ("Homs,
    /// Hama, Idlib and Latakia governorates": seven words after "Homs").
    static let longestListReach = 8

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
        } else if previous == "on", first >= 2, tokens[first - 2].following == nil, Lexicon.attacksOn.contains(folded[first - 2]) {
            span.cue = "'\(tokens[first - 2].text) on' before it"
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
        // "the Tishrin dam", "the Omar oil field", "Tabqa dam": a facility the gazetteer knows by name
        // and noun is asked for so; any other name is asked for alone ("Newark airport").
        if span.query == text, let noun = Self.facilityNoun(after: last, tokens, folded) {
            let named = text + " " + noun.joined(separator: " ")
            if gazetteer.recognises(folded: NameKeys.fold(named)) != nil {
                span.query = named
                span.cue = span.cue ?? "'\(noun.joined(separator: " "))' after it"
            }
        }
        if article.language == .turkish { readTurkishCues(&span, tokens, folded, article) }
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
                // Cuban town has it too); the longest such Y. (Spelling variants cannot make Y an
                // area, so they are looked for only when nothing matches as written.)
                var anywhere = ResolveOptions(focusCountries: [], limit: 5)
                anywhere.variantsOnlyAsFallback = true
                /// The countries and divisions (as "kind|country") a name can be.
                func areas(_ name: String) -> Set<String> {
                    areaKinds.value(for: name) {
                        Set(
                            gazetteer.unexplainedCandidates(name, options: anywhere)
                                .filter { ($0.place.kind == .country || $0.place.kind == .division) && $0.matchLevel <= .compact }
                                .map { $0.place.kind == .country ? "country" : "division|" + $0.place.countryCode })
                    }
                }
                // A demonym is no qualifier: "Ras al-Ain, Turkish media said" names who said it.
                let context = stride(from: end, through: at, by: -1).lazy
                    .map { article.slice(tokens[at].start, tokens[$0].end) }
                    .first { lexicon.demonym(NameKeys.fold($0), in: article.language) == nil && !areas($0).isEmpty }
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
        // (English writes a demonym with a capital: other words need no look-up.)
        for back in 1...4 where first - back >= 0 {
            if article.language == .english && !tokens[first - back].capitalised { continue }
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

    /// Turkish: a case ending after the name ("Cerablus'a"), a kind word ("İdlib ili", "Suruç
    /// ilçesi", "Cilvegözü sınır kapısı", which also tell the query the kind) or a postposition
    /// ("Münbiç yakınlarında") is the name's cue.
    private func readTurkishCues(_ span: inout Span, _ tokens: [Token], _ folded: [String], _ article: ArticleText) {
        let last = span.last
        if tokens[last].hasCaseEnding {
            // The ending starts after the apostrophe that follows the word.
            let ending = article.slice(tokens[last].end + 1, tokens[last].end + 1 + Int(tokens[last].caseEndingLength))
            span.cue = span.cue ?? "case ending '\(ending)' after it"
            // "Gaziantep'in Karkamış ilçesi", "Hatay'ın Reyhanlı ilçesinde": the province whose district follows.
            if TurkishCues.genitiveEndings.contains(NameKeys.fold(ending)), last + 2 < tokens.count, tokens[last + 1].capitalised,
                let kind = TurkishCues.kind(folded, at: last + 2), kind.qualifier.map(TurkishCues.partsOfProvince.contains) == true,
                span.query == span.text
            {
                span.query = span.text + " province"
            }
            return
        }
        guard last + 1 < tokens.count, tokens[last].following == nil else { return }
        if let kind = TurkishCues.kind(folded, at: last + 1) {
            span.cue = span.cue ?? "'\(tokens[last + 1...last + kind.words].map(\.text).joined(separator: " "))' after it"
            if let qualifier = kind.qualifier, span.query == span.text { span.query = span.text + " " + qualifier }
        } else if TurkishCues.isPostposition(folded[last + 1]) {
            span.cue = span.cue ?? "'\(tokens[last + 1].text)' after it"
        }
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
            if tokens[i].capitalised || tokens[i].allCaps, let longest = lexicon.notPlaceFirstWords[folded[i]] {
                for n in stride(from: min(longest, tokens.count - i), through: 1, by: -1) {
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
            && (tokens[i].following == nil && Lexicon.titles.contains(folded[i])
                || (tokens[i].following == "." && MentionExtractor.abbreviatedTitles.contains(folded[i])))
        {
            // A title that opens a place's name is none: "Sheikh Maqsood" (Aleppo), "Sheikh Zuweid".
            var last = i + 1
            var opensPlace = false
            while last < tokens.count, last <= i + 3, tokens[last].capitalised {
                if gazetteer.recognises(folded: folded[i...last].joined(separator: " ")) != nil {
                    opensPlace = true
                    break
                }
                if tokens[last].following != nil || tokens[last].possessive { break }
                last += 1
            }
            if opensPlace { continue }
            var k = i + 1
            while k < tokens.count, tokens[k].capitalised, !Lexicon.titles.contains(folded[k]) {
                masked[k] = true
                if tokens[k].following != nil || tokens[k].possessive { break }
                k += 1
            }
        }
    }
}

/// Answers the gazetteer gives without context, remembered per name across articles (the same
/// names come back article after article): the countries and divisions a name can be, which "X, Y"
/// and "X in Y" ask for, and a query's parsed form. Shared by the threads that extract; it
/// forgets everything when it holds ``capacity`` names, so memory stays bounded.
final class NameMemo<Value>: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var known: [String: Value] = [:]
    static var capacity: Int { 100_000 }

    func value(for name: String, _ compute: () -> Value) -> Value {
        lock.lock()
        if let value = known[name] {
            lock.unlock()
            return value
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
        known[name] = value
        lock.unlock()
        return value
    }
}
