internal import CPQLoader
import EventMapCore
import Foundation

/// A PostGIS table named by a URL: `postgresql://[USER@]HOST[:PORT]/DATABASE?table=NAME` (also
/// `postgres://`; `schema=NAME` picks a schema). Everything else in the URL, and the usual `PG*`
/// variables (`PGHOST`, `PGUSER`, `PGPASSWORD`, ...), goes to libpq as it is; a password is never
/// printed.
public struct PostgresTable: Sendable, Hashable, CustomStringConvertible {
    /// The libpq connection URI (without `table` and `schema`).
    let connection: String
    public let schema: String?
    public let table: String

    /// True for a `postgresql://` or `postgres://` URL.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// - Throws: ``IOError/unreadable(path:reason:)`` for a URL without `table=`.
    public init(url: String) throws(IOError) {
        guard let question = url.firstIndex(of: "?") else {
            throw .unreadable(path: PostgresTable.redacted(url), reason: "name the table: add ?table=NAME to the URL")
        }
        var table: String?, schema: String?
        var kept: [String] = []
        for pair in url[url.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let value = parts.count == 2 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
            switch parts[0] {
            case "table": table = value
            case "schema": schema = value
            default: kept.append(String(pair))
            }
        }
        guard let table, !table.isEmpty else {
            throw .unreadable(path: PostgresTable.redacted(url), reason: "name the table: add ?table=NAME to the URL")
        }
        self.table = table
        self.schema = schema
        connection = String(url[..<question]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// `"schema"."table"`, quoted for SQL.
    var qualifiedName: String { (schema.map { PostgresTable.identifier($0) + "." } ?? "") + PostgresTable.identifier(table) }

    /// The URL as messages show it: any password replaced by `***`.
    public var description: String { PostgresTable.redacted(connection) + (connection.contains("?") ? "&" : "?") + "table=" + table }

    /// `text` with the password of a `postgresql://` URL replaced by `***` (any other text as it is).
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// A name quoted as an SQL identifier.
    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// An open connection (an owned `PGconn*`), libpq loaded on first use.
final class PostgresConnection {
    let pq: eventmap_pq
    let handle: OpaquePointer
    let table: PostgresTable

    init(_ table: PostgresTable) throws(IOError) {
        var error: UnsafePointer<CChar>?
        guard let pq = eventmap_pq_load(&error)?.pointee else {
            throw .unreadable(path: table.description, reason: error.map { String(cString: $0) } ?? "libpq could not be loaded")
        }
        self.pq = pq
        self.table = table
        guard let handle = pq.PQconnectdb(table.connection) else { throw .unreadable(path: table.description, reason: "libpq could not allocate a connection") }
        guard pq.PQstatus(handle) == CONNECTION_OK else {
            let message = PostgresConnection.text(pq.PQerrorMessage(handle))
            pq.PQfinish(handle)
            throw .unreadable(path: table.description, reason: "cannot connect: \(message)")
        }
        self.handle = handle
    }

    deinit { pq.PQfinish(handle) }

    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        (pointer.map { String(cString: $0) } ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A value libpq returned (never NULL for a row and column that exist).
    static func value(_ pointer: UnsafeMutablePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }

    /// Runs statements that return no rows (or whose rows are not wanted); `COPY ... FROM STDIN`
    /// leaves the connection ready for ``PQputCopyData``.
    func run(_ sql: String) throws(IOError) {
        let result = pq.PQexec(handle, sql)
        defer { pq.PQclear(result) }
        let status = pq.PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN else {
            throw .unwritable(path: table.description, reason: PostgresConnection.text(pq.PQresultErrorMessage(result)))
        }
    }

    /// The rows of a query, every value as text (nil for NULL).
    func rows(_ sql: String, _ parameters: [String] = []) throws(IOError) -> [[String?]] {
        let result = PostgresConnection.withCStrings(parameters) { values in
            pq.PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        defer { pq.PQclear(result) }
        guard pq.PQresultStatus(result) == PGRES_TUPLES_OK else {
            throw .unreadable(path: table.description, reason: PostgresConnection.text(pq.PQresultErrorMessage(result)))
        }
        return (0..<pq.PQntuples(result)).map { row in
            (0..<pq.PQnfields(result)).map { column in
                pq.PQgetisnull(result, row, column) != 0 ? nil : PostgresConnection.value(pq.PQgetvalue(result, row, column))
            }
        }
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

/// Writes features into a new PostGIS table: the columns EventMap learns from the features (as
/// ``GDALSink`` does: bigint, double precision, boolean, date or text), `fid` (bigserial, the
/// input's order) and `geog` (geography, WGS84), loaded with `COPY` in one transaction, then a
/// GiST index on `geog` and `ANALYZE`. An existing table is replaced only with `overwrite`;
/// an error leaves the database as it was.
public final class PostGISSink: FeatureSink {
    private let table: PostgresTable
    private let overwrite: Bool
    private let spoolPath: String
    private let spool: FileHandle
    private var schema = ColumnSchema()
    private let encoder = GeoJSONWriter.Encoder(precision: 15)
    private var count = 0

    public init(url: String, overwrite: Bool) throws(IOError) {
        table = try PostgresTable(url: url)
        self.overwrite = overwrite
        // Connect now, so that a wrong URL or password, or a table in the way, fails before any
        // input is read.
        let connection = try PostgresConnection(table)
        if !overwrite, try connection.rows("SELECT to_regclass($1) IS NOT NULL", [table.qualifiedName]).first?.first == "t" {
            throw .unwritable(path: table.description, reason: "table \(table.table) exists; add --overwrite to replace it")
        }
        spoolPath = NSTemporaryDirectory() + "/eventmap-postgis-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).geojsonl"
        guard FileManager.default.createFile(atPath: spoolPath, contents: nil), let handle = FileHandle(forWritingAtPath: spoolPath) else {
            throw .unwritable(path: table.description, reason: "cannot create a spool file in \(NSTemporaryDirectory())")
        }
        spool = handle
    }

    public func beginLayer(name: String) throws(IOError) {}

    public func write(_ feature: Feature) throws(IOError) {
        var out = JSONBytes()
        encoder.append(feature, to: &out)
        out.byte(0x0A)
        do { try spool.write(contentsOf: out.bytes) } catch { throw .unwritable(path: table.description, reason: "spool: \(error.localizedDescription)") }
        for (name, value) in feature.properties where name != "fid" && name != "geog" { schema.widen(name, with: value) }
        count += 1
    }

    public func finish() throws(IOError) {
        defer { abort() }
        try? spool.close()
        let connection = try PostgresConnection(table)
        try connection.run("BEGIN")
        do throws(IOError) {
            try load(connection)
            try connection.run("COMMIT")
        } catch {
            try? connection.run("ROLLBACK")
            throw error
        }
        try connection.run("ANALYZE \(table.qualifiedName)")
    }

    public func abort() {
        try? spool.close()
        try? FileManager.default.removeItem(atPath: spoolPath)
    }

    private func load(_ connection: PostgresConnection) throws(IOError) {
        let exists = try connection.rows("SELECT to_regclass($1) IS NOT NULL", [table.qualifiedName])
        if exists.first?.first == "t" {
            guard overwrite else { throw .unwritable(path: table.description, reason: "table \(table.table) exists; add --overwrite to replace it") }
            try connection.run("DROP TABLE \(table.qualifiedName)")
        }
        let columns = schema.columns
        let definitions = ["fid bigserial PRIMARY KEY"] + columns.map { "\(PostgresTable.identifier($0.name)) \(PostGISSink.sqlType($0.kind))" } + ["geog geography(Geometry, 4326)"]
        try connection.run("CREATE TABLE \(table.qualifiedName) (\(definitions.joined(separator: ", ")))")
        let names = (columns.map { PostgresTable.identifier($0.name) } + ["geog"]).joined(separator: ", ")
        try connection.run("COPY \(table.qualifiedName) (\(names)) FROM STDIN")
        let source: GeoJSONSeqSource
        do { source = try GeoJSONSeqSource(path: spoolPath) } catch { throw .unwritable(path: table.description, reason: "spool: \(error.description)") }
        var buffer: [UInt8] = []
        func flush() throws(IOError) {
            guard !buffer.isEmpty else { return }
            let sent = buffer.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { connection.pq.PQputCopyData(connection.handle, $0.baseAddress, Int32(bytes.count)) }
            }
            guard sent == 1 else { throw .unwritable(path: table.description, reason: PostgresConnection.text(connection.pq.PQerrorMessage(connection.handle))) }
            buffer.removeAll(keepingCapacity: true)
        }
        while case let .feature(feature)? = try source.next() {
            var cells = columns.map { PostGISSink.copyText(feature.properties[$0.name], kind: $0.kind) }
            cells.append(feature.geometry.map { "SRID=4326;" + WKTText.geometry($0, precision: 15) } ?? "\\N")
            buffer += Array((cells.joined(separator: "\t") + "\n").utf8)
            if buffer.count >= 1 << 20 { try flush() }
        }
        try flush()
        guard connection.pq.PQputCopyEnd(connection.handle, nil) == 1 else {
            throw .unwritable(path: table.description, reason: PostgresConnection.text(connection.pq.PQerrorMessage(connection.handle)))
        }
        while let result = connection.pq.PQgetResult(connection.handle) {
            defer { connection.pq.PQclear(result) }
            guard connection.pq.PQresultStatus(result) == PGRES_COMMAND_OK else {
                throw .unwritable(path: table.description, reason: "COPY: " + PostgresConnection.text(connection.pq.PQresultErrorMessage(result)))
            }
        }
        try connection.run("CREATE INDEX ON \(table.qualifiedName) USING GIST (geog)")
    }

    static func sqlType(_ kind: ColumnSchema.Kind) -> String {
        switch kind {
        case .integer, .integer64: "bigint"
        case .real: "double precision"
        case .boolean: "boolean"
        case .date: "date"
        case .text: "text"
        }
    }

    /// A value in COPY's text format: `\N` for NULL; backslash, tab, line feed and carriage
    /// return escaped.
    static func copyText(_ value: JSONValue?, kind: ColumnSchema.Kind) -> String {
        let text: String
        switch value {
        case nil, .null?: return "\\N"
        case let .number(n)?: text = kind == .text ? JSONText.number(n) : (n == n.rounded() && kind != .real ? String(Int64(n)) : JSONText.number(n))
        case let .integer(i)?: text = String(i)
        case let .bool(b)?: text = kind == .boolean ? (b ? "t" : "f") : (b ? "true" : "false")
        case let .string(s)?: text = s
        case let value?: text = JSONText.value(value)
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

/// Reads a PostGIS table (or the rows a prefilter keeps) feature by feature, in `fid` order when
/// the table has one: columns as JSON values by their SQL type, the first geography or geometry
/// column as the geometry.
public final class PostGISSource: FeatureSource {
    public let layerName: String
    private let connection: PostgresConnection
    private let columns: [(name: String, type: UInt32)]
    private var position = 0
    private var finished = false

    /// - Parameter prefilter: an SQL condition on the geography column `g` (a geography) that
    ///   every wanted row meets (the rows it drops are never read); its `$1`, `$2`... are `parameters`.
    public init(url: String, prefilter: String? = nil, parameters: [String] = []) throws(IOError) {
        let table = try PostgresTable(url: url)
        connection = try PostgresConnection(table)
        layerName = table.table
        let schema = table.schema ?? "public"
        let described = try connection.rows(
            """
            SELECT a.attname, a.atttypid::int, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [table.qualifiedName])
        guard !described.isEmpty else { throw .unreadable(path: table.description, reason: "no table \(table.table) in schema \(schema)") }
        let spatial = described.first { $0[2] == "geography" || $0[2] == "geometry" }
        guard let spatial, let spatialName = spatial[0] else {
            throw .unreadable(path: table.description, reason: "table \(table.table) has no geography or geometry column")
        }
        let hasFid = described.contains { $0[0] == "fid" }
        columns = described.filter { $0[0] != spatialName && $0[0] != "fid" }.map { ($0[0] ?? "", UInt32($0[1] ?? "0") ?? 0) }
        let g = spatial[2] == "geography" ? PostgresTable.identifier(spatialName) : "\(PostgresTable.identifier(spatialName))::geography"
        let selected = columns.map { PostgresTable.identifier($0.name) } + ["encode(ST_AsBinary(ST_Force2D(\(PostgresTable.identifier(spatialName))::geometry)), 'hex')"]
        var sql = "SELECT \(selected.joined(separator: ", ")) FROM \(table.qualifiedName)"
        if let prefilter { sql += " WHERE " + prefilter.replacingOccurrences(of: "{g}", with: g) }
        if hasFid { sql += " ORDER BY fid" }
        // One row at a time (libpq's single-row mode): memory stays flat whatever the table's size.
        let sent = PostgresConnection.withCStrings(parameters) { values in
            connection.pq.PQsendQueryParams(connection.handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard sent == 1, connection.pq.PQsetSingleRowMode(connection.handle) == 1 else {
            throw .unreadable(path: table.description, reason: PostgresConnection.text(connection.pq.PQerrorMessage(connection.handle)))
        }
    }

    public func next() throws(IOError) -> FeatureRecord? {
        guard !finished else { return nil }
        let pq = connection.pq
        guard let result = pq.PQgetResult(connection.handle) else {
            finished = true
            return nil
        }
        defer { pq.PQclear(result) }
        switch pq.PQresultStatus(result) {
        case PGRES_SINGLE_TUPLE: break
        case PGRES_TUPLES_OK:
            // The end: drain what libpq has left.
            while let rest = pq.PQgetResult(connection.handle) { pq.PQclear(rest) }
            finished = true
            return nil
        default:
            finished = true
            throw .unreadable(path: connection.table.description, reason: PostgresConnection.text(pq.PQresultErrorMessage(result)))
        }
        position += 1
        var properties = Properties()
        for (index, column) in columns.enumerated() {
            if pq.PQgetisnull(result, 0, Int32(index)) != 0 {
                properties[column.name] = .null
                continue
            }
            properties[column.name] = PostGISSource.value(PostgresConnection.value(pq.PQgetvalue(result, 0, Int32(index))), type: column.type)
        }
        let geometryIndex = Int32(columns.count)
        guard pq.PQgetisnull(result, 0, geometryIndex) == 0 else { return .feature(Feature(geometry: nil, properties: properties)) }
        let hex = Array(PostgresConnection.value(pq.PQgetvalue(result, 0, geometryIndex)).utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : (c | 0x20) - 87 }
        var i = 0
        while i + 1 < hex.count {
            bytes.append(nibble(hex[i]) << 4 | nibble(hex[i + 1]))
            i += 2
        }
        do { return .feature(Feature(geometry: try WKB.decode(bytes), properties: properties)) } catch {
            return .rejected(Rejection(position: "row \(position)", reason: "geometry: \(error)", raw: ""))
        }
    }

    /// A text value by its type's OID: integers and reals as numbers (64-bit ones beyond 2^53
    /// exact), booleans, JSON as JSON, anything else (dates, text) as text.
    static func value(_ text: String, type: UInt32) -> JSONValue {
        switch type {
        case 20, 21, 23: return JSONValue.wholeNumber(text) ?? .string(text)
        case 700, 701, 1700: return Double(text).map { .number($0) } ?? .string(text)
        case 16: return .bool(text == "t")
        default: return .string(text)
        }
    }
}
