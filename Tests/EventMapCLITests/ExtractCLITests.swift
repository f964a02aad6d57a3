import Foundation
import Testing

@Suite("eventmap extract --mentions")
struct ExtractCLITests {
    let seeds = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("seeds").path

    @Test func seedFolderGivesPointsWithOffsetsRolesAndReasons() throws {
        let out = temporaryPath("mentions.geojson")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try eventmap("extract", seeds, "--mentions", "-o", out)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("in 5 articles"), "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        let features = json["features"] as! [[String: Any]]
        #expect(features.count > 100)
        let properties = features.map { $0["properties"] as! [String: Any] }
        // Every record names its file, its span and the place, with a reason.
        for p in properties {
            #expect((p["source"] as? String)?.hasPrefix(seeds) == true)
            #expect((p["end"] as! Double) > (p["start"] as! Double))
            #expect(!(p["reason"] as! String).isEmpty)
        }
        let beirut = properties.first { $0["text"] as? String == "Beirut" }
        #expect(beirut?["role"] as? String == "reporting location")
        #expect(beirut?["geonameid"] as? Double == 276781)
        // "Jarabulus" in the fifth article is Jarābulus, at GeoNames' point.
        let jarabulus = features.first { ($0["properties"] as! [String: Any])["text"] as? String == "Jarabulus" }
        let point = (jarabulus?["geometry"] as? [String: Any])?["coordinates"] as? [Double]
        #expect(point == [38.01111, 36.8175])
    }

    @Test func villagesTheGazetteerLacksAreMarkedAndCounted() throws {
        let article = temporaryPath("village.txt")
        defer { try? FileManager.default.removeItem(atPath: article) }
        try Data("Regime forces shelled the village of Jarjisa, south-west of Hama, on Monday. Hama was quiet.".utf8)
            .write(to: URL(fileURLWithPath: article))
        let result = try eventmap("extract", article, "--mentions", "-o", "-", "-f", "csv")
        #expect(result.status == 0, "\(result.stderr)")
        // (CSV lines end in CR LF.)
        let lines = result.stdout.split(whereSeparator: \.isNewline)
        #expect(lines[0].hasSuffix(",reason,unlisted,other_properties"))
        let jarjisa = try #require(lines.first { $0.hasPrefix("Jarjisa,") }, "\(result.stdout)")
        // Placed at Hama (the city, or the governorate), marked unlisted.
        #expect(jarjisa.contains(",Ḩamāh,170017,") || jarjisa.contains(",Hama Governorate,170015,"), "\(jarjisa)")
        #expect(jarjisa.hasSuffix(",true,"), "\(jarjisa)")
        #expect(lines.filter { $0.hasPrefix("Hama,") }.allSatisfy { $0.hasSuffix(",false,") })
        // The summary says how many and names the first.
        #expect(result.stderr.contains("1 of them is a place the gazetteer lacks") && result.stderr.contains("first: 'Jarjisa' at "), "\(result.stderr)")
        // --quiet leaves the count out with the rest of the summary.
        let quiet = try eventmap("extract", article, "--mentions", "-o", "-", "-q")
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    @Test func anUnreadableFileIsReportedAndTheOthersGoOn() throws {
        let folder = temporaryPath("articles")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("Shelling hit the town of Ariha near Idlib on Tuesday.".utf8).write(to: URL(fileURLWithPath: folder + "/a.txt"))
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: folder + "/b.txt"))
        try Data().write(to: URL(fileURLWithPath: folder + "/c.txt"))
        let result = try eventmap("extract", folder, "--mentions", "-o", "-", "-f", "csv")
        #expect(result.status == 1)
        #expect(result.stderr.contains("b.txt: not UTF-8 text") && result.stderr.contains("c.txt: the file is empty"), "\(result.stderr)")
        #expect(result.stderr.contains("2 files could not be read"))
        let rows = result.stdout.split(whereSeparator: \.isNewline)
        #expect(rows.count == 3, "\(result.stdout)")  // header, Ariha, Idlib
        #expect(rows.dropFirst().allSatisfy { $0.contains("a.txt") })
    }

    @Test func rolesKeepOnlyTheMentionsAsked() throws {
        let folder = temporaryPath("roles")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("Turkish troops shelled the town of Tal Rifaat, north of Aleppo, on Monday, Syrian officials said.".utf8)
            .write(to: URL(fileURLWithPath: folder + "/a.txt"))
        func roles(_ extra: String...) throws -> [String] {
            let result = try eventmap(arguments: ["extract", folder, "--mentions", "-o", "-", "-f", "csv"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let rows = result.stdout.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let column = rows[0].firstIndex(of: "role")!, text = rows[0].firstIndex(of: "text")!
            return rows.dropFirst().map { "\($0[text])=\($0[column])" }
        }
        #expect(try roles() == ["Turkish=demonym", "Tal Rifaat=place", "Aleppo=place", "Syrian=demonym"])
        #expect(try roles("--roles", "place") == ["Tal Rifaat=place", "Aleppo=place"])
        #expect(try roles("--roles", "demonym", "--roles", "reporting-location") == ["Turkish=demonym", "Syrian=demonym"])
        // A misspelt role names the closest; --roles without --mentions cannot apply.
        let typo = try eventmap("extract", folder, "--mentions", "--roles", "demonim")
        #expect(typo.status == 64 && typo.stderr.contains("did you mean 'demonym'"), "\(typo.stderr)")
        #expect(try eventmap("extract", folder, "--roles", "place").status == 64)
    }

    @Test("usage errors exit 64", arguments: [["extract"], ["extract", "seeds", "--published", "2017-13-40"], ["extract", "seeds", "--mentions", "-o", "x.unknown"]])
    func usageErrors(arguments: [String]) throws {
        let result = try eventmap(arguments: arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
