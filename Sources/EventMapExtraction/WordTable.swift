/// A fixed table of words (the lexicon's closed classes, demonyms, names that are not places),
/// looked up by every word of every article. A `Set<String>` or `[String: V]` hashes each
/// look-up with a seeded SipHash over Unicode-normalised text; the words here are folded keys
/// (``NameKeys/fold(_:)``: ASCII, or Arabic letters already normalised), so a 64-bit FNV-1a
/// hash of the UTF-8 bytes and byte equality find the same entries for a fraction of the work.
///
/// Open addressing with linear probing over a power-of-two array at most half full; built once,
/// never changed.
struct WordTable<Value>: Sendable where Value: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        var word: String
        var value: Value
    }

    private let slots: [Slot?]
    private let mask: Int

    /// A table of `entries`, word and value; a word given twice keeps its last value.
    init(_ entries: some Sequence<(String, Value)>) {
        var unique: [String: Value] = [:]
        for (word, value) in entries { unique[word] = value }
        var capacity = 8
        while capacity < unique.count * 2 { capacity *= 2 }
        var slots = [Slot?](repeating: nil, count: capacity)
        for (word, value) in unique {
            let hash = Self.hash(word)
            var i = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[i] != nil { i = (i + 1) & (capacity - 1) }
            slots[i] = Slot(hash: hash, word: word, value: value)
        }
        self.slots = slots
        self.mask = capacity - 1
    }

    /// The value of `word`, nil when the table does not hold it.
    subscript(word: String) -> Value? {
        let hash = Self.hash(word)
        var i = Int(truncatingIfNeeded: hash) & mask
        while let slot = slots[i] {
            if slot.hash == hash && slot.word == word { return slot.value }
            i = (i + 1) & mask
        }
        return nil
    }

    func contains(_ word: String) -> Bool { self[word] != nil }

    /// The words the table holds, in no order.
    var words: [String] { slots.compactMap { $0?.word } }

    /// FNV-1a over the UTF-8 bytes, 64 bits (read in place: a native or small string has them
    /// contiguous).
    @inline(__always)
    static func hash(_ word: String) -> UInt64 {
        if let hash = word.utf8.withContiguousStorageIfAvailable({ hash(bytes: $0) }) { return hash }
        return hash(bytes: Array(word.utf8))
    }

    @inline(__always)
    private static func hash(bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

extension WordTable where Value == Void {
    /// A set of words.
    init(words: some Sequence<String>) {
        self.init(words.map { ($0, ()) })
    }
}

/// A set of folded words (see ``WordTable``).
typealias WordSet = WordTable<Void>

extension WordTable: ExpressibleByArrayLiteral where Value == Void {
    init(arrayLiteral words: String...) {
        self.init(words: words)
    }
}
