import ArgumentParser
import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import EventMapGeometry
import Foundation

/// An annotated corpus read for training: its articles and, per article, the names the extractor
/// saw with their candidates' features (which do not depend on the ranker).
struct TrainingCorpus {
    var name: String
    var articles: [GoldArticle]
    var examples: [[RankingExample]]

    /// Reads `path` and runs the extractor's stages up to the ranking on every article.
    init(path: String, extractor: MentionExtractor) throws {
        name = CorpusReader.name(of: path)
        articles = try CorpusReader.read(path)
        examples = articles.enumerated().map { n, article in extractor.rankingExamples(in: ArticleText(source: "\(n)", text: article.text)) }
    }

    /// Training groups from the articles `keep` lets through: for each name that overlaps a gold
    /// toponym, the candidate with the gold's GeoNames id is right (LGL gives ids); without one,
    /// the candidate nearest the gold point, when it lies within ``TrainingCorpus/rightWithinKm``
    /// (the accuracy measure's radius; GeoVirus gives points only). The others are wrong.
    /// Names that overlap no gold toponym, or none of whose candidates is near, are left out:
    /// they teach the ranker nothing about choosing among places.
    func groups(keeping keep: (Int) -> Bool) -> [PlaceRanker.TrainingGroup] {
        var groups: [PlaceRanker.TrainingGroup] = []
        for (n, article) in articles.enumerated() where keep(n) {
            groups += PlaceRanker.groups(examples[n]) { example in
                guard let gold = article.toponyms.first(where: { $0.start < example.end && example.start < $0.end }) else { return nil }
                if let id = gold.geonameid, let same = example.candidates.firstIndex(where: { $0.place.geonameid == id }) { return same }
                var best: (index: Int, km: Double)?
                for (i, candidate) in example.candidates.enumerated() {
                    let km = Gazetteer.sphericalKilometres(candidate.place.coordinate, gold.coordinate)
                    if km <= Self.rightWithinKm && (best == nil || km < best!.km) { best = (i, km) }
                }
                return best?.index
            }
        }
        return groups
    }

    /// Acceptance examples from the articles `keep` lets through, read by `extractor` (whose
    /// ranker chooses the places the features describe): a name is a place when it overlaps a
    /// gold toponym.
    func acceptanceExamples(_ extractor: MentionExtractor, keeping keep: (Int) -> Bool) -> [(features: AcceptanceVector, isPlace: Bool)] {
        var examples: [(features: AcceptanceVector, isPlace: Bool)] = []
        for (n, article) in articles.enumerated() where keep(n) {
            for example in extractor.acceptanceExamples(in: ArticleText(source: "\(n)", text: article.text)) {
                let isPlace = article.toponyms.contains { $0.start < example.end && example.start < $0.end }
                examples.append((example.features, isPlace))
            }
        }
        return examples
    }

    /// A candidate this close to the annotated point counts as the place meant (161 km, 100 miles: the standard accuracy radius).
    static let rightWithinKm = 161.0
}

/// An extractor whose models are not trained yet: for reading ranking features, which use neither.
func featureExtractor() throws -> MentionExtractor {
    let gazetteerPath = Gazetteer.defaultPath()
    return MentionExtractor(
        gazetteer: try Gazetteer(contentsOf: gazetteerPath), lexicon: try Lexicon(curatedDirectory: Lexicon.defaultDirectory(gazetteerPath: gazetteerPath)),
        ranker: .untrained, acceptance: .untrained)
}

/// Writes a model file through a temporary file renamed into place: a reader never sees half a model.
func writeModel(_ text: String, to output: String) throws {
    let temporary = output + ".part"
    try FileManager.default.createDirectory(atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: temporary, atomically: false, encoding: .utf8)
    guard rename(temporary, output) == 0 else { throw ValidationError("cannot write \(output): \(String(cString: strerror(errno)))") }
}

/// The acceptance model trained on `corpora`'s articles that `keep` lets through, with names read by `extractor`'s ranker.
func trainAcceptance(
    _ corpora: [TrainingCorpus], _ extractor: MentionExtractor, keeping keep: (Int) -> Bool = { _ in true }, threshold: Double = PlaceAcceptance.defaultThreshold
) -> (
    model: PlaceAcceptance, examples: [(features: AcceptanceVector, isPlace: Bool)]
) {
    let examples = corpora.flatMap { $0.acceptanceExamples(extractor, keeping: keep) }
    var model = PlaceAcceptance.train(examples)
    model.threshold = threshold
    return (model, examples)
}

/// `eventmap-eval train CORPUS.xml... -o model/place-ranker.tsv --acceptance model/place-acceptance.tsv`: what `make train` runs.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn the place ranker and the acceptance model from annotated corpora and write their model files (what 'make train' runs).")

    @Argument(help: "Annotated corpora (LGL or GeoVirus XML).")
    var corpora: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("The model file to write.", valueName: "place-ranker.tsv"))
    var output: String

    @Option(help: ArgumentHelp("The acceptance model's file to write (learned after the ranker, with its choices).", valueName: "place-acceptance.tsv"))
    var acceptance: String?

    @Flag(help: "Print each feature's weight, how many candidates have it and how many of those are right.")
    var report = false

    func run() throws {
        let extractor = try featureExtractor()
        var groups: [PlaceRanker.TrainingGroup] = []
        var sets: [TrainingCorpus] = []
        for path in corpora {
            let corpus = try TrainingCorpus(path: path, extractor: extractor)
            sets.append(corpus)
            let corpusGroups = corpus.groups { _ in true }
            groups += corpusGroups
            let candidates = corpusGroups.map(\.candidates.count).reduce(0, +)
            FileHandle.standardError.write(Data("\(corpus.name): \(corpus.articles.count) articles, \(corpusGroups.count) names, \(candidates) candidates\n".utf8))
        }
        let ranker = PlaceRanker.train(groups)
        let candidates = groups.map(\.candidates.count).reduce(0, +)
        if report {
            // How often each feature fires among names with a choice, and how often on the right candidate.
            print("feature                   weight  candidates  right")
            let choices = groups.filter { $0.candidates.count > 1 }
            for feature in RankingFeature.allCases {
                // Signed features are counted by sign ("kind_agreement +", "kind_agreement -").
                let signed = choices.contains { group in group.candidates.contains { $0[feature] < 0 } }
                for sign in signed ? [1.0, -1.0] : [1.0] {
                    var firing = 0, right = 0
                    for group in choices {
                        for (k, x) in group.candidates.enumerated() where x[feature] * sign > 0 {
                            firing += 1
                            if k == group.right { right += 1 }
                        }
                    }
                    let name = feature.name + (signed ? (sign > 0 ? " +" : " -") : "")
                    print(
                        name.padding(toLength: 22, withPad: " ", startingAt: 0)
                            + String(format: " %9.3f %11d %5.1f%%", ranker.weights[feature.rawValue], firing, firing == 0 ? 0 : Double(right) / Double(firing) * 100))
                }
            }
        }
        let files = corpora.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
        let header = [
            "The place ranker's model: one weight per feature of logistic regression over the features",
            "documented in Sources/EventMapExtraction/PlaceRanker.swift (RankingFeature) and docs/geoparsing.md.",
            "Learned by 'make train' (eventmap-eval train) from \(files) in ../shared/eval:",
            "\(groups.count) annotated names with \(candidates) candidates; L2 penalty \(PlaceRanker.TrainingOptions().l2), Newton's method.",
            "Do not edit by hand: 'make train' rebuilds this file byte for byte from the same corpora and gazetteer.",
        ]
        try writeModel(ranker.fileText(header: header), to: output)
        print("wrote \(output): \(RankingFeature.allCases.count) weights from \(groups.count) names")
        guard let acceptance else { return }
        let trained = trainAcceptance(sets, extractor.with(ranker: ranker))
        let places = trained.examples.filter(\.isPlace).count
        if report {
            // How often each feature fires among the recognised names, and how often on an annotated toponym.
            print("acceptance feature        weight       names  places")
            for feature in AcceptanceFeature.allCases {
                let firing = trained.examples.filter { $0.features[feature] > 0 }
                let share = firing.isEmpty ? 0 : Double(firing.filter(\.isPlace).count) / Double(firing.count) * 100
                print(
                    feature.name.padding(toLength: 22, withPad: " ", startingAt: 0)
                        + String(format: " %9.3f %11d  %5.1f%%", trained.model.weights[feature.rawValue], firing.count, share))
            }
        }
        let acceptanceHeader = [
            "The place acceptance model: one weight per feature of logistic regression over the features",
            "documented in Sources/EventMapExtraction/PlaceAcceptance.swift (AcceptanceFeature) and docs/geoparsing.md;",
            "a recognised English name is a place when the model gives it probability \(PlaceAcceptance.defaultThreshold) or more.",
            "Learned by 'make train' (eventmap-eval train) from \(files) in ../shared/eval, with the place ranker above:",
            "\(trained.examples.count) recognised names, \(places) of them annotated toponyms; L2 penalty 1, Newton's method.",
            "Do not edit by hand: 'make train' rebuilds this file byte for byte from the same corpora and gazetteer.",
        ]
        try writeModel(trained.model.fileText(header: acceptanceHeader), to: acceptance)
        print("wrote \(acceptance): \(AcceptanceFeature.allCases.count) weights from \(trained.examples.count) names")
    }
}

/// `eventmap-eval crossval CORPUS.xml...`: accuracy on articles the ranker was not trained on.
struct CrossValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossval",
        abstract: "Cross-validated accuracy: trained on each corpus and tested on the others, and k-fold by article within each.")

    @Argument(help: "Annotated corpora (LGL or GeoVirus XML).")
    var corpora: [String]

    @Option(help: "Folds for the within-corpus figures (articles are dealt to folds in turn).")
    var folds = 5

    @Option(help: "The L2 penalty to train with (make train's is the default).")
    var l2 = PlaceRanker.TrainingOptions().l2

    @Option(help: "The acceptance model's probability threshold to test (the shipped one is the default).")
    var threshold = PlaceAcceptance.defaultThreshold

    func validate() throws {
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must lie in 0...1") }
        guard folds >= 2 else { throw ValidationError("--folds must be 2 or more") }
        guard l2 > 0, l2.isFinite else { throw ValidationError("--l2 must be a positive number") }
    }

    func run() throws {
        let extractor = try featureExtractor()
        let sets = try corpora.map { try TrainingCorpus(path: $0, extractor: extractor) }
        var options = PlaceRanker.TrainingOptions()
        options.l2 = l2
        print("trained on           tested on        mentions        articles   gold  found  acc@10  acc@30  acc@161  mean km  median km    AUC  extra mentions")
        /// Scores `test`'s articles that `keep` lets through with `ranker`, with and without demonyms.
        func score(_ test: TrainingCorpus, _ model: MentionExtractor, keeping keep: (Int) -> Bool, into scores: inout [CorpusScore]) throws {
            for (n, article) in test.articles.enumerated() where keep(n) {
                let mentions = model.mentions(in: ArticleText(source: "\(n)", text: article.text))
                _ = try scores[0].add(article, mentions, withDemonyms: true)
                _ = try scores[1].add(article, mentions, withDemonyms: false)
            }
        }
        func printRows(_ trained: String, _ tested: String, _ scores: [CorpusScore], articles: Int) {
            for (score, label) in zip(scores, ["all", "no demonyms"]) {
                let prefix = trained.padding(toLength: 21, withPad: " ", startingAt: 0) + tested.padding(toLength: 17, withPad: " ", startingAt: 0)
                print(score.row(label: prefix + label.padding(toLength: 14, withPad: " ", startingAt: 0), articles: articles))
            }
        }
        // Across corpora: trained on all of one, tested on all of another.
        for train in sets {
            let ranker = PlaceRanker.train(train.groups { _ in true }, options: options)
            let model = extractor.with(ranker: ranker, acceptance: trainAcceptance([train], extractor.with(ranker: ranker), threshold: threshold).model)
            for test in sets where test.name != train.name {
                var scores = [CorpusScore(), CorpusScore()]
                try score(test, model, keeping: { _ in true }, into: &scores)
                printRows(train.name, test.name, scores, articles: test.articles.count)
            }
        }
        // Within each corpus: k folds by article, each tested with a ranker trained on the others.
        for corpus in sets {
            var scores = [CorpusScore(), CorpusScore()]
            for fold in 0..<folds {
                let ranker = PlaceRanker.train(corpus.groups { $0 % folds != fold }, options: options)
                let acceptance = trainAcceptance([corpus], extractor.with(ranker: ranker), keeping: { $0 % folds != fold }, threshold: threshold).model
                try score(corpus, extractor.with(ranker: ranker, acceptance: acceptance), keeping: { $0 % folds == fold }, into: &scores)
            }
            printRows("\(corpus.name) (\(folds)-fold)", corpus.name, scores, articles: corpus.articles.count)
        }
    }
}

/// `eventmap-eval rank ARTICLE.txt`: every name's candidates with the ranker's probability and
/// the features behind it, for seeing why a place won.
struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show each name's candidates in an article with their ranking features and probabilities.")

    @Argument(help: "A text file.")
    var article: String

    @Option(help: ArgumentHelp("The model to rank with (default: the shipped one).", valueName: "place-ranker.tsv"))
    var model: String?

    func run() throws {
        let gazetteerPath = Gazetteer.defaultPath()
        let extractor = try MentionExtractor(gazetteer: try Gazetteer(contentsOf: gazetteerPath), gazetteerPath: gazetteerPath)
        let ranker = try PlaceRanker(contentsOf: model ?? PlaceRanker.defaultPath(gazetteerPath: gazetteerPath))
        let text = try ArticleText.load(path: article)
        let scalars = Array(text.text.unicodeScalars)
        for example in extractor.rankingExamples(in: text) {
            print(String(String.UnicodeScalarView(scalars[example.start..<example.end])))
            let probabilities = ranker.probabilities(example.candidates.map(\.features))
            for (candidate, p) in zip(example.candidates, probabilities) {
                let terms = RankingFeature.allCases.filter { candidate.features[$0] != 0 && ranker.weights[$0.rawValue] != 0 }
                    .map { String(format: "%@ %+.2f", $0.name, candidate.features[$0] * ranker.weights[$0.rawValue]) }
                print(
                    String(format: "  %.3f  ", p) + "\(candidate.place.name) (\(candidate.place.countryCode), \(candidate.place.kind)) "
                        + terms.joined(separator: ", "))
            }
        }
    }
}
