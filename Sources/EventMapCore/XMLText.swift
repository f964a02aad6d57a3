/// Escapes text for XML content and attributes, dropping characters XML 1.0 forbids.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

extension XMLText {
    /// Appends `text` escaped for XML to `out`, byte by byte (no intermediate strings).
    package static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { source in
            var runStart = 0
            for (i, b) in source.enumerated() {
                let replacement: StaticString?
                switch b {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&apos;"
                case 0x09, 0x0A, 0x0D: continue
                case 0..<0x20: replacement = ""  // not allowed in XML 1.0
                case 0xEF where i + 2 < source.count && source[i + 1] == 0xBF && (source[i + 2] == 0xBE || source[i + 2] == 0xBF):
                    // U+FFFE and U+FFFF are not allowed either.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<i]))
                    runStart = i + 3
                    continue
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<i]))
                replacement!.withUTF8Buffer { out.append(contentsOf: $0) }
                runStart = i + 1
            }
            if runStart < source.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...])) }
        }
    }
}
