/// The rules every CSV EventMap writes follows, in one place: which cells a spreadsheet would run
/// as a formula, and how a header line becomes column names. The CSV writer, the CSV reader and
/// `query`'s pass-through (which copies rows as bytes) all use these.
public enum CSVCells {
    /// Whether a cell's text (without its quotes) needs a `'` in front so that a spreadsheet does
    /// not run it: it starts with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a
    /// plain number (`-5`, `+3.2` stay as they are).
    public static func needsFormulaGuard(_ cell: some Collection<UInt8>) -> Bool {
        guard let first = cell.first,
            first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
        else { return false }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            let text = String(decoding: cell, as: UTF8.self)
            if Double(text) != nil, !text.contains(where: \.isLetter) { return false }
        }
        return true
    }

    /// ``needsFormulaGuard(_:)`` for bytes in place, without the generic collection's costs: most
    /// cells are answered by their first byte, and a signed plain decimal (`-5`, `+3.25`) without
    /// building a string; anything else is asked of the general rule.
    public static func needsFormulaGuard(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = cell.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "-"), UInt8(ascii: "+"): break
        default: return false
        }
        var digits = 0, points = 0
        for b in cell.dropFirst() {
            if b >= 0x30 && b <= 0x39 { digits += 1 } else if b == UInt8(ascii: ".") { points += 1 } else { return needsFormulaGuard(cell[...]) }
        }
        return digits == 0 || points > 1 ? needsFormulaGuard(cell[...]) : false
    }

    /// `text` with a `'` in front when ``needsFormulaGuard(_:)`` says so.
    public static func guardFormula(_ text: String) -> String { needsFormulaGuard(text.utf8) ? "'" + text : text }

    /// A header name as written back to what it was: spaces and a byte-order mark trimmed, and a
    /// `'` that EventMap's writer put before a formula-like name removed (`'=1+1` → `=1+1`).
    public static func headerName(_ raw: String, first: Bool) -> String {
        var name = raw.trimmingCharacters(in: " ")
        if first, name.hasPrefix("\u{FEFF}") { name = String(name.dropFirst()).trimmingCharacters(in: " ") }
        if name.hasPrefix("'"), let second = name.dropFirst().first, "=+-@".contains(second) { return String(name.dropFirst()) }
        return name
    }

    /// The column names of a header record given as bytes (no line end): cells split at
    /// `separator` outside quotes, quotes removed (`""` is one quote), each name as
    /// ``headerName(_:first:)`` gives it.
    public static func headerNames(_ line: [UInt8], separator: UInt8 = UInt8(ascii: ",")) -> [String] {
        var names: [String] = []
        line.withUnsafeBufferPointer { bytes in
            CSVRecordScanner.forEachRecord(in: bytes, separator: separator) { _, fields in
                for field in fields {
                    var cell = Array(bytes[field])
                    if cell.count >= 2, cell.first == UInt8(ascii: "\""), cell.last == UInt8(ascii: "\"") {
                        cell = Array(cell.dropFirst().dropLast())
                        var unquoted: [UInt8] = []
                        var i = 0
                        while i < cell.count {
                            unquoted.append(cell[i])
                            i += cell[i] == UInt8(ascii: "\"") && i + 1 < cell.count && cell[i + 1] == UInt8(ascii: "\"") ? 2 : 1
                        }
                        cell = unquoted
                    }
                    names.append(headerName(String(decoding: cell, as: UTF8.self), first: names.isEmpty))
                }
            }
        }
        return names
    }

    /// The columns that hold latitude and longitude among `names` (any case), as every reader
    /// looks for them; nil when either is missing.
    public static func coordinateColumns(_ names: [String]) -> (latitude: Int, longitude: Int)? {
        let lower = names.map { $0.lowercased() }
        guard let latitude = EventSchema.latitudeNames.lazy.compactMap({ lower.firstIndex(of: $0) }).first,
            let longitude = EventSchema.longitudeNames.lazy.compactMap({ lower.firstIndex(of: $0) }).first
        else { return nil }
        return (latitude, longitude)
    }
}
