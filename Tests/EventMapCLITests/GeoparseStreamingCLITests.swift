import Foundation
import Testing

/// `eventmap extract -` and `eventmap merge` as the map and reduce steps of a distributed
/// geoparse: JSON lines of articles in, events out per partition, joined after a shuffle.
@Suite("extract and merge as streaming kernels")
struct GeoparseStreamingCLITests {
    let seeds = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("seeds")

    /// The seed articles as JSON lines, each `copies` times under different ids (the same events
    /// reported by several articles).
    func articleLines(copies: Int) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".txt") }.sorted()
        var lines: [String] = []
        for copy in 1...copies {
            for name in names {
                let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
                let object: [String: String] = ["id": copy == 1 ? name : "copy\(copy)/\(name)", "published": "2019-10-09", "text": text]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                lines.append(String(decoding: data, as: UTF8.self))
            }
        }
        return lines
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    func subEventType(_ line: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return (object?["properties"] as? [String: Any])?["sub_event_type"] as? String ?? ""
    }

    /// Two partitions of articles extracted without merging, their events grouped by sub-event
    /// type and each group merged on its own: the events one extract of every article gives.
    @Test func partitionsShuffledAndMergedGiveTheWholeAnswer() throws {
        let articles = try articleLines(copies: 2)
        let whole = try eventmap(arguments: ["extract", "-", "-f", "geojsonseq", "-o", "-", "-q"], stdin: articles.joined(separator: "\n") + "\n")
        #expect(whole.status == 0, "\(whole.stderr)")
        let single = lines(whole.stdout)
        // Copies of one article report the same events: they are joined, listing both sources.
        #expect(single.contains { $0.contains("\"source\":\"003_ed159df698bcbf12.txt; copy2/003_ed159df698bcbf12.txt\"") }, "\(whole.stdout.prefix(600))")

        var mapped: [String] = []
        let half = articles.count / 2
        // The second half first: the merge takes events in an order of its own.
        for part in [articles[half...], articles[..<half]] {
            let run = try eventmap(arguments: ["extract", "-", "--no-merge", "-f", "geojsonseq", "-o", "-", "-q"], stdin: part.joined(separator: "\n") + "\n")
            #expect(run.status == 0, "\(run.stderr)")
            mapped += lines(run.stdout)
        }
        #expect(mapped.count > single.count, "unmerged: \(mapped.count), merged: \(single.count)")
        let groups = Dictionary(grouping: mapped, by: { (try? subEventType($0)) ?? "" })
        #expect(groups.count >= 2)
        var reduced: [String] = []
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
            let run = try eventmap(
                arguments: ["merge", "-", "--input-format", "geojsonseq", "-f", "geojsonseq", "-o", "-", "-q"], stdin: group.reversed().joined(separator: "\n") + "\n")
            #expect(run.status == 0, "\(run.stderr)")
            reduced += lines(run.stdout)
        }
        #expect(reduced.sorted() == single.sorted())
        // All at once, in any order: the same bytes, in the same order, as the single extract.
        let all = try eventmap(arguments: ["merge", "-", "--input-format", "geojsonseq", "-f", "geojsonseq", "-o", "-", "-q"], stdin: mapped.shuffled().joined(separator: "\n") + "\n")
        #expect(all.stdout == whole.stdout)
    }

    /// An event's id is made from its article's id and offset: the same whichever other articles
    /// come with it.
    @Test func eventIDsAreStable() throws {
        let articles = try articleLines(copies: 1)
        func ids(_ output: String) throws -> Set<String> {
            Set(
                try lines(output).compactMap { line in
                    ((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["properties"] as? [String: Any])?["event_id"] as? String
                })
        }
        let alone = try eventmap(arguments: ["extract", "-", "--no-merge", "-f", "geojsonseq", "-o", "-", "-q"], stdin: articles[3] + "\n")
        let together = try eventmap(arguments: ["extract", "-", "--no-merge", "-f", "geojsonseq", "-o", "-", "-q"], stdin: articles.joined(separator: "\n") + "\n")
        let one = try ids(alone.stdout), all = try ids(together.stdout)
        #expect(!one.isEmpty && one.isSubset(of: all))
    }

    /// A line that is not an article stops the run naming it and leaves no output; with
    /// --skip-invalid it is counted, written to --rejects, and the others are extracted.
    @Test func badLinesStopOrGoToRejects() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geoparse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try articleLines(copies: 1)
        let input = [good[0], "{\"id\": 7, \"text\": 12}", "not json", good[3], "{\"id\": \"x\", \"text\": \"In Idlib.\", \"published\": \"2019-02-30\"}"]
        let path = directory.appendingPathComponent("articles.jsonl").path
        try (input.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("events.geojson").path
        let stopped = try eventmap("extract", path, "-o", output)
        #expect(stopped.status == 1 && stopped.stderr.contains("line 2: 'text' is not text") && stopped.stderr.contains("--skip-invalid"), "\(stopped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        let rejects = directory.appendingPathComponent("rejects.jsonl").path
        let skipped = try eventmap("extract", path, "--skip-invalid", "--rejects", rejects, "-o", output)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("3 lines were not an article") && skipped.stderr.contains("2 articles"), "\(skipped.stderr)")
        let rejected = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(lines(rejected).count == 3)
        #expect(rejected.contains("\"position\":\"line 3\"") && rejected.contains("not JSON") && rejected.contains("2019-02-30 is not a date"), "\(rejected)")
    }

    @Test func usageMistakes() throws {
        let mentions = try eventmap("extract", "-", "--mentions", "--no-merge")
        #expect(mentions.status == 64 && mentions.stderr.contains("--no-merge applies to events"), "\(mentions.stderr)")
        let format = try eventmap("extract", "-", "--input-format", "xml")
        #expect(format.status == 64 && format.stderr.contains("text or jsonl"), "\(format.stderr)")
        let skip = try eventmap("extract", seeds.path, "--skip-invalid")
        #expect(skip.status == 64 && skip.stderr.contains("JSON lines"), "\(skip.stderr)")
        let mixed = try eventmap("extract", "articles.jsonl", seeds.path)
        #expect(mixed.status == 64 && mixed.stderr.contains("separate runs"), "\(mixed.stderr)")
        let merge = try eventmap("merge")
        #expect(merge.status == 64 && merge.stderr.contains("give at least one file of events"), "\(merge.stderr)")
    }
}
