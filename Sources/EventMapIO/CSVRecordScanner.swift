import CCSVScan
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Splits CSV bytes into records and fields without building strings: the fast path for
/// queries that copy matching rows through unchanged (the bytes come from a ``MappedFile``).
public enum CSVRecordScanner {
    /// The index just past the last newline outside quotes in `bytes[..<limit]`, or 0 when there is
    /// none. Quotes toggle the quoted state, so a newline is outside quotes when an even number of
    /// quotes comes before it: one counting pass (which the compiler vectorises), then a short walk
    /// back from `limit`.
    public static func lastRecordEnd(_ bytes: UnsafeBufferPointer<UInt8>, before limit: Int) -> Int {
        var quotes = countQuotes(bytes, 0..<limit)
        var i = limit - 1
        while i >= 0 {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { quotes -= 1 } else if b == 0x0A && quotes & 1 == 0 { return i + 1 }
            i -= 1
        }
        return 0
    }

    /// Calls `body` with each record's byte range (line end excluded) and the ranges of its first
    /// `fieldLimit` fields (quotes included) in `bytes`; the fields' buffer is only valid during the
    /// call.
    ///
    /// The separators and newlines outside quotes are found 64 bytes at a time by vector
    /// comparisons (`eventmap_csv_split_marks`, a bit per byte, separators and line feeds in two
    /// masks), a batch of blocks per call; each line feed ends a record, the separators below it its
    /// fields, so no byte is read again to tell one from the other. A record ends at a line feed
    /// outside quotes or at the end of the bytes.
    public static func forEachRecord(
        in bytes: UnsafeBufferPointer<UInt8>, separator: UInt8 = UInt8(ascii: ","),
        fieldLimit: Int = .max,
        _ body: (Range<Int>, UnsafeBufferPointer<Range<Int>>) -> Void
    ) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        // The record being read; a struct with a mutating method rather than variables captured
        // by a nested function, which would be checked for exclusive access on every call.
        var state = RecordState(base: base, fieldLimit: fieldLimit)
        defer { state.fields.free() }
        var inside: UInt64 = 0
        let batch = Self.marksPerBatch
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * batch) { marks in
            let separators = marks.baseAddress!, newlines = separators + batch
            var blockStart = 0
            while blockStart < count {
                let blocks: Int
                if count - blockStart >= 64 {
                    blocks = min(batch, (count - blockStart) / 64)
                    eventmap_csv_split_marks(base + blockStart, blocks, separator, separators, newlines, &inside)
                } else {
                    // The last few bytes, copied into a block of zeros.
                    blocks = 1
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { tail in
                        tail.initialize(repeating: 0)
                        _ = UnsafeMutableBufferPointer(rebasing: tail[..<(count - blockStart)])
                            .initialize(from: UnsafeBufferPointer(rebasing: bytes[blockStart...]))
                        eventmap_csv_split_marks(tail.baseAddress!, 1, separator, separators, newlines, &inside)
                    }
                    // Zeros are neither separators nor newlines, unless the separator is zero.
                    separators[0] &= (1 << UInt64(count - blockStart)) - 1
                }
                for b in 0..<blocks {
                    var fieldEnds = separators[b], lineEnds = newlines[b]
                    let offset = blockStart + 64 * b
                    // Record by record: the separators below each line feed end its fields.
                    while lineEnds != 0 {
                        let end = lineEnds.trailingZeroBitCount
                        let below = (UInt64(1) << UInt64(end)) &- 1
                        state.addFields(fieldEnds & below, at: offset)
                        fieldEnds &= ~below
                        lineEnds &= lineEnds &- 1
                        state.finish(at: offset + end, body)
                    }
                    state.addFields(fieldEnds, at: offset)
                }
                blockStart += 64 * blocks
            }
        }
        if state.recordStart < count { state.finish(at: count, body) }
    }

    /// Where the record being scanned and its current field start, and its fields so far.
    private struct RecordState {
        let base: UnsafePointer<UInt8>
        let fieldLimit: Int
        var fields = FieldBuffer()
        var recordStart = 0, fieldStart = 0

        init(base: UnsafePointer<UInt8>, fieldLimit: Int) {
            self.base = base
            self.fieldLimit = fieldLimit
        }

        /// Ends a field at each set bit of `ends` (bit k is byte `offset + k`), up to the limit.
        @inline(__always) mutating func addFields(_ ends: UInt64, at offset: Int) {
            var ends = ends
            guard ends != 0, fields.count < fieldLimit else { return }
            fields.reserve(fields.count + ends.nonzeroBitCount)
            while ends != 0, fields.count < fieldLimit {
                let i = offset + ends.trailingZeroBitCount
                ends &= ends &- 1
                fields.append(fieldStart..<i)
                fieldStart = i + 1
            }
        }

        /// Ends the record whose line feed (or the end of the bytes) is at `end`.
        @inline(__always) mutating func finish(at end: Int, _ body: (Range<Int>, UnsafeBufferPointer<Range<Int>>) -> Void) {
            if fields.count < fieldLimit { fields.add(fieldStart..<end) }
            var recordEnd = end
            if recordEnd > recordStart && base[recordEnd - 1] == 0x0D {
                recordEnd -= 1
                // The last field, when listed, ends before the carriage return too.
                fields.trimLast(to: recordEnd)
            }
            body(recordStart..<recordEnd, fields.buffer)
            fields.count = 0
            recordStart = end + 1
            fieldStart = end + 1
        }
    }

    /// 64-byte blocks marked per call of `eventmap_csv_split_marks` (4 KB of input).
    private static let marksPerBatch = 64

    /// The index of the first newline outside quotes at or after `start` (which is outside quotes).
    static func nextRecordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var from = start, quotes = 0
        while from < bytes.count {
            guard let hit = memchr(base + from, 0x0A, bytes.count - from) else { return nil }
            let newline = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            quotes &+= countQuotes(bytes, from..<newline)
            if quotes & 1 == 0 { return newline }
            from = newline + 1
        }
        return nil
    }

    /// How many `"` bytes `bytes[range]` holds, 32 bytes at a time: a lane of the comparison is
    /// all ones (−1) where the byte is a quote, so subtracting it counts in that lane; the byte
    /// counters are summed before any can pass 255.
    static func countQuotes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let quotes = SIMD32<UInt8>(repeating: UInt8(ascii: "\""))
        var total = 0, i = range.lowerBound
        while range.upperBound - i >= 32 {
            var counters = SIMD32<UInt8>()
            var rounds = 0
            while rounds < 255 && range.upperBound - i >= 32 {
                let block = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD32<UInt8>.self)
                counters &-= unsafeBitCast(block .== quotes, to: SIMD32<UInt8>.self)
                i += 32
                rounds += 1
            }
            total += Int(SIMD32<UInt16>(truncatingIfNeeded: counters).wrappedSum())
        }
        while i < range.upperBound {
            if bytes[i] == UInt8(ascii: "\"") { total += 1 }
            i += 1
        }
        return total
    }

    /// Finds the bytes that delimit CSV (quote, separator, newline) eight at a time (``ByteScan``).
    struct StructuralBytes {
        let separator: UInt8
        let separators: UInt64
        static let quotes = ByteScan.repeated(UInt8(ascii: "\""))
        static let newlines = ByteScan.repeated(0x0A)
        static let returns = ByteScan.repeated(0x0D)

        init(separator: UInt8) {
            self.separator = separator
            separators = ByteScan.repeated(separator)
        }

        /// The index of the first quote, separator or newline in `base[from..<end]`, or `end`.
        @inline(__always) func next(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
            ByteScan.first(
                base, from: start, to: end,
                marks: { ByteScan.equal($0, Self.quotes) | ByteScan.equal($0, separators) | ByteScan.equal($0, Self.newlines) },
                matches: { $0 == UInt8(ascii: "\"") || $0 == separator || $0 == 0x0A })
        }

        /// The index of the first quote, separator, line feed or carriage return in
        /// `base[from..<end]`, or `end` (for readers that take a bare carriage return as a line end).
        @inline(__always) func nextOrReturn(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
            ByteScan.first(
                base, from: start, to: end,
                marks: {
                    ByteScan.equal($0, Self.quotes) | ByteScan.equal($0, separators) | ByteScan.equal($0, Self.newlines)
                        | ByteScan.equal($0, Self.returns)
                },
                matches: { $0 == UInt8(ascii: "\"") || $0 == separator || $0 == 0x0A || $0 == 0x0D })
        }

        /// The index of the first quote in `base[from..<end]`, or `end`.
        @inline(__always) func nextQuote(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
            ByteScan.first(base, from: start, to: end, marks: { ByteScan.equal($0, Self.quotes) }, matches: { $0 == UInt8(ascii: "\"") })
        }
    }

    /// A growable buffer of field ranges, reused from record to record.
    private struct FieldBuffer {
        private var storage = UnsafeMutablePointer<Range<Int>>.allocate(capacity: 64)
        private var capacity = 64
        var count = 0

        var buffer: UnsafeBufferPointer<Range<Int>> { UnsafeBufferPointer(start: storage, count: count) }

        mutating func add(_ field: Range<Int>) {
            reserve(count + 1)
            append(field)
        }

        /// Room for `total` fields.
        @inline(__always) mutating func reserve(_ total: Int) {
            guard total > capacity else { return }
            let larger = UnsafeMutablePointer<Range<Int>>.allocate(capacity: max(total, capacity * 2))
            larger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity = max(total, capacity * 2)
        }

        /// Adds a field where ``reserve(_:)`` made room.
        @inline(__always) mutating func append(_ field: Range<Int>) {
            (storage + count).initialize(to: field)
            count += 1
        }

        mutating func trimLast(to end: Int) {
            guard count > 0, storage[count - 1].upperBound > end else { return }
            storage[count - 1] = storage[count - 1].lowerBound..<max(storage[count - 1].lowerBound, end)
        }

        func free() { storage.deallocate() }
    }

    /// A decimal number in `bytes[range]` (optional quotes and spaces around it), correctly
    /// rounded like strtod for up to 15 significant digits; nil if it is not a plain decimal.
    public static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var i = range.lowerBound, end = range.upperBound
        @inline(__always) func padding(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\"") }
        while i < end, padding(bytes[i]) { i += 1 }
        while end > i, padding(bytes[end - 1]) { end -= 1 }
        guard i < end else { return nil }
        // Anything else (an exponent, a second point, letters, more than 15 digits) goes to strtod.
        return PlainDecimal.value(UnsafeBufferPointer(rebasing: bytes[i..<end])) ?? slowNumber(bytes, range)
    }

    private static func slowNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            .trimmingCharacters(in: CharacterSet(charactersIn: " \""))
        return Double(text)
    }
}
