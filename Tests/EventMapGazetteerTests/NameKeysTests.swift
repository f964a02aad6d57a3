import EventMapGazetteer
import Testing

@Suite("Name keys merge the spellings news uses")
struct NameKeysTests {
    @Test(
        "folding",
        arguments: [
            ("'Ayn 'Īsá", "ayn isa"), ("Reyhanlı", "reyhanli"), ("Cilvegözü", "cilvegozu"), ("Ra’s al ‘Ayn", "ras al ayn"),
            ("Deir ez-Zor", "deir ez zor"), ("Hələb", "halab"), ("İzmir", "izmir"), ("Şanlıurfa", "sanliurfa"),
            ("  Jisr   al-Shughur ", "jisr al shughur"), ("Serêkaniyê", "serekaniye"),
        ])
    func folds(name: String, expected: String) {
        #expect(NameKeys.fold(name) == expected)
    }

    @Test(
        "spellings that share a skeleton",
        arguments: [
            ["Jarablus", "Jarabulus", "Cerablus", "Jarābulus"],
            ["Ain Issa", "Ayn Issa", "'Ayn 'Isa", "Ain Eissa"],
            ["Kobani", "Kobanê", "Kobane"],
            ["Qamishli", "Kamishli", "Al-Qamishli", "Qamişlo"],
            ["Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor"],
            ["Hasakah", "Hasaka", "Al-Hasakah", "Hassakeh"],
            ["Tell Abyad", "Tal Abyad", "Tall Abyad"],
            ["Ma'arrat al-Nu'man", "Maarat al-Numan", "Maarrat an-Numan"],
            ["Afrin", "Efrin", "Afreen"],
        ])
    func sharedSkeleton(spellings: [String]) {
        let skeletons = Set(spellings.map { NameKeys($0).skeleton })
        #expect(skeletons.count == 1, "\(spellings.map { ($0, NameKeys($0).skeleton) })")
    }

    @Test func articlesAreDroppedWhereverTheyStand() {
        #expect(NameKeys("Ras al-Ain").compact == NameKeys("Ras Ain").compact)
        #expect(NameKeys("Al-Bab").compact == "bab")
        #expect(NameKeys("El Bab").compact == "bab")
        #expect(NameKeys("Deir ez-Zor").compact == "deirzor")
        // A name that is only an article-like word keeps it.
        #expect(NameKeys("As").compact == "as")
    }

    /// Arabic keys are normalised as Arabic search engines normalise: the hamza forms of alef are
    /// alef, taa marbuta is haa, alef maqsura is yaa, tatweel and the vowel marks go.
    @Test(
        "Arabic spellings that share a folded key",
        arguments: [
            ["إدلب", "ادلب", "أدلب", "إِدْلِب"],
            ["حماة", "حماه", "حمـــاة"],
            ["منبج", "مَنْبِج", "منبج\u{200F}"],
            ["عين عيسى", "عين عيسي"],
            ["رأس العين", "راس العين", "رَأْس ٱلْعَيْن"],
            ["الرقة", "الرقه"],
        ])
    func arabicNormalisation(spellings: [String]) {
        let keys = Set(spellings.map(NameKeys.fold))
        #expect(keys.count == 1, "\(spellings) → \(keys)")
        #expect(!keys.first!.isEmpty)
    }

    @Test func arabicCompactKeysDropTheArticleAndTheFeminineEnding() {
        #expect(NameKeys("الرقة").compact == NameKeys("رقة").compact)
        #expect(NameKeys("سورية").compact == NameKeys("سوري").compact)
        // The article written onto a word of three letters is part of it ("الباب" is not "باب" + nothing).
        #expect(NameKeys("الباب").compact == NameKeys("باب").compact)
        #expect(NameKeys("ال").compact == NameKeys("ال").folded)
        // Words stay apart from each other and from the next word's article: "عين العرب" is not "عين".
        #expect(NameKeys("عين العرب").compact != NameKeys("عين").compact)
    }

    /// An Arabic-script name never shares a folded or compact key with a romanised one ("adlb", a
    /// transliteration GeoNames lists, is not "ادلب"); only the loosest key, the consonant skeleton,
    /// is written in Latin consonants, so that Arabic text reaches names GeoNames has only in Latin.
    @Test func arabicAndLatinKeysMeetOnlyAtTheSkeleton() {
        for (arabic, latin) in [("ادلب", "adlb"), ("حلب", "hlb"), ("باب", "bab"), ("تل", "tl")] {
            let a = NameKeys(arabic), l = NameKeys(latin)
            #expect(a.folded != l.folded && a.compact != l.compact, "\(arabic) / \(latin)")
            #expect(a.folded.utf8.allSatisfy { $0 < 0x80 })
        }
        for (arabic, latin) in [
            ("إدلب", "Idlib"), ("منبج", "Manbij"), ("سراقب", "Saraqib"), ("دير الزور", "Deir ez-Zor"), ("تل أبيض", "Tall Abyad"),
            ("مرسين", "Mersin"), ("شرناق", "Şırnak"), ("كهرمان مرعش", "Kahramanmaraş"), ("الباب", "Al-Bab"),
        ] {
            #expect(NameKeys(arabic).skeleton == NameKeys(latin).skeleton, "\(arabic) \(NameKeys(arabic).skeleton) / \(latin) \(NameKeys(latin).skeleton)")
        }
    }

    /// Turkish dotted and dotless i: İ and i, I and ı are one letter in keys, whatever the case.
    @Test func turkishIsFoldToOneLetter() {
        #expect(NameKeys.fold("İDLİB") == "idlib" && NameKeys.fold("IRAK") == "irak" && NameKeys.fold("Kırıkhan") == "kirikhan")
        #expect(NameKeys.fold("KIRIKHAN") == NameKeys.fold("Kırıkhan"))
        #expect(NameKeys.fold("ayn İsa") == NameKeys.fold("Ayn Isa"))
    }
}
