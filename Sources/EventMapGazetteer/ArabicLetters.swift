/// How Arabic-script letters enter the match keys of ``NameKeys``.
///
/// Arabic names are normalised as Arabic search engines normalise them, then written one ASCII
/// byte per letter so that they hash and compare like every other key:
/// - the hamza forms of alef (أ إ آ ٱ) are alef; taa marbuta (ة) is haa; alef maqsura (ى) and
///   Persian yeh (ی) are yaa; hamza on waw (ؤ) is waw, on yaa (ئ) is yaa; Persian and Kurdish
///   (Sorani) letters fold to the Arabic letter nearest in sound (ک → ك, ە → ه, ڤ → ف);
/// - tatweel (ـ), the short-vowel marks, shadda, sukun and the dagger alef are dropped;
/// - Arabic-Indic digits are ASCII digits; Arabic comma, semicolon and question mark separate words.
///
/// The bytes are upper-case ASCII letters and a few punctuation marks: a key made from Latin
/// letters is lower case, so a name in Arabic script never shares a folded or compact key with a
/// romanised one (`ادلب` is `ADLB`, `adlb` is GeoNames' transliteration of it). Only the loosest
/// key, the skeleton, is written in Latin consonants (``latinConsonant(_:)``), on purpose.
enum ArabicLetters {
    /// The Arabic block of Unicode.
    static let block: ClosedRange<UInt32> = 0x0600...0x06FF

    /// What one scalar of the block becomes in a key.
    enum KeyByte: Equatable {
        case letter(UInt8)
        /// A mark that belongs to the word and leaves nothing in the key (diacritics, tatweel).
        case dropped
        /// Punctuation between words.
        case separator
    }

    /// The byte each letter is written as (after the normalisation above).
    private static let letters: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        func set(_ byte: Character, _ scalars: [UInt32]) { for s in scalars { table[s] = byte.asciiValue! } }
        set("^", [0x0621])  // ء
        set("A", [0x0622, 0x0623, 0x0625, 0x0627, 0x0671])  // آ أ إ ا ٱ
        set("B", [0x0628])
        set("T", [0x062A])
        set("C", [0x062B])  // ث
        set("J", [0x062C])
        set("H", [0x062D])  // ح
        set("X", [0x062E])  // خ
        set("D", [0x062F])
        set("V", [0x0630])  // ذ
        set("R", [0x0631, 0x0695])  // ر ڕ
        set("Z", [0x0632])
        set("S", [0x0633])
        set("W", [0x0634])  // ش
        set("P", [0x0635])  // ص
        set("E", [0x0636])  // ض
        set("[", [0x0637])  // ط
        set("]", [0x0638])  // ظ
        set("I", [0x0639])  // ع
        set("G", [0x063A])  // غ
        set("F", [0x0641, 0x06A4])  // ف ڤ
        set("Q", [0x0642])
        set("K", [0x0643, 0x06A9, 0x06AA])  // ك ک ڪ
        set("L", [0x0644, 0x06B5])  // ل ڵ
        set("M", [0x0645])
        set("N", [0x0646])
        set("O", [0x0629, 0x0647, 0x06BE, 0x06C1, 0x06D5])  // ة ه ھ ہ ە
        set("U", [0x0624, 0x0648, 0x06C6, 0x06C7, 0x06C8, 0x06CB])  // ؤ و ۆ ...
        set("Y", [0x0626, 0x0649, 0x064A, 0x06CC, 0x06CE, 0x06D0, 0x06D2])  // ئ ى ي ی ێ ې ے
        set("{", [0x067E])  // پ
        set("}", [0x0686])  // چ
        set("~", [0x0698])  // ژ
        set("@", [0x06AF])  // گ
        for digit in 0...9 {
            table[0x0660 + UInt32(digit)] = UInt8(0x30 + digit)
            table[0x06F0 + UInt32(digit)] = UInt8(0x30 + digit)
        }
        return table
    }()

    /// What each scalar of ``block`` becomes, by its offset in the block, built once from
    /// ``letters``: punctuation between words (، ؛ ؟ ٪ ٫ ٬ ٭ ۔) separates; everything else
    /// without a letter (tatweel, harakat, shadda, sukun, dagger alef, Quranic marks) is dropped.
    private static let table: [KeyByte] = block.map { value in
        if let byte = letters[value] { return .letter(byte) }
        switch value {
        case 0x060C, 0x061B, 0x061F, 0x066A...0x066D, 0x06D4: return .separator
        default: return .dropped
        }
    }

    /// The key byte of a scalar of ``block``.
    @inline(__always) static func key(_ value: UInt32) -> KeyByte { table[Int(value - block.lowerBound)] }

    /// The Latin consonant of the skeleton key an Arabic key byte stands for, as romanisations
    /// write it and ``NameKeys`` merges it (ث → t, خ → h, ش ص → s, ض ذ → d, ط → t, ظ → z, ق ك →
    /// k, چ ژ → j, پ → p, گ غ → g); 0 for the long vowels (ا و ي), ʿayn and hamza, which Latin
    /// skeletons leave out as vowels (a final haa is already off the compact key). Digits stay digits.
    static func latinConsonant(_ byte: UInt8) -> UInt8 {
        latinConsonants[Int(byte)]
    }

    private static let latinConsonants: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 128)
        let pairs: [(Character, Character)] = [
            ("B", "b"), ("T", "t"), ("C", "t"), ("J", "j"), ("H", "h"), ("X", "h"), ("D", "d"), ("V", "d"), ("R", "r"), ("Z", "z"),
            ("S", "s"), ("W", "s"), ("P", "s"), ("E", "d"), ("[", "t"), ("]", "z"), ("G", "g"), ("F", "f"), ("Q", "k"), ("K", "k"),
            ("L", "l"), ("M", "m"), ("N", "n"), ("O", "h"), ("{", "p"), ("}", "j"), ("~", "j"), ("@", "g"),
        ]
        for (arabic, latin) in pairs { table[Int(arabic.asciiValue!)] = latin.asciiValue! }
        for digit in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(digit)] = digit }
        return table
    }()

    /// True for a key byte written for an Arabic letter (never produced from Latin script).
    @inline(__always) static func isArabicKeyByte(_ byte: UInt8) -> Bool {
        (0x40...0x5E).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// The bytes of alef and lam (the article ال that the compact key takes off a word) and of haa
    /// with taa marbuta (the feminine ending it takes off the end, as Latin keys lose a final h).
    static let alef = UInt8(ascii: "A"), lam = UInt8(ascii: "L"), haa = UInt8(ascii: "O")
}
