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
            var runStart = 0
            for (i, b) in source.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                bytes.append(contentsOf: source[runStart..<i])
                switch b {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    raw("\\u00")
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 0xF)])
                }
                runStart = i + 1
            }
            bytes.append(contentsOf: source[runStart...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number: whole numbers as integers, others in Swift's shortest exact form; non-finite as null.
    mutating func number(_ value: Double) {
        guard value.isFinite else { raw("null"); return }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 {
            var n = Int64(value)
            if n == 0 { bytes.append(UInt8(ascii: "0")); return }
            if n < 0 { bytes.append(UInt8(ascii: "-")); n = -n }
            var digits: [UInt8] = []
            digits.reserveCapacity(16)
            while n > 0 { digits.append(UInt8(ascii: "0") + UInt8(n % 10)); n /= 10 }
            bytes.append(contentsOf: digits.reversed())
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
