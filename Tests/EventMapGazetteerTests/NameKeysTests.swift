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
}
