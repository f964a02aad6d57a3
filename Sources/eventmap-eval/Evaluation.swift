import ArgumentParser
import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import EventMapGeometry
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `eventmap-eval plover PLOVER.json`: scores who-did-what coding (see PloverEvaluation).
/// `eventmap-eval mentions CORPUS.xml...`: scores `eventmap extract --mentions` against annotated
/// corpora (LGL and GeoVirus XML, as in ../shared/eval) and prints, per corpus, the share of gold
/// toponyms found, accuracy within 10, 30 and 161 km, mean and median error, and Gritta's AUC.
@main
struct Evaluation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventmap-eval", abstract: "Score EventMap against annotated corpora (../shared/eval).",
        subcommands: [Mentions.self, CrossValidate.self, Train.self, Rank.self, Plover.self])
}

/// `eventmap-eval mentions CORPUS.xml...`.
struct Mentions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score place mentions against LGL or GeoVirus XML: found, accuracy within 10, 30 and 161 km, mean and median error, AUC.")

    @Argument(help: "Annotated corpora (LGL or GeoVirus XML).")
    var corpora: [String]

    @Option(name: .customLong("missed"), help: "List the N most often missed toponyms of each corpus.")
    var showMissed = 0

    @Option(name: .customLong("errors"), help: "List the N most frequent errors beyond 161 km of each corpus.")
    var showErrors = 0

    @Option(name: .customLong("details"), help: ArgumentHelp("Write one line per gold toponym here (TSV).", valueName: "file.tsv"))
    var detailsPath: String?

    func run() throws {
        // One line per gold toponym, for looking at errors with other tools.
        var details = "corpus\tarticle\ttoponym\tstart\tgold_longitude\tgold_latitude\tfound\tkm\tplace\tkind\tcountry\tadmin1\tpopulation\treason\n"
        let gazetteerPath = Gazetteer.defaultPath()
        let extractor = try MentionExtractor(gazetteer: try Gazetteer(contentsOf: gazetteerPath), gazetteerPath: gazetteerPath)
        print(CorpusScore.header)
        for path in corpora {
            let articles = try CorpusReader.read(path)
            let name = CorpusReader.name(of: path)
            let found = articles.enumerated().map { n, article in extractor.mentions(in: ArticleText(source: "\(n)", text: article.text)) }
            // Scored twice: with demonym mentions ("Syrian" as Syria, as news corpora that mark
            // adjectival toponyms count them) and without (corpora that do not).
            for withDemonyms in [true, false] {
                var score = CorpusScore()
                var worst: [(error: Double, text: String, got: String, article: Int)] = []
                var missed: [String: Int] = [:]
                for (n, article) in articles.enumerated() {
                    let pairs = try score.add(article, found[n], withDemonyms: withDemonyms)
                    guard withDemonyms else { continue }
                    for pair in pairs {
                        let toponym = pair.toponym
                        let gold = "\(name)\t\(n)\t\(toponym.name)\t\(toponym.start)\t\(toponym.coordinate.longitude)\t\(toponym.coordinate.latitude)"
                        guard let mention = pair.mention, let place = mention.place, let km = pair.km else {
                            let scalars = Array(article.text.unicodeScalars)
                            let from = max(0, toponym.start - 25), to = min(scalars.count, toponym.end + 15)
                            let context = String(String.UnicodeScalarView(scalars[from..<to])).replacingOccurrences(of: "\n", with: " ")
                            missed["\(toponym.name)  «\(context)»", default: 0] += 1
                            details += gold + "\tno\n"
                            continue
                        }
                        details +=
                            gold + "\tyes\t" + String(format: "%.1f", km) + "\t\(place.name)\t\(place.kind)\t\(place.countryCode)\t\(place.admin1)\t\(place.population)\t"
                            + mention.reason.replacingOccurrences(of: "\t", with: " ") + "\n"
                        if km > 161 { worst.append((km, toponym.name, "\(place.name) (\(place.countryCode))", n)) }
                    }
                }
                print(score.row(label: name.padding(toLength: 15, withPad: " ", startingAt: 0) + (withDemonyms ? "all           " : "no demonyms   "), articles: articles.count))
                guard withDemonyms else { continue }
                for (name, count) in missed.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).prefix(showMissed) {
                    print("   missed \(count)x \(name)")
                }
                if showErrors > 0 {
                    var grouped: [String: (count: Int, km: Double)] = [:]
                    for e in worst { grouped["\(e.text) -> \(e.got)", default: (0, e.error)].count += 1 }
                    for (key, value) in grouped.sorted(by: { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }).prefix(showErrors) {
                        print(String(format: "   %3dx %7.0f km  %@", value.count, value.km, key))
                    }
                }
            }
        }
        if let detailsPath { try details.write(toFile: detailsPath, atomically: true, encoding: .utf8) }
    }
}

/// A gold toponym and the mention that overlaps it, with the error in kilometres.
struct Pairing {
    var toponym: GoldToponym
    var mention: PlaceMention?
    var km: Double?
}

/// The scores of mentions against gold toponyms, summed over articles.
struct CorpusScore {
    var gold = 0
    /// Mentions that overlap no gold toponym (gold without coordinates included).
    var extra = 0
    /// The error of each gold toponym found, in kilometres.
    var errors: [Double] = []

    /// Adds one article: each gold toponym paired with the first mention that overlaps it.
    mutating func add(_ article: GoldArticle, _ all: [PlaceMention], withDemonyms: Bool) throws -> [Pairing] {
        let mentions = withDemonyms ? all : all.filter { $0.role != .demonym }
        var used = Set<Int>()
        var pairs: [Pairing] = []
        for toponym in article.toponyms {
            gold += 1
            guard let (index, mention) = mentions.enumerated().first(where: { $0.element.start < toponym.end && toponym.start < $0.element.end }),
                let place = mention.place
            else {
                pairs.append(Pairing(toponym: toponym))
                continue
            }
            used.insert(index)
            let km = try Geodesic.distance(from: place.coordinate, to: toponym.coordinate) / 1000
            errors.append(km)
            pairs.append(Pairing(toponym: toponym, mention: mention, km: km))
        }
        extra += mentions.indices.filter { i in !used.contains(i) && !article.unscored.contains { $0.lowerBound < mentions[i].end && mentions[i].start < $0.upperBound } }.count
        return pairs
    }

    /// Percent of gold toponyms found.
    var found: Double { Double(errors.count) / Double(max(1, gold)) * 100 }
    /// Percent of the found toponyms within `km` of the gold point.
    func within(_ km: Double) -> Double { errors.isEmpty ? 0 : Double(errors.filter { $0 <= km }.count) / Double(errors.count) * 100 }
    var mean: Double { errors.isEmpty ? 0 : errors.reduce(0, +) / Double(errors.count) }
    var median: Double { errors.isEmpty ? 0 : errors.sorted()[errors.count / 2] }
    /// Gritta et al.'s area under the curve of log errors (0 best, 1 worst).
    var auc: Double { errors.isEmpty ? 0 : errors.map { log(1 + $0) }.reduce(0, +) / (Double(errors.count) * log(20039)) }

    static let header = "corpus          mentions       articles   gold  found  acc@10  acc@30  acc@161  mean km  median km    AUC  extra mentions"

    func row(label: String, articles: Int) -> String {
        label
            + String(
                format: " %9d %6d %5.1f%% %6.1f%% %6.1f%% %7.1f%% %8.0f %10.1f %6.3f %15d",
                articles, gold, found, within(10), within(30), within(161), mean, median, auc, extra)
    }
}

/// `eventmap-eval plover PLOVER.json...`.
struct Plover: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Score who-did-what coding against PLOVER-coded sentences.")

    @Argument(help: "PLOVER-coded JSON files.")
    var files: [String]

    @Option(name: .customLong("errors"), help: "List the N most frequent confusions.")
    var showErrors = 0

    func run() throws { try PloverEvaluation.run(files, showErrors: showErrors) }
}

/// A gold toponym: its span in the article's text and its coordinates.
struct GoldToponym {
    var name: String
    var start: Int
    var end: Int
    var coordinate: Coordinate
    /// GeoNames' id of the place meant, where the corpus gives it (LGL's gaztag).
    var geonameid: Int?
}

struct GoldArticle {
    var text = ""
    var toponyms: [GoldToponym] = []
    /// Spans annotated as toponyms without coordinates (LGL toponyms without a gaztag).
    var unscored: [Range<Int>] = []
}

/// Reads LGL (`<toponym><start/><end/><phrase/><gaztag><lat/><lon/>`) and GeoVirus
/// (`<location><name/><start/><end/><lat/><lon/>`) XML.
final class CorpusReader: NSObject, XMLParserDelegate {
    private var articles: [GoldArticle] = []
    private var current = GoldArticle()
    private var path: [String] = []
    private var buffer = ""
    private var fields: [String: String] = [:]

    /// The corpus's name: its file name without the extension ("lgl", "GeoVirus").
    static func name(of path: String) -> String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }

    static func read(_ file: String) throws -> [GoldArticle] {
        let reader = CorpusReader()
        guard let parser = XMLParser(contentsOf: URL(fileURLWithPath: file)) else { throw CocoaError(.fileReadNoSuchFile) }
        parser.delegate = reader
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return reader.articles
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        path.append(name)
        buffer = ""
        if name == "article" { current = GoldArticle() }
        if name == "toponym" || name == "location" { fields = [:] }
        if name == "gaztag", let id = attributes["geonameid"] { fields["geonameid"] = id }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { buffer += string }
    func parser(_ parser: XMLParser, foundCDATA block: Data) { buffer += String(decoding: block, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        path.removeLast()
        switch name {
        case "text" where path.last == "article": current.text = buffer
        case "start", "end", "phrase", "lat", "lon":
            fields[name] = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
        case "name" where path.last == "location":
            fields["phrase"] = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
        case "toponym", "location":
            guard let start = fields["start"].flatMap(Int.init), let end = fields["end"].flatMap(Int.init) else { break }
            if let lat = fields["lat"].flatMap(Double.init), let lon = fields["lon"].flatMap(Double.init),
                let c = try? Coordinate(validatingLongitude: lon, latitude: lat)
            {
                current.toponyms.append(GoldToponym(name: fields["phrase"] ?? "", start: start, end: end, coordinate: c, geonameid: fields["geonameid"].flatMap(Int.init)))
            } else {
                current.unscored.append(start..<end)
            }
        case "article": articles.append(current)
        default: break
        }
        buffer = ""
    }
}
