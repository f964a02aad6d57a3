import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import Foundation
import Testing

/// The learned ranker: its model file, its training, and what it decides in articles.
@Suite("Place ranker: model file and training")
struct PlaceRankerTests {
    let modelPath = repository.appendingPathComponent("Gazetteer/model/place-ranker.tsv").path

    /// Names of four candidates where one feature tells which is right and another is noise:
    /// training must find the telling one and leave the noise near zero.
    func syntheticGroups(count: Int) -> [PlaceRanker.TrainingGroup] {
        var generator = SeededGenerator(seed: 7)
        return (0..<count).map { _ in
            let right = Int.random(in: 0..<4, using: &generator)
            let candidates = (0..<4).map { i in
                var x = FeatureVector()
                // The right candidate's country is named in its sentence nine times in ten; the others' one time in five.
                let chance = i == right ? 0.9 : 0.2
                x.set(.sentenceCountry, Double.random(in: 0..<1, using: &generator) < chance)
                x[.logPopulation] = Double.random(in: 0..<1, using: &generator)
                return x
            }
            return PlaceRanker.TrainingGroup(candidates: candidates, right: right)
        }
    }

    @Test func trainingFindsTheFeatureThatDecides() {
        let ranker = PlaceRanker.train(syntheticGroups(count: 2000))
        let country = ranker.weights[RankingFeature.sentenceCountry.rawValue]
        let noise = ranker.weights[RankingFeature.logPopulation.rawValue]
        // The odds ratio of being in the country, right against wrong: (0.9/0.1)/(0.2/0.8) = 36, log 3.6.
        #expect(country > 2.8 && country < 4.4, "sentence_country weight \(country)")
        #expect(abs(noise) < 0.3, "log_population weight \(noise) on noise")
        var inCountry = FeatureVector()
        inCountry.set(.sentenceCountry, true)
        let p = ranker.probabilities([inCountry, FeatureVector()])
        #expect(p[0] > 0.9 && abs(p[0] + p[1] - 1) < 1e-12)
    }

    @Test func trainingIsReproducibleToTheByte() {
        let groups = syntheticGroups(count: 500)
        let first = PlaceRanker.train(groups).fileText(header: ["test"])
        let second = PlaceRanker.train(groups.reversed()).fileText(header: ["test"])
        #expect(first == second)
    }

    @Test func theModelFileRoundTrips() throws {
        let shipped = try PlaceRanker(contentsOf: modelPath)
        let path = NSTemporaryDirectory() + "ranker-\(UUID().uuidString).tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try shipped.fileText(header: ["copy"]).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try PlaceRanker(contentsOf: path) == shipped)
        // Every feature has a weight, and the shipped model is trained (not all zeros).
        #expect(shipped.weights.count == RankingFeature.allCases.count)
        #expect(shipped.weights.contains { $0 != 0 })
    }

    @Test func aDamagedModelFileNamesTheFileAndTheProblem() throws {
        let path = NSTemporaryDirectory() + "ranker-\(UUID().uuidString).tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "feature\tweight\nname_exact\t0.5\nname_curated\tlots\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try PlaceRanker(contentsOf: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("line 3")
        }
        try "feature\tweight\nname_exact\t0.5\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try PlaceRanker(contentsOf: path)
        } throws: { error in
            "\(error)".contains("no weight for feature 'name_curated'") && "\(error)".contains("make train")
        }
    }

    /// The features a name's candidates carry, as `make train` sees them.
    @Test func featuresDescribeTheCandidates() throws {
        let text = "Turkish troops shelled the Syrian town of Tal Abyad and villages in Raqqa province."
        let examples = extractor.rankingExamples(in: ArticleText(source: "test", text: text))
        // Tall Abyaḑ, GeoNames 163750.
        let town = try #require(examples.first { example in example.candidates.contains { $0.place.geonameid == 163750 } })
        let (place, x) = try #require(town.candidates.first { $0.place.geonameid == 163750 })
        // "the Syrian town of": only Syrian candidates are ranked.
        #expect(town.candidates.allSatisfy { $0.place.countryCode == "SY" }, "\(place.name)")
        #expect(x[.nameAlternate] == 1 && x[.nameExact] == 0)
        #expect(x[.countryShare] >= 0.5, "Syria's share of the evidence: \(x[.countryShare])")
        // "Raqqa province" asks for a division: the town of Raqqa is not ranked against it.
        let raqqa = try #require(examples.first { example in example.candidates.contains { $0.place.name.contains("Raqqa") } })
        #expect(!raqqa.candidates.isEmpty && raqqa.candidates.allSatisfy { $0.place.kind == .division })
        #expect(raqqa.candidates.allSatisfy { $0.features[.bareDivision] == 0 })
        // A list of names: each member sees the others' rank.
        let list = extractor.rankingExamples(in: ArticleText(source: "test", text: "Cases were confirmed in Alaska, Ohio, Oregon and Texas."))
        let oregon = try #require(list.first { example in example.candidates.contains { $0.place.name == "Oregon" && $0.place.kind == .division } })
        let state = try #require(oregon.candidates.first { $0.place.kind == .division })
        #expect(state.features[.listAgreement] == 1, "the other three names lead with states")
        if let town = oregon.candidates.first(where: { $0.place.kind == .populatedPlace }) { #expect(town.features[.listAgreement] == 0) }
    }

    /// A name's passage (its sentence and those either side, within its paragraph) has a centre
    /// of its own: after a paragraph on Idlib, "Sinjar" beside Erbil and Mosul is near them in
    /// Iraq, and the Idlib village of the name is far from them.
    @Test func aPassageHasItsOwnCentre() throws {
        let text =
            "Government forces shelled Idlib, Saraqib, Ariha and Jisr al-Shughur on Monday.\n"
            + "In Iraq, Turkish drones struck near Erbil and Mosul. A strike also hit Sinjar."
        let examples = extractor.rankingExamples(in: ArticleText(source: "test", text: text))
        let sinjar = try #require(examples.first { example in example.candidates.contains { $0.place.geonameid == 448149 } })
        let iraqi = try #require(sinjar.candidates.first { $0.place.geonameid == 448149 })
        let syrian = try #require(sinjar.candidates.first { $0.place.countryCode == "SY" })
        #expect(iraqi.features[.nearPassage] > 0.3, "Sinjar, Iraq: \(iraqi.features[.nearPassage])")
        #expect(syrian.features[.nearPassage] < 0.1, "Sinjar, Syria: \(syrian.features[.nearPassage])")
        // The first paragraph's names are near their own paragraph's places, not pulled to Iraq.
        let saraqib = try #require(examples.first { example in example.candidates.contains { $0.place.name == "Saraqib" } })
        let town = try #require(saraqib.candidates.first { $0.place.name == "Saraqib" })
        #expect(town.features[.nearPassage] > 0.5, "Saraqib: \(town.features[.nearPassage])")
    }
}

/// Local news: a town named like a world city is the local one when the article's other places
/// all lie in one province of another country.
@Suite("Place ranker: local news")
struct LocalNewsTests {
    @Test func aCanadianLocalPaperMeansLondonOntario() throws {
        let text =
            "LONDON, Ont. - A man was charged after a crash on Highway 401 near Woodstock on Tuesday. "
            + "Police in London said the driver, of St. Thomas, was taken to hospital in Kitchener. "
            + "Middlesex County officials said the road from London to Woodstock reopened at noon."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let londons = mentions.filter { $0.text.uppercased() == "LONDON" }
        #expect(!londons.isEmpty)
        for london in londons {
            #expect(london.place?.countryCode == "CA" && london.place?.admin1 == "Ontario", "\(london.place?.name ?? "-") (\(london.place?.countryCode ?? "-")): \(london.reason)")
        }
        let woodstock = try #require(mentions.first { $0.text == "Woodstock" }?.place)
        #expect(woodstock.countryCode == "CA")
    }
}

/// A demonym before an armed force, a government or the press ("Turkish forces", "Russian
/// jets", "Turkish media") names who fights or speaks, not where: armies act and the press
/// reports abroad, so it must not pull a town of the conflict across the border. Nor is a
/// demonym after a comma a qualifier ("Ras al-Ain, Turkish media said" is no "Prague, Oklahoma").
@Suite("Place ranker: who fights and who reports, not where")
struct ActorDemonymTests {
    @Test func turkishForcesAndMediaOnRasAlAinMeanTheSyrianTown() throws {
        // Ra's al-'Ayn (Syria) faces Ceylanpınar (Turkey), which GeoNames also calls Rass-el-Ain.
        for text in [
            "Turkish forces clashed with Kurdish fighters in Ras al-Ain on Wednesday.",
            "Turkish artillery hit villages near Ras al-Ain, a war monitor said.",
            "Clashes erupted in Ras al-Ain, Turkish media said.",
            "Shelling hit Tal Tamr and Ras al-Ain, Turkish media said.",
        ] {
            let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
            let town = try #require(mentions.first { $0.text == "Ras al-Ain" }?.place, "\(text)")
            #expect(town.countryCode == "SY", "\(text): \(town.name)")
            // The adjective is still a mention of its own, resolved to its country.
            #expect(mentions.first { $0.text == "Turkish" }?.role == .demonym)
        }
    }

    @Test func aDemonymOfPeopleStillLocates() throws {
        // Not an armed force: "Turkish villagers" live in Turkey, and the town there is meant.
        let text = "Turkish villagers in Ceylanpinar watched the smoke rise across the border."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let town = try #require(mentions.first { $0.text == "Ceylanpinar" }?.place)
        #expect(town.countryCode == "TR", "\(town.name)")
    }

    @Test func aPlaceAfterACommaStillQualifies() throws {
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: "He lives in Prague, Oklahoma."))
        let prague = try #require(mentions.first { $0.text == "Prague" }?.place)
        #expect(prague.countryCode == "US" && prague.admin1 == "Oklahoma", "\(prague.name), \(prague.countryCode)")
    }
}

/// Seats of districts whose population GeoNames does not know (Tall Abyad, Tall 'Afar) count as
/// towns of its cities500, not as nobody: named once with a preposition, in news spelling, they
/// are found.
@Suite("Place ranker: towns without a census")
struct UnknownPopulationTests {
    @Test func districtSeatsNamedOnceAreFound() throws {
        for (text, name, country) in [
            ("Clashes in Tal Abyad.", "Tal Abyad", "SY"), ("Clashes in Tal Afar.", "Tal Afar", "IQ"),
            ("Fighting continued near Tal Abyad.", "Tal Abyad", "SY"), ("Fighters shelled Maarat al-Numan.", "Maarat al-Numan", "SY"),
        ] {
            let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
            let place = try #require(mentions.first { $0.text == name }?.place, "\(text): \(mentions.map(\.text))")
            #expect(place.countryCode == country, "\(text): \(place.name)")
        }
    }

    @Test func surnamesStayPeople() {
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: "Smith and Jones visited the site with Mr. Brown."))
        #expect(mentions.isEmpty, "\(mentions.map(\.text))")
    }
}

/// "On" is a cue after an attack or an advance ("airstrikes on Saraqib"), not alone ("on Monday").
@Suite("Recognition: attacks on a place")
struct AttackOnCueTests {
    @Test func theTargetOfAnAttackIsAPlace() throws {
        for (text, name) in [
            ("Airstrikes on Saraqib in January.", "Saraqib"), ("Fighters advanced on Tal Abyad on Monday.", "Tal Abyad"),
            ("The assault on Afrin began.", "Afrin"),
        ] {
            let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
            let place = try #require(mentions.first { $0.text == name }?.place, "\(text): \(mentions.map(\.text))")
            #expect(place.countryCode == "SY", "\(text): \(place.name)")
        }
        let none = extractor.mentions(in: ArticleText(source: "test", text: "He posted on Facebook on Monday."))
        #expect(none.isEmpty, "\(none.map(\.text))")
    }
}
