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
        commandName: "eventmap-eval", abstract: "Score EventMap against annotated corpora (../shared/eval).", subcommands: [Mentions.self, Plover.self])
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
        let arguments = corpora
        // One line per gold toponym, for looking at errors with other tools.
        var details = "corpus\tarticle\ttoponym\tstart\tgold_longitude\tgold_latitude\tfound\tkm\tplace\tkind\tcountry\tadmin1\tpopulation\treason\n"
        let gazetteerPath = Gazetteer.defaultPath()
        let gazetteer = try Gazetteer(contentsOf: gazetteerPath)
        let extractor = MentionExtractor(gazetteer: gazetteer, lexicon: try Lexicon(curatedDirectory: Lexicon.defaultDirectory(gazetteerPath: gazetteerPath)))
        print("corpus          mentions       articles   gold  found  acc@10  acc@30  acc@161  mean km  median km    AUC  extra mentions")
        for path in arguments {
            let articles = try CorpusReader.read(path)
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let found = articles.enumerated().map { n, article in extractor.mentions(in: ArticleText(source: "\(n)", text: article.text)) }
            // Scored twice: with demonym mentions ("Syrian" as Syria, as news corpora that mark
            // adjectival toponyms count them) and without (corpora that do not).
            for withDemonyms in [true, false] {
                let scored = found.map { withDemonyms ? $0 : $0.filter { $0.role != .demonym } }
                var errors: [Double] = []
                var worst: [(error: Double, text: String, got: String, article: Int)] = []
                var gold = 0, extra = 0
                var missed: [String: Int] = [:]
                for (n, article) in articles.enumerated() {
                    let mentions = scored[n]
                    var used = Set<Int>()
                    for toponym in article.toponyms {
                        gold += 1
                        guard let (index, mention) = mentions.enumerated().first(where: { $0.element.start < toponym.end && toponym.start < $0.element.end }),
                            let place = mention.place
                        else {
                            guard withDemonyms else { continue }
                            let scalars = Array(article.text.unicodeScalars)
                            let from = max(0, toponym.start - 25), to = min(scalars.count, toponym.end + 15)
                            let context = String(String.UnicodeScalarView(scalars[from..<to])).replacingOccurrences(of: "\n", with: " ")
                            missed["\(toponym.name)  «\(context)»", default: 0] += 1
                            details += "\(name)\t\(n)\t\(toponym.name)\t\(toponym.start)\t\(toponym.coordinate.longitude)\t\(toponym.coordinate.latitude)\tno\n"
                            continue
                        }
                        used.insert(index)
                        let km = try Geodesic.distance(from: place.coordinate, to: toponym.coordinate) / 1000
                        errors.append(km)
                        guard withDemonyms else { continue }
                        details +=
                            "\(name)\t\(n)\t\(toponym.name)\t\(toponym.start)\t\(toponym.coordinate.longitude)\t\(toponym.coordinate.latitude)\tyes\t"
                            + String(format: "%.1f", km) + "\t\(place.name)\t\(place.kind)\t\(place.countryCode)\t\(place.admin1)\t\(place.population)\t"
                            + mention.reason.replacingOccurrences(of: "\t", with: " ") + "\n"
                        if km > 161 { worst.append((km, toponym.name, "\(place.name) (\(place.countryCode))", n)) }
                    }
                    // Mentions that overlap no gold toponym (gold without coordinates included).
                    extra += mentions.indices.filter { i in !used.contains(i) && !article.unscored.contains { $0.lowerBound < mentions[i].end && mentions[i].start < $0.upperBound } }.count
                }
                let n = Double(errors.count)
                let sorted = errors.sorted()
                func within(_ km: Double) -> Double { n > 0 ? Double(errors.filter { $0 <= km }.count) / n * 100 : 0 }
                let mean = n > 0 ? errors.reduce(0, +) / n : 0
                let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
                let auc = n > 0 ? errors.map { log(1 + $0) }.reduce(0, +) / (n * log(20039)) : 0
                print(
                    name.padding(toLength: 15, withPad: " ", startingAt: 0) + (withDemonyms ? "all           " : "no demonyms   ")
                        + String(
                            format: " %9d %6d %5.1f%% %6.1f%% %6.1f%% %7.1f%% %8.0f %10.1f %6.3f %15d",
                            articles.count, gold, Double(errors.count) / Double(max(1, gold)) * 100, within(10), within(30), within(161), mean, median, auc, extra))
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
                current.toponyms.append(GoldToponym(name: fields["phrase"] ?? "", start: start, end: end, coordinate: c))
            } else {
                current.unscored.append(start..<end)
            }
        case "article": articles.append(current)
        default: break
        }
        buffer = ""
    }
}
