internal import CGDALLoader
import EventMapCore
import Foundation

/// Writes features with a GDAL driver (Shapefile, FlatGeobuf, KMZ, XLSX, ...).
///
/// Most drivers need every column and its type before the first row (a Shapefile's DBF header),
/// while features arrive one at a time and a column may first hold `3` and later `3.5`. So each
/// layer is first written to a spool file beside the output while the schema is learnt (a column
/// takes the narrowest type that holds all its values: integer, 64-bit integer, real, boolean,
/// date, else text); ``finish()`` then creates the layers and copies the spool through GDAL.
/// Memory stays flat whatever the number of features. The files are made in a temporary folder
/// and moved into place at the end (a Shapefile is several files), so an error leaves nothing.
public final class GDALSink: FeatureSink {
    private let output: OutputFile
    private let driver: GDAL.Driver
    private let folder: String
    private let target: SpatialReference?
    private var layers: [SpooledLayer] = []
    private var current: SpooledLayer?
    private var counter = InputNoteCounter()
    /// Column names the driver changed, per layer: `old → new`.
    private var renamedColumns: [String] = []
    public var notes: [InputNote] {
        var notes = counter.notes
        if !renamedColumns.isEmpty {
            notes.insert(
                InputNote(
                    what: "column names \(driver.name) changed (its limit on names; .gpkg or .fgb keep them)", count: renamedColumns.count,
                    example: renamedColumns.joined(separator: ", ")), at: 0)
        }
        return notes
    }

    /// Drivers whose text columns have a fixed width, and that width in bytes (a DBF field holds
    /// at most 254): columns are made as wide as their longest value, longer values are cut
    /// by the format and counted.
    static let textWidthLimits: [String: Int] = ["ESRI Shapefile": 254, "MapInfo File": 254]

    /// Creation options EventMap's records need: UTF-8 text in a Shapefile's DBF (GDAL's default
    /// code page is Latin-1, which has no Arabic), GPX columns kept as extensions.
    static let datasetOptions: [String: [String]] = ["GPX": ["GPX_USE_EXTENSIONS=YES"]]
    static let layerOptions: [String: [String]] = [
        "ESRI Shapefile": ["ENCODING=UTF-8"], "MapInfo File": ["ENCODING=UTF-8"],
        // Features in the order written; FlatGeobuf's spatial index would sort them along a curve.
        "FlatGeobuf": ["SPATIAL_INDEX=NO"],
    ]

    /// What one output layer holds while it is being spooled.
    private final class SpooledLayer {
        let name: String
        let spoolPath: String
        let spool: FileHandle
        var schema = ColumnSchema()
        var geometryTypes: Set<String> = []
        var count = 0
        init(name: String, spoolPath: String, spool: FileHandle) {
            self.name = name
            self.spoolPath = spoolPath
            self.spool = spool
        }
    }

    /// - Parameters:
    ///   - targetCRS: the CRS to write coordinates in (`--t-srs`); nil keeps WGS84.
    public init(output: OutputFile, driver: GDAL.Driver, targetCRS: String? = nil) throws(IOError) {
        self.output = output
        self.driver = driver
        guard driver.canWrite else { throw .unwritable(path: output.path, reason: "GDAL's \(driver.name) driver reads only") }
        if let targetCRS {
            do throws(IOError) { target = try SpatialReference(targetCRS, context: "--t-srs") } catch {
                throw .unwritable(path: output.path, reason: error.description)
            }
        } else {
            target = nil
        }
        folder = try output.temporaryDirectoryForExternalWriter()
    }

    public func beginLayer(name: String) throws(IOError) {
        let spoolPath = folder + "/.spool-\(layers.count).geojsonl"
        guard FileManager.default.createFile(atPath: spoolPath, contents: nil), let handle = FileHandle(forWritingAtPath: spoolPath) else {
            throw .unwritable(path: output.path, reason: "cannot create a spool file in \(folder)")
        }
        let layer = SpooledLayer(name: name, spoolPath: spoolPath, spool: handle)
        layers.append(layer)
        current = layer
    }

    private let encoder = GeoJSONWriter.Encoder(precision: 15)

    public func write(_ feature: Feature) throws(IOError) {
        if current == nil { try beginLayer(name: FormatDetection.stem(of: output.path)) }
        guard let layer = current else { return }
        var out = JSONBytes()
        encoder.append(feature, to: &out)
        out.byte(0x0A)
        do { try layer.spool.write(contentsOf: out.bytes) } catch {
            throw .unwritable(path: output.path, reason: "spool: \(error.localizedDescription)")
        }
        for (name, value) in feature.properties { layer.schema.widen(name, with: value) }
        if let geometry = feature.geometry { layer.geometryTypes.insert(geometry.typeName) }
        layer.count += 1
    }

    public func finish() throws(IOError) {
        if layers.isEmpty { try beginLayer(name: FormatDetection.stem(of: output.path)) }
        let destination = folder + "/" + (output.path as NSString).lastPathComponent
        do throws(IOError) {
            let dataset = try GDALDataset(creating: destination, driver: driver, options: GDALSink.datasetOptions[driver.name] ?? [])
            for layer in layers {
                try? layer.spool.close()
                try copy(layer, into: dataset)
                try? FileManager.default.removeItem(atPath: layer.spoolPath)
            }
            if let failure = dataset.close() { throw IOError.unwritable(path: output.path, reason: failure) }
        } catch {
            abort()
            throw error
        }
        try output.commit()
    }

    public func abort() {
        for layer in layers { try? layer.spool.close() }
        output.abort()
    }

    /// Creates the layer with its learnt schema and writes the spooled features into it.
    private func copy(_ layer: SpooledLayer, into dataset: GDALDataset) throws(IOError) {
        let tableOnly = GDAL.tableOnlyDrivers.contains(driver.name)
        var columns = layer.schema.columns
        let pointsOnly = layer.geometryTypes == ["Point"]
        let lower = Set(columns.map { $0.name.lowercased() })
        var addLongitude = false, addLatitude = false, addWKT = false
        if tableOnly && !layer.geometryTypes.isEmpty {
            if pointsOnly {
                addLongitude = lower.isDisjoint(with: EventSchema.longitudeNames)
                addLatitude = lower.isDisjoint(with: EventSchema.latitudeNames)
                if addLongitude { columns.append(.init(name: "longitude", kind: .real)) }
                if addLatitude { columns.append(.init(name: "latitude", kind: .real)) }
            } else {
                addWKT = true
                columns.append(.init(name: "geometry_wkt", kind: .text))
            }
        }
        let wgs84 = SpatialReference.wgs84()
        let reference = target ?? wgs84
        var transform: CoordinateTransform?
        if let target {
            do throws(IOError) { transform = try CoordinateTransform(from: wgs84, to: target, context: "--t-srs") } catch {
                throw .unwritable(path: output.path, reason: error.description)
            }
        }
        gdal.CPLErrorReset()
        let geometryType = tableOnly || layer.geometryTypes.isEmpty ? wkbNone : GDALSink.layerGeometryType(layer.geometryTypes)
        let created = CStringList(GDALSink.layerOptions[driver.name] ?? []).withPointer { options in
            gdal.GDALDatasetCreateLayer(dataset.handle, layer.name, tableOnly ? nil : reference.handle, geometryType, options)
        }
        guard let handle = created else {
            throw .unwritable(path: output.path, reason: "layer \(layer.name): \(GDAL.lastError("\(driver.name) could not create it"))")
        }
        let widthLimit = GDALSink.textWidthLimits[driver.name]
        // What the driver stores: a date becomes text where it has no date type (KML), a 64-bit
        // integer text where it has none (digits kept exactly).
        let supported = driver.fieldTypes
        columns = columns.map { column in
            var column = column
            if column.kind == .date && !supported.contains("Date") { column.kind = .text }
            if column.kind == .integer64 && !supported.contains("Integer64") { column.kind = .text }
            // A spreadsheet's numbers are doubles: whole numbers beyond 2^53 go in as text.
            if column.kind == .integer64 && tableOnly && layer.schema.beyondDouble.contains(column.name) { column.kind = .text }
            return column
        }
        // The index of each column in the layer: drivers with fields of their own (GPX's ele,
        // time, ...) put ours after theirs.
        var fieldIndex: [Int32] = []
        for column in columns {
            guard let definition = gdal.OGR_Fld_Create(column.name, column.kind.ogrType) else { continue }
            if column.kind == .boolean { gdal.OGR_Fld_SetSubType(definition, OFSTBoolean) }
            if let widthLimit, column.kind == .text { gdal.OGR_Fld_SetWidth(definition, Int32(min(widthLimit, max(1, layer.schema.longestText[column.name] ?? 1)))) }
            defer { gdal.OGR_Fld_Destroy(definition) }
            guard gdal.OGR_L_CreateField(handle, definition, 1) == OGRERR_NONE else {
                throw .unwritable(path: output.path, reason: "column \(column.name): \(GDAL.lastError("\(driver.name) refused it"))")
            }
            let index = gdal.OGR_FD_GetFieldCount(gdal.OGR_L_GetLayerDefn(handle)) - 1
            fieldIndex.append(index)
            let madeName = cText(gdal.OGR_Fld_GetNameRef(gdal.OGR_FD_GetFieldDefn(gdal.OGR_L_GetLayerDefn(handle), index)))
            if madeName != column.name { renamedColumns.append("\(column.name) → \(madeName)") }
        }
        let source: GeoJSONSeqSource
        do { source = try GeoJSONSeqSource(path: layer.spoolPath, layerName: layer.name) } catch {
            throw .unwritable(path: output.path, reason: "spool: \(error.description)")
        }
        let definition = gdal.OGR_L_GetLayerDefn(handle)
        _ = gdal.OGR_L_StartTransaction(handle)
        var written = 0
        while case let .feature(feature)? = try source.next() {
            guard let row = gdal.OGR_F_Create(definition) else { throw .unwritable(path: output.path, reason: "GDAL could not make a feature") }
            defer { gdal.OGR_F_Destroy(row) }
            for (index, column) in columns.enumerated() {
                let value: JSONValue?
                switch column.name {
                case "longitude" where addLongitude: value = feature.geometry.flatMap(GDALSink.point).map { .number($0.longitude) }
                case "latitude" where addLatitude: value = feature.geometry.flatMap(GDALSink.point).map { .number($0.latitude) }
                case "geometry_wkt" where addWKT: value = feature.geometry.flatMap(GDALSink.wkt).map { .string($0) }
                default: value = feature.properties[column.name]
                }
                if let widthLimit, case let .string(text)? = value, text.utf8.count > widthLimit {
                    counter.add("text values cut to \(widthLimit) bytes by \(driver.name)", example: "feature \(written + 1), \(column.name)")
                }
                GDALSink.set(value, kind: column.kind, on: row, at: fieldIndex[index])
            }
            if !tableOnly, let geometry = feature.geometry {
                let bytes = WKB.encode(geometry)
                var made: OGRGeometryH?
                guard gdal.OGR_G_CreateFromWkb(bytes, nil, &made, Int32(bytes.count)) == OGRERR_NONE, let made else {
                    throw .unwritable(path: output.path, reason: "feature \(written + 1): GDAL could not read its geometry")
                }
                if let transform, gdal.OGR_G_Transform(made, transform.handle) != OGRERR_NONE {
                    gdal.OGR_G_DestroyGeometry(made)
                    throw .unwritable(path: output.path, reason: "feature \(written + 1): outside the area of \(transform.target.label)")
                }
                _ = gdal.OGR_F_SetGeometryDirectly(row, made)
            }
            gdal.CPLErrorReset()
            guard gdal.OGR_L_CreateFeature(handle, row) == OGRERR_NONE else {
                throw .unwritable(path: output.path, reason: "feature \(written + 1): \(GDAL.lastError("\(driver.name) refused it"))")
            }
            written += 1
        }
        _ = gdal.OGR_L_CommitTransaction(handle)
    }

    /// One geometry type for the layer when all its features share it (a polygon layer with
    /// multipolygons is a multipolygon layer), else "unknown": drivers that hold one type only
    /// (Shapefile) then refuse the mixed layer with their own message.
    static func layerGeometryType(_ types: Set<String>) -> OGRwkbGeometryType {
        switch types {
        case ["Point"]: return wkbPoint
        case ["MultiPoint"], ["Point", "MultiPoint"]: return wkbMultiPoint
        case ["LineString"]: return wkbLineString
        case ["MultiLineString"], ["LineString", "MultiLineString"]: return wkbMultiLineString
        case ["Polygon"]: return wkbPolygon
        case ["MultiPolygon"], ["Polygon", "MultiPolygon"]: return wkbMultiPolygon
        default: return wkbUnknown
        }
    }

    private static func point(_ geometry: Geometry) -> Coordinate? {
        if case let .point(coordinate) = geometry { return coordinate }
        return nil
    }

    private static func wkt(_ geometry: Geometry) -> String? {
        let bytes = WKB.encode(geometry)
        var made: OGRGeometryH?
        guard gdal.OGR_G_CreateFromWkb(bytes, nil, &made, Int32(bytes.count)) == OGRERR_NONE, let made else { return nil }
        defer { gdal.OGR_G_DestroyGeometry(made) }
        var text: UnsafeMutablePointer<CChar>?
        guard gdal.OGR_G_ExportToWkt(made, &text) == OGRERR_NONE, let text else { return nil }
        defer { gdal.VSIFree(text) }
        return String(cString: text)
    }

    /// Sets one field from a JSON value in the column's type (null and absent values unset).
    private static func set(_ value: JSONValue?, kind: ColumnSchema.Kind, on row: OGRFeatureH, at index: Int32) {
        guard let value else { return }
        switch (value, kind) {
        case (.null, _): gdal.OGR_F_SetFieldNull(row, index)
        case let (.bool(b), .boolean): gdal.OGR_F_SetFieldInteger(row, index, b ? 1 : 0)
        case let (.number(n), .integer): gdal.OGR_F_SetFieldInteger(row, index, Int32(n))
        case let (.number(n), .integer64): gdal.OGR_F_SetFieldInteger64(row, index, Int64(n))
        case let (.integer(i), .integer64): gdal.OGR_F_SetFieldInteger64(row, index, i)
        case let (.number(n), .real): gdal.OGR_F_SetFieldDouble(row, index, n)
        case let (.integer(i), .real): gdal.OGR_F_SetFieldDouble(row, index, Double(i))
        case let (.string(s), .date):
            let parts = s.split(separator: "-").compactMap { Int32($0) }
            gdal.OGR_F_SetFieldDateTime(row, index, parts[0], parts[1], parts[2], 0, 0, 0, 0)
        case let (.string(s), _): gdal.OGR_F_SetFieldString(row, index, s)
        case let (.bool(b), _): gdal.OGR_F_SetFieldString(row, index, b ? "true" : "false")
        default: gdal.OGR_F_SetFieldString(row, index, JSONText.value(value))
        }
    }
}

/// The columns of a layer and the narrowest type that holds every value seen in each.
struct ColumnSchema {
    enum Kind: Equatable {
        case integer, integer64, real, boolean, date, text

        var ogrType: OGRFieldType {
            switch self {
            case .integer, .boolean: OFTInteger
            case .integer64: OFTInteger64
            case .real: OFTReal
            case .date: OFTDate
            case .text: OFTString
            }
        }

        /// The kind a single value asks for (nil for null).
        init?(_ value: JSONValue) {
            switch value {
            case .null: return nil
            case .bool: self = .boolean
            case let .number(n):
                if n == n.rounded() && abs(n) <= 2_147_483_647 {
                    self = .integer
                } else if n == n.rounded() && abs(n) < 9e15 {
                    self = .integer64
                } else {
                    self = .real
                }
            case .integer: self = .integer64
            case let .string(s): self = GeoPackageWriter.isDate(s) ? .date : .text
            case .array, .object: self = .text
            }
        }

        /// The narrowest kind holding both: integers widen to 64 bits, then to reals; anything
        /// else that differs becomes text.
        func widened(with other: Kind) -> Kind {
            if self == other { return self }
            let numeric: [Kind] = [.integer, .integer64, .real]
            if let a = numeric.firstIndex(of: self), let b = numeric.firstIndex(of: other) { return numeric[max(a, b)] }
            return .text
        }
    }

    struct Column {
        var name: String
        var kind: Kind
    }

    /// In order of first appearance; a column seen only with nulls is text.
    private(set) var columns: [Column] = []
    /// The longest text of each column, in UTF-8 bytes (numbers and JSON as written).
    private(set) var longestText: [String: Int] = [:]
    /// Columns holding a whole number a `Double` cannot hold exactly (beyond 2^53).
    private(set) var beyondDouble: Set<String> = []
    private var index: [String: Int] = [:]

    mutating func widen(_ name: String, with value: JSONValue) {
        let kind = Kind(value)
        if let position = index[name] {
            if let kind { columns[position].kind = seen.contains(name) ? columns[position].kind.widened(with: kind) : kind }
        } else {
            index[name] = columns.count
            columns.append(Column(name: name, kind: kind ?? .text))
        }
        if kind != nil { seen.insert(name) }
        if case .integer = value { beyondDouble.insert(name) }
        let bytes: Int
        switch value {
        case .null: bytes = 0
        case let .string(s): bytes = s.utf8.count
        default: bytes = JSONText.value(value).utf8.count
        }
        if bytes > longestText[name, default: 0] { longestText[name] = bytes }
    }

    /// Columns that have held a non-null value (a column seen first as null takes the first
    /// real value's kind).
    private var seen: Set<String> = []
}

/// Writes KMZ: EventMap's own KML (the same document as `.kml`, valid against the OGC schema,
/// with its styles, each layer a `Document` with the schema so that GDAL's LIBKML driver and
/// QGIS read the attributes), zipped as `doc.kml` through GDAL's `/vsizip/` file system. GDAL's
/// own KMZ writer would map columns named like KML elements (ACLED's `timestamp`) onto them.
public final class KMZSink: FeatureSink {
    private let output: OutputFile
    private let folder: String
    private let kmlPath: String
    private let kml: KMLWriter

    public init(output: OutputFile, documentName: String) throws(IOError) {
        if output.path == "-" { throw .unwritable(path: output.path, reason: "KMZ cannot be written to stdout; name a file") }
        self.output = output
        folder = try output.temporaryDirectoryForExternalWriter()
        kmlPath = folder + "/.doc.kml"
        kml = KMLWriter(output: try OutputFile(path: kmlPath), documentName: documentName, layersAsDocuments: true)
    }

    public func beginLayer(name: String) throws(IOError) { try kml.beginLayer(name: name) }
    public func write(_ feature: Feature) throws(IOError) { try kml.write(feature) }

    public func finish() throws(IOError) {
        do throws(IOError) {
            try kml.finish()
            try pack()
        } catch {
            abort()
            throw error
        }
        try output.commit()
    }

    /// Zips the finished KML into `NAME.kmz` in the temporary folder.
    private func pack() throws(IOError) {
        do { try GDAL.require(output.path) } catch { throw .unwritable(path: output.path, reason: error.description) }
        guard let text = FileManager.default.contents(atPath: kmlPath) else { throw .unwritable(path: output.path, reason: "the KML to pack is gone") }
        let archive = "/vsizip/" + folder + "/" + (output.path as NSString).lastPathComponent + "/doc.kml"
        guard let file = gdal.VSIFOpenL(archive, "wb") else { throw .unwritable(path: output.path, reason: GDAL.lastError("cannot create the zip")) }
        let written = text.withUnsafeBytes { gdal.VSIFWriteL($0.baseAddress, 1, $0.count, file) }
        let closed = gdal.VSIFCloseL(file)
        try? FileManager.default.removeItem(atPath: kmlPath)
        guard written == text.count, closed == 0 else { throw .unwritable(path: output.path, reason: GDAL.lastError("cannot write the zip")) }
    }

    public func abort() {
        kml.abort()
        output.abort()
    }
}
