import Foundation

/// JSON text for values (RFC 8259): the one writer of JSON literals, for the GeoJSON and CSV
/// writers, the command line and the HTML map.
public enum JSONText {
    /// A string literal with the escapes JSON requires.
    public static func string(_ text: String) -> String {
        // Most text needs no escapes: check the bytes first.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A number: integers without a decimal point, others in the shortest form that reads back
    /// exactly; non-finite values as null (JSON has no NaN).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    public static func value(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case let .bool(b): b ? "true" : "false"
        case let .number(n): number(n)
        case let .integer(i): String(i)
        case let .string(s): string(s)
        case let .array(items): "[" + items.map(self.value).joined(separator: ",") + "]"
        case let .object(members): object(members)
        }
    }

    /// `json` made safe to stand inside an HTML `<script>` element: "</" cannot close it, and
    /// U+2028 and U+2029 (line ends to older scripts) are escaped. Still the same JSON.
    public static func scriptSafe(_ json: String) -> String {
        guard json.contains("</") || json.unicodeScalars.contains(where: { $0 == "\u{2028}" || $0 == "\u{2029}" }) else { return json }
        return json.replacingOccurrences(of: "</", with: "<\\/").replacingOccurrences(of: "\u{2028}", with: "\\u2028")
            .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
    }

    public static func object(_ members: [(String, JSONValue)]) -> String {
        "{" + members.map { string($0.0) + ":" + value($0.1) }.joined(separator: ",") + "}"
    }
}
