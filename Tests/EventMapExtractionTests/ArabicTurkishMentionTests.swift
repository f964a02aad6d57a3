import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import Foundation
import Testing

/// Our annotation of the Arabic and Turkish paragraphs in Tests/Fixtures/articles (written for
/// these tests about the seeds' events: the Jarablus operation, the build-up at Cilvegözü, Russian
/// military police in Ain Issa): each place as written (clitics and case endings not part of the
/// name) with the GeoNames id it must resolve to (countries by ISO code, EventMap's crossings by
/// their own id), and ordinary words and names of groups that must not come out as places.
struct ForeignAnnotation: Sendable, CustomStringConvertible {
    var file: String
    var language: ArticleLanguage
    var places: [String: String]
    var notPlaces: [String]
    var description: String { file }
}

let foreignAnnotations: [ForeignAnnotation] = [
    ForeignAnnotation(
        file: "ar-jarablus.txt", language: .arabic,
        places: [
            "أنقرة": "323786", "جرابلس": "169179", "قرقميش": "309134", "غازي عنتاب": "314830", "حلب": "170062", "الباب": "174018",
            "منبج": "167357", "واشنطن": "4140963",
        ],
        // "مدينة" and "المدينة" (the city) are not Medina; "فصائل" (factions) is no village;
        // "السورية" (Syrian) and "التركية" (Turkish) are adjectives; Euphrates Shield and the SDF are no places.
        notPlaces: ["مدينة", "المدينة", "فصائل", "السورية", "التركية", "درع الفرات", "الفرات", "سوريا"]),
    ForeignAnnotation(
        file: "ar-cilvegozu.txt", language: .arabic,
        places: [
            "الريحانية": "302355", "سوريا": "SY", "معبر باب الهوى": "900000002", "هاتاي": "312394", "محافظة إدلب": "169387",
            "دارة عزة": "170857", "أستانا": "1526273", "تركيا": "TR", "روسيا": "RU", "إيران": "IR", "إدلب": "169387", "أنطاكيا": "323779",
        ],
        notPlaces: ["الأناضول", "مدينة", "الشام", "التركي"]),
    ForeignAnnotation(
        file: "ar-ain-issa.txt", language: .arabic,
        places: [
            "عين عيسى": "172134", "الرقة": "172957", "تل تمر": "163434", "رأس العين": "165509", "تل أبيض": "163750",
            "القامشلي": "173377", "دمشق": "170654", "منبج": "167357", "كوباني": "172256", "موسكو": "524901",
        ],
        notPlaces: ["الدولي", "نبع السلام", "السلام", "السوري", "المنطقة", "الروسية", "وإن"]),
    ForeignAnnotation(
        file: "tr-jarablus.txt", language: .turkish,
        places: [
            "Ankara": "323786", "Suriye": "SY", "Cerablus": "169179", "Gaziantep": "314829", "Karkamış": "309134", "Münbiç": "167357",
            "El Bab": "174018", "Washington": "4140963",
        ],
        notPlaces: ["Türk", "Fırat", "Fırat Kalkanı", "Bir", "IŞİD", "YPG", "Harekâtın"]),
    ForeignAnnotation(
        file: "tr-cilvegozu.txt", language: .turkish,
        places: [
            "Hatay": "312394", "Reyhanlı": "302355", "Cilvegözü Sınır Kapısı": "900000001", "İdlib": "169389", "Suriye": "SY",
            "Astana": "1526273", "Antakya": "323779", "Kırıkhan": "307657", "Cilvegözü": "900000001",
        ],
        notPlaces: ["Yeni", "Türk", "Konvoyun", "Bölgedeki"]),
    ForeignAnnotation(
        file: "tr-ain-issa.txt", language: .turkish,
        places: [
            "Rakka": "172955", "Ayn İsa": "172134", "Suriye": "SY", "Tel Temir": "163434", "Haseke": "173811", "Resulayn": "165509",
            "Tel Abyad": "163750", "Kamışlı": "173377", "Moskova": "524901", "Şam": "170654", "Ankara": "323786",
        ],
        notPlaces: ["Rus", "Kürt", "Barış Pınarı"]),
]

func foreignMentions(_ file: String) throws -> (article: ArticleText, mentions: [PlaceMention]) {
    let article = try ArticleText.load(path: repository.appendingPathComponent("Tests/Fixtures/articles/\(file)").path)
    return (article, extractor.mentions(in: article))
}

/// The id a mention resolved to, as the annotation writes it: a country's ISO code, else its GeoNames or EventMap id.
func annotatedID(_ place: Place?) -> String? {
    guard let place else { return nil }
    return place.kind == .country ? place.countryCode : String(place.geonameid)
}

@Suite("Places in Arabic and Turkish news")
struct ArabicTurkishMentionTests {
    @Test(arguments: foreignAnnotations)
    func everyPlaceIsFoundAndResolved(_ annotation: ForeignAnnotation) throws {
        let (article, mentions) = try foreignMentions(annotation.file)
        #expect(article.language == annotation.language)
        for (name, id) in annotation.places {
            let found = mentions.filter { $0.text == name }
            #expect(!found.isEmpty, "\(annotation.file): '\(name)' not found; found \(mentions.map(\.text))")
            for mention in found {
                #expect(annotatedID(mention.place) == id, "\(annotation.file): '\(name)' → \(mention.place?.name ?? "nothing"): \(mention.reason)")
                #expect(mention.language == annotation.language)
            }
        }
    }

    @Test(arguments: foreignAnnotations)
    func ordinaryWordsAndNamesOfGroupsAreNotPlaces(_ annotation: ForeignAnnotation) throws {
        let (_, mentions) = try foreignMentions(annotation.file)
        for word in annotation.notPlaces {
            #expect(!mentions.contains { $0.text == word }, "\(annotation.file): '\(word)' taken for a place")
        }
        // The maintainers' bar: no more than one mention in ten that is not an annotated place.
        let extra = mentions.filter { annotation.places[$0.text] == nil }
        #expect(extra.count * 10 <= mentions.count, "\(annotation.file): not places: \(extra.map { "\($0.text) → \($0.place?.name ?? "-")" })")
    }

    /// Offsets count Unicode scalars of the original text; the name starts after the clitics
    /// written onto it and ends before a Turkish case ending.
    @Test(arguments: foreignAnnotations)
    func offsetsPointAtTheNameAsWritten(_ annotation: ForeignAnnotation) throws {
        let (article, mentions) = try foreignMentions(annotation.file)
        let scalars = Array(article.text.unicodeScalars)
        for mention in mentions {
            let slice = String(String.UnicodeScalarView(scalars[mention.start..<mention.end]))
            #expect(slice == mention.text, "\(annotation.file): [\(mention.start), \(mention.end)) is '\(slice)', not '\(mention.text)'")
        }
    }

    @Test func cliticsAreNotPartOfTheName() throws {
        // "وعين عيسى" (and Ain Issa), "بريف الرقة" (in the Raqqa countryside), "وكوباني" (and Kobani).
        let (article, mentions) = try foreignMentions("ar-ain-issa.txt")
        let scalars = Array(article.text.unicodeScalars)
        func before(_ mention: PlaceMention) -> String {
            mention.start == 0 ? "" : String(String.UnicodeScalarView(scalars[(mention.start - 1)..<mention.start]))
        }
        let kobani = try #require(mentions.first { $0.text == "كوباني" })
        #expect(before(kobani) == "و")
        let ainIssa = mentions.filter { $0.text == "عين عيسى" }
        #expect(ainIssa.contains { before($0) == "و" })
        let raqqa = try #require(mentions.first { $0.text == "الرقة" })
        #expect(before(raqqa) == " ")
        #expect(raqqa.reason.contains("'بريف' before it"), "\(raqqa.reason)")
    }

    @Test func turkishCaseEndingsAreCuesAndStayOutOfTheName() throws {
        let (article, mentions) = try foreignMentions("tr-cilvegozu.txt")
        let scalars = Array(article.text.unicodeScalars)
        let idlib = try #require(mentions.first { $0.text == "İdlib" })
        #expect(String(String.UnicodeScalarView(scalars[idlib.end..<(idlib.end + 3)])) == "'de")
        #expect(idlib.reason.contains("case ending 'de' after it"), "\(idlib.reason)")
        // "Cilvegözü Sınır Kapısı'na": the crossing, named with its kind, before the ending.
        let crossing = try #require(mentions.first { $0.text == "Cilvegözü Sınır Kapısı" })
        #expect(crossing.place?.kind == .crossing)
    }

    /// A town GeoNames names only in Latin letters (İslahiye) is found from Arabic text by its
    /// consonants after a kind word, as a spelling variant; a frequent word after a clitic
    /// ("بالعملية", with the operation) is not a place however its consonants read.
    @Test func arabicTextReachesNamesGeoNamesHasOnlyInLatin() throws {
        let text = "قصفت المدفعية التركية من بلدة إصلاحية في ولاية غازي عنتاب مواقع قرب عفرين، ورحبت أنقرة بالعملية."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        let islahiye = try #require(mentions.first { $0.text == "إصلاحية" }, "\(mentions.map(\.text))")
        #expect(islahiye.place?.geonameid == 311104, "\(islahiye.reason)")
        #expect(islahiye.reason.contains("consonant key"), "\(islahiye.reason)")
        #expect(mentions.contains { $0.text == "غازي عنتاب" && $0.place?.geonameid == 314830 })
        #expect(!mentions.contains { $0.text.contains("العملية") }, "\(mentions.map(\.text))")
    }

    /// A preposition with a conjunction on it ("وفي إدلب", and in Idlib) is a cue; a name that
    /// starts with ك (كفرنبودة, Kafr Nabudah) is not ك + a spelling variant of another place.
    @Test func cliticsOnCueWordsAndNamesThatStartLikeAClitic() throws {
        let text = "وفي إدلب قتل مدنيان. وقصفت قوات النظام بلدة حماة وقرية كفرنبودة."
        let mentions = extractor.mentions(in: ArticleText(source: "test", text: text))
        #expect(mentions.contains { $0.text == "إدلب" && $0.place?.countryCode == "SY" }, "\(mentions.map(\.text))")
        #expect(!mentions.contains { $0.text.hasPrefix("فرن") || $0.place?.countryCode == "IR" }, "\(mentions.map { "\($0.text) → \($0.place?.name ?? "-")" })")
    }

    @Test func languageIsDetectedAndEnglishStaysEnglish() throws {
        #expect(ArticleLanguage.detect("قال مسؤول في دمشق إن القوات دخلت المدينة") == .arabic)
        #expect(ArticleLanguage.detect("Askeri araçlar sınır kapısına ulaştı ve bölgede bekliyor.") == .turkish)
        #expect(ArticleLanguage.detect("Turkish troops entered the town of Jarablus on Wednesday.") == .english)
        // An English article that quotes a Turkish or Arabic name is still English.
        #expect(ArticleLanguage.detect("Troops reached the Cilvegözü gate near Reyhanlı, Anadolu said; the crossing (باب الهوى) was shut.") == .english)
        for file in try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("seeds").path) where file.hasSuffix(".txt") {
            let article = try ArticleText.load(path: repository.appendingPathComponent("seeds/\(file)").path)
            #expect(article.language == .english, "\(file)")
        }
    }

    @Test func aGivenLanguageOverridesDetection() throws {
        let text = "Ankara ve Şam arasında görüşmeler sürüyor."
        #expect(ArticleText(source: "t", text: text).language == .turkish)
        #expect(ArticleText(source: "t", text: text, language: .english).language == .english)
        #expect(ArticleLanguage(name: "Arabic") == .arabic && ArticleLanguage(name: "tr") == .turkish && ArticleLanguage(name: "fr") == nil)
    }
}
