import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import Foundation
import Testing

/// Villages the gazetteer lacks that the text names as settlements: found, placed at the place
/// the text puts them in, and marked unlisted.
@Suite("Places the gazetteer lacks")
struct UnlistedPlaceTests {
    /// Hama villages of the 2004 census that GeoNames' cities500 does not list.
    static let villages = ["Jarjisa", "Birat al-Jurd", "Umm al-Tuyour"]

    @Test func theVillagesAreNotInTheGazetteer() throws {
        // (At most a spelling variant of somewhere else: "Zarzis" for "Jarjisa".)
        for name in Self.villages {
            let candidates = try gazetteer.resolve(name, options: ResolveOptions(focusCountries: ["SY"], limit: 5))
            #expect(candidates.allSatisfy { $0.matchLevel == .variant && $0.place.countryCode != "SY" }, "\(name): \(candidates.map(\.place.name))")
        }
    }

    @Test func aVillageNamedAsOneIsPlacedWhereTheTextPutsIt() {
        let text =
            "Rebels shelled the village of Jarjisa, south-west of Hama, on Monday. Government forces entered the villages of "
            + "Birat al-Jurd and Umm al-Tuyour in Hama province. Residents of Jarjisa fled north."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let unlisted = mentions.filter(\.unlisted)
        #expect(unlisted.map(\.text) == ["Jarjisa", "Birat al-Jurd", "Umm al-Tuyour", "Jarjisa"])
        // "south-west of Hama": wherever "Hama" there resolved; "in Hama province": the governorate.
        let hama = mentions.filter { $0.text == "Hama" }
        let jarjisa = unlisted.filter { $0.text == "Jarjisa" }
        // (Hama the city, or the governorate as one sense per article reads a bare "Hama" beside
        // "Hama province"; in either case the place the text's "Hama" is.)
        #expect(jarjisa.count == 2 && jarjisa.allSatisfy { [170017, 170015].contains($0.place?.geonameid) && $0.role == .place })
        #expect(jarjisa.allSatisfy { $0.place?.geonameid == hama.first?.place?.geonameid })
        for name in ["Birat al-Jurd", "Umm al-Tuyour"] {
            let place = unlisted.first { $0.text == name }?.place
            #expect(place?.kind == .division && place?.geonameid == 170015, "\(name): \(String(describing: place))")
        }
        // Offsets cover the name as written; the reason says what the point stands for.
        for m in unlisted {
            #expect(String(String.UnicodeScalarView(Array(text.unicodeScalars)[m.start..<m.end])) == m.text)
            #expect(m.reason.contains("no place of the gazetteer has the name") && m.reason.contains("placed at"))
        }
        // The places the gazetteer knows are not marked.
        #expect(mentions.filter { $0.text == "Hama" }.count == 2 && mentions.filter { $0.text == "Hama" }.allSatisfy { !$0.unlisted })
        // Outputs carry the mark.
        #expect(unlisted[0].feature.properties["unlisted"] == .bool(true))
        #expect(mentions.first { $0.text == "Hama" }?.feature.properties["unlisted"] == .bool(false))
    }

    @Test func theCountryOfADemonymContainsAVillage() {
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: "Shells fell on the northern Syrian village of Jarjisa overnight."))
        let jarjisa = mentions.first { $0.text == "Jarjisa" }
        #expect(jarjisa?.unlisted == true && jarjisa?.place?.kind == .country && jarjisa?.place?.countryCode == "SY")
        // Who holds it may stand between ("rebel-held" is folded to "rebel held").
        let held = extractor.mentions(in: ArticleText(source: "test", text: "Shells hit the Syrian rebel-held village of Jarjisa overnight."))
        #expect(held.first { $0.text == "Jarjisa" }?.place?.geonameid == 163843)
    }

    @Test func aQuarterIsPlacedAtItsCityAndATownNounBeforeOfIsNot() {
        // "the X district of Y": Y holds X. "the X town of Y": X holds Y (Y is the name).
        let text = "Regime forces advanced in the Bustan al-Basha district of Aleppo. Four died in the Urals town of Pervouralsk."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let quarter = mentions.first { $0.text == "Bustan al-Basha" }
        #expect(quarter?.unlisted == true && quarter?.place?.geonameid == 170063, "\(String(describing: quarter))")
        #expect(!mentions.contains { $0.text == "Urals" && $0.unlisted })
    }

    @Test func aTurkishVillageIsPlacedAtThePlaceBeforeIt() {
        // Turkish names the holding place first: "Akçakale ilçesine bağlı Yürüyenler köyüne".
        let text =
            "Şanlıurfa'nın Akçakale ilçesine bağlı Yürüyenler köyüne roket düştü. Suriye'nin kuzeyindeki Tel Abyad'a bağlı "
            + "Süleyman Şah köyünde çatışma çıktı."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text, language: .turkish))
        let village = mentions.first { $0.text == "Yürüyenler" }
        #expect(village?.unlisted == true && village?.place?.geonameid == 324944)  // Akçakale
        #expect(village?.reason.contains("village ('köyüne')") == true)
        let tomb = mentions.first { $0.text == "Süleyman Şah" }
        #expect(tomb?.unlisted == true && tomb?.place?.geonameid == 163750)  // Tall Abyad
        // The kind word may be written as part of the name: "Kilis Eski Beşevler Mahallesi'ndeki".
        let quarter = extractor.mentions(
            in: ArticleText(source: "test", text: "Akşam saatlerinde Kilis Eski Beşevler Mahallesi'ndeki boş alana 2 roket düştü.", language: .turkish))
        #expect(quarter.first { $0.text == "Eski Beşevler" }.map { $0.unlisted && $0.place?.geonameid == 307864 } == true)  // Kilis
        // A Turkish sentence with a village and no place before it: nothing placed.
        let alone = extractor.mentions(in: ArticleText(source: "test", text: "Yürüyenler köyünde düğün vardı.", language: .turkish))
        #expect(!alone.contains { $0.unlisted })
    }

    @Test func anArabicVillageIsPlacedAtThePlaceAfterIt() {
        // "the village of Kafr Sajna in the southern Idlib countryside", "the town of Tal Maleh north
        // of Hama", "the villages of Umm al-Kaif around Tal Tamr".
        let text = "قصفت قوات النظام قرية كفرسجنة بريف إدلب الجنوبي. ودارت اشتباكات قرب بلدة تل ملح شمال حماة. وسيطرت القوات على قرى أم الكيف في محيط تل تمر."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text, language: .arabic))
        let unlisted = mentions.filter(\.unlisted)
        #expect(unlisted.map(\.text) == ["كفرسجنة", "تل ملح", "أم الكيف"])
        func place(_ name: String) -> Place? { mentions.first { $0.text == name }?.place }
        #expect(place("كفرسجنة")?.geonameid == 169387)  // Idlib Governorate ("بريف إدلب": the Idlib countryside)
        #expect(place("تل ملح")?.geonameid == 170017)  // Hama
        #expect(place("أم الكيف")?.geonameid == 163434)  // Tall Tamr
        // The generic and the word after it are no places of their own: not تل (a village in
        // Palestine), not ملح, not الكيف read as Kyiv.
        #expect(!mentions.contains { ["تل", "ملح", "الكيف"].contains($0.text) }, "\(mentions.map(\.text))")
    }

    @Test func aSentenceMayOpenWithTheVillageAndAnAreaIsAQuarter() {
        let text = "Jarjisa village, south-west of Hama, was shelled. Patrols entered the Birat al-Jurd area of Hama province."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        #expect(mentions.first { $0.text == "Jarjisa" }?.unlisted == true)
        let area = mentions.first { $0.text == "Birat al-Jurd" }
        #expect(area?.unlisted == true && area?.place?.geonameid == 170015 && area?.reason.hasPrefix("the text calls it an area") == true)
    }

    @Test func noPlaceStatedNoMention() {
        // Nothing in the sentence says where the village is: it is not placed anywhere.
        let alone = extractor.mentions(in: ArticleText(source: "test", text: "He grew up in the village of Jarjisa and left at sixteen."))
        #expect(!alone.contains { $0.text == "Jarjisa" })
        // A person or an organisation after a settlement noun is not a village.
        let person = extractor.mentions(in: ArticleText(source: "test", text: "The town of President Assad's family, near Latakia, was quiet."))
        #expect(!person.contains { $0.unlisted })
    }

    @Test func anEventAtAnUnlistedVillageIsPartOfARegion() {
        let text = "Syrian government forces shelled the village of Jarjisa, south-west of Hama, on 3 March 2019, killing two civilians."
        let events = coder.events(in: ArticleText(source: "test", text: text), published: DateComponents(year: 2019, month: 3, day: 4))
        let event = events.first { $0.extractedPlace == "Jarjisa" }
        // Hama (the city, or the governorate as the ranker reads "of Hama"), part of a region.
        #expect([170017, 170015].contains(event?.place.geonameid) && event?.geoPrecision == 2, "\(events)")
    }

    @Test func theTextRulesOutAFarPlaceOfTheSameName() {
        let text =
            "A drone hit a vehicle in the Sana'a neighbourhood of Qamishli city. Rebels shelled regime positions in Al-Malajah "
            + "village, Khan Al-Sabil and Jobas in Idlib countryside. Shells fell on the town of Kilis, north of Aleppo."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        // Yemen's capital and Málaga lie thousands of km from where the text puts the names.
        let quarter = mentions.first { $0.text == "Sana'a" }
        #expect(quarter?.unlisted == true && quarter?.place?.geonameid == 173377, "\(String(describing: quarter))")  // Al Qāmishlī
        #expect(quarter?.reason.contains("the gazetteer's place of that name, Sanaa (capital, YE), lies") == true)
        // The rest of the list shares the container after it.
        for name in ["Al-Malajah", "Khan Al-Sabil", "Jobas"] {
            let village = mentions.first { $0.text == name }
            #expect(village?.unlisted == true && village?.place?.geonameid == 169389, "\(name): \(String(describing: village))")  // Idlib
        }
        // A town 60 km from the place the text measures it from, across a border, stays itself.
        let kilis = mentions.first { $0.text == "Kilis" }
        #expect(kilis?.unlisted == false && kilis?.place?.geonameid == 307864)
        // A country holding the place after it is no contradiction.
        let coast = extractor.mentions(in: ArticleText(source: "test", text: "Acapulco lies on the Pacific coast of Mexico, 300 miles southwest of Mexico City."))
        #expect(coast.first { $0.text == "Mexico" }?.place?.geonameid == 3996063)
    }

    @Test func aNameThatGoesOnPastARecognisedWordIsOneName() {
        // "Malla" alone matches a town in As-Suwayda, 640 km away; the village is "Malla Sibat".
        let text = "The strike targeted a car in the village of Malla Sibat, southwest of Qamishli. Later, residents of Malla Sibat buried the dead."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let village = mentions.filter { $0.text == "Malla Sibat" }
        #expect(village.count == 2 && village.allSatisfy { $0.unlisted && $0.place?.geonameid == 173377 }, "\(mentions)")
        #expect(!mentions.contains { $0.text == "Malla" })
    }

    @Test func listsOfVillagesAndTheAreasAfterThem() {
        let text =
            "Regime forces shelled the villages of Arenbeh and Ain Larouz in Jabal Al-Zawiyah, Al-Fterah and Bayanin in southern Idlib, "
            + "on Monday. Regime forces also fired rockets on places in Fulayfel, Sfuhen, Kansafra and Maarbalit in Jabal Al-Zawiyah."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        func placed(_ name: String) -> Int? { mentions.first { $0.text == name && $0.unlisted }?.place?.geonameid }
        let zawiya = mentions.first { $0.text == "Jabal Al-Zawiyah" }?.place
        #expect(zawiya?.kind == .region && zawiya?.countryCode == "SY")
        for name in ["Arenbeh", "Ain Larouz", "Fulayfel", "Sfuhen", "Maarbalit"] { #expect(placed(name) == zawiya?.geonameid, "\(name)") }
        // The list goes on after its first area, to the next.
        for name in ["Al-Fterah", "Bayanin"] { #expect(placed(name) == 169389, "\(name)") }
        // Kansafra, which the gazetteer has, anchors the second list and keeps its own place.
        #expect(mentions.first { $0.text == "Kansafra" }.map { !$0.unlisted && $0.place?.kind == .populatedPlace } == true)
    }

    @Test func peopleListedWithTheirHomeTownsAreNoVillages() {
        let text =
            "Other survivors include sons Parviz Moayyad of Houston, Edward Moayyad of Southlake and Hamid Moayyad of Colleyville. "
            + "Juliana Barbassa in San Francisco and Terry Collins in Oakland contributed to this report."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        #expect(mentions.filter(\.unlisted).isEmpty, "\(mentions.filter(\.unlisted).map(\.text))")
        #expect(mentions.first { $0.text == "Houston" }?.place?.geonameid == 4699066)
    }

    @Test func aNameMeasuredFromAPlaceOrSaidToBeAVillage() {
        let text =
            "Police launched a campaign in Hawz al-Waqf, 25 kilometers northeast of Baquba. Omar lost relatives in al-Dahla, a "
            + "village in the SDF-controlled eastern Deir ez-Zor countryside. The inmates were moved to the jail in Lexington, "
            + "about 186 miles southeast of Alliance."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let hawz = mentions.first { $0.text == "Hawz al-Waqf" }
        #expect(hawz?.unlisted == true && hawz?.place?.geonameid == 97990 && hawz?.reason.hasPrefix("the text measures it from a place") == true)
        let dahla = mentions.first { $0.text == "al-Dahla" }
        #expect(dahla?.unlisted == true && dahla?.place?.geonameid == 170794 && dahla?.reason.hasPrefix("the text calls it a village") == true)
        // A town the gazetteer has keeps its place: the text says how far it is.
        #expect(mentions.first { $0.text == "Lexington" }.map { !$0.unlisted && $0.place?.countryCode == "US" } == true)
    }

    @Test func theEdgesOfAPlaceNameIt() {
        let text =
            "Rebels and regime forces traded fire on the frontlines of Al-Dawir in Idlib countryside and Maiznaz in the western "
            + "Aleppo countryside. A civilian died on the outskirts of Al-Qahera village in Sahl Al-Ghab."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        func placed(_ name: String) -> PlaceMention? { mentions.first { $0.text == name && $0.unlisted } }
        #expect(placed("Al-Dawir")?.place?.geonameid == 169389 && placed("Al-Dawir")?.reason.hasPrefix("the text names its frontlines") == true)
        #expect(placed("Maiznaz")?.place?.geonameid == 170063)  // Aleppo
        #expect(placed("Al-Qahera")?.place?.kind == .region && placed("Al-Qahera")?.place?.name == "Ghab Plain")
    }

    @Test func anAreaInTurkishOrArabicAndTurkishLists() {
        // Turkish: a list before "bölgelerinde" (areas), one of its names unknown; an operation's name is no place.
        let turkish =
            "Irak'ın kuzeyindeki Hakurk, Metina ve Gara bölgelerinde 11 terörist etkisiz hâle getirildi. Irak'ın kuzeyindeki "
            + "Pençe-Kilit Operasyonu bölgelerinde 9 terörist etkisiz hâle getirildi."
        let tr = extractor.mentions(in: ArticleText(source: "test", text: turkish, language: .turkish))
        let hakurk = tr.first { $0.text == "Hakurk" }
        #expect(hakurk?.unlisted == true && hakurk?.place?.geonameid == 99237 && hakurk?.reason.contains("an area ('bölgelerinde')") == true)
        #expect(tr.first { $0.text == "Metina" }.map { !$0.unlisted && $0.place?.kind == .region } == true)
        #expect(!tr.contains { $0.text.contains("Operasyon") }, "\(tr.map(\.text))")
        // Arabic: the words after منطقة (area), up to a place.
        let arabic = "أعلنت وزارة الدفاع التركية انطلاق عملية عسكرية في منطقة هفتانين شمالي زاخو بمحافظة دهوك."
        let ar = extractor.mentions(in: ArticleText(source: "test", text: arabic, language: .arabic))
        let haftanin = ar.first { $0.text == "هفتانين" }
        #expect(haftanin?.unlisted == true && haftanin?.place?.geonameid == 89570)  // Zaxo
        // A frequent word after منطقة is no name: a safe zone, a de-escalation zone.
        for text in ["تريد تركيا منطقة آمنة في شمال سوريا.", "اتفاق منطقة خفض التصعيد في إدلب صامد."] {
            let zone = extractor.mentions(in: ArticleText(source: "test", text: text, language: .arabic))
            #expect(zone.filter(\.unlisted).isEmpty, "\(zone.map(\.text))")
        }
    }

    @Test func aListOfVillagesWithNoPlaceAfterItTakesItsTownsDivision() {
        let text = "Israeli jets struck the border villages of Kfarshuba, Bint Jbeil and Khiam that have seen heavy fighting."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let kfarshuba = mentions.first { $0.text == "Kfarshuba" }
        // Nabatieh Governorate (GeoNames 444191), which holds Bint Jbeil and Khiam.
        #expect(kfarshuba?.unlisted == true && kfarshuba?.place?.kind == .division && kfarshuba?.place?.geonameid == 444191)
    }

    @Test func insideAPlaceIsInsideItsCountryAndADistanceIsADistance() {
        // "in the southern countryside of Daraa": inside Syria, so not Şaydā in Palestine (105 km).
        let inside = extractor.mentions(
            in: ArticleText(source: "test", text: "Gunmen targeted a checkpoint near the bridge of Sayda town in the southern countryside of Daraa."))
        let sayda = inside.first { $0.text == "Sayda" }
        #expect(sayda?.unlisted == true && sayda?.place?.geonameid == 170905, "\(String(describing: sayda))")  // Dar‘ā
        // "some 10 kilometers east of Daraa": not Sidon, 125 km away; the article's other "Saida" follows.
        let measured = extractor.mentions(
            in: ArticleText(
                source: "test",
                text: "Army units advanced inside Saida town in Daraa province. Saida town, some 10 kilometers east of Daraa, is a stronghold."))
        #expect(measured.filter { $0.text == "Saida" }.map(\.place?.countryCode) == ["SY", "SY"], "\(measured.map(\.text))")
        // A distance measures the town before it, not its state; two countries side by side contradict nothing.
        let state = extractor.mentions(
            in: ArticleText(
                source: "test",
                text: "Louisville, Kentucky, about 35 miles south of Austin, was the first. Events are held in border areas of Nicaragua, "
                    + "between Suriname and French Guiana."))
        #expect(state.first { $0.text == "Kentucky" }.map { !$0.unlisted && $0.place?.kind == .division } == true)
        #expect(state.first { $0.text == "Nicaragua" }?.place?.geonameid == 3617476)
    }

    @Test func anArabicListOfVillagesAndAFarPlaceInIt() throws {
        // قريتي ... و...: two villages, a new name at each "و"; "بينين" is not Benin, the country.
        let text = "قصفت قوات النظام قريتي الرويحة وبينين بجبل الزاوية. وقصفت قرى سفوهن وكفر عويد بجبل الزاوية في ريف إدلب."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text, language: .arabic))
        let zawiya = try #require(mentions.first { $0.text == "جبل الزاوية" }?.place)
        #expect(zawiya.kind == .region && zawiya.countryCode == "SY")
        #expect(mentions.filter(\.unlisted).map(\.text) == ["الرويحة", "بينين", "سفوهن", "كفر عويد"], "\(mentions.map(\.text))")
        #expect(mentions.filter(\.unlisted).allSatisfy { $0.place?.geonameid == zawiya.geonameid })
        #expect(mentions.first { $0.text == "بينين" }?.reason.contains("the gazetteer's place of that name, Benin (country, BJ)") == true)
        // Offsets leave the "و" out: the mention is the name as written.
        for m in mentions where m.unlisted {
            #expect(String(String.UnicodeScalarView(Array(text.unicodeScalars)[m.start..<m.end])) == m.text)
        }
    }

    @Test func aSettlementTheTextPlacesNowhereLiesWhereTheTownsAroundItAre() throws {
        // No place after "the town of Mays al-Jabal": Khiam and Hasbaya, the sentence before, are
        // in Nabatieh Governorate (GeoNames 444191); the Hama towns further on are not its.
        let text =
            "Israeli jets struck Khiam and Hasbaya on Monday. Shells also hit the town of Mays al-Jabal. Regime forces shelled "
            + "Kafr Zita and al-Lataminah in Hama province. Residents fled to the city of Aleppo."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let mays = try #require(mentions.first { $0.text == "Mays al-Jabal" })
        #expect(mays.unlisted && mays.place?.geonameid == 444191, "\(mays)")
        #expect(mays.reason.contains("the first-level division of most of the towns around it in the article"))
        // Such a division never rules out the place a name has: Aleppo is not in Hama Governorate
        // and stays Aleppo.
        #expect(mentions.first { $0.text == "Aleppo" }.map { !$0.unlisted && $0.place?.geonameid == 170063 } == true)
        // One place is no evidence: a village with only Damascus around it is not placed.
        let alone = extractor.mentions(in: ArticleText(source: "test", text: "Flights to Damascus resumed. The village of Jarjisa was quiet."))
        #expect(!alone.contains { $0.text == "Jarjisa" })
        // A name with 's before the noun owns it: "TxDOT's district office" is no district.
        let agency = extractor.mentions(
            in: ArticleText(source: "test", text: "Drivers from Paris and Sherman met officials at TxDOT's district office in Wichita Falls."))
        #expect(!agency.contains { $0.text.hasPrefix("TxDOT") }, "\(agency.map(\.text))")
    }

    @Test func theCountrysideTheTextNamedBeforeHoldsTheVillagesOfACountrysideAlone() throws {
        // "in the northern countryside", after "the northern countryside of Hama": Hama's. So
        // "Lahaya" there is not The Hague ("La Haya"), 3,179 km away.
        let text =
            "Regime forces shelled towns in the northern countryside of Hama. Factions targeted positions near the village of "
            + "Lahaya in the northern countryside."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let hama = try #require(mentions.first { $0.text == "Hama" }?.place)
        let lahaya = try #require(mentions.first { $0.text == "Lahaya" })
        #expect(lahaya.unlisted && lahaya.place?.geonameid == hama.geonameid && hama.countryCode == "SY", "\(lahaya)")
        #expect(lahaya.reason.contains("The Hague (populated place, NL)"))
    }

    @Test func pluralListsAsidesAndExamples() {
        let text =
            "Turkish warplanes struck Balfa and Sekiri villages in Amadiyah district. Warplanes bombed Hamada Omar village and "
            + "other areas in Uqayribat. The shelling targeted the villages and towns of the northern countryside of Hama such as "
            + "Hasraya, Zakat and Tal Osman."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        func placed(_ name: String) -> Int? { mentions.first { $0.text == name && $0.unlisted }?.place?.geonameid }
        // A list before "villages": both at Al ‘Amādīyah (GeoNames 99611).
        #expect(placed("Balfa") == 99611 && placed("Sekiri") == 99611)
        // "and other areas in Uqayribat" carries the village to ‘Uqayribāt (162803); the name
        // runs on past "Hamada", a town in Japan.
        #expect(placed("Hamada Omar") == 162803, "\(mentions.map(\.text))")
        #expect(!mentions.contains { $0.place?.countryCode == "JP" })
        // Examples after "such as" belong to the place before them: Ḩamāh (170017).
        #expect(["Hasraya", "Zakat", "Tal Osman"].map(placed) == [170017, 170017, 170017])
        // Peoples and faiths qualify villages; they are not their names.
        let peoples = extractor.mentions(
            in: ArticleText(source: "test", text: "Kurdish and Yazidi villages in Sinjar were emptied. Alawite and Sunni villages near Hama were shelled."))
        #expect(!peoples.contains { $0.unlisted }, "\(peoples.map(\.text))")
    }

    @Test func arabicListsGoOnAfterCommasAndFindTheirPlaceThroughEdgesAndAreas() throws {
        let text =
            "قصفت قوات النظام بلدات كنصفرة، وبليون، والبارة في جبل الزاوية بريف إدلب الجنوبي. وقصفت قرى وبلدات سرجة ودير سنبل "
            + "على الأطراف الشرقية لجبل الزاوية. وتسللت القوات على محاور بلدتي الفطيرة وبينين. وسيطرت الفصائل على قرية زمرين في "
            + "منطقة الحارة بريف درعا."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text, language: .arabic))
        let zawiya = try #require(mentions.first { $0.text == "جبل الزاوية" }?.place)
        func placed(_ name: String) -> Place? { mentions.first { $0.text == name && $0.unlisted }?.place }
        // An Arabic comma goes on with the list: "، وبليون،".
        #expect(placed("بليون")?.geonameid == zawiya.geonameid, "\(mentions.map(\.text))")
        // "قرى وبلدات": the second kind word; "على الأطراف الشرقية لجبل الزاوية": the edges lead to the
        // place, and سرجة there is not Serej in Iran.
        #expect(placed("سرجة")?.geonameid == zawiya.geonameid && placed("دير سنبل")?.geonameid == zawiya.geonameid)
        #expect(mentions.first { $0.text == "سرجة" }?.reason.contains("Serej (populated place, IR)") == true)
        // No place after "بلدتي الفطيرة وبينين": the division of the places around them, Idlib
        // Governorate (GeoNames 169387), which rules out Benin, a country of another.
        #expect(placed("بينين")?.geonameid == 169387 && placed("الفطيرة")?.geonameid == 169387)
        #expect(!mentions.contains { $0.place?.countryCode == "BJ" })
        // An area's own name may stand before the place: "في منطقة الحارة بريف درعا" (Daraa Governorate, 170903).
        #expect(placed("زمرين")?.geonameid == 170903)
    }
}
