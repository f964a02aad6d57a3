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
/// letters is lower case, so a name in Arabic script never shares a key with a romanised one
/// by accident (`ادلب` is `ADLB`, `adlb` is GeoNames' transliteration of it).
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

    /// True for a key byte written for an Arabic letter (never produced from Latin script).
    @inline(__always) static func isArabicKeyByte(_ byte: UInt8) -> Bool {
        (0x40...0x5E).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// The byte of alef, waw, yaa and haa (with taa marbuta): the long vowels and the feminine
    /// ending, which the compact and skeleton keys treat as Latin keys treat vowels and final h.
    static let alef = UInt8(ascii: "A"), waw = UInt8(ascii: "U"), yaa = UInt8(ascii: "Y"), haa = UInt8(ascii: "O")
    static let lam = UInt8(ascii: "L"), hamza = UInt8(ascii: "^")
}
