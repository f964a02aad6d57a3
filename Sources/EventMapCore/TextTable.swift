/// A plain text table for a terminal: columns padded to their widest cell, two spaces apart,
/// cells longer than their column's limit cut with `…` (the last column is not padded).
public enum TextTable {
    /// `maxWidth[i]` is the most characters column `i` shows.
    public static func render(header: [String], rows: [[String]], maxWidth: [Int]) -> String {
        let all = [header] + rows
        let cut = all.map { row in
            row.enumerated().map { i, cell in
                i < maxWidth.count && cell.count > maxWidth[i] ? String(cell.prefix(maxWidth[i] - 1)) + "…" : cell
            }
        }
        let widths = header.indices.map { i in cut.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        return cut.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
