import EventMapGazetteer

/// The words of Turkish news that recognition reads after a place name, folded with
/// ``NameKeys/fold(_:)`` (ı, İ → i; ç → c; ğ → g; ö → o; ş → s; ü → u). Turkish says the kind of a
/// place after its name ("İdlib ili", "Suruç ilçesinde", "Cilvegözü sınır kapısı") and puts
/// postpositions after it ("Münbiç yakınlarında"); names of proper nouns take their case endings
/// after an apostrophe ("Cerablus'a"), which the tokenizer keeps apart (``Token/caseEndingLength``).
enum TurkishCues {
    /// Stems of kind words with their case and possessive endings, and the English qualifier each
    /// gives the gazetteer query ("district": a town named like its ilçe).
    static let kindStems: [(stem: String, qualifier: String?)] = [
        ("ilces", "district"), ("kenti", "city"), ("kentin", "city"), ("sehri", "city"), ("sehrin", "city"),
        ("kasabas", "town"), ("beldes", "town"), ("koyu", "village"), ("koyun", "village"), ("mahalles", "neighbourhood"),
        ("kampi", "camp"), ("kampin", "camp"), ("vilayet", "province"), ("bolges", nil), ("bolgeler", nil), ("kirsal", nil),
    ]
    /// "il" (province) with its endings: exact words, since "il" starts many others.
    static let provinceWords: Set<String> = ["ili", "iline", "ilinde", "ilinin", "ilindeki", "ilinden"]
    /// Genitive case endings (folded): "Gaziantep'in", "Hatay'ın", "Şanlıurfa'nın", "Muş'un".
    static let genitiveEndings: Set<String> = ["in", "un", "nin", "nun"]
    /// Kinds (qualifiers) of places inside a province: a name in the genitive before one of them
    /// ("Gaziantep'in Karkamış ilçesi") is the province.
    static let partsOfProvince: Set<String> = ["district", "town", "village", "neighbourhood"]
    /// Postpositions after a place: near, around, in the centre, countryside, north of ...
    static let postpositionStems = [
        "yakin", "civar", "cevres", "merkez", "kuzey", "guney", "dogusu", "dogusun", "batis", "sinirinda", "kirsalinda", "icinde",
    ]

    /// The kind word at token `index` (or "sınır kapısı" there) and its qualifier: `(words, qualifier)`.
    static func kind(_ folded: [String], at index: Int) -> (words: Int, qualifier: String?)? {
        guard index < folded.count else { return nil }
        let word = folded[index]
        if word == "sinir", index + 1 < folded.count, folded[index + 1].hasPrefix("kapi") { return (2, "border crossing") }
        if provinceWords.contains(word) { return (1, "province") }
        for (stem, qualifier) in kindStems where word.hasPrefix(stem) { return (1, qualifier) }
        return nil
    }

    static func isPostposition(_ word: String) -> Bool { postpositionStems.contains { word.hasPrefix($0) } }
}
