import EventMapGazetteer
import Foundation

/// What the extractor knows about a recognised name once the ranker has chosen its place: the
/// numbers the learned acceptance model (``PlaceAcceptance``) weighs to tell a place from a
/// capitalised word that only looks like one ("Charity", "Victoria" the person, "Rodeo
/// Gainesville" the show). Every feature is listed here, once; docs/geoparsing.md has the table
/// with the weights `make train` learned. Values are 0 or 1 for yes/no facts and lie in 0...1
/// for the graded ones.
public enum AcceptanceFeature: Int, CaseIterable, Sendable {
    /// Always 1: the intercept.
    case bias
    /// The chosen place has the name only as an alternate name (not its own).
    case matchAlternate
    /// The name matches the chosen place only without articles, marks or case.
    case matchCompact
    /// The name as written is the start of the place's own name, its kind word left off: "Jones"
    /// for Jones County, "Hama" for Hama Governorate. Many such short names of counties are
    /// surnames ("Jones", "Henry", "Clark").
    case shortName
    /// Matched through another name or spelling (``matchAlternate``, ``matchCompact``), but the
    /// name as written has the consonants of the place's own name: a transliteration of it ("Tal
    /// Afar" for Tall ‘Afar, "Jisr al-Shughur" for Jisr ash Shughūr), not a different word.
    case respelling
    /// A country, first-level division, capital, named region or a place of 100,000 people.
    case prominent
    /// The chosen place's log10(population + 1) / 7.
    case logPopulation
    /// The chosen place is a country.
    case kindCountry
    /// A first- or second-level division.
    case kindDivision
    /// A town (a capital included).
    case kindTown
    /// Another kind: a region, macro-region, crossing, military site, camp or continent.
    case kindOther
    /// A place preposition or head stands before the name ("in", "near", "the town of").
    case cue
    /// The chosen place lies in a country the article names (by name, demonym or a resolved place).
    case inArticleCountry
    /// The chosen place's country's share of the article's country evidence (the ranker's ``RankingFeature/countryShare``).
    case countryShare
    /// The chosen place's nearness to the article's other places, 0.5^(km / 150).
    case nearArticle
    /// Other names of the article that can lie in the chosen place's first-level division, over 3 (capped at 1).
    case divisionVotes
    /// The name has two words or more.
    case multiword
    /// A one-word name of a place that is not prominent, without a cue.
    case bareSmallName
    /// The name opens a sentence or a line.
    case sentenceStart
    /// The name follows capitalised words the gazetteer does not know ("Rodeo" in "Rodeo Gainesville").
    case fragment
    /// The name is written in capitals ("BEIRUT", "US").
    case allCaps
    /// The name is one of a list of names ("Alaska, Alabama and Ohio").
    case listMember
    /// The name is followed by 's.
    case possessive
    /// The ranker's probability for the chosen place.
    case rankerProbability
    /// How many places the name can be: log10(candidates) / log10(20) (capped at 1).
    case ambiguity

    /// The feature's name in the model file and the docs (`match_alternate`).
    public var name: String { AcceptanceFeature.names[rawValue] }

    /// The case names in snake_case, in order.
    static let names: [String] = allCases.map { ModelFile.snakeCase(String(describing: $0)) }
}

/// The learned decision whether a recognised name is a place: logistic regression over the
/// ``AcceptanceFeature``s, accepting a name whose probability of being a place is at least
/// ``threshold``. It stands where hand-written rules stood ("a small place needs a cue, a
/// country named in the article or a second word"), learned from the annotated names of the dev
/// corpora: every name recognition proposes is an example, a place if it overlaps an annotated
/// toponym. Logistic regression for the reasons the ranker uses it (``PlaceRanker``): some
/// thousands of examples, readable weights, one answer.
///
/// The corpora are English news; articles in Arabic and Turkish keep their rules
/// (``MentionExtractor``), which were written for those languages' cues.
public struct PlaceAcceptance: Sendable, Equatable {
    /// One weight per ``AcceptanceFeature``, in its order.
    public private(set) var weights: [Double]

    /// The probability at or above which a name is accepted (``defaultThreshold`` unless an evaluation tries others).
    public var threshold = PlaceAcceptance.defaultThreshold

    public init(weights: [Double]) {
        precondition(weights.count == AcceptanceFeature.allCases.count, "one weight per acceptance feature")
        self.weights = weights
    }

    /// All weights 0: every name has probability 0.5 and is accepted. For reading features
    /// before a model exists (training does not use the acceptance model).
    public static let untrained = PlaceAcceptance(weights: [Double](repeating: 0, count: AcceptanceFeature.allCases.count))

    /// A name is accepted as a place when the model gives it at least this probability. Accepting
    /// at probability p or more is the cheapest decision when a missed place costs (1 − p) / p
    /// times an extra name: 0.25 counts a miss as three extras. A miss costs more: a user can filter
    /// mentions afterwards (by role, score, country) but cannot get back one never reported, and the dev corpora
    /// leave some real places unmarked, so some "extras" are places. Cross-validated on LGL and
    /// GeoVirus (docs/geoparsing.md), 0.25 finds more of the marked places than the hand rules
    /// it replaced in all four train/test pairs with fewer extra names in three.
    public static let defaultThreshold = 0.25

    /// The probability (0...1) that a name with features `x` is a place.
    public func probability(_ x: AcceptanceVector) -> Double {
        var sum = 0.0
        for i in weights.indices { sum += weights[i] * x.values[i] }
        return 1 / (1 + exp(-sum))
    }

    /// Whether a name with features `x` is accepted as a place.
    public func accepts(_ x: AcceptanceVector) -> Bool { probability(x) >= threshold }

    // MARK: The model file

    /// The model's path inside a data folder.
    public static let fileName = "model/place-acceptance.tsv"

    /// Where the model is: beside the gazetteer file, else in the data folder.
    public static func defaultPath(gazetteerPath: String) -> String { ModelFile.defaultPath(fileName, gazetteerPath: gazetteerPath) }

    /// Reads a model file (``ModelFile``): a weight for every ``AcceptanceFeature``.
    /// - Throws: ``ExtractionError`` naming the file and line for a missing, unknown or unreadable feature.
    public init(contentsOf path: String) throws(ExtractionError) {
        self.init(weights: try ModelFile.weights(path, names: AcceptanceFeature.names, model: "place acceptance"))
    }

    /// The model as its file holds it, `header` lines first as comments.
    public func fileText(header: [String]) -> String {
        ModelFile.text(header: header, names: AcceptanceFeature.names, weights: weights)
    }

    // MARK: Training

    /// Fits the weights on `examples` (features and whether the name is a place) by Newton's
    /// method with an L2 penalty of `l2` (``LogitTraining``).
    public static func train(_ examples: [(features: AcceptanceVector, isPlace: Bool)], l2: Double = 1.0) -> PlaceAcceptance {
        let zero = [Double](repeating: 0, count: AcceptanceFeature.allCases.count)
        // Logistic regression as a choice between the name's features and nothing: P(place) = e^{w·x} / (e^{w·x} + 1).
        let groups = examples.map { ([$0.features.values, zero], $0.isPlace ? 0 : 1) }
        return PlaceAcceptance(weights: LogitTraining.fit(groups, features: AcceptanceFeature.allCases.count, l2: l2, iterations: 50))
    }
}

/// A name's acceptance feature values, indexed by ``AcceptanceFeature``.
public struct AcceptanceVector: Sendable, Equatable {
    public private(set) var values: [Double]

    public init() {
        values = [Double](repeating: 0, count: AcceptanceFeature.allCases.count)
        values[AcceptanceFeature.bias.rawValue] = 1
    }

    public subscript(feature: AcceptanceFeature) -> Double {
        get { values[feature.rawValue] }
        set { values[feature.rawValue] = newValue }
    }

    /// Sets a yes/no feature.
    public mutating func set(_ feature: AcceptanceFeature, _ yes: Bool) { values[feature.rawValue] = yes ? 1 : 0 }
}

/// One recognised name of an annotated article with its acceptance features: what training
/// learns from, once it knows whether an annotated toponym lies there.
public struct AcceptanceExample: Sendable {
    /// Offsets of the name in the article's text (Unicode scalars, end exclusive).
    public var start: Int
    public var end: Int
    public var features: AcceptanceVector
}
