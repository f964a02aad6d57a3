import EventMapExtraction
import Foundation
import Testing

let interactionCoder = try! InteractionCoder(mentions: extractor, curatedDirectory: repository.appendingPathComponent("Gazetteer/curated").path)

/// Who did what to whom in sentences written for these tests (PLOVER categories, actors coded
/// by country: ISO alpha-3, IGO or NGO).
@Suite("Who did what: PLOVER categories and actors")
struct InteractionTests {
    func code(_ text: String) throws -> Interaction {
        try #require(interactionCoder.interactions(in: ArticleText(source: "test", text: text)).first)
    }

    @Test func demonymWithSectorNounIsAnActor() throws {
        let i = try code("Hungarian officials condemned the shelling of villages by the Serbian army on Monday.")
        #expect(i.category == .disapprove)
        #expect(i.sources.map(\.name) == ["Government of Hungary"])
        #expect(i.sources.map(\.code) == ["HUN"])
        #expect(i.targets.contains { $0.code == "SRB" && $0.name == "Military Forces of Serbia" })
    }

    @Test func compoundSourcesAndCountryTargets() throws {
        let i = try code("Greece and Turkey signed a trade agreement with Egypt in Ankara.")
        #expect(i.category == .agree)
        #expect(Set(i.sources.map(\.code)) == ["GRC", "TUR"])
        #expect(i.targets.first?.code == "EGY")
    }

    @Test func promisesAreAgreementsAndAnnouncedForceIsAThreat() throws {
        let aid = try code("The United Nations will provide food aid to refugees in Liberia.")
        #expect(aid.category == .agree)
        #expect(aid.sources.map(\.code) == ["IGO"])
        let threat = try code("Russia would shell the border villages, Russian officials said.")
        #expect(threat.category == .threaten)
        #expect(threat.sources.first?.code == "RUS")
    }

    @Test func passiveVoiceSwapsSourceAndTarget() throws {
        let i = try code("A Kurdish convoy was attacked by Turkish warplanes near Afrin.")
        #expect(i.category == .fight)
        #expect(i.sources.map(\.name) == ["Military Forces of Turkey"])
    }

    @Test func curatedActorsCarryTheirCountry() throws {
        let i = try code("Russian military police arrested two men in Ain Issa.")
        #expect(i.category == .coerce)
        #expect(i.sources.first?.name == "Police Forces of Russia")
        #expect(i.sources.first?.code == "RUS")
    }

    @Test func sentencesWithoutAnActAreNotCoded() {
        #expect(interactionCoder.interactions(in: ArticleText(source: "test", text: "The weather in Damascus was mild on Sunday.")).isEmpty)
    }
}

@Suite("Event actors beyond the curated table")
struct GenericActorTests {
    @Test func stateForcesByDemonymAndSectorNoun() throws {
        let article = ArticleText(source: "test", text: "Iraqi forces shelled the town of Tal Afar on Monday, 3 March 2014, and clashed with Islamic State fighters.")
        let events = coder.events(in: article, published: nil)
        let shelling = try #require(events.first { $0.subEventType == "Shelling/artillery/missile attack" })
        #expect(shelling.actor1 == "Military Forces of Iraq")
        #expect(shelling.place.name.contains("Afar"))
        let clash = try #require(events.first { $0.eventType == "Battles" })
        #expect(clash.actor1 == "Military Forces of Iraq" || clash.actor2 == "Military Forces of Iraq")
        #expect(clash.actor1 == "Islamic State" || clash.actor2 == "Islamic State")
    }
}
