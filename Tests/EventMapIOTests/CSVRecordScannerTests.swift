import EventMapCore
import EventMapIO
import Foundation
import Testing

/// The byte-level CSV scanner behind `query`'s CSV-to-CSV path, checked against a plain
/// character-by-character reading of RFC 4180 (quotes toggle, newlines outside quotes end records).
@Suite("CSV record scanner")
struct CSVRecordScannerTests {
    /// Records made of awkward cells: commas, doubled quotes and line breaks inside quotes, CRLF ends.
    static func awkwardCSV(records: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        // Long cells too: the scanner reads eight bytes at a time.
        let cells = [
            "plain", "\"a, b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\"x\r\ny\"", "", "36.85", "-40.07", "\"\"",
            "a longer plain cell of text, no", "\"a long quoted cell, with commas, \"\"quotes\"\" and\na line break inside\"",
        ]
        var text = ""
        for _ in 0..<records {
            let fields = (0..<Int.random(in: 1...7, using: &rng)).map { _ in cells.randomElement(using: &rng)! }
            text += fields.joined(separator: ",") + (Bool.random(using: &rng) ? "\r\n" : "\n")
        }
        return Array(text.utf8)
    }

    /// Record ranges (line end excluded) and field ranges by the plain reading.
    static func reference(_ bytes: [UInt8]) -> [(record: Range<Int>, fields: [Range<Int>])] {
        var out: [(Range<Int>, [Range<Int>])] = []
        var quoted = false, recordStart = 0, fieldStart = 0, fields: [Range<Int>] = []
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\"") { quoted.toggle(); continue }
            guard !quoted else { continue }
            if b == UInt8(ascii: ",") { fields.append(fieldStart..<i); fieldStart = i + 1 }
            if b == 0x0A {
                let end = i > recordStart && bytes[i - 1] == 0x0D ? i - 1 : i
                fields.append(fieldStart..<end)
                out.append((recordStart..<end, fields))
                fields = []
                recordStart = i + 1
                fieldStart = i + 1
            }
        }
        if recordStart < bytes.count {
            // The last record, without a line end.
            let end = bytes.count > recordStart && bytes[bytes.count - 1] == 0x0D ? bytes.count - 1 : bytes.count
            fields.append(fieldStart..<max(fieldStart, end))
            out.append((recordStart..<end, fields))
        }
        return out
    }

    /// Every length of input, so that the vector scan's 64-byte blocks end at every place in a
    /// record (in a quoted line break, between a carriage return and its line feed) and the last
    /// block is every size.
    @Test func everyPrefixMatchesAPlainReading() {
        let bytes = Self.awkwardCSV(records: 40, seed: 9)
        for length in 0...min(bytes.count, 700) {
            let prefix = Array(bytes[..<length])
            let expected = Self.reference(prefix)
            var got: [(Range<Int>, [Range<Int>])] = []
            prefix.withUnsafeBufferPointer { buffer in
                CSVRecordScanner.forEachRecord(in: buffer) { record, fields in got.append((record, Array(fields))) }
            }
            #expect(got.count == expected.count, "length \(length)")
            for (g, e) in zip(got, expected) {
                #expect(g.0 == e.record && g.1 == e.fields, "length \(length): \(g) vs \(e)")
            }
        }
    }

    /// The scanner's number reading gives what Swift's own parsing gives for plain decimals, and
    /// nil for what is not one.
    @Test func numbersReadAsDoubleReadsThem() {
        let cells = [
            "36.85", "-40.07", "+3.25", "0", "5.", ".5", "-.5", " 12.5 ", "\"37.1\"", "0.000001", "123456789012345", "1234567890123456",
            "99.99999999999999", "1e5", "1.2.3", "-", ".", "", "abc", "12a", "--1", "36.850000000000001",
        ]
        for cell in cells {
            let bytes = Array(cell.utf8)
            let got = bytes.withUnsafeBufferPointer { CSVRecordScanner.number($0, 0..<$0.count) }
            let trimmed = cell.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            #expect(got == Double(trimmed), "\(cell): \(String(describing: got)) vs \(String(describing: Double(trimmed)))")
        }
    }

    /// The CSV reader's quick reading of plain decimals gives what `Double(_:)` gives, and leaves
    /// everything else to it.
    @Test func plainDecimalsReadAsDoubleReadsThem() {
        for cell in ["36.85", "-40.07", "+3.25", "0", "-0", "5.", ".5", "123456789012345", "0.00000000000001", "9.99999999999999"] {
            let quick = PlainDecimal.value(cell)
            #expect(quick != nil && quick == Double(cell) && quick?.sign == Double(cell)?.sign, "\(cell)")
        }
        // Sixteen digits and more are left to strtod, as is anything not a plain decimal.
        for cell in ["1234567890123456", "0.000000000000001", "99.99999999999999", "1e5", "1.2.3", "-", ".", "", " 1", "1 ", "abc", "--1", "0x10", "inf", "nan"] {
            #expect(PlainDecimal.value(cell) == nil, "\(cell)")
        }
    }

    @Test func recordsAndFieldsMatchAPlainReading() {
        let bytes = Self.awkwardCSV(records: 2_000, seed: 5)
        let expected = Self.reference(bytes)
        for limit in [1, 2, 3, Int.max] {
            var got: [(Range<Int>, [Range<Int>])] = []
            bytes.withUnsafeBufferPointer { buffer in
                CSVRecordScanner.forEachRecord(in: buffer, fieldLimit: limit) { record, fields in got.append((record, Array(fields))) }
            }
            #expect(got.count == expected.count, "limit \(limit)")
            for (g, e) in zip(got, expected) {
                #expect(g.0 == e.record, "limit \(limit)")
                #expect(g.1 == Array(e.fields.prefix(limit)), "limit \(limit): \(g.1) vs \(e.fields)")
            }
        }
    }

    @Test func lastRecordEndSkipsNewlinesInsideQuotes() {
        let bytes = Self.awkwardCSV(records: 500, seed: 6)
        let ends = Set(
            Self.reference(bytes).map { r -> Int in
                // Just past the newline that ends the record.
                var i = r.record.upperBound
                while bytes[i] != 0x0A { i += 1 }
                return i + 1
            })
        bytes.withUnsafeBufferPointer { buffer in
            for limit in stride(from: 0, through: bytes.count, by: 37) {
                let expected = ends.filter { $0 <= limit }.max() ?? 0
                #expect(CSVRecordScanner.lastRecordEnd(buffer, before: limit) == expected, "limit \(limit)")
            }
        }
    }

    /// The pass-through reads the file mapped: the bytes are the file's, an empty file is no
    /// bytes, pages given back read the same again, and a missing file or a folder is an error.
    @Test func mappedFilesReadAsTheirBytes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Self.awkwardCSV(records: 30_000, seed: 21)
        let path = folder.appendingPathComponent("events.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let mapped = try MappedFile(path: path)
        #expect(Array(mapped.bytes) == bytes)
        mapped.release(0..<mapped.count / 2)
        #expect(Array(mapped.bytes) == bytes)
        let empty = folder.appendingPathComponent("empty.csv").path
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try MappedFile(path: empty).bytes.isEmpty)
        #expect(throws: IOError.self) { try MappedFile(path: folder.appendingPathComponent("missing.csv").path) }
        #expect(throws: IOError.self) { try MappedFile(path: folder.path) }
    }
}

/// The CSV reader jumps over plain bytes eight at a time: cells of every awkward kind, written
/// with RFC 4180 quoting, must read back exactly.
@Suite("CSV reader on awkward cells")
struct CSVReaderAwkwardCellTests {
    @Test func everyCellReadsBackAsWritten() throws {
        var rng = SeededGenerator(seed: 12)
        let pieces = [
            "plain", "a, b", "say \"hi\"", "two\nlines", "x\r\ny", "", "a much longer cell of plain text without anything special",
            "a long cell, with commas, \"quotes\" and\na line break and more text after it", "ʿAyn ʿĪsá", "=1+2", "tab\there",
        ]
        func quoted(_ cell: String) -> String {
            // (By bytes: "\r\n" is one Character.)
            cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        var rows: [[String]] = []
        var text = "latitude,longitude,a,b,c\r\n"
        for i in 0..<3_000 {
            let cells = (0..<3).map { _ in pieces.randomElement(using: &rng)! + (Bool.random(using: &rng) ? " \(i)" : "") }
            rows.append(cells)
            text += "36.5,38.25," + cells.map(quoted).joined(separator: ",") + (Bool.random(using: &rng) ? "\r\n" : "\n")
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("awkward.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let features = try read(path)
        #expect(features.count == rows.count)
        for (feature, cells) in zip(features, rows) {
            // A cell starting with "=" was written as a formula would be and is read as text.
            let got = ["a", "b", "c"].map { feature.properties[$0]?.stringValue ?? "" }
            #expect(got == cells, "\(got) vs \(cells)")
        }
    }
}
