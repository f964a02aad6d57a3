import EventMapCore
import EventMapGazetteer
import Foundation

/// What the extractor knows about one candidate place for one name in one article: the numbers
/// the learned ranker (``PlaceRanker``) weighs. Every feature is listed here, once, with what it
/// measures; docs/geoparsing.md has the same table with the weights `make train` learned.
///
/// Values are 0 or 1 for yes/no facts and lie in 0...1 for the graded ones, so that weights of
/// different features compare.
public enum RankingFeature: Int, CaseIterable, Sendable {
    /// The name is the place's own name as written (up to case, diacritics and marks), or a
    /// spelling a curator tied to it (which is also ``nameCurated``).
    case nameExact
    /// The name is a spelling a curator tied to this place (`Gazetteer/curated/places.tsv`,
    /// `aliases.tsv`): on top of ``nameExact``, since the corpora hold too few such names to
    /// learn their weight alone ("Ras al-Ain" for Ra’s al ‘Ayn would rank below Ceylanpınar's
    /// looser "Rass-el-Ain").
    case nameCurated
    /// The name is one of the place's alternate names in GeoNames.
    case nameAlternate
    /// The name matches only without articles and marks ("Jisr al-Shughur" for "Jisr ash Shughūr").
    case nameCompact
    /// For a spelling variant (same consonants: "Jarabolus" for Jarabulus), the edit distance to
    /// the closest name with its consonants, over 3 (capped at 1); 0 for other matches. (Variants
    /// are candidates only when no place has the name as written, so a name's candidates are all
    /// variants or none: whether a candidate is one tells them nothing apart, its distance does.)
    case variantDistance
    /// log10(population + 1) / 7: 0 for an unknown population, 1 for ten million. 0 for divisions:
    /// the gazetteer gives a population only to the curated countries' divisions (the sum of their
    /// towns'), none to the others, so a weight learned on one kind would mislead on the other.
    case logPopulation
    /// A town for which GeoNames gives no population (0). (Divisions, countries and regions have
    /// none in the gazetteer; their kind features carry their weight.)
    case populationUnknown
    /// log10(number of names + 1) / 3: how many names, in how many languages and scripts, the
    /// gazetteer holds for the place (1 for a thousand). Widely known places have more (about 40
    /// for Geneva in Switzerland, about 6 for Geneva in Illinois): prominence beyond population.
    case logNameCount
    /// The place is a country.
    case kindCountry
    /// A national capital.
    case kindCapital
    /// A first-level division (state, province, governorate).
    case kindDivision
    /// A second-level division (county, district).
    case kindDistrict
    /// A town or any other populated place.
    case kindTown
    /// A border crossing.
    case kindCrossing
    /// A named region without borders (Eastern Ghouta, the Bekaa Valley).
    case kindRegion
    /// A region spanning countries (the Middle East, Anatolia).
    case kindMacroRegion
    /// An air base, naval base or garrison.
    case kindMilitarySite
    /// A camp for displaced people or refugees.
    case kindCamp
    /// A continent.
    case kindContinent
    /// In a list of names ("Alaska, Alabama, Oregon and Texas"), the share of the other names
    /// that can be a place of this one's rank (country, first-level division, second-level
    /// division, town) by their own or an alternate name: lists hold places of one rank, so
    /// Oregon in a list of states is the state. 0 outside a list.
    case listAgreement
    /// A division named without a kind word (news names a division after its seat: a bare "Idlib"
    /// is often the town). When the text names a kind ("Idlib province", "the town of Ariha"),
    /// only candidates of that kind are ranked, and when it names a country before a head ("the
    /// Turkish town of Karkamis"), only candidates in that country: the text states them (where
    /// the gazetteer has such a place). The dev corpora hold too few such phrases to learn them.
    case bareDivision
    /// A division none of whose namesake candidates is a town of the same country inside it or
    /// its capital ("Oregon": its namesake towns are in Ohio): the name is the division's own.
    case divisionOwnName
    /// A county named by a shortened name ("Colorado" for Colorado County) while a state has the name as its own.
    case countyShortName
    /// A country matched by its own name, and no division of the article's countries has that name.
    case countryOwnName
    /// A small town outside the gazetteer's focus, offered only in the article's home divisions.
    case minorPlace
    /// The place's country's share of the article's country evidence (names, demonyms, resolved
    /// places; ``MentionExtractor`` documents the weights), the name's own evidence aside (0...1).
    /// A share, not a yes/no: a country named once in passing ("US-backed" in nearly every story
    /// about Syria) must not outweigh a world city (Geneva in Switzerland against Geneva, Illinois).
    case countryShare
    /// The place lies in a first-level division the article names ("Texas", "Idlib province").
    case inNamedDivision
    /// Other names of the article that can lie in the same first-level division, over 3 (capped at 1).
    case divisionVotes
    /// The place's country is named in the same sentence (by name, demonym or resolved place).
    case sentenceCountry
    /// Nearness to the article's other places at a regional scale: 0.5^(km / 150).
    case nearArticle
    /// Nearness to the article's other places at the scale of continents: 0.5^(km / 1,500).
    case nearArticleContinent
    /// The candidate is the nearest of the name's candidates to the article's other places
    /// (whatever the distance: of Geneva in Switzerland and Geneva in Illinois, the one nearer
    /// a story about Syria).
    case nearestToArticle
    /// Nearness to the other places of the name's passage (its sentence and the sentences either
    /// side of it, within its paragraph) at a regional scale: 0.5^(km / 150); 0 for every
    /// candidate where the passage has no other anchored place. A story that moves from one
    /// country to another does so passage by passage ("In Iraq, ... near Erbil. ... in Sinjar").
    case nearPassage

    /// The feature's name in the model file and the docs (`name_exact`, `near_article`).
    public var name: String { RankingFeature.names[rawValue] }

    /// The feature named `name` in a model file.
    public init?(name: String) {
        guard let index = RankingFeature.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: index)
    }

    /// The case names in snake_case, in order.
    static let names: [String] = allCases.map { ModelFile.snakeCase(String(describing: $0)) }
}

/// A candidate's feature values, indexed by ``RankingFeature``.
public struct FeatureVector: Sendable, Equatable {
    public private(set) var values: [Double]

    public init() {
        values = [Double](repeating: 0, count: RankingFeature.allCases.count)
    }

    public subscript(feature: RankingFeature) -> Double {
        get { values[feature.rawValue] }
        set { values[feature.rawValue] = newValue }
    }

    /// Sets a yes/no feature.
    public mutating func set(_ feature: RankingFeature, _ yes: Bool) { values[feature.rawValue] = yes ? 1 : 0 }
}

/// The learned scorer of candidate places: a conditional logit model (multinomial logistic
/// regression over each name's candidates), one weight per ``RankingFeature``. A candidate's
/// probability is exp(w·x) over the sum of exp(w·x) of all the name's candidates: how sure the
/// model is that this is the place the writer meant, among the places the name can be. The
/// extractor takes the most probable.
///
/// Why this model: it learns only from the differences between a name's candidates, which is
/// the choice it makes (a per-candidate yes/no model also learns how often names of a kind have
/// many candidates, and then weighs "Idlib province" against the town by how many Hall Counties
/// there are); the dev corpora hold about 5,000 annotated names, enough for some 35 weights but
/// thin for boosted trees, which would learn interactions of their own; each weight can be read
/// and checked against the docs; and Newton's method on its strictly convex objective has one
/// answer, so `make train` reproduces the committed file byte for byte.
public struct PlaceRanker: Sendable, Equatable {
    /// One weight per ``RankingFeature``, in its order.
    public private(set) var weights: [Double]

    public init(weights: [Double]) {
        precondition(weights.count == RankingFeature.allCases.count, "one weight per ranking feature")
        self.weights = weights
    }

    /// All weights 0: every candidate equally likely. For reading features before a model exists
    /// (``MentionExtractor/rankingExamples(in:)`` does not use the ranker).
    public static let untrained = PlaceRanker(weights: [Double](repeating: 0, count: RankingFeature.allCases.count))

    /// The candidate's utility w·x: only differences between one name's candidates mean anything.
    public func utility(_ x: FeatureVector) -> Double {
        var sum = 0.0
        for i in weights.indices { sum += weights[i] * x.values[i] }
        return sum
    }

    /// 0...1 for each candidate of one name, summing to 1: the model's probability that each is the place meant.
    public func probabilities(_ candidates: [FeatureVector]) -> [Double] {
        let utilities = candidates.map(utility)
        guard let top = utilities.max() else { return [] }
        let exponentials = utilities.map { exp($0 - top) }
        let sum = exponentials.reduce(0, +)
        return exponentials.map { $0 / sum }
    }

    // MARK: The model file

    /// Where the model is: `model/place-ranker.tsv` beside the gazetteer file, else in the data
    /// folder (``DataDirectory``).
    public static func defaultPath(gazetteerPath: String) -> String { ModelFile.defaultPath(fileName, gazetteerPath: gazetteerPath) }

    /// The model's path inside a data folder.
    public static let fileName = "model/place-ranker.tsv"

    /// Reads a model file (``ModelFile``): a weight for every ``RankingFeature``.
    /// - Throws: ``ExtractionError`` naming the file and line for a missing, unknown or unreadable feature.
    public init(contentsOf path: String) throws(ExtractionError) {
        self.init(weights: try ModelFile.weights(path, names: RankingFeature.names, model: "place ranker"))
    }

    /// The model as its file holds it, `header` lines first as comments.
    public func fileText(header: [String]) -> String {
        ModelFile.text(header: header, names: RankingFeature.names, weights: weights)
    }
}

// MARK: Training

/// One name of an annotated article as the extractor saw it: its candidates' features and
/// points, and where the text is, so that a gold annotation can be matched to it.
public struct RankingExample: Sendable {
    /// Offsets of the name in the article's text (Unicode scalars, end exclusive).
    public var start: Int
    public var end: Int
    public var candidates: [(place: Place, features: FeatureVector)]
}

extension PlaceRanker {
    /// How training is steered; the defaults are what `make train` uses.
    public struct TrainingOptions: Sendable {
        /// The L2 penalty on the weights: keeps the weights of rare features near 0.
        public var l2 = 1.0
        /// Newton steps at most; training stops earlier once no weight moves by 1e-9.
        public var iterations = 50
        public init() {}
    }

    /// Fits the weights by Newton's method on annotated names: each group is one name's
    /// candidates and which of them is right. The objective (the log-likelihood of the right
    /// candidates plus an L2 penalty) is strictly convex, so the answer does not depend on the
    /// order of the names.
    public static func train(_ groups: [TrainingGroup], options: TrainingOptions = TrainingOptions()) -> PlaceRanker {
        PlaceRanker(
            weights: LogitTraining.fit(
                groups.map { ($0.candidates.map(\.values), $0.right) }, features: RankingFeature.allCases.count, l2: options.l2,
                iterations: options.iterations))
    }

    /// One name's candidates for training and which is right.
    public struct TrainingGroup: Sendable {
        public var candidates: [FeatureVector]
        public var right: Int
        public init(candidates: [FeatureVector], right: Int) {
            self.candidates = candidates
            self.right = right
        }
    }

    /// The training groups of `examples`: the candidate `correct(example)` picks is right.
    /// Examples without a right candidate teach nothing about choosing and are left out.
    public static func groups(_ examples: [RankingExample], correct: (RankingExample) -> Int?) -> [TrainingGroup] {
        examples.compactMap { example in
            correct(example).map { TrainingGroup(candidates: example.candidates.map(\.features), right: $0) }
        }
    }
}
