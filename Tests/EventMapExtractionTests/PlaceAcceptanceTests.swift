import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import Foundation
import Testing

/// The learned acceptance model: its file, its training, and the names it keeps and drops.
@Suite("Place acceptance: model file and training")
struct PlaceAcceptanceTests {
    let modelPath = repository.appendingPathComponent("Gazetteer/model/place-acceptance.tsv").path

    /// Names where a cue before the name tells a place nine times in ten and its absence one
    /// time in five; population is noise.
    func syntheticExamples(count: Int) -> [(features: AcceptanceVector, isPlace: Bool)] {
        var generator = SeededGenerator(seed: 11)
        return (0..<count).map { _ in
            var x = AcceptanceVector()
            let cue = Bool.random(using: &generator)
            x.set(.cue, cue)
            x[.logPopulation] = Double.random(in: 0..<1, using: &generator)
            return (x, Double.random(in: 0..<1, using: &generator) < (cue ? 0.9 : 0.2))
        }
    }

    @Test func trainingFindsTheFeatureThatDecides() {
        let model = PlaceAcceptance.train(syntheticExamples(count: 4000))
        // log odds with a cue: ln 9 = 2.2; without: ln 0.25 = -1.39; the cue's weight is the difference, 3.58.
        let cue = model.weights[AcceptanceFeature.cue.rawValue]
        let bias = model.weights[AcceptanceFeature.bias.rawValue]
        #expect(cue > 3.0 && cue < 4.2, "cue weight \(cue)")
        #expect(bias > -1.8 && bias < -1.0, "bias \(bias)")
        #expect(abs(model.weights[AcceptanceFeature.logPopulation.rawValue]) < 0.4)
        var withCue = AcceptanceVector()
        withCue.set(.cue, true)
        #expect(abs(model.probability(withCue) - 0.9) < 0.05)
        #expect(abs(model.probability(AcceptanceVector()) - 0.2) < 0.05)
    }

    @Test func trainingIsReproducibleToTheByte() {
        let examples = syntheticExamples(count: 600)
        #expect(PlaceAcceptance.train(examples).fileText(header: ["t"]) == PlaceAcceptance.train(examples.reversed()).fileText(header: ["t"]))
    }

    @Test func theShippedModelRoundTripsAndIsTrained() throws {
        let shipped = try PlaceAcceptance(contentsOf: modelPath)
        let path = NSTemporaryDirectory() + "acceptance-\(UUID().uuidString).tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try shipped.fileText(header: ["copy"]).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try PlaceAcceptance(contentsOf: path) == shipped)
        #expect(shipped.weights.count == AcceptanceFeature.allCases.count && shipped.weights.contains { $0 != 0 })
        #expect(shipped.threshold == PlaceAcceptance.defaultThreshold)
    }

    @Test func aDamagedModelFileNamesTheFileAndTheProblem() throws {
        let path = NSTemporaryDirectory() + "acceptance-\(UUID().uuidString).tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "feature\tweight\nbias\t0.5\nno_such_feature\t1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try PlaceAcceptance(contentsOf: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("line 3")
        }
        try "feature\tweight\nbias\t0.5\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try PlaceAcceptance(contentsOf: path)
        } throws: { error in
            "\(error)".contains("no weight for feature 'match_alternate'")
        }
    }
}

/// What recognition reads as places in English news, through the learned acceptance and the
/// rules the text states.
@Suite("Place recognition in English news")
struct EnglishRecognitionTests {
    func mentions(_ text: String) -> [PlaceMention] { extractor.mentions(in: ArticleText(source: "test", text: text)) }

    /// Surnames that are also short names of US counties (Jones County, Henry County) are people
    /// in a local story; the towns and the county named in full are places.
    @Test func surnamesAreNotCountiesButTownsAre() throws {
        let found = mentions(
            "GAINESVILLE, Fla. - About 55 Gainesville residents marched downtown on Saturday. "
                + "Jones said the city council would meet again, and Henry agreed. "
                + "Officials in Alachua County said the road to Ocala would reopen.")
        let texts = Set(found.map(\.text))
        #expect(!texts.contains("Jones") && !texts.contains("Henry"), "\(found.map(\.text))")
        let gainesville = found.filter { $0.text.uppercased() == "GAINESVILLE" }
        #expect(gainesville.count == 2)
        #expect(gainesville.allSatisfy { $0.place?.admin1 == "Florida" }, "\(gainesville.map { $0.place?.admin1 ?? "-" })")
        #expect(texts.contains("Alachua County") && texts.contains("Ocala") && texts.contains("Fla"))
    }

    /// Wire abbreviations of US states written with full stops in two parts ("W.Va.") are one
    /// word, place the town before them, and are places themselves.
    @Test func dottedStateAbbreviationsQualifyTheirTown() throws {
        let found = mentions("CHARLESTON, W.Va. -- Families gathered on Monday. Officials in Columbia, S.C., and in Washington, D.C., were told.")
        let charleston = try #require(found.first { $0.text == "CHARLESTON" }?.place)
        #expect(charleston.admin1 == "West Virginia")
        #expect(found.first { $0.text == "W.Va." }?.place?.name == "West Virginia")
        #expect(found.first { $0.text == "S.C." }?.place?.name == "South Carolina")
        #expect(found.first { $0.text == "Columbia" }?.place?.admin1 == "South Carolina")
        #expect(found.first { $0.text == "D.C." }?.place?.geonameid == 4140963)
    }

    /// Hyphenated words that the gazetteer does not know whole are read part by part.
    @Test func hyphenatedCompoundsAreReadPartByPart() throws {
        let atlanta = mentions("Atlanta-area hospitals reported more cases on Monday, and Albany-based doctors agreed.")
        #expect(atlanta.first { $0.text == "Atlanta" }?.place?.geonameid == 4180439)
        let peace = mentions("Israeli-Egyptian peace was marked on Sunday.")
        #expect(peace.first { $0.text == "Israeli" }?.place?.countryCode == "IL")
        #expect(peace.first { $0.text == "Egyptian" }?.place?.countryCode == "EG")
        let found = mentions("A Texas-based firm and Guinea-Bissau signed the deal.")
        #expect(found.first { $0.text == "Texas" }?.place?.kind == .division)
        // A name the gazetteer knows whole stays whole.
        #expect(found.first { $0.text == "Guinea-Bissau" }?.place?.countryCode == "GW")
        #expect(!found.contains { $0.text == "Guinea" || $0.text == "Bissau" })
    }

    /// "St." before a name is Saint, not a title: the name runs through it; an address's "St.,"
    /// does not hide the town after it.
    @Test func saintIsPartOfTheName() throws {
        let found = mentions("She moved from St. Petersburg, Fla., to a home at 508 Cumberland St., Annville, Pa., last year.")
        #expect(found.first { $0.text == "St. Petersburg" }?.place?.admin1 == "Florida")
        #expect(found.first { $0.text == "Annville" }?.place?.admin1 == "Pennsylvania")
    }

    /// Country names with an article inside or before them are read without it.
    @Test func countryNamesWithoutTheirArticle() throws {
        let found = mentions("Cases were reported in the Netherlands and in the Democratic Republic of Congo, the DRC's ministry said.")
        #expect(found.first { $0.text == "Netherlands" }?.place?.countryCode == "NL")
        #expect(found.first { $0.text == "Democratic Republic of Congo" }?.place?.countryCode == "CD")
        #expect(found.first { $0.text == "DRC" }?.place?.countryCode == "CD")
        #expect(!found.contains { $0.place?.countryCode == "CG" })
    }

    /// A name whose kind the text states is a place, however weak the name's other evidence.
    @Test func aStatedKindIsAPlace() throws {
        let found = mentions("Iraqi forces shelled the town of Tal Afar on Monday.")
        #expect(found.first { $0.text == "Tal Afar" }?.place?.geonameid == 90393)
    }
}
