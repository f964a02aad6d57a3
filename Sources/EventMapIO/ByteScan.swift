/// Finds the first of a few byte values eight bytes at a time (SIMD within a register), for the
/// readers and writers that skip long runs of plain text: the CSV scanners, GeoJSON strings,
/// JSON escaping.
///
/// In a 64-bit word x, (x − 0x01…) & ~x & 0x80… marks the bytes of x that are zero; with
/// x = word ^ pattern it marks the bytes equal to the pattern's, and (word − b…) & ~word & 0x80…
/// marks the bytes below b (for b ≤ 0x80). A mark can be false only above a true one (a borrow
/// spreads upward), so the lowest mark of any such sum is the first byte looked for.
enum ByteScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// `byte` in every byte of a word.
    @inline(__always) static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* ones }

    /// Marks the bytes of `word` equal to those of `pattern` (a ``repeated(_:)`` byte).
    @inline(__always) static func equal(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- ones) & ~x & highs
    }

    /// Marks the bytes of `word` below those of `bound` (a ``repeated(_:)`` byte of at most 0x80).
    @inline(__always) static func below(_ word: UInt64, _ bound: UInt64) -> UInt64 { (word &- bound) & ~word & highs }

    /// The index of the first byte of `base[start..<end]` that `marks` marks in its word (the
    /// last few bytes, fewer than eight, are asked of `matches` one by one), or `end`.
    @inline(__always) static func first(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, marks: (UInt64) -> UInt64, matches: (UInt8) -> Bool
    ) -> Int {
        var i = start
        while end - i >= 8 {
            let found = marks(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            if matches(base[i]) { return i }
            i += 1
        }
        return end
    }
}
