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
    package static func append(_ text: String, to out: inout [UInt8]) { append(text, to: &out, twice: false) }

    /// Appends `text` escaped for XML twice, as HTML text inside XML (a KML balloon):
    /// `&` becomes `&amp;amp;`, `<` becomes `&amp;lt;`; the same as escaping the escaped text.
    package static func appendEscapedTwice(_ text: String, to out: inout [UInt8]) { append(text, to: &out, twice: true) }

    /// Bytes that need no work: not `& < > " '`, not a control character other than tab and
    /// line breaks, not 0xEF (which may start U+FFFE or U+FFFF).
    private static let plain: [Bool] = (0...255).map { b in
        switch b {
        case 0x09, 0x0A, 0x0D: true
        case 0..<0x20, 0x22, 0x26, 0x27, 0x3C, 0x3E, 0xEF: false
        default: true
        }
    }

    private static func append(_ text: String, to out: inout [UInt8], twice: Bool) {
        var text = text
        text.withUTF8 { source in
            plain.withUnsafeBufferPointer { plain in
                var runStart = 0, i = 0
                let n = source.count
                while i < n {
                    // Runs of plain bytes are copied whole.
                    while i < n && plain[Int(source[i])] { i += 1 }
                    guard i < n else { break }
                    let b = source[i]
                    let replacement: StaticString
                    switch b {
                    case UInt8(ascii: "&"): replacement = twice ? "&amp;amp;" : "&amp;"
                    case UInt8(ascii: "<"): replacement = twice ? "&amp;lt;" : "&lt;"
                    case UInt8(ascii: ">"): replacement = twice ? "&amp;gt;" : "&gt;"
                    case UInt8(ascii: "\""): replacement = twice ? "&amp;quot;" : "&quot;"
                    case UInt8(ascii: "'"): replacement = twice ? "&amp;apos;" : "&apos;"
                    case 0xEF:
                        // U+FFFE and U+FFFF are not allowed in XML 1.0 either; other 0xEF sequences are.
                        if i + 2 < n && source[i + 1] == 0xBF && (source[i + 2] == 0xBE || source[i + 2] == 0xBF) {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<i]))
                            i += 3
                            runStart = i
                        } else {
                            i += 1
                        }
                        continue
                    default: replacement = ""  // a control character XML 1.0 does not allow
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<i]))
                    replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                    i += 1
                    runStart = i
                }
                if runStart < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...])) }
            }
        }
    }
}
