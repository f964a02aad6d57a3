import Foundation

/// Splits CSV bytes into records and fields without building strings: the fast path for
/// queries that copy matching rows through unchanged.
public struct CSVRecordScanner {
    /// The input, read in blocks of whole records.
    private let input: ChunkedInput

    /// Errors on this path name byte offsets, so the input does not count lines.
    public init(path: String) throws(IOError) { input = try ChunkedInput(path: path, countsLines: false) }

    /// The next block of whole records (at least ~4 MB unless the file ends), as bytes.
    public mutating func nextBlock() throws(IOError) -> [UInt8]? {
        while input.buffer.count - input.cursor < 4 << 20, try input.fill() {}
        guard input.cursor < input.buffer.count else { return nil }
        let end = input.atEnd ? input.buffer.count : CSVRecordScanner.lastRecordEnd(input.buffer, from: input.cursor)
        guard end > input.cursor else {
            // One record longer than the window: read on until it ends.
            guard try input.fill() else { return takeRest() }
            return try nextBlock()
        }
        let block = Array(input.buffer[input.cursor..<end])
        input.consume(to: end)
        return block
    }

    private func takeRest() -> [UInt8]? {
        guard input.cursor < input.buffer.count else { return nil }
        let block = Array(input.buffer[input.cursor...])
        input.consume(to: input.buffer.count)
        return block
    }

    /// The index just past the last newline that ends a record (outside quotes) in `bytes[from...]`.
    public static func lastRecordEnd(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { lastRecordEnd($0, from: start) }
    }

    /// The same for bytes in memory the caller owns, without copying them.
    public static func lastRecordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var quoted = false, last = start
        var i = start
        let count = bytes.count
        while i < count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { quoted.toggle() } else if b == 0x0A && !quoted { last = i + 1 }
            i += 1
        }
        return last
    }

    /// Calls `body` with each record's byte range (line end excluded) and its fields' ranges
    /// (quotes included) in `bytes`.
    public static func forEachRecord(in bytes: UnsafeBufferPointer<UInt8>, separator: UInt8 = UInt8(ascii: ","),
                                     _ body: (Range<Int>, [Range<Int>]) -> Void) {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(64)
        var recordStart = 0, fieldStart = 0, quoted = false
        var i = 0
        let count = bytes.count
        while i < count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted {
                if b == separator {
                    fields.append(fieldStart..<i)
                    fieldStart = i + 1
                } else if b == 0x0A {
                    let end = i > recordStart && bytes[i - 1] == 0x0D ? i - 1 : i
                    fields.append(fieldStart..<end)
                    body(recordStart..<end, fields)
                    fields.removeAll(keepingCapacity: true)
                    recordStart = i + 1
                    fieldStart = i + 1
                }
            }
            i += 1
        }
        if recordStart < count {
            var end = count
            if bytes[end - 1] == 0x0D { end -= 1 }
            fields.append(fieldStart..<end)
            body(recordStart..<end, fields)
        }
    }

    /// A decimal number in `bytes[range]` (optional quotes and spaces around it), correctly
    /// rounded like strtod for up to 15 significant digits; nil if it is not a plain decimal.
    public static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var i = range.lowerBound, end = range.upperBound
        while i < end, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\"") { i += 1 }
        while end > i, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\"") { end -= 1 }
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0, digits = 0, decimals = 0, seenPoint = false
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if b >= 0x30 && b <= 0x39 {
                if digits >= 15 { return slowNumber(bytes, range) }
                mantissa = mantissa * 10 + UInt64(b - 0x30)
                digits += 1
                if seenPoint { decimals += 1 }
            } else {
                return slowNumber(bytes, range)
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        // Both operands are exact doubles, so one IEEE division rounds correctly.
        let value = Double(mantissa) / powersOfTen[decimals]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    private static func slowNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            .trimmingCharacters(in: CharacterSet(charactersIn: " \""))
        return Double(text)
    }
}
