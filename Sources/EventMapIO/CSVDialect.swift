/// How a CSV file separates its cells, found from its first lines as spreadsheet programs and
/// GDAL's CSV driver do: comma, semicolon (European spreadsheets) or tab.
public enum CSVDialect {
    /// The separators tried, in order of preference when counts tie.
    public static let separators: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]

    /// The separator of the header line of `head` (the file's first bytes): the candidate that
    /// occurs most often outside quotes, and, when the second line is complete, as often there.
    /// Comma when none occurs.
    public static func sniff(_ head: [UInt8]) -> UInt8 {
        var lines: [[Int]] = []
        var counts = [Int](repeating: 0, count: separators.count)
        var quoted = false
        var index = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < head.count && lines.count < 2 {
            let b = head[index]
            if b == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted {
                if b == 0x0A {
                    lines.append(counts)
                    counts = [Int](repeating: 0, count: separators.count)
                } else if let k = separators.firstIndex(of: b) {
                    counts[k] += 1
                }
            }
            index += 1
        }
        if lines.isEmpty { lines.append(counts) }
        let header = lines[0]
        var best = 0
        for k in separators.indices where header[k] > header[best] {
            // A candidate must split the second line into as many cells, when there is one.
            if lines.count > 1 && lines[1][k] != header[k] && lines[1][best] == header[best] && header[best] > 0 { continue }
            best = k
        }
        return header[best] > 0 ? separators[best] : UInt8(ascii: ",")
    }
}
