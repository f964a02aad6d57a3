import EventMapExtraction
import EventMapGazetteer
import Foundation

/// `eventmap-eval plover PLOVER_GSR_CAMEO.json [--errors N]`: codes each gold record's sentence
/// with ``InteractionCoder`` and prints the share of records whose event category, source actors
/// and target actors come out right, and all three at once. Actors compare by country (the first
/// three letters of the gold code: ISO alpha-3, IGO or NGO): a side is right when a gold actor's
/// country is among the coded ones, or when both are empty. The first interaction of a record is
/// the one scored.
enum PloverEvaluation {
    struct Record {
        var id: String
        var text: String
        var category: String
        var sources: Set<String>
        var targets: Set<String>
    }

    static func run(_ arguments: [String], showErrors: Int) throws {
        let gazetteerPath = Gazetteer.defaultPath()
        let curated = Lexicon.defaultDirectory(gazetteerPath: gazetteerPath)
        let extractor = try MentionExtractor(gazetteer: try Gazetteer(contentsOf: gazetteerPath), gazetteerPath: gazetteerPath)
        let coder = try InteractionCoder(mentions: extractor, curatedDirectory: curated)
        for path in arguments {
            let records = try read(path)
            var category = 0, source = 0, target = 0, all = 0, coded = 0
            var confusion: [String: Int] = [:]
            var wrong: [String] = []
            for record in records {
                let found = coder.interactions(in: ArticleText(source: record.id, text: record.text)).first
                if found != nil { coded += 1 }
                let gotCategory = found?.category.rawValue ?? "-"
                let gotSources = Set((found?.sources ?? []).map(\.code).filter { !$0.isEmpty })
                let gotTargets = Set((found?.targets ?? []).map(\.code).filter { !$0.isEmpty })
                let c = gotCategory == record.category
                let s = record.sources.isEmpty ? gotSources.isEmpty : !record.sources.isDisjoint(with: gotSources)
                let t = record.targets.isEmpty ? gotTargets.isEmpty : !record.targets.isDisjoint(with: gotTargets)
                category += c ? 1 : 0
                source += s ? 1 : 0
                target += t ? 1 : 0
                all += c && s && t ? 1 : 0
                if !c { confusion["\(record.category) → \(gotCategory)", default: 0] += 1 }
                if !(c && s && t) {
                    wrong.append(
                        "\(record.id): gold \(record.sources.sorted()) \(record.category) \(record.targets.sorted()); got \(gotSources.sorted()) \(gotCategory) \(gotTargets.sorted())  «\(record.text.prefix(110))»"
                    )
                }
            }
            let n = Double(max(1, records.count))
            func share(_ k: Int) -> String { String(format: "%5.1f%%", Double(k) / n * 100) }
            print("corpus                 records  coded  category  source  target  all three")
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            print(
                name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: " %7d %6d", records.count, coded) + "   \(share(category))  \(share(source))  \(share(target))     \(share(all))")
            if showErrors > 0 {
                for (key, count) in confusion.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).prefix(showErrors) {
                    print("   \(count)x \(key)")
                }
                for line in wrong.prefix(showErrors) { print("   " + line) }
            }
        }
    }

    /// The gold records with a sentence and an event category (the DOCUMENT record left out).
    static func read(_ path: String) throws -> [Record] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        func codes(_ value: Any?) -> Set<String> {
            var actors: [[String: Any]] = []
            if let one = value as? [String: Any] { actors = [one] } else if let many = value as? [[String: Any]] { actors = many }
            return Set(actors.compactMap { ($0["code"] as? String).map { String($0.prefix(3)) } }.filter { !$0.isEmpty })
        }
        return list.compactMap { item in
            guard let text = item["text"] as? String, let event = item["event"] as? String, event != "DOCUMENT" else { return nil }
            return Record(
                id: item["id"] as? String ?? "", text: text, category: event,
                sources: codes(item["source"]), targets: codes(item["target"]))
        }
    }
}
