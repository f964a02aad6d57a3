import EventMapExtraction
import Foundation
import Testing

/// A very long article file is read in parts (``ArticleFile``): a 20 MB file took 814 MB and
/// quadratic time when it was one article.
@Suite("Long article files")
struct LongArticleTests {
    func temporaryFile(_ bytes: [UInt8], name: String = "long.txt") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func partsCoverTheTextAndMentionsPointIntoTheWholeFile() throws {
        // Paragraphs with places and non-ASCII text ("Ayn İsa", "Şanlıurfa"), each line its own
        // (repeated lines are page boilerplate), past several parts.
        func paragraph(_ k: Int) -> String {
            "Report \(k): fighting near Ayn İsa and Şanlıurfa was reported on day \(k), and shelling hit Idlib.\n\n"
        }
        let one = extractor.mentions(in: ArticleText(source: "one", text: paragraph(1))).count
        #expect(one == 3)
        let copies = 3 * ArticleFile.partBytes / paragraph(1).utf8.count + 1
        let text = (1...copies).map(paragraph).joined()
        let path = try temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try ArticleFile(path: path)
        let parts = Array(file.parts)
        #expect(parts.count >= 4)
        // The parts are the text, in order, each within the limit, cut at paragraph breaks.
        #expect(parts.map(\.article.text).joined() == text)
        for (n, part) in parts.enumerated() {
            #expect(part.article.text.utf8.count <= ArticleFile.partBytes)
            #expect(part.article.text.hasSuffix("\n\n") || n == parts.count - 1)
        }
        // Each mention's offsets slice its own text out of the whole file.
        let whole = Array(text.unicodeScalars)
        var count = 0
        extractor.mentions(in: file) { mention in
            count += 1
            let written = String(String.UnicodeScalarView(whole[mention.start..<mention.end]))
            #expect(written == mention.text, "\(mention.start): \(written) is not \(mention.text)")
        }
        // As many mentions as one paragraph gives, once per paragraph.
        #expect(count == one * copies, "\(count) mentions; \(one) per paragraph × \(copies)")
    }

    @Test func aBadByteFarIntoTheFileIsRefusedWithItsOffset() throws {
        let good = Array(String(repeating: "Shelling hit Idlib on Monday.\n", count: 50_000).utf8)
        let path = try temporaryFile(good + [0xE9] + Array(" more text\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            _ = try ArticleFile(path: path)
            Issue.record("a Latin-1 byte was read")
        } catch { #expect("\(error)".contains("invalid byte at offset \(good.count)"), "\(error)") }
    }

    @Test func eventOffsetsCountFromTheStartOfTheFile() throws {
        let coder = try EventCoder(mentions: extractor, curatedDirectory: repository.appendingPathComponent("Gazetteer/curated").path)
        let filler = String(repeating: "The weather was mild and markets were open.\n\n", count: ArticleFile.partBytes / 40)
        let dateline = "BEIRUT, 10 October 2019 (Reuters) - Talks went on.\n\n"
        let sentence = "Turkish forces shelled the town of Jarabulus on Monday, killing three civilians."
        let text = dateline + filler + sentence + "\n"
        let path = try temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try ArticleFile(path: path)
        #expect(Array(file.parts).count == 2)
        let events = coder.events(in: file, published: nil)
        let event = try #require(events.first)
        #expect(event.extractedPlace == "Jarabulus")
        // The date comes from the first part's dateline, as in the short article; the offset
        // from the whole file.
        let short = try #require(coder.events(in: ArticleText(source: "short", text: dateline + sentence), published: nil).first)
        #expect(event.eventDate != nil && event.eventDate == short.eventDate)
        let whole = Array(text.unicodeScalars)
        let at = String(String.UnicodeScalarView(whole[event.offset..<event.offset + 7]))
        #expect(sentence.contains(at), "offset \(event.offset) points at '\(at)'")
    }
}
