import EventMapCore

/// Appends JSON text straight into a byte buffer: the writers' fast path (no intermediate
/// strings for escaping, numbers or joins).
struct JSONBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// A JSON string literal.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { source in
            var runStart = 0, i = 0
            while true {
                i = JSONBytes.nextToEscape(source, from: i)
                guard i < source.count else { break }
                let b = source[i]
                bytes.append(contentsOf: source[runStart..<i])
                switch b {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    raw("\\u00")
                    let hex: StaticString = "0123456789abcdef"
                    hex.withUTF8Buffer { digits in
                        bytes.append(digits[Int(b >> 4)])
                        bytes.append(digits[Int(b & 0xF)])
                    }
                }
                i += 1
                runStart = i
            }
            bytes.append(contentsOf: source[runStart...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The index of the first byte at or after `start` that a JSON string must escape (a quote,
    /// a backslash, a control character), or `source.count`, eight bytes at a time (``ByteScan``).
    static func nextToEscape(_ source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = source.baseAddress else { return source.count }
        let spaces = ByteScan.repeated(0x20), quotes = ByteScan.repeated(UInt8(ascii: "\"")), slashes = ByteScan.repeated(UInt8(ascii: "\\"))
        return ByteScan.first(
            base, from: start, to: source.count,
            marks: { ByteScan.below($0, spaces) | ByteScan.equal($0, quotes) | ByteScan.equal($0, slashes) },
            matches: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
    }

    /// A number: whole numbers as integers, others in Swift's shortest exact form; non-finite as null.
    mutating func number(_ value: Double) {
        guard value.isFinite else { raw("null"); return }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 {
            JSONBytes.fixed(Int64(value).magnitude, decimals: 0, negative: value < 0, to: &bytes)
            return
        }
        if let (digits, decimals) = Self.shortDecimal(value) {
            JSONBytes.fixed(digits, decimals: decimals, negative: value < 0, to: &bytes)
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Magnitudes written by ``shortDecimal(_:)``: from 10⁻⁴ (Swift writes smaller ones with an
    /// exponent) to below 10⁶ (where seven decimals are still far apart compared with the
    /// spacing of doubles, so at most one decimal of each length reads back as the value).
    static let shortDecimalRange = 1e-4..<1e6
    /// The most decimals ``shortDecimal(_:)`` tries: coordinates at GeoJSON's default precision.
    static let shortDecimalPlaces = 7

    /// A value of `shortDecimalRange` that the decimal `digits` × 10^−`decimals` (at most seven
    /// decimals) reads back as: the fewest decimals that do, so the digits are the ones Swift's
    /// shortest description gives, without its general algorithm. Nil otherwise (more decimals,
    /// out of range), for `description` to write.
    static func shortDecimal(_ value: Double) -> (digits: UInt64, decimals: Int)? {
        let magnitude = value.magnitude
        guard shortDecimalRange.contains(magnitude) else { return nil }
        var scale = 1.0
        for decimals in 1...shortDecimalPlaces {
            scale *= 10
            // Below 10¹³, adding a half and truncating rounds to the nearest whole number; n
            // and the power of ten are exact doubles, so n / scale is the double nearest the
            // decimal: the one reading it back gives.
            let n = UInt64(magnitude * scale + 0.5)
            if Double(n) / scale == magnitude { return (n, decimals) }
        }
        return nil
    }

    /// `digits` × 10^−`decimals` in fixed notation (`12`, `0.5`, `36.1234567`), the digits
    /// written last to first into a buffer on the stack and appended at once.
    static func fixed(_ digits: UInt64, decimals: Int, negative: Bool, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var i = buffer.count
            var rest = digits
            for _ in 0..<decimals {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            if decimals > 0 { i -= 1; buffer[i] = UInt8(ascii: ".") }
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if negative { i -= 1; buffer[i] = UInt8(ascii: "-") }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i...]))
        }
    }

    mutating func value(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case let .bool(b): if b { raw("true") } else { raw("false") }
        case let .number(n): number(n)
        case let .integer(i): bytes.append(contentsOf: String(i).utf8)
        case let .string(s): string(s)
        case let .array(items):
            byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                self.value(item)
            }
            byte(UInt8(ascii: "]"))
        case let .object(members): object(members.lazy.map { ($0.0, $0.1) })
        }
    }

    mutating func object<S: Sequence>(_ members: S) where S.Element == (String, JSONValue) {
        byte(UInt8(ascii: "{"))
        var first = true
        for (name, member) in members {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            string(name)
            byte(UInt8(ascii: ":"))
            value(member)
        }
        byte(UInt8(ascii: "}"))
    }
}
