import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import Foundation
import Testing

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let gazetteer = try! Gazetteer(contentsOf: repository.appendingPathComponent("Gazetteer/gazetteer.bin").path)
let extractor = try! MentionExtractor(gazetteer: gazetteer, gazetteerPath: repository.appendingPathComponent("Gazetteer/gazetteer.bin").path)

func seedMentions(_ file: String) throws -> (article: ArticleText, mentions: [PlaceMention]) {
    let article = try ArticleText.load(path: repository.appendingPathComponent("seeds/\(file)").path)
    return (article, extractor.mentions(in: article))
}

/// Our annotation of the seeds: every place an analyst marks, with the GeoNames id it must resolve
/// to (countries by ISO code), and words that must never come out as places.
struct SeedAnnotation: Sendable, CustomStringConvertible {
    var file: String
    /// Name as written → GeoNames id (or an ISO country code as a string).
    var places: [String: String]
    var notPlaces: [String]
    var description: String { file }
}

let seedAnnotations: [SeedAnnotation] = [
    // "Idlib" in 000 is the province, as in 001: the article names "Syria's northwestern Idlib
    // province" and then "action now taking place in Idlib", "Reyhanli bordering Idlib" (the
    // province borders Turkey; the city lies 30 km from the border).
    SeedAnnotation(
        file: "000_751ddffc6b998537.txt",
        places: [
            "Turkey": "TR", "Russian Federation": "RU", "Syria": "SY", "Idlib": "169387", "USA": "US", "Iran": "IR",
            "Ankara": "323786", "Reyhanli": "302355", "Cilvegozu": "900000001", "Russia": "RU", "Beirut": "276781",
            "Astana": "1526273", "Geneva": "2660646",
        ],
        notPlaces: ["Euphrates Shield", "Free Syrian Army", "Tahrir Al Sham", "Toran Centre", "Anadolu", "NTV", "Kurdish", "Erdogan", "Latest News"]),
    SeedAnnotation(
        file: "001_91c39bf00917f0ef.txt",
        places: [
            "Ankara": "323786", "Russia": "RU", "Iran": "IR", "Syria": "SY", "Idlib": "169387", "Turkey": "TR",
            "Aleppo": "170063", "Moscow": "524901", "Tehran": "112931", "Cilvegozu": "900000001",
        ],
        notPlaces: ["Euphrates Shield", "Free Syrian Army", "Tahrir al-Sham", "TV7", "Erdogan"]),
    SeedAnnotation(
        file: "002_de84281268a453a0.txt",
        places: [
            "Russia": "RU", "Syria": "SY", "Washington": "4140963", "Turkey": "TR", "Ankara": "323786", "Ain Issa": "172134",
            "Moscow": "524901", "Damascus": "170654",
        ],
        notPlaces: ["Ukraine", "UNITED24", "Iran Press TV", "GlobalSecurity.org", "YPG", "Daesh", "PM"]),
    SeedAnnotation(
        file: "003_ed159df698bcbf12.txt",
        places: [
            "Turkey": "TR", "Syria": "SY", "Damascus": "170654", "Jarablus": "169179", "US": "US", "Karkamis": "309134",
            "Gaziantep": "314830", "Ankara": "323786", "Hasaka": "173811", "Manbij": "167357", "U.S.": "US", "Washington": "4140963",
            "Russia": "RU", "Moscow": "524901",
        ],
        notPlaces: [
            "Islamic State", "CNN Turk", "NTV", "AFP", "FRANCE 24", "REUTERS", "Kurdistan Workers Party", "PKK", "YPG",
            "Syria Democratic Forces", "Skip to main content", "Page not found", "European Union",
        ]),
    SeedAnnotation(
        file: "004_87a7574e53a6f7ba.txt",
        places: [
            "Turkey": "TR", "U.S.": "US", "Syria": "SY", "Ankara": "323786", "USA": "US", "Raqqa": "172955", "Gaziantep": "314829",
            "Jarabulus": "169179", "Moscow": "524901", "United States": "US", "Aleppo": "170063",
        ],
        notPlaces: ["Islamic State", "Telegram", "Obama", "Erdogan", "Putin", "Daesh", "PKK", "PYD", "YPG", "Advertisement", "Share", "ISIL"]),
]

@Suite("Place mentions in the seed articles")
struct SeedMentionTests {
    @Test(arguments: seedAnnotations)
    func everyAnnotatedPlaceIsFoundAndResolved(annotation: SeedAnnotation) throws {
        let (article, mentions) = try seedMentions(annotation.file)
        for (name, expected) in annotation.places.sorted(by: { $0.key < $1.key }) {
            let found = mentions.filter { $0.text == name }
            #expect(!found.isEmpty, "\(annotation.file): '\(name)' not found")
            for mention in found {
                let got = mention.place.map { $0.kind == .country ? $0.countryCode : String($0.geonameid) } ?? "nil"
                #expect(got == expected, "\(annotation.file): '\(name)' at \(mention.start) resolved to \(mention.place?.name ?? "nothing") (\(got)): \(mention.reason)")
            }
        }
        // Every occurrence in the text is found: the annotation counts names, the extractor finds them all.
        let scalars = Array(article.text.unicodeScalars)
        for mention in mentions {
            #expect(String(String.UnicodeScalarView(scalars[mention.start..<mention.end])) == mention.text, "offsets of \(mention.text)")
        }
    }

    @Test(arguments: seedAnnotations)
    func boilerplateAndNamesThatAreNotPlacesYieldNothing(annotation: SeedAnnotation) throws {
        let (article, mentions) = try seedMentions(annotation.file)
        for name in annotation.notPlaces {
            let clash = mentions.filter { m in
                // A mention inside the not-place name, wherever the name occurs.
                var ranges: [Range<Int>] = []
                var search = article.text.unicodeScalars.startIndex
                let scalars = article.text.unicodeScalars
                while let r = article.text[search...].range(of: name) {
                    let start = scalars.distance(from: scalars.startIndex, to: r.lowerBound)
                    ranges.append(start..<(start + name.unicodeScalars.count))
                    search = r.upperBound
                }
                return ranges.contains { $0.lowerBound < m.end && m.start < $0.upperBound }
            }
            #expect(clash.isEmpty, "\(annotation.file): '\(name)' gave \(clash.map { "\($0.text) → \($0.place?.name ?? "-")" })")
        }
        // Nothing at all from boilerplate lines.
        for mention in mentions { #expect(!article.boilerplate.contains { $0.contains(mention.start) }, "\(mention.text) from boilerplate") }
    }

    @Test func rolesSayWhoSpeaksAndWhereFrom() throws {
        let (_, seed0) = try seedMentions("000_751ddffc6b998537.txt")
        #expect(seed0.first { $0.text == "Beirut" }?.role == .reportingLocation)
        #expect(seed0.first { $0.text == "Reyhanli" }?.role == .place)
        let (_, seed3) = try seedMentions("003_ed159df698bcbf12.txt")
        // "Damascus swiftly condemned the military operation".
        #expect(seed3.first { $0.text == "Damascus" }?.role == .metonym)
        #expect(seed3.filter { $0.text == "Jarablus" }.allSatisfy { $0.role == .place })
    }

    @Test func demonymsAreMentionsOfTheirCountry() throws {
        let text = "Israeli jets struck targets as Palestinians protested; Lebanese and Iraqi officials condemned it. Kurdish fighters held the line."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let demonyms = mentions.filter { $0.role == .demonym }
        // Adjectives and plurals name their country; a people without a state ("Kurdish") names none.
        #expect(demonyms.map(\.text) == ["Israeli", "Palestinians", "Lebanese", "Iraqi"])
        #expect(demonyms.map { $0.place?.countryCode } == ["IL", "PS", "LB", "IQ"])
        #expect(demonyms.allSatisfy { $0.place?.kind == .country && $0.reason.contains("demonym") })
        // Offsets cover the word as written.
        for m in demonyms { #expect(String(String.UnicodeScalarView(Array(text.unicodeScalars)[m.start..<m.end])) == m.text) }
        // In a seed, a demonym is a mention of its own kind, never a place or a metonym.
        let (_, seed3) = try seedMentions("003_ed159df698bcbf12.txt")
        #expect(seed3.filter { $0.text == "Turkish" }.allSatisfy { $0.role == .demonym && $0.place?.countryCode == "TR" })
        #expect(seed3.contains { $0.text == "Syrian" && $0.role == .demonym })
    }

    /// The conflict's geography: regions, sites, camps and macro-regions are places of their own kind.
    @Test func regionsSitesAndCampsOfTheConflict() throws {
        let text =
            "Government forces shelled towns in Eastern Ghouta and the Qalamoun on Sunday, while Russian jets took off from Hmeimim. "
            + "Families were moved to al-Hol camp, and US troops at Tabqa Air Base were put on alert. "
            + "The fighting could spread across the Levant and the wider Middle East, from the Golan Heights to Anatolia."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        func kind(_ name: String) -> PlaceKind? { mentions.first { $0.text == name }?.place?.kind }
        #expect(kind("Eastern Ghouta") == .region && kind("Qalamoun") == .region && kind("Golan Heights") == .region)
        #expect(kind("Hmeimim") == .militarySite && kind("Tabqa Air Base") == .militarySite)
        #expect(kind("al-Hol") == .camp)
        #expect(kind("Levant") == .macroRegion && kind("Middle East") == .macroRegion && kind("Anatolia") == .macroRegion)
        // Regions are in their country; none of them is a look-alike abroad (Qalamoun is not Karaman,
        // the Levant not Luanda, Anatolia not Antalya).
        let ghouta = try #require(mentions.first { $0.text == "Eastern Ghouta" }?.place)
        #expect(ghouta.countryCode == "SY" && ghouta.admin1 == "Rif Dimashq")
        #expect(ghouta.eventMapID != nil && ghouta.geoNamesID == nil)
        // Within 15 km of Douma, the town the point is taken from (GeoNames 170592).
        let douma = try #require(gazetteer.place(geonameid: 170592))
        #expect(Gazetteer.sphericalKilometres(ghouta.coordinate, douma.coordinate) < 15)
        // Turkmen Mountain, in English and Arabic, is the range north-east of Latakia (GeoNames
        // 173576), not Torkamān in Iran.
        let latakia = try #require(gazetteer.place(geonameid: 173576))
        for (text, language) in [
            ("Russian jets struck rebel positions in Jabal al-Turkman in the northern Latakia countryside.", ArticleLanguage.english),
            ("استهدف قصف مماثل قرية عين عيسى في جبل التركمان بريف اللاذقية الشمالي الشرقي.", .arabic),
        ] {
            let range = extractor.mentions(in: ArticleText(source: "test", text: text, language: language)).first { $0.place?.kind == .region }
            let place = try #require(range?.place, "\(text)")
            #expect(place.countryCode == "SY" && place.admin1 == "Latakia Governorate" && Gazetteer.sphericalKilometres(place.coordinate, latakia.coordinate) < 40)
        }
    }

    /// The villages, towns and sites of the front lines that GeoNames' cities500 lacks are found
    /// where they are: each point is checked against a GeoNames town nearby, not against the
    /// curated table it comes from.
    @Test func villagesAndSitesOfTheFrontLines() throws {
        let text =
            "Government forces shelled Kafr Nabudah and Hobait, and displaced families fled to Atmeh near the border. "
            + "The last Islamic State pocket at Baghuz fell after weeks of fighting. "
            + "Israeli strikes hit Khiam on Tuesday, and US troops at al-Tanf were attacked with drones. "
            + "Turkish jets struck Qandil. A car bomb exploded in Sayyida Zaynab, south of Damascus. "
            + "Airstrikes hit Sarmada and Kansafra, and clashes were reported near Qasr Abu Samrah. "
            + "Islamic State cells in the Hamrin mountains attacked an army post. "
            + "Trucks crossed at Semalka into Iraq. Peshmerga retook Zummar, and mortars hit Jobar in eastern Damascus. "
            + "Islamic State executed civilians in Hammam al-Alil, and Iraqi forces broke the siege of Amerli. "
            + "Government forces broke the siege of Nubl and Zahraa north of Aleppo. "
            + "Shells fell in Kafr Naya, and government forces retook Tell Touqan. "
            + "Yazidi families returned to Snune, militants attacked Dhuluiyah, and a bomb exploded in Latifiyah. "
            + "The SDF captured Gharanij, and shells hit Hayaleen. Turkish-backed factions shelled Tal Halaf, and an airstrike hit al-Hameh."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        /// Each name, the country it is in, and a GeoNames town with the greatest distance (km) it may lie from it.
        let expected: [(name: String, country: String, near: Int, km: Double)] = [
            ("Kafr Nabudah", "SY", 168620, 12),  // Kafr Zita
            ("Hobait", "SY", 168325, 15),  // Khan Shaykhun
            ("Atmeh", "SY", 169190, 15),  // Jindayris
            ("Baghuz", "SY", 174448, 10),  // Albu Kamal
            ("Khiam", "LB", 276592, 30),  // Bint Jbeil
            ("Sayyida Zaynab", "SY", 170654, 12),  // Damascus
            ("al-Tanf", "SY", 174448, 260),  // Albu Kamal, the nearest Syrian town of the gazetteer's on the Iraq border
            ("Sarmada", "SY", 174259, 10),  // Ad Dana
            ("Kansafra", "SY", 168661, 15),  // Kafranbel
            ("Qasr Abu Samrah", "SY", 170017, 40),  // Hama
            ("Hamrin", "IQ", 97783, 40),  // Baiji
            ("Semalka", "SY", 173530, 25),  // Al-Malikiyah (21 km west)
            ("Zummar", "IQ", 90393, 40),  // Tal Afar
            ("Jobar", "SY", 170654, 5),  // Damascus
            ("Hammam al-Alil", "IQ", 99072, 30),  // Mosul
            ("Amerli", "IQ", 90026, 25),  // Tuz Khurmatu
            ("Zahraa", "SY", 166331, 5),  // Nubl
            ("Kafr Naya", "SY", 163476, 10),  // Tall Rif'at (6 km)
            ("Tell Touqan", "SY", 164816, 20),  // Saraqib (14 km)
            ("Snune", "IQ", 448149, 30),  // Sinjar (21 km)
            ("Dhuluiyah", "IQ", 91597, 40),  // Samarra (33 km)
            ("Latifiyah", "IQ", 99100, 15),  // Mahmudiyah (9 km)
            ("Gharanij", "SY", 174448, 50),  // Albu Kamal (41 km)
            ("Hayaleen", "SY", 170017, 45),  // Hama (37 km)
            ("Tal Halaf", "SY", 165509, 10),  // Ras al-Ain (5 km)
            ("al-Hameh", "SY", 170654, 12),  // Damascus (8 km)
        ]
        for item in expected {
            let place = try #require(mentions.first { $0.text == item.name }?.place, "\(item.name) not found")
            #expect(place.countryCode == item.country, "\(item.name) in \(place.countryCode)")
            #expect(place.eventMapID != nil && place.geoNamesID == nil, "\(item.name) is a curated place, not a GeoNames id")
            let town = try #require(gazetteer.place(geonameid: item.near))
            let km = Gazetteer.sphericalKilometres(place.coordinate, town.coordinate)
            #expect(km < item.km, "\(item.name) lies \(km) km from \(town.name)")
        }
        #expect(mentions.first { $0.text == "Qandil" }?.place.map { ($0.countryCode, $0.kind) } ?? ("", .country) == ("IQ", .region))
        // A name GeoNames has under another spelling is an alias of GeoNames' place, not a second place.
        for (spelling, id) in [("Rajo", 165571), ("Jinderes", 169190)] {
            let found = extractor.mentions(in: ArticleText(source: "test", text: "Shelling hit \(spelling) in Afrin district."))
            #expect(found.first { $0.text == spelling }?.place?.geonameid == id, "\(spelling)")
        }
    }

    /// A name followed by a facility noun is looked up with it: "the Tishrin dam" (a name unknown
    /// alone), "the Tabqa dam" (the dam, not the town of Tabqa), "the Omar oil field"; a place
    /// without such a name is still found by its name ("Newark airport", "Tabqa" alone).
    @Test func facilitiesAreFoundByTheirNoun() throws {
        let text = "Drones hit the Tishrin dam and the Tabqa dam, and rockets struck the Omar oil field near Mayadin."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        func place(_ name: String) -> Place? { mentions.first { $0.text == name }?.place }
        #expect(place("Tishrin")?.name == "Tishrin Dam" && place("Tishrin")?.kind == .militarySite)
        #expect(place("Tabqa")?.name == "Tabqa Dam" && place("Tabqa")?.kind == .militarySite)
        #expect(place("Omar")?.name == "Al-Omar oil field")
        // Within 40 km of the towns they are named after or beside (GeoNames: Al-Tabqa, Al Mayadin).
        let tabqa = try #require(gazetteer.place(geonameid: 172374)), mayadin = try #require(gazetteer.place(geonameid: 173480))
        #expect(Gazetteer.sphericalKilometres(try #require(place("Tabqa")).coordinate, tabqa.coordinate) < 40)
        #expect(Gazetteer.sphericalKilometres(try #require(place("Omar")).coordinate, mayadin.coordinate) < 40)
        let town = extractor.mentions(in: ArticleText(source: "test", text: "Families returned to Tabqa. Flights resumed at Newark airport."))
        #expect(town.first { $0.text == "Tabqa" }?.place?.geonameid == 172374)
        #expect(town.first { $0.text == "Newark" }?.place?.countryCode == "US")
    }

    /// A short name is a name with its facility noun, and a designator with a hyphen is one word:
    /// "the T-4 airbase" and "the T4 air base" are the Tiyas airbase; "US-24" is a road's number,
    /// not the United States, and "T-4" alone is nothing.
    @Test func shortNamesWithTheirFacilityNoun() {
        let text = "Israeli jets struck the T-4 airbase in Homs province. Missiles hit the T4 air base again. Work on the US-24 corridor began."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        #expect(mentions.first { $0.text == "T-4" }?.place?.name == "Tiyas Air Base")
        #expect(mentions.first { $0.text == "T4" }?.place?.name == "Tiyas Air Base")
        #expect(!mentions.contains { $0.text == "US" || $0.text == "T" })
        let alone = extractor.mentions(in: ArticleText(source: "test", text: "The T-4 tank rolled past."))
        #expect(!alone.contains { $0.place?.name == "Tiyas Air Base" })
    }

    /// A mention's reason names the context extraction used (the article's countries, the centre
    /// of its other places), not `resolve`'s options, which the user never gave.
    @Test func reasonsNameTheArticlesContext() {
        let text = "Turkish-backed fighters entered Jarablus. Shelling hit Manbij and Kobani, and Ankara denied it."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        #expect(!mentions.isEmpty)
        #expect(!mentions.contains { $0.reason.contains("--near") || $0.reason.contains("focus region") })
        let manbij = mentions.first { $0.text == "Manbij" }
        #expect(manbij?.reason.contains("km from the centre of the article's other places") == true)
        #expect(manbij?.reason.contains("in a country of the article (SY)") == true)
    }

    /// The generic word of an Arabic place name the gazetteer does not know ("Khan Tuman",
    /// "Tal Sheer") is not a place by itself, nor is the word after it; a known name with the
    /// same generic still is.
    @Test func aGenericBeforeAnUnknownNameIsNoPlace() throws {
        let text = "Clashes continued near Khan Tuman and Tal Sheer in the Aleppo countryside, and jets struck Khan Shaykhun."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        #expect(!mentions.contains { ["Khan", "Tuman", "Tal", "Sheer"].contains($0.text) })
        #expect(mentions.first { $0.text == "Khan Shaykhun" }?.place?.countryCode == "SY")
        #expect(mentions.contains { $0.text == "Aleppo" })
        // A spelling variant that opens with a generic is still recognised as a variant of the whole
        // name: the generic alone ("Maarat") is no shorter name that rules the variant out.
        let variantText = "Syrian government forces advanced near Maarat al-Nouman."
        let names = extractor.rankingExamples(in: ArticleText(source: "test", text: variantText))
        let variant = try #require(names.first { $0.start == 39 && $0.end == 55 }, "Maarat al-Nouman is not recognised")
        #expect(variant.candidates.contains { $0.place.geonameid == 167611 })
    }

    /// A title that opens a place's name ("Sheikh" of Sheikh Maqsood) does not hide the place
    /// as a person, while a title before a person still does.
    @Test func aTitleThatOpensAPlaceNameIsNoTitle() {
        let text = "Shells hit Sheikh Maqsoud in Aleppo, and Sheikh Hassan Nasrallah spoke from Beirut."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        #expect(mentions.first { $0.text == "Sheikh Maqsoud" }?.place?.geonameid == 900_000_312)
        #expect(!mentions.contains { $0.text.contains("Hassan") || $0.text.contains("Nasrallah") })
    }

    /// A connector left over after a name does not start the next one: "Idlib as Syrian forces"
    /// names Idlib and the demonym "Syrian", with the demonym's own offsets.
    @Test func aConnectorAfterANameStartsNothing() {
        let text = "Clashes near Idlib as Syrian forces shelled the town."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        #expect(mentions.map(\.text) == ["Idlib", "Syrian"])
        let syrian = mentions.last
        #expect(syrian?.role == .demonym && syrian?.start == 22 && syrian?.end == 28)
    }

    /// A plural kind after a list of names is the kind of each ("Homs and Aleppo Governorates"),
    /// and nothing else: a verb between them breaks the list.
    @Test func coordinatedNamesShareTheirKind() throws {
        func kinds(_ text: String) -> [String] {
            extractor.mentions(in: ArticleText(source: "test", text: text)).map { "\($0.text)=\($0.place?.kind.description ?? "-")" }
        }
        #expect(kinds("Fighting spread across Homs and Aleppo Governorates on Tuesday.") == ["Homs=division", "Aleppo=division"])
        #expect(kinds("Shelling hit Idlib, Hama and Latakia provinces.") == ["Idlib=division", "Hama=division", "Latakia=division"])
        #expect(kinds("Shelling hit Idlib, Hama provinces.") == ["Idlib=division", "Hama=division"])
        #expect(kinds("Homs and Aleppo are cities in Syria.") == ["Homs=populated place", "Aleppo=populated place", "Syria=country"])
        // One name before a plural kind is where they are: "Texas cities" are cities in Texas.
        #expect(kinds("The state paid Texas cities and counties on Friday.") == ["Texas=division"])
    }

    /// A spelling variant of a town near home is found and resolved there: two or more words after
    /// a preposition, no shorter name known as written, held to the variant's bar.
    @Test func aVariantSpellingNearHome() throws {
        let text = "Clashes erupted near Tal Abiad and Suluk on Monday as fighters advanced from Ain Issa."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let tal = try #require(mentions.first { $0.text == "Tal Abiad" }?.place)
        #expect(tal.geonameid == 163750 && tal.countryCode == "SY")
        // Without a preposition or head, an unknown two-word phrase is not guessed at.
        #expect(extractor.mentions(in: ArticleText(source: "test", text: "Tal Abiad Brown said so.")).isEmpty)
    }

    @Test func qualifiersPickTheKindOfPlace() throws {
        // "Syria's northern Idlib province" is the governorate; "Gaziantep province" too; "Hasaka city" the city.
        let (_, seed1) = try seedMentions("001_91c39bf00917f0ef.txt")
        #expect(seed1.first { $0.text == "Idlib" }?.place?.kind == .division)
        let (_, seed4) = try seedMentions("004_87a7574e53a6f7ba.txt")
        #expect(seed4.first { $0.text == "Gaziantep" }?.place?.kind == .division)
        let (_, seed3) = try seedMentions("003_ed159df698bcbf12.txt")
        #expect(seed3.first { $0.text == "Hasaka" }?.place?.kind == .populatedPlace)
        // "the Turkish town of Karkamis": the adjective is evidence.
        #expect(seed3.first { $0.text == "Karkamis" }?.reason.contains("TR") == true)
    }

    @Test func htmlIsStrippedAndAnUnresolvableNameLosesNothingElse() throws {
        let html = """
            <html><head><title>Clashes</title><script>var Aleppo = 1;</script></head><body><nav>Home | Damascus bureau</nav>
            <p>Shelling hit the town of Ariha and Qwxzlbrg village near Idlib on Tuesday, &amp; residents fled to Sarmada.</p>
            <footer>Advertisement</footer></body></html>
            """
        let article = ArticleText(source: "test.html", text: html, html: true)
        let mentions = extractor.mentions(in: article)
        let names = mentions.map(\.text)
        #expect(names.contains("Ariha") && names.contains("Idlib"), "\(names)")
        #expect(!names.contains("Aleppo") && !names.contains("Damascus"), "script and nav are not the article: \(names)")
        #expect(!article.text.contains("<p>") && article.text.contains("& residents"))
    }

    @Test func unreadableFilesAreReportedNotFatal() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventmap-extract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.txt"), empty = directory.appendingPathComponent("empty.txt")
        try Data([0xFF, 0xFE, 0x41]).write(to: bad)
        try Data().write(to: empty)
        #expect(throws: ExtractionError.unreadable(path: bad.path, reason: "not UTF-8 text")) { try ArticleText.load(path: bad.path) }
        #expect(throws: ExtractionError.unreadable(path: empty.path, reason: "the file is empty")) { try ArticleText.load(path: empty.path) }
    }
}

/// Names that agree settle on one place: a local paper's towns, county and state.
@Suite("Document context: names that can lie in one division")
struct AgreeingNamesTests {
    @Test func townCountyAndStateAgree() throws {
        let text =
            "Gainesville police said the crash closed two lanes, deputies in Hall County said. "
            + "Officials in Georgia will meet on Monday in Gainesville."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let towns = mentions.filter { $0.text == "Gainesville" }
        #expect(!towns.isEmpty)
        for town in towns { #expect(town.place?.admin1 == "Georgia", "\(town.place?.name ?? "-") in \(town.place?.admin1 ?? "-")") }
        let georgia = try #require(mentions.first { $0.text == "Georgia" })
        #expect(georgia.place?.countryCode == "US")
        #expect(towns.first?.reason.contains("other name") == true)
    }
}

/// Names of one rank in a list, a state's own name against a county's or a town's, a country
/// against its own division.
@Suite("Document context: states, counties and countries of the same name")
struct SameNameTests {
    func placeMentions(_ text: String) -> [PlaceMention] { extractor.mentions(in: ArticleText(source: "test", text: text)) }

    @Test func aListOfStatesIsNotTownCommaState() throws {
        let text =
            "Cases were confirmed in Alaska, Alabama, Colorado, Georgia, Ohio, Oregon, Texas and Wyoming, "
            + "health officials in the United States said."
        let mentions = placeMentions(text)
        for name in ["Alaska", "Colorado", "Georgia", "Ohio", "Oregon", "Texas"] {
            let mention = try #require(mentions.first { $0.text == name }, "\(name) found")
            #expect(
                mention.place?.kind == .division && mention.place?.countryCode == "US",
                "\(name) -> \(mention.place?.name ?? "-") (\(mention.place.map { "\($0.kind)" } ?? "-")) in \(mention.place?.admin1 ?? "-")")
            #expect(!mention.reason.contains("as the query says"), "\(name): \(mention.reason)")
        }
        // The state's own coordinates, not the town of Oregon, Ohio (2,600 km east).
        let oregon = try #require(mentions.first { $0.text == "Oregon" }?.place)
        #expect(oregon.coordinate.longitude < -118 && oregon.coordinate.longitude > -123)
    }

    /// A small town with its state names the small town, not the world city of that name, also
    /// when the state is the text's last word and when the two areas are of different countries.
    @Test func aSmallTownWithItsStateIsNotTheCapital() throws {
        let prague = try #require(placeMentions("He lives in Prague, Oklahoma.").first { $0.text == "Prague" }?.place)
        #expect(prague.countryCode == "US" && prague.admin1 == "Oklahoma" && prague.kind == .populatedPlace)
        let ocala = try #require(placeMentions("The storm hit Ocala, Florida").first { $0.text == "Ocala" }?.place)
        #expect(ocala.countryCode == "US")
    }

    @Test func aTownCommaStateStillQualifies() throws {
        let mentions = placeMentions("The plant in Kansas City, Missouri, closed on Friday.")
        let city = try #require(mentions.first { $0.text == "Kansas City" }?.place)
        #expect(city.admin1 == "Missouri")
    }

    /// Small towns come in where the article names their state or several names agree on it.
    @Test func smallTownsOfTheArticlesState() throws {
        let local = "Deputies from Gainesville and Ocala searched homes in Chiefland on Monday, the Florida sheriff said."
        let town = try #require(placeMentions(local).first { $0.text == "Chiefland" }?.place)
        #expect(town.admin1 == "Florida" && town.countryCode == "US")
        let elsewhere = "Officials in Chiefland met on Monday, a spokesman in London said."
        #expect(placeMentions(elsewhere).allSatisfy { $0.text != "Chiefland" })
    }

    /// "New York" is the state's own name and only another name of the city ("New York City").
    @Test func aStatesOwnNameBeforeACitysOtherName() throws {
        let text = "Health officials in New York confirmed two cases; a school in New York City closed."
        let mentions = placeMentions(text)
        let state = try #require(mentions.first { $0.text == "New York" }?.place)
        #expect(state.kind == .division && state.countryCode == "US")
        let city = try #require(mentions.first { $0.text == "New York City" }?.place)
        #expect(city.kind == .populatedPlace && city.admin1 == "New York")
    }

    /// A name is not its own evidence: "Paris" does not make France "named in the article".
    @Test func aNameIsNotItsOwnEvidence() throws {
        let text = "Police in Paris said the suspect was arrested in Dallas on Friday."
        let paris = try #require(placeMentions(text).first { $0.text == "Paris" }?.place)
        #expect(paris.countryCode == "US" && paris.admin1 == "Texas", "\(paris.name), \(paris.admin1), \(paris.countryCode)")
    }

    /// A world city named in a story from elsewhere keeps its sense against a small namesake in a
    /// country the story names in passing or in the same sentence.
    @Test func worldCitiesInForeignNews() throws {
        let text =
            "Turkish troops entered Idlib in Syria on Monday. Talks brokered by Russia, Iran and Turkey run "
            + "in parallel to UN-backed discussions in Geneva. U.S. officials made no comment. "
            + "The Russian Foreign Ministry said that Moscow has grave concern about the advance."
        let mentions = placeMentions(text)
        #expect(mentions.first { $0.text == "Geneva" }?.place?.countryCode == "CH")
        let moscow = try #require(mentions.first { $0.text == "Moscow" })
        #expect(moscow.place?.countryCode == "RU", "\(moscow.reason)")
    }

    @Test func aCountryIsNotItsOwnDivisionOrCapital() throws {
        let text = "Officials in Mexico closed schools in Mexico City. Over 1,300 people in Mexico have been treated."
        let mentions = placeMentions(text)
        for mention in mentions where mention.text == "Mexico" {
            #expect(mention.place?.kind == .country && mention.place?.countryCode == "MX", "\(mention.place?.name ?? "-")")
        }
        #expect(mentions.first { $0.text == "Mexico City" }?.place?.kind == .capital)
    }
}
