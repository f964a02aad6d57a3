import EventMapCore
import Foundation

/// Column names and types of ACLED's export, which EventMap's event records follow.
public enum EventSchema {
    /// Columns whose cells are numbers (ACLED's and EventMap's own).
    public static let numericColumns: Set<String> =
        Set(Event.numericFields.map(\.rawValue)).union([
            "year", "inter1", "inter2", "interaction", "iso", "latitude", "longitude", "timestamp", "distance_km", "population",
        ])
    /// Names that hold latitude and longitude, in order of preference (matched case-insensitively).
    static let latitudeNames = ["latitude", "lat"]
    static let longitudeNames = ["longitude", "lon", "lng", "long"]
}

/// Reads CSV (RFC 4180; UTF-8 with or without BOM) with latitude/longitude columns found by
/// name, such as ACLED exports. Every column is kept as a property under its own name; ACLED's
/// numeric columns become numbers, empty cells become null. A cell a spreadsheet-safe writer
/// prefixed with `'` (`'=SUM(…)`) is read back without the prefix.
public final class CSVSource: FeatureSource {
    public let layerName: String
    private let input: ChunkedInput
    private var separator: UInt8
    private var header: [String] = []
    private var latitudeColumn = -1, longitudeColumn = -1
    private var numeric: [Bool] = []
    private var otherColumn = -1
    private var started = false

    /// The header when the file has none (GDELT), and the columns that hold the point.
    private let givenHeader: [String]?
    private let coordinateColumns: (latitude: String, longitude: String)?

    /// Opens a CSV file.
    /// - Parameters:
    ///   - header: column names for files without a header row.
    ///   - coordinates: the latitude and longitude column names, when not the usual ones.
    /// - Parameter separator: the cell separator; nil finds it from the header (comma, semicolon or tab).
    public init(
        path: String, layerName: String? = nil, separator: UInt8? = nil,
        header: [String]? = nil, coordinates: (latitude: String, longitude: String)? = nil,
        numericColumns: Set<String> = EventSchema.numericColumns
    ) throws(IOError) {
        input = try ChunkedInput(path: path)
        self.layerName = layerName ?? FormatDetection.stem(of: path)
        self.separator = separator ?? UInt8(ascii: ",")
        sniffs = separator == nil
        self.givenHeader = header
        self.coordinateColumns = coordinates
        self.numericNames = numericColumns
    }

    private let numericNames: Set<String>
    /// True when the separator is to be found from the header.
    private let sniffs: Bool
    /// Adds derived properties to each row (GDELT's event_date, actors). Rows are read on every
    /// core, so it is called from several threads at once: a function of the row alone.
    var transform: ((Properties) -> Properties)?

    private var counter = InputNoteCounter()
    public var notes: [InputNote] { counter.notes }

    /// Header names made usable as property names: a blank one becomes `column_N`, a repeated
    /// one `name_2`, `name_3`, each counted so the user is told.
    static func uniqueNames(_ names: [String], notes: inout InputNoteCounter) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (index, name) in names.enumerated() {
            var candidate = name.isEmpty ? "column_\(index + 1)" : name
            if name.isEmpty { notes.add("blank header names, renamed", example: "column \(index + 1) → \(candidate)") }
            if seen.contains(candidate) {
                var k = 2
                while seen.contains("\(candidate)_\(k)") { k += 1 }
                notes.add("repeated header names, renamed", example: "column \(index + 1) '\(candidate)' → '\(candidate)_\(k)'")
                candidate = "\(candidate)_\(k)"
            }
            seen.insert(candidate)
            result.append(candidate)
        }
        return result
    }

    /// The column names, in file order (after the first call to ``next()``).
    public var columns: [String] { header }

    public var progress: (done: Int, total: Int)? { input.progress }

    public func next() throws(IOError) -> FeatureRecord? {
        if !started {
            started = true
            if let givenHeader {
                header = givenHeader
                while input.buffer.isEmpty, try input.fill() {}
                if input.buffer.isEmpty { throw .empty }
            } else {
                if sniffs {
                    while input.buffer.count < 65_536, try input.fill() {}
                    separator = CSVDialect.sniff(Array(input.buffer.prefix(65_536)))
                }
                guard let fields = try headerRecord() else { throw .empty }
                // A name EventMap's writer guarded against spreadsheets ('=1+1) comes back as it was.
                header = fields.enumerated().map { CSVCells.headerName($0.element, first: $0.offset == 0) }
                header = CSVSource.uniqueNames(header, notes: &counter)
            }
            if let coordinateColumns {
                latitudeColumn = header.firstIndex(of: coordinateColumns.latitude) ?? -1
                longitudeColumn = header.firstIndex(of: coordinateColumns.longitude) ?? -1
            } else {
                let found = CSVCells.coordinateColumns(header)
                latitudeColumn = found?.latitude ?? -1
                longitudeColumn = found?.longitude ?? -1
            }
            guard latitudeColumn >= 0, longitudeColumn >= 0 else {
                let separatorName = separator == 0x09 ? "tab" : separator == UInt8(ascii: ";") ? "semicolon" : "comma"
                throw .malformedCSV(
                    line: 1,
                    message:
                        "no latitude/longitude columns in the header (expected latitude and longitude, or lat and lon/lng, any case; cells read as \(separatorName)-separated: \(header.prefix(6).joined(separator: " | ")))"
                )
            }
            numeric = header.map { numericNames.contains($0) || numericNames.contains($0.lowercased()) }
            if let types = CSVSource.sidecarTypes(of: input.path), types.count == header.count {
                // GDAL's .csvt beside the file says which columns are numbers.
                numeric = types.map { ["integer", "integer64", "real", "coordx", "coordy"].contains($0.lowercased().split(separator: "(").first.map(String.init) ?? "") }
            }
            otherColumn = header.firstIndex(of: "other_properties") ?? -1
        }
        while true {
            if nextParsed < parsed.count {
                defer { nextParsed += 1 }
                switch parsed[nextParsed] {
                case let .record(record): return record
                case let .failure(error): throw error
                }
            }
            guard try readBatch() else { return nil }
        }
    }

    // MARK: Records read on every core

    /// One record of a batch: what it became, or the error that stops the reading there.
    private enum ParsedRecord {
        case record(FeatureRecord)
        case failure(IOError)
    }

    /// Records read ahead, in the file's order, and the next to hand out.
    private var parsed: [ParsedRecord] = []
    private var nextParsed = 0
    /// Most records read together: enough to share among cores, few enough to keep memory flat.
    static let batchLimit = 4096
    /// Fewer records than this are read on the reading thread alone (not worth the hand-over).
    static let parallelMinimum = 64

    /// Finds the records that lie whole in the window from the cursor (reading more input when
    /// none does), reads them into features on every core when there are enough and queues
    /// them in order; false at the end of the input. The window does not move until they are read.
    private func readBatch() throws(IOError) -> Bool {
        var ends: [Int] = []
        // Whether the window held the end of the input when its records were found: read
        // again on the workers with the same flag, each record ends where it was found to.
        var atEnd = false
        while ends.isEmpty {
            let (start, separator) = (input.cursor, separator)
            atEnd = input.atEnd
            input.buffer.withUnsafeBufferPointer { bytes in
                var position = start
                var nothing = CSVRecordEnds()
                while ends.count < Self.batchLimit,
                    let end = CSVRecordReader.read(bytes, from: position, atEnd: atEnd, separator: separator, into: &nothing)
                {
                    ends.append(end)
                    position = end
                }
            }
            if !ends.isEmpty { break }
            if try !input.fill() {
                if input.cursor >= input.buffer.count { return false }
                let unterminated = input.buffer.withUnsafeBufferPointer { bytes in
                    var nothing = CSVRecordEnds()
                    return CSVRecordReader.read(bytes, from: start, atEnd: true, separator: separator, into: &nothing) == nil
                }
                if unterminated {
                    throw .malformedCSV(line: input.cursorLine, message: "unterminated quoted cell at the end of the file (is it truncated?)")
                }
            }
        }
        // Pieces of consecutive records, one or more per core, each with the line it starts on.
        let starts = [input.cursor] + ends.dropLast()
        let pieces = Concurrently.pieces(for: ends.count, minimum: Self.parallelMinimum)
        let bounds = (0...pieces).map { ends.count * $0 / pieces }
        var lines = [input.cursorLine]
        for p in 0..<pieces {
            lines.append(lines[p] + ChunkedInput.newlines(in: input.buffer, starts[bounds[p]]..<ends[bounds[p + 1] - 1]))
        }
        let rows = RowReader(
            header: header, numeric: numeric, latitudeColumn: latitudeColumn, longitudeColumn: longitudeColumn,
            otherColumn: otherColumn, separator: separator, transform: transform)
        let (window, windowOffset) = (input.buffer, input.offset(at: 0))
        let results = Concurrently.map(pieces) { p in
            rows.records(
                window, offset: windowOffset, starts: starts[bounds[p]..<bounds[p + 1]], ends: ends[bounds[p]..<bounds[p + 1]], firstLine: lines[p],
                atEnd: atEnd)
        }
        input.consume(to: ends.last!, lines: lines[pieces] - lines[0])
        parsed.removeAll(keepingCapacity: true)
        nextParsed = 0
        for piece in results {
            counter.add(piece.notes)
            parsed += piece.records
            if case .failure = piece.records.last { break }
        }
        return true
    }

    /// What one piece of a batch became.
    private struct Piece {
        var records: [ParsedRecord] = []
        var notes = InputNoteCounter()
    }

    /// Turns records into features: the columns as found in the header, read by any thread.
    private struct RowReader {
        let header: [String]
        let numeric: [Bool]
        let latitudeColumn: Int, longitudeColumn: Int, otherColumn: Int
        let separator: UInt8
        let transform: ((Properties) -> Properties)?

        /// The records `starts[k]..<ends[k]` of `window` (which starts at byte `offset` of the
        /// file), the first on line `firstLine`; `atEnd` as when their ends were found.
        func records(_ window: [UInt8], offset: Int, starts: ArraySlice<Int>, ends: ArraySlice<Int>, firstLine: Int, atEnd: Bool) -> Piece {
            var piece = Piece()
            piece.records.reserveCapacity(ends.count)
            window.withUnsafeBufferPointer { bytes in
                var line = firstLine
                var previous = starts.first ?? 0
                for (start, end) in zip(starts, ends) {
                    line += ChunkedInput.newlines(in: bytes, previous..<start)
                    previous = start
                    if let bad = UTF8Check.firstInvalidOffset(in: window[start..<end]) {
                        // Latin-1 or Windows-1252 text would become U+FFFD: refuse instead.
                        piece.records.append(
                            .failure(
                                .malformedCSV(
                                    line: line,
                                    message:
                                        "not UTF-8 (byte 0x\(String(window[bad], radix: 16)) at offset \(offset + bad)); convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8"
                                )))
                        return
                    }
                    var cells = CSVCellStrings(capacity: header.count)
                    _ = CSVRecordReader.read(bytes, from: start, atEnd: atEnd, separator: separator, into: &cells)
                    if let record = record(cells.fields, line: line, raw: RawRecord(bytes: window, range: start..<end), notes: &piece.notes) {
                        piece.records.append(.record(record))
                    }
                }
            }
            return piece
        }

        /// One record's feature, or its rejection; nil for a blank line.
        func record(_ fields: [String], line: Int, raw: RawRecord, notes: inout InputNoteCounter) -> FeatureRecord? {
            if fields.count == 1 && fields[0].isEmpty { return nil }  // blank line
            guard fields.count == header.count else {
                return .rejected(Rejection(position: "line \(line)", reason: "\(fields.count) cells, the header has \(header.count)", raw: raw.text))
            }
            var pairs: [(name: String, value: JSONValue)] = []
            pairs.reserveCapacity(fields.count)
            var extra: [(String, JSONValue)] = []
            for (index, cell) in fields.enumerated() {
                if index == otherColumn {
                    // EventMap's CSV writer keeps properties without a column here, as JSON.
                    guard !cell.isEmpty else { continue }
                    if case let .object(members)? = try? JSONParser.parse(Array(cell.utf8)) {
                        extra = members
                    } else {
                        pairs.append((header[index], .string(cell)))
                        notes.add("other_properties cells that are not a JSON object (kept as text)", example: "line \(line): \(cell.prefix(60))")
                    }
                    continue
                }
                pairs.append((header[index], value(cell, numeric: numeric[index])))
            }
            var properties = Properties(distinctPairs: pairs)
            for (name, member) in extra {
                // A real column wins over a member of the same name.
                if properties[name] == nil {
                    properties[name] = member
                } else {
                    notes.add("other_properties members that repeat a column (the column's value is kept)", example: "line \(line): \(name)")
                }
            }
            guard let lat = number(fields[latitudeColumn]), let lon = number(fields[longitudeColumn]) else {
                return .rejected(
                    Rejection(
                        position: "line \(line)", reason: "latitude '\(fields[latitudeColumn])' or longitude '\(fields[longitudeColumn])' is not a number", raw: raw.text))
            }
            do {
                let point = try Coordinate(validatingLongitude: lon, latitude: lat)
                if let transform { properties = transform(properties) }
                return .feature(Feature(geometry: .point(point), properties: properties))
            } catch {
                return .rejected(Rejection(position: "line \(line)", reason: error.description, raw: raw.text))
            }
        }

        /// A decimal number; where cells are separated by semicolons or tabs, a decimal comma
        /// (`36,8506`, as European spreadsheets write) is read too.
        func number(_ cell: String) -> Double? {
            if let value = PlainDecimal.value(cell) ?? Double(cell) { return value }
            let trimmed = cell.trimmingCharacters(in: " ")
            if let value = Double(trimmed) { return value }
            guard separator != UInt8(ascii: ","), !trimmed.contains("."), trimmed.filter({ $0 == "," }).count == 1 else { return nil }
            return Double(trimmed.replacingOccurrences(of: ",", with: "."))
        }

        func value(_ cell: String, numeric: Bool) -> JSONValue {
            if cell.isEmpty { return .null }
            if numeric {
                if cell.utf8.count > 15, let exact = JSONValue.wholeNumber(cell.trimmingCharacters(in: " ")) { return exact }
                if let number = number(cell), number.isFinite { return .number(number) }
            }
            var bytes = cell.utf8.makeIterator()
            if bytes.next() == UInt8(ascii: "'"), let second = bytes.next(),
                second == UInt8(ascii: "=") || second == UInt8(ascii: "+") || second == UInt8(ascii: "-") || second == UInt8(ascii: "@")
            {
                return .string(String(cell.dropFirst()))
            }
            return .string(cell)
        }
    }

    /// The column types of GDAL's `.csvt` file beside `path`, if there is one.
    static func sidecarTypes(of path: String) -> [String]? {
        guard path != "-" else { return nil }
        let sidecar = (path as NSString).deletingPathExtension + ".csvt"
        guard let text = try? String(contentsOfFile: sidecar, encoding: .utf8) else { return nil }
        let line = text.split(whereSeparator: { $0.isNewline }).first.map(String.init) ?? ""
        return line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
    }

    /// The header record's cells; nil for an empty input.
    private func headerRecord() throws(IOError) -> [String]? {
        while true {
            let (start, atEnd, separator) = (input.cursor, input.atEnd, separator)
            let found = input.buffer.withUnsafeBufferPointer { CSVRecordReader.fields($0, from: start, atEnd: atEnd, separator: separator, expected: 16) }
            if let (fields, end) = found {
                if let bad = UTF8Check.firstInvalidOffset(in: input.buffer[start..<end]) {
                    throw .malformedCSV(
                        line: 1, message: "not UTF-8 (byte 0x\(String(input.buffer[bad], radix: 16)) at offset \(input.offset(at: bad))); convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8")
                }
                input.consume(to: end)
                return fields
            }
            if try !input.fill() {
                if input.cursor >= input.buffer.count { return nil }
                let unterminated = input.buffer.withUnsafeBufferPointer { CSVRecordReader.fields($0, from: start, atEnd: true, separator: separator, expected: 16) == nil }
                if unterminated { throw .malformedCSV(line: input.cursorLine, message: "unterminated quoted cell at the end of the file (is it truncated?)") }
            }
        }
    }

}

/// A record's text without its line end.
struct RawRecord {
    let bytes: [UInt8]
    let range: Range<Int>
    var text: String {
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[range.lowerBound..<end], as: UTF8.self)
    }
}

/// Writes CSV (RFC 4180, UTF-8, CRLF line ends) with ACLED's column names: every property as a
/// column, `latitude` and `longitude` from point geometries (a `wkt` column for other shapes).
///
/// The columns are the properties of the first 10,000 features in first-seen order; a property
/// first seen later goes, as JSON, into a final `other_properties` column, so nothing is lost.
/// Text cells starting with `=`, `+`, `-` or `@` get a `'` prefix so spreadsheets do not run
/// them as formulas (EventMap's CSV reader removes it again); numbers are written as numbers.
public final class CSVSink: FeatureSink {
    private let output: OutputFile
    private var pending: [Feature] = []
    private var columns: [String]?
    private var columnIndex: [String: Int] = [:]
    private var hasWKT = false
    private let encoder = GeoJSONWriter.Encoder(precision: 7)
    static let lookahead = 10_000

    /// False leaves out the header row: partitions of one table written by many processes
    /// (Spark tasks) concatenate into one CSV.
    private let writesHeader: Bool

    /// - Parameters:
    ///   - columns: the columns, fixed in advance (every partition of a table the same); nil takes
    ///     them from the first 10,000 features. Properties outside them go into `other_properties`,
    ///     a point into `latitude`/`longitude` (added when missing), another shape into
    ///     `other_properties` as `wkt`.
    ///   - header: write the header row.
    public init(output: OutputFile, columns: [String]? = nil, header: Bool = true) {
        self.output = output
        writesHeader = header
        if let columns {
            var names = columns
            let lower = Set(names.map { $0.lowercased() })
            if !lower.contains("latitude") && !lower.contains("lat") { names.append("latitude") }
            if !lower.contains("longitude") && !lower.contains("lon") && !lower.contains("lng") { names.append("longitude") }
            if !lower.contains("other_properties") { names.append("other_properties") }
            fixedColumns = names
        } else {
            fixedColumns = nil
        }
    }

    /// Columns given in advance.
    private let fixedColumns: [String]?
    private var headerWritten = false

    public func beginLayer(name: String) throws(IOError) {}

    public func write(_ feature: Feature) throws(IOError) {
        if columns == nil, let fixedColumns {
            // Fixed columns: rows go out as they come, nothing held back.
            columns = fixedColumns
            for (i, name) in fixedColumns.enumerated() { columnIndex[name] = i }
            if writesHeader { try output.write(fixedColumns.map { CSVSink.quote(CSVSink.guardFormula($0)) }.joined(separator: ",") + "\r\n") }
        }
        if columns == nil {
            pending.append(feature)
            if pending.count >= CSVSink.lookahead { try writeHeaderAndPending() }
            return
        }
        try output.write(row(feature))
    }

    public func finish() throws(IOError) {
        if columns == nil, fixedColumns != nil {
            // No feature: the header alone (or nothing).
            if writesHeader { try output.write(fixedColumns!.map { CSVSink.quote(CSVSink.guardFormula($0)) }.joined(separator: ",") + "\r\n") }
            columns = fixedColumns
        }
        if columns == nil { try writeHeaderAndPending() }
        try output.commit()
        try writeSidecars()
    }

    /// GDAL's `.csvt` (column types, CoordX/CoordY marking the point) and a WGS 84 `.prj` beside
    /// the file, so that QGIS and ogr2ogr open it as points with a CRS and typed columns, and
    /// EventMap reads the types back. Nothing for stdout.
    private func writeSidecars() throws(IOError) {
        guard output.path != "-", let columns else { return }
        let base = (output.path as NSString).deletingPathExtension
        let types = columns.map { columnTypes[$0] ?? "String" }
        try CSVSink.writeSmallFile(base + ".csvt", types.map { "\"\($0)\"" }.joined(separator: ",") + "\r\n")
        try CSVSink.writeSmallFile(base + ".prj", CSVSink.wgs84WKT + "\n")
    }

    /// WGS 84 in ESRI's WKT1, as GDAL writes `.prj` files.
    static let wgs84WKT = #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#

    static func writeSmallFile(_ path: String, _ text: String) throws(IOError) {
        let file = try OutputFile(path: path, overwrite: true)
        try file.write(text)
        try file.commit()
    }

    /// GDAL CSV types of the columns, from the first 10,000 features.
    private var columnTypes: [String: String] = [:]

    public func abort() { output.abort() }

    private func writeHeaderAndPending() throws(IOError) {
        var names: [String] = []
        var seen = Set<String>()
        for feature in pending {
            for (name, _) in feature.properties where seen.insert(name).inserted { names.append(name) }
            if let geometry = feature.geometry, case .point = geometry {} else if feature.geometry != nil { hasWKT = true }
        }
        let lower = Set(names.map { $0.lowercased() })
        if !lower.contains("latitude") && !lower.contains("lat") { names.append("latitude") }
        if !lower.contains("longitude") && !lower.contains("lon") && !lower.contains("lng") { names.append("longitude") }
        if hasWKT { names.append("wkt") }
        names.append("other_properties")
        columns = names
        // Types for the .csvt: Integer64 when every value is whole, Real for other numbers, Date
        // for YYYY-MM-DD, String otherwise or for a mix; the point's columns are CoordX/CoordY.
        for feature in pending {
            for (name, value) in feature.properties {
                let type: String?
                switch value {
                case let .number(n): type = n == n.rounded() && abs(n) < 9e15 ? "Integer64" : "Real"
                case .integer: type = "Integer64"
                case let .string(s): type = GeoPackageWriter.isDate(s) ? "Date" : "String"
                case .null: type = nil
                default: type = "String"
                }
                guard let type else { continue }
                switch (columnTypes[name], type) {
                case (nil, _): columnTypes[name] = type
                case ("Integer64", "Real"), ("Real", "Integer64"): columnTypes[name] = "Real"
                case let (old?, new) where old != new: columnTypes[name] = "String"
                default: break
                }
            }
        }
        if let lat = names.first(where: { ["latitude", "lat"].contains($0.lowercased()) }) { columnTypes[lat] = "CoordY" }
        if let lon = names.first(where: { ["longitude", "lon", "lng"].contains($0.lowercased()) }) { columnTypes[lon] = "CoordX" }
        if hasWKT { columnTypes["wkt"] = "WKT" }
        for (i, name) in names.enumerated() { columnIndex[name] = i }
        if writesHeader { try output.write(names.map { CSVSink.quote(CSVSink.guardFormula($0)) }.joined(separator: ",") + "\r\n") }
        for feature in pending { try output.write(row(feature)) }
        pending.removeAll()
    }

    private func row(_ feature: Feature) -> String {
        guard let columns else { return "" }
        var cells = [String](repeating: "", count: columns.count)
        var extra: [(String, JSONValue)] = []
        for (name, value) in feature.properties {
            if let i = columnIndex[name] { cells[i] = CSVSink.cell(value) } else { extra.append((name, value)) }
        }
        switch feature.geometry {
        case let .point(c)?:
            let lat = columnIndex["latitude"] ?? columnIndex["lat"] ?? columnIndex["Latitude"]
            let lon = columnIndex["longitude"] ?? columnIndex["lon"] ?? columnIndex["lng"] ?? columnIndex["Longitude"]
            if let lat { cells[lat] = encoder.number(c.latitude) }
            if let lon { cells[lon] = encoder.number(c.longitude) }
        case let geometry?:
            if let wkt = columnIndex["wkt"] {
                cells[wkt] = CSVSink.quote(WKTText.geometry(geometry))
            } else {
                extra.append(("wkt", .string(WKTText.geometry(geometry))))
            }
        case nil:
            break
        }
        if !extra.isEmpty { cells[columns.count - 1] = CSVSink.quote(JSONText.object(extra)) }
        return cells.joined(separator: ",") + "\r\n"
    }

    /// A cell's text: numbers as numbers, text neutralised against formulas and quoted as needed.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case let .number(n): return JSONText.number(n)
        case let .integer(i): return String(i)
        case let .bool(b): return b ? "true" : "false"
        case let .string(s): return quote(guardFormula(s))
        case .array, .object: return quote(JSONText.value(value))
        }
    }

    /// `text` with a `'` in front when a spreadsheet would run it as a formula: it starts with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number (`-5`, `+3.2` are
    /// left as they are).
    static func guardFormula(_ text: String) -> String { CSVCells.guardFormula(text) }

    static func quote(_ text: String) -> String {
        let needs = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || text.hasPrefix(" ") || text.hasSuffix(" ")
        return needs ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

/// Well-Known Text for geometries, for formats without a geometry type of their own.
public enum WKTText {
    /// - Parameter precision: decimals of the coordinates.
    public static func geometry(_ geometry: Geometry, precision: Int = 7) -> String {
        let encoder = GeoJSONWriter.Encoder(precision: precision)
        func position(_ c: Coordinate) -> String { encoder.number(c.longitude) + " " + encoder.number(c.latitude) }
        func list(_ cs: [Coordinate]) -> String { "(" + cs.map(position).joined(separator: ", ") + ")" }
        func polygon(_ p: Polygon) -> String { "(" + p.orientedByRightHandRule().rings.map(list).joined(separator: ", ") + ")" }
        switch geometry {
        case let .point(c): return "POINT (\(position(c)))"
        case let .multiPoint(cs): return "MULTIPOINT (" + cs.map { "(" + position($0) + ")" }.joined(separator: ", ") + ")"
        case let .lineString(l): return "LINESTRING " + list(l.coordinates)
        case let .multiLineString(ls): return "MULTILINESTRING (" + ls.map { list($0.coordinates) }.joined(separator: ", ") + ")"
        case let .polygon(p): return "POLYGON " + polygon(p)
        case let .multiPolygon(ps): return "MULTIPOLYGON (" + ps.map(polygon).joined(separator: ", ") + ")"
        case let .geometryCollection(gs): return "GEOMETRYCOLLECTION (" + gs.map { WKTText.geometry($0, precision: precision) }.joined(separator: ", ") + ")"
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var slice = self[...]
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}
