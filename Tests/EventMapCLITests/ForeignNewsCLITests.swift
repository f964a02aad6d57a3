import Foundation
import Testing

@Suite("Arabic and Turkish news on the command line")
struct ForeignNewsCLITests {
    let articles = fixtures.appendingPathComponent("articles")

    @Test func resolveReadsArabicTurkishAndKurdishNames() throws {
        let result = try eventmap("resolve", "إدلب", "Cerablus'a", "Serêkaniyê", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
        #expect(answers.count == 3)
        let first = answers.map { (($0["candidates"] as? [[String: Any]])?.first?["geonameid"] as? Double).map(Int.init) }
        #expect(first == [169389, 169179, 165509], "\(result.stdout)")
    }

    @Test func extractPrintsArabicMentionsWithOffsetsIntoTheText() throws {
        let path = articles.appendingPathComponent("ar-ain-issa.txt").path
        let result = try eventmap("extract", path, "--mentions", "-f", "csv", "-o", "-")
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0]
        let text = try #require(header.firstIndex(of: "text")), start = try #require(header.firstIndex(of: "start"))
        let end = try #require(header.firstIndex(of: "end")), language = try #require(header.firstIndex(of: "language"))
        let scalars = Array(try String(contentsOfFile: path, encoding: .utf8).unicodeScalars)
        #expect(rows.count > 10)
        for row in rows.dropFirst() {
            let slice = String(String.UnicodeScalarView(scalars[Int(row[start])!..<Int(row[end])!]))
            #expect(slice == row[text])
            #expect(row[language] == "ar")
        }
        #expect(rows.contains { $0[text] == "تل أبيض" })
    }

    @Test func anUnknownLanguageIsAUsageErrorNamingTheValidOnes() throws {
        let result = try eventmap("extract", articles.path, "--mentions", "--language", "fr")
        #expect(result.status == 64)
        #expect(result.stderr.contains("'fr'") && result.stderr.contains("auto, en, ar, tr"), "\(result.stderr)")
    }

    @Test func languageOverridesDetection() throws {
        // Read as English, the Turkish article's case endings are part of the words: "İdlib'de" is no place.
        let path = articles.appendingPathComponent("tr-cilvegozu.txt").path
        let asTurkish = try eventmap("extract", path, "--mentions", "-f", "csv", "-o", "-")
        let asEnglish = try eventmap("extract", path, "--mentions", "-f", "csv", "-o", "-", "--language", "en")
        #expect(asTurkish.status == 0 && asEnglish.status == 0)
        #expect(asTurkish.stdout.contains("İdlib,") && asTurkish.stdout.contains(",tr,"))
        #expect(!asEnglish.stdout.contains("İdlib,") && !asEnglish.stdout.contains(",tr,"), "\(asEnglish.stdout)")
    }

    @Test func eventsAreCodedFromEnglishOnlyAndTheOthersAreNamed() throws {
        let out = temporaryPath("events-ar.geojson")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try eventmap("extract", articles.appendingPathComponent("ar-jarablus.txt").path, "-o", out)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 article is not in English") && result.stderr.contains("--mentions"), "\(result.stderr)")
    }

    /// Right-to-left names come out byte for byte in every format, and KML stays valid.
    @Test func arabicTextStaysIntactInCSVGeoJSONKMLAndSVG() throws {
        let path = articles.appendingPathComponent("ar-cilvegozu.txt").path
        let names = ["معبر باب الهوى", "محافظة إدلب", "دارة عزة", "الريحانية"]
        var outputs: [String] = []
        defer { for output in outputs { try? FileManager.default.removeItem(atPath: output) } }
        for ext in ["csv", "geojson", "kml"] {
            let out = temporaryPath("ar-mentions.\(ext)")
            outputs.append(out)
            let result = try eventmap("extract", path, "--mentions", "-o", out, "--overwrite")
            #expect(result.status == 0, "\(result.stderr)")
            let written = try String(contentsOfFile: out, encoding: .utf8)
            for name in names { #expect(written.contains(name), "\(ext) lacks \(name)") }
        }
        let schema =
            ProcessInfo.processInfo.environment["EVENTMAP_KML_XSD"]
            ?? fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/kml-schema/fastkml/schema/ogckml22.xsd").path
        let lint = try run("xmllint", ["--noout", "--nonet", "--schema", schema, outputs[2]])
        #expect(lint.stderr.contains("validates"), "\(lint.stderr)")
        // A map of the mentions with the towns in their own script: Syrian towns labelled in Arabic.
        let svg = temporaryPath("ar-mentions.svg")
        outputs.append(svg)
        let render = try eventmap("render", outputs[1], "--names", "local", "-o", svg, "--overwrite")
        #expect(render.status == 0, "\(render.stderr)")
        let drawn = try String(contentsOfFile: svg, encoding: .utf8)
        // Town labels whose text is Arabic script, written as such (not escaped, not reversed).
        let arabicLabels = drawn.components(separatedBy: "</text>").compactMap { $0.components(separatedBy: ">").last }
            .filter { label in !label.isEmpty && label.unicodeScalars.allSatisfy { (0x0600...0x06FF).contains($0.value) || $0 == " " } }
        #expect(arabicLabels.count >= 3, "Arabic labels: \(arabicLabels)")
        #expect(arabicLabels.contains("بيروت") || arabicLabels.contains("دمشق") || arabicLabels.contains("حلب"), "\(arabicLabels)")
        #expect(try run("rsvg-convert", ["-o", temporaryPath("ar-mentions.png"), svg]).status == 0)
        outputs.append(temporaryPath("ar-mentions.png"))
    }
}
