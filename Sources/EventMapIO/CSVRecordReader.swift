/// What reading one CSV record keeps: its cells as strings (``CSVCellStrings``), or nothing
/// (``CSVRecordEnds``, to find where records end before they are read on every core).
protocol CSVRecordCells {
    /// A quoted cell begins; its text comes through `appendQuoted`.
    mutating func beginQuoted()
    /// Text of a quoted cell (inside the quotes, or after the closing one).
    mutating func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>)
    mutating func appendQuoted(_ byte: UInt8)
    /// The cell ends: `bytes[unquoted]` is its text when it was not quoted.
    mutating func endCell(_ bytes: UnsafeBufferPointer<UInt8>, unquoted: Range<Int>, wasQuoted: Bool)
}

/// The cells of a record as strings, unquoted cells decoded straight from the bytes.
struct CSVCellStrings: CSVRecordCells {
    private(set) var fields: [String] = []
    private var cell: [UInt8] = []

    init(capacity: Int) { fields.reserveCapacity(capacity) }

    mutating func beginQuoted() { cell.removeAll(keepingCapacity: true) }
    mutating func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>) { cell.append(contentsOf: bytes) }
    mutating func appendQuoted(_ byte: UInt8) { cell.append(byte) }
    mutating func endCell(_ bytes: UnsafeBufferPointer<UInt8>, unquoted: Range<Int>, wasQuoted: Bool) {
        fields.append(wasQuoted ? String(decoding: cell, as: UTF8.self) : String(decoding: UnsafeBufferPointer(rebasing: bytes[unquoted]), as: UTF8.self))
    }
}

/// Nothing kept: a scan for where records end (the same rules, none of the cells' costs).
struct CSVRecordEnds: CSVRecordCells {
    @inline(__always) mutating func beginQuoted() {}
    @inline(__always) mutating func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {}
    @inline(__always) mutating func appendQuoted(_ byte: UInt8) {}
    @inline(__always) mutating func endCell(_ bytes: UnsafeBufferPointer<UInt8>, unquoted: Range<Int>, wasQuoted: Bool) {}
}

/// Reads CSV records (RFC 4180, as spreadsheets write it): a quote opens a quoted cell only at
/// the cell's start, `""` inside one is a quote, text after the closing quote joins the cell; a
/// record ends at a line feed, CRLF or a lone carriage return outside quotes.
enum CSVRecordReader {
    /// Reads the record that starts at `start` of `bytes`, its cells into `cells`; the index
    /// just past its line end, or nil when `bytes` ends inside it. With `atEnd` (the input ends
    /// where `bytes` does) the last record may end without a line end, unless a quote is open.
    static func read<Cells: CSVRecordCells>(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, atEnd: Bool, separator: UInt8, into cells: inout Cells
    ) -> Int? {
        let count = bytes.count
        guard start < count, let base = bytes.baseAddress else { return nil }
        let quote = UInt8(ascii: "\"")
        var i = start
        var quoted = false, wasQuoted = false
        var cellStart = start
        let structural = CSVRecordScanner.StructuralBytes(separator: separator)
        while i < count {
            // Jump to the next byte that matters (eight at a time): inside quotes the next
            // quote, the run before it joining the cell; outside them a quote, the separator, a
            // line feed, or a carriage return (it may end the record).
            if quoted {
                let next = structural.nextQuote(base, from: i, to: count)
                cells.appendQuoted(UnsafeBufferPointer(rebasing: bytes[i..<next]))
                i = next
                guard i < count else { break }
            } else if !wasQuoted {
                i = structural.nextOrReturn(base, from: i, to: count)
                guard i < count else { break }
            }
            let b = bytes[i]
            if quoted {
                // At a quote: doubled it is one quote, else it closes the cell.
                if i + 1 < count {
                    if bytes[i + 1] == quote { cells.appendQuoted(quote); i += 2; continue }
                    quoted = false
                } else if !atEnd {
                    return nil  // cannot tell an escaped quote from the closing one yet
                } else {
                    quoted = false
                }
                i += 1
                continue
            }
            switch b {
            case quote where i == cellStart && !wasQuoted:
                quoted = true
                wasQuoted = true
                cells.beginQuoted()
            case separator:
                cells.endCell(bytes, unquoted: cellStart..<i, wasQuoted: wasQuoted)
                wasQuoted = false
                cellStart = i + 1
            case 0x0A:
                cells.endCell(bytes, unquoted: cellStart..<i, wasQuoted: wasQuoted)
                return i + 1
            case 0x0D:
                if i + 1 < count && bytes[i + 1] == 0x0A {
                    cells.endCell(bytes, unquoted: cellStart..<i, wasQuoted: wasQuoted)
                    return i + 2
                } else if i + 1 >= count && !atEnd {
                    return nil
                }
                cells.endCell(bytes, unquoted: cellStart..<i, wasQuoted: wasQuoted)
                return i + 1
            default:
                if wasQuoted { cells.appendQuoted(b) }  // text after a closing quote belongs to the cell
            }
            i += 1
        }
        guard atEnd, !quoted else { return nil }
        cells.endCell(bytes, unquoted: cellStart..<count, wasQuoted: wasQuoted)
        return count
    }

    /// The cells of the record at `start`, and where it ends (nil as for ``read(_:from:atEnd:separator:into:)``).
    static func fields(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, atEnd: Bool, separator: UInt8, expected: Int) -> ([String], Int)? {
        var cells = CSVCellStrings(capacity: expected)
        guard let end = read(bytes, from: start, atEnd: atEnd, separator: separator, into: &cells) else { return nil }
        return (cells.fields, end)
    }
}
