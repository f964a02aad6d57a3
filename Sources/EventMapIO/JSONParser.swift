import EventMapCore

/// A strict RFC 8259 JSON parser over UTF-8 bytes that keeps object members in order and
/// reports errors by line and column.
public struct JSONParser {
    /// The bytes being read: held for the length of one parse, never retained per value.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The text is `bytes[start..<end]`; `index` is the next byte to read.
    private let start: Int
    private let end: Int
    private var index: Int

    /// Parses one JSON text.
    /// - Throws: ``IOError/empty``, ``IOError/notUTF8(byteOffset:)`` or ``IOError/malformedJSON(line:column:message:)``.
    public static func parse(_ bytes: [UInt8]) throws(IOError) -> JSONValue { try parse(bytes, in: bytes.indices) }

    /// Parses the JSON text at `range` of `bytes` (a value inside a window of a file, read
    /// without copying it out); lines, columns and byte offsets of errors count from the range's start.
    public static func parse(_ bytes: [UInt8], in range: Range<Int>) throws(IOError) -> JSONValue {
        if let offset = UTF8Check.firstInvalidOffset(in: bytes[range]) { throw .notUTF8(byteOffset: offset - range.lowerBound) }
        return try bytes.withUnsafeBufferPointer { buffer throws(IOError) in
            var parser = JSONParser(bytes: buffer, range: range)
            parser.skipByteOrderMark()
            parser.skipWhitespace()
            guard parser.index < parser.end else { throw .empty }
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.index == parser.end else { throw parser.error("unexpected text after the JSON value") }
            return value
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        start = range.lowerBound
        end = range.upperBound
        index = range.lowerBound
    }

    private mutating func skipByteOrderMark() {
        if bytes[start..<end].starts(with: [0xEF, 0xBB, 0xBF]) { index = start + 3 }
    }

    private mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func error(_ message: String) -> IOError {
        var line = 1, column = 1
        for byte in bytes[start..<min(index, end)] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return .malformedJSON(line: line, column: column, message: message)
    }

    private var current: String {
        guard index < end else { return "end of file" }
        let byte = bytes[index]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func parseValue(depth: Int) throws(IOError) -> JSONValue {
        guard depth < 512 else { throw error("nesting deeper than 512 levels") }
        guard index < end else { throw error("unexpected end of file, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a value, found \(current)")
        }
    }

    private mutating func expectWord(_ word: String) throws(IOError) {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= end, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw error("expected '\(word)', found \(current)")
        }
        index += utf8.count
    }

    private mutating func parseObject(depth: Int) throws(IOError) -> JSONValue {
        index += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes, found \(current)")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after \"\(key)\", found \(current)") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard index < end else { throw error("unexpected end of file inside an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error("expected ',' or '}' in an object, found \(current)")
        }
    }

    private mutating func parseArray(depth: Int) throws(IOError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < end else { throw error("unexpected end of file inside an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error("expected ',' or ']' in an array, found \(current)")
        }
    }

    /// A number; whole numbers beyond 2^53 stay exact as ``JSONValue/integer(_:)``.
    private mutating func parseNumber() throws(IOError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.index
            while parser.index < parser.end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) {
                parser.index += 1
            }
            return parser.index - from
        }
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw error("expected digits in a number") }
        if integerDigits > 1, bytes[index - integerDigits] == UInt8(ascii: "0") { throw error("numbers may not start with 0") }
        var whole = true
        if index < end, bytes[index] == UInt8(ascii: ".") {
            whole = false
            index += 1
            guard digits(&self) > 0 else { throw error("expected digits after the decimal point") }
        }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            whole = false
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw error("expected digits in the exponent") }
        }
        // Numbers of up to 15 digits without an exponent (coordinates, counts): without strtod.
        if let value = PlainDecimal.value(UnsafeBufferPointer(rebasing: bytes[start..<index])) { return .number(value) }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if whole, let exact = JSONValue.wholeNumber(text) { return exact }
        guard let value = Double(text), value.isFinite else { throw error("number \(text) is out of range") }
        return .number(value)
    }

    private mutating func parseString() throws(IOError) -> String {
        index += 1
        // Fast path: no escapes before the closing quote (found eight bytes at a time).
        let scan = JSONBytes.nextToEscape(UnsafeBufferPointer(rebasing: bytes[..<end]), from: index)
        if scan < end, bytes[scan] == UInt8(ascii: "\"") {
            let text = String(decoding: bytes[index..<scan], as: UTF8.self)
            index = scan + 1
            return text
        }
        // With escapes: the text's bytes gathered, escapes written as UTF-8, decoded once.
        var text: [UInt8] = []
        text.reserveCapacity(scan - index + 16)
        var runStart = index
        func appendScalar(_ scalar: Unicode.Scalar) { text.append(contentsOf: UTF8.encode(scalar)!) }
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                text.append(contentsOf: bytes[runStart..<index])
                index += 1
                // The whole text was checked as UTF-8 up front, so this decodes without loss.
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                text.append(contentsOf: bytes[runStart..<index])
                index += 1
                guard index < end else { throw error("unexpected end of file in a string escape") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800..<0xDC00).contains(code), index + 1 < end,
                        bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid UTF-16 surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    appendScalar(Unicode.Scalar(code) ?? "\u{FFFD}")
                default:
                    index -= 1
                    throw error("invalid escape \\\(current)")
                }
                runStart = index
            case 0x00..<0x20:
                throw error("control character in a string (escape it)")
            default:
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(IOError) -> UInt32 {
        guard index + 4 <= end else { throw error("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else {
                throw error("expected a hex digit after \\u, found \(current)")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
