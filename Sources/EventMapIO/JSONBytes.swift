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
            var n = Int64(value)
            if n == 0 { bytes.append(UInt8(ascii: "0")); return }
            if n < 0 { bytes.append(UInt8(ascii: "-")); n = -n }
            // The digits last to first, then turned round in place (no array per number).
            let first = bytes.count
            while n > 0 { bytes.append(UInt8(ascii: "0") + UInt8(n % 10)); n /= 10 }
            bytes[first...].reverse()
            return
        }
        bytes.append(contentsOf: value.description.utf8)
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
