import EventMapCore
import Foundation

/// Writes OGC GeoPackage 1.3 through SQLite: one feature table per layer, with
/// `gpkg_spatial_ref_sys`, `gpkg_contents`, `gpkg_geometry_columns`, an R-tree spatial index per
/// layer (`gpkg_rtree_index` extension, with the standard triggers), typed columns (INTEGER, REAL,
/// TEXT, BOOLEAN; `DATE` for dates such as `event_date`) and a QGIS style per layer in
/// `layer_styles`, so that layers open styled by event type.
///
/// Each layer's columns and geometry type come from its first 10,000 features; a property first
/// seen later is added as a new column. The file is written in a temporary file and renamed.
///
/// A layer of fewer than `spatialIndexMinimumFeatures` geometries gets no R-tree: GDAL and QGIS
/// read it whole faster than through an index, and each index costs SQLite schema work that grows
/// with the number of tables already in the file (a KML of 1,000 folders took 11.6 s with an
/// index per folder). A layer without an index is valid GeoPackage; `ogrinfo file.gpkg -sql
/// "SELECT CreateSpatialIndex('layer', 'geom')"` adds one later.
public final class GeoPackageWriter: FeatureSink {
    private let output: OutputFile
    private let database: SQLiteDatabase
    private var layers: [String] = []
    private var layer: LayerState?
    private var layerCount = 0
    static let lookahead = 10_000
    /// SQLite's page size for the file, bytes (the R-tree's node size follows from it).
    static let pageSize = 8192
    /// The fewest geometries for which a layer gets an R-tree spatial index.
    public static let spatialIndexMinimumFeatures = 100

    private final class LayerState {
        let name: String
        var table: String
        var pending: [Feature] = []
        var columns: [(name: String, type: String)] = []
        var columnIndex: [String: Int] = [:]
        /// The previous feature's property names and their columns, in its order.
        var lastNames: [String] = []
        var lastColumns: [Int] = []
        var insert: SQLiteStatement?
        var box: (minX: Double, minY: Double, maxX: Double, maxY: Double)?
        /// Every feature's box, for the R-tree packed when the layer ends (24 bytes each).
        var boxes: [RTreeBulkLoad.Entry] = []
        var geometryType = "GEOMETRY"
        /// What the layer's style draws: POLYGON when every geometry is a polygon or multipolygon,
        /// LINESTRING when every one is a line, else the layer's geometry type.
        var symbolGeometry = "GEOMETRY"
        var hasEventType = false
        init(name: String, table: String) { self.name = name; self.table = table }
    }

    /// Creates the GeoPackage in `output`'s temporary file.
    public init(path: String, output: OutputFile) throws(IOError) {
        self.output = output
        database = try SQLiteDatabase(path: try output.temporaryFileForExternalWriter())
        do {
            try database.execute(
                """
                PRAGMA page_size = \(GeoPackageWriter.pageSize); PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
                PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;
                CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
                  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
                INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
                INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, '\(GeoPackageWriter.wgs84)', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
                CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
                  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
                  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
                CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
                  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
                  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
                CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
                  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
                CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
                  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
                  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles');
                BEGIN;
                """)
        } catch {
            output.abort()
            throw error
        }
    }

    private var usedTables = Set<String>()
    private var usedIdentifiers = Set<String>()
    /// A graduated style for polygon layers (`aggregate`'s areas), instead of one fill colour.
    public var graduated: GraduatedStyle?

    public func beginLayer(name: String) throws(IOError) {
        try closeLayer()
        // Two layers of one name (two KML folders, two inputs with the same stem) become
        // `events` and `events_2`, in the table and in gpkg_contents' unique identifier.
        let base = GeoPackageWriter.tableName(name)
        var table = base, label = name, k = 1
        while usedTables.contains(table.lowercased()) || usedIdentifiers.contains(label) {
            k += 1
            table = "\(base)_\(k)"
            label = "\(name)_\(k)"
        }
        usedTables.insert(table.lowercased())
        usedIdentifiers.insert(label)
        layers.append(table)
        layer = LayerState(name: label, table: table)
    }

    public func write(_ feature: Feature) throws(IOError) {
        if layer == nil { try beginLayer(name: "events") }
        guard let layer else { return }
        if layer.insert == nil {
            layer.pending.append(feature)
            if layer.pending.count >= GeoPackageWriter.lookahead { try createTable(layer) }
            return
        }
        try insert(feature, into: layer)
    }

    public func finish() throws(IOError) {
        do {
            try closeLayer()
            try database.execute("COMMIT;")
            database.close()
            try output.commit()
        } catch {
            abort()
            throw error
        }
    }

    public func abort() {
        database.close()
        output.abort()
    }

    // MARK: Tables

    private func closeLayer() throws(IOError) {
        guard let layer else { return }
        if layer.insert == nil { try createTable(layer) }
        let indexed = layer.boxes.count >= GeoPackageWriter.spatialIndexMinimumFeatures
        if indexed { try createSpatialIndex(layer) }
        layer.boxes = []
        if let box = layer.box {
            try database.prepare("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?")
                .run([.real(box.minX), .real(box.minY), .real(box.maxX), .real(box.maxY), .text(layer.table)])
        }
        if indexed { try createIndexTriggers(layer) }
        try database.prepare(
            """
            INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD,
              useAsDefault, description, owner, ui) VALUES ('', '', ?, 'geom', ?, ?, '', 1, 'EventMap default style', '', '')
            """
        ).run([.text(layer.table), .text(layer.table), .text(QGISStyle.qml(geometryType: layer.symbolGeometry, byEventType: layer.hasEventType, graduated: graduated))])
        layer.insert = nil
        self.layer = nil
    }

    private func createIndexTriggers(_ layer: LayerState) throws(IOError) {
        let t = GeoPackageWriter.identifier(layer.table), r = GeoPackageWriter.identifier("rtree_\(layer.table)_geom")
        // The R-tree triggers of the GeoPackage specification, created after the rows so that they
        // never run here (their ST_ functions exist in GeoPackage-aware readers such as GDAL).
        let name = layer.table
        try database.execute(
            """
            CREATE TRIGGER "rtree_\(name)_geom_insert" AFTER INSERT ON \(t) WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN INSERT OR REPLACE INTO \(r) VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
            CREATE TRIGGER "rtree_\(name)_geom_update1" AFTER UPDATE OF geom ON \(t) WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN INSERT OR REPLACE INTO \(r) VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
            CREATE TRIGGER "rtree_\(name)_geom_update2" AFTER UPDATE OF geom ON \(t) WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
            CREATE TRIGGER "rtree_\(name)_geom_update3" AFTER UPDATE ON \(t) WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid;
            INSERT OR REPLACE INTO \(r) VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;
            CREATE TRIGGER "rtree_\(name)_geom_update4" AFTER UPDATE ON \(t) WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
            BEGIN DELETE FROM \(r) WHERE id IN (OLD.fid, NEW.fid); END;
            CREATE TRIGGER "rtree_\(name)_geom_delete" AFTER DELETE ON \(t) WHEN old.geom NOT NULL
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
            """)
    }

    private func createTable(_ layer: LayerState) throws(IOError) {
        // Column types from the features seen; dates when every value is YYYY-MM-DD.
        var order: [String] = []
        var types: [String: String] = [:]
        var kinds = Set<String>()
        for feature in layer.pending {
            if let geometry = feature.geometry { kinds.insert(GeoPackageWriter.geometryTypeName(geometry)) }
            for (name, value) in feature.properties {
                if types[name] == nil && !order.contains(name) { order.append(name) }
                guard let type = GeoPackageWriter.columnType(value) else { continue }
                switch (types[name], type) {
                case (nil, _): types[name] = type
                case ("INTEGER", "REAL"), ("REAL", "INTEGER"): types[name] = "REAL"
                case ("DATE", "TEXT"), ("TEXT", "DATE"): types[name] = "TEXT"
                case let (old?, new) where old != new: types[name] = "TEXT"
                default: break
                }
            }
        }
        layer.geometryType = kinds.count == 1 ? kinds.first! : "GEOMETRY"
        // Polygons and multipolygons together are still areas: drawn filled, not as markers.
        if !kinds.isEmpty && kinds.allSatisfy({ $0.contains("POLYGON") }) {
            layer.symbolGeometry = "POLYGON"
        } else if !kinds.isEmpty && kinds.allSatisfy({ $0.contains("LINE") }) {
            layer.symbolGeometry = "LINESTRING"
        } else {
            layer.symbolGeometry = layer.geometryType
        }
        layer.hasEventType = order.contains(Event.Field.eventType.rawValue)
        layer.columns = order.map { ($0, types[$0] ?? "TEXT") }
        try checkColumnCount(layer, adding: 0)
        for (i, column) in layer.columns.enumerated() { layer.columnIndex[column.name] = i }
        let t = GeoPackageWriter.identifier(layer.table)
        var sql = "CREATE TABLE \(t) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom \(layer.geometryType)"
        for column in layer.columns { sql += ", \(GeoPackageWriter.identifier(column.name)) \(column.type)" }
        sql += ");"
        try database.execute(sql)
        try database.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, 4326)")
            .run([.text(layer.table), .text(layer.name), .text("Written by EventMap")])
        try database.prepare("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)").run([.text(layer.table), .text(layer.geometryType)])
        try prepareStatements(layer)
        let pending = layer.pending
        layer.pending = []
        for feature in pending { try insert(feature, into: layer) }
    }

    private func prepareStatements(_ layer: LayerState) throws(IOError) {
        let t = GeoPackageWriter.identifier(layer.table)
        let names = ["geom"] + layer.columns.map { GeoPackageWriter.identifier($0.name) }
        layer.insert = try database.prepare("INSERT INTO \(t) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))")
    }

    /// Creates the layer's R-tree table, registers the `gpkg_rtree_index` extension and fills the
    /// tree with every box at once (``RTreeBulkLoad``), writing its nodes into the R-tree's
    /// shadow tables (`_node`, `_parent`, `_rowid`).
    private func createSpatialIndex(_ layer: LayerState) throws(IOError) {
        let name = "rtree_\(layer.table)_geom"
        let r = GeoPackageWriter.identifier(name)
        try database.execute("CREATE VIRTUAL TABLE \(r) USING rtree(id, minx, maxx, miny, maxy);")
        try database.prepare("INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')")
            .run([.text(layer.table)])
        let node = try database.prepare("INSERT OR REPLACE INTO \(GeoPackageWriter.identifier(name + "_node")) (nodeno, data) VALUES (?, ?)")
        let parent = try database.prepare("INSERT INTO \(GeoPackageWriter.identifier(name + "_parent")) (nodeno, parentnode) VALUES (?, ?)")
        let rowid = try database.prepare("INSERT INTO \(GeoPackageWriter.identifier(name + "_rowid")) (rowid, nodeno) VALUES (?, ?)")
        try RTreeBulkLoad.pack(
            layer.boxes, nodeBytes: RTreeBulkLoad.nodeBytes(pageSize: GeoPackageWriter.pageSize),
            into: .init(
                node: { (number, data) throws(IOError) in try node.run([.integer(number), .blob(data)]) },
                parent: { (child, of) throws(IOError) in try parent.run([.integer(child), .integer(of)]) },
                leaf: { (id, leaf) throws(IOError) in try rowid.run([.integer(id), .integer(leaf)]) }))
    }

    /// SQLite's limit on a table's columns (2,000 in Debian's build) counts `fid` and `geom` too.
    private func checkColumnCount(_ layer: LayerState, adding: Int) throws(IOError) {
        let limit = database.columnLimit
        let count = layer.columns.count + adding
        guard count + 2 > limit else { return }
        throw .unwritable(
            path: output.path,
            reason: "layer '\(layer.name)' has \(count) properties; a GeoPackage table holds at most \(limit - 2) besides fid and geom (SQLite's column limit): write CSV, GeoJSON or KML instead")
    }

    private func insert(_ feature: Feature, into layer: LayerState) throws(IOError) {
        // A property first seen now becomes a new column.
        var added = false
        for (name, value) in feature.properties where layer.columnIndex[name] == nil {
            try checkColumnCount(layer, adding: 1)
            let type = GeoPackageWriter.columnType(value) ?? "TEXT"
            try database.execute("ALTER TABLE \(GeoPackageWriter.identifier(layer.table)) ADD COLUMN \(GeoPackageWriter.identifier(name)) \(type);")
            layer.columnIndex[name] = layer.columns.count
            layer.columns.append((name, type))
            added = true
        }
        if added { try prepareStatements(layer) }
        var values = [SQLiteStatement.Value](repeating: .null, count: layer.columns.count + 1)
        var box: BoundingBox?
        if let geometry = feature.geometry {
            box = geometry.boundingBox
            values[0] = .blob(GeoPackageWriter.blob(geometry, box: box))
        }
        // Features of one layer mostly list the same properties in the same order: the columns
        // found for the previous one are reused while the names match, without hashing them.
        var position = 0
        for (name, value) in feature.properties {
            let i: Int
            if position < layer.lastNames.count && layer.lastNames[position] == name {
                i = layer.lastColumns[position]
            } else {
                guard let found = layer.columnIndex[name] else { continue }
                i = found
                layer.lastNames.removeSubrange(position...)
                layer.lastColumns.removeSubrange(position...)
                layer.lastNames.append(name)
                layer.lastColumns.append(i)
            }
            position += 1
            values[i + 1] = GeoPackageWriter.value(value, type: layer.columns[i].type)
        }
        try layer.insert!.run(values)
        if let box {
            layer.boxes.append(
                RTreeBulkLoad.Entry(
                    id: database.lastInsertRowID, minX: box.minLongitude, maxX: box.maxLongitude, minY: box.minLatitude, maxY: box.maxLatitude))
            if let old = layer.box {
                layer.box = (min(old.minX, box.minLongitude), min(old.minY, box.minLatitude), max(old.maxX, box.maxLongitude), max(old.maxY, box.maxLatitude))
            } else {
                layer.box = (box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude)
            }
        }
    }

    // MARK: Encoding

    /// A GeoPackage geometry blob: the `GP` header (version 0, little-endian, an envelope for
    /// anything but points, SRS 4326), then little-endian WKB.
    static func blob(_ geometry: Geometry, box: BoundingBox?) -> [UInt8] {
        var out: [UInt8] = [0x47, 0x50, 0]
        let isPoint: Bool
        if case .point = geometry { isPoint = true } else { isPoint = false }
        let envelope = !isPoint && box != nil
        out.append(UInt8(envelope ? 0b0000_0011 : 0b0000_0001))  // envelope [minx, maxx, miny, maxy]; little-endian
        withUnsafeBytes(of: Int32(4326).littleEndian) { out.append(contentsOf: $0) }
        if envelope, let box {
            for value in [box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude] {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        out += WKB.encode(geometry)
        return out
    }

    static func geometryTypeName(_ geometry: Geometry) -> String {
        switch geometry {
        case .point: "POINT"
        case .lineString: "LINESTRING"
        case .polygon: "POLYGON"
        case .multiPoint: "MULTIPOINT"
        case .multiLineString: "MULTILINESTRING"
        case .multiPolygon: "MULTIPOLYGON"
        case .geometryCollection: "GEOMETRYCOLLECTION"
        }
    }

    static func columnType(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case let .number(n): return n == n.rounded() && abs(n) < 9e15 ? "INTEGER" : "REAL"
        case .integer: return "INTEGER"
        case .bool: return "BOOLEAN"
        case let .string(s): return isDate(s) ? "DATE" : "TEXT"
        case .array, .object: return "TEXT"
        }
    }

    static func value(_ value: JSONValue, type: String) -> SQLiteStatement.Value {
        switch value {
        case .null: return .null
        case let .number(n): return type == "INTEGER" && n == n.rounded() ? .integer(Int64(n)) : type == "TEXT" ? .text(JSONText.number(n)) : .real(n)
        case let .integer(i): return type == "REAL" ? .real(Double(i)) : type == "TEXT" ? .text(String(i)) : .integer(i)
        case let .bool(b): return type == "BOOLEAN" ? .integer(b ? 1 : 0) : .text(b ? "true" : "false")
        case let .string(s): return .text(s)
        case .array, .object: return .text(JSONText.value(value))
        }
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }
    }

    static func tableName(_ name: String) -> String {
        let cleaned = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if cleaned.isEmpty { return "layer" }
        return cleaned.hasPrefix("gpkg_") || cleaned.hasPrefix("rtree_") || cleaned.first!.isNumber ? "l_" + cleaned : cleaned
    }

    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static let wgs84 =
        #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#
}

/// Reads the feature tables of a GeoPackage, one layer per table, in `gpkg_contents` order.
public enum GeoPackageReader {
    /// - Parameter sourceCRS: the CRS of the coordinates, overriding the file's (`--s-srs`).
    public static func open(_ path: String, sourceCRS: String? = nil) throws(IOError) -> [FeatureSource] {
        guard FileManager.default.fileExists(atPath: path) else { throw .unreadable(path: path, reason: "no such file") }
        let database = try SQLiteDatabase(path: path, readOnly: true)
        let tables = try database.prepare(
            """
            SELECT c.table_name, g.column_name, c.identifier, g.srs_id, s.organization, s.organization_coordsys_id, s.definition,
              c.min_x, c.min_y, c.max_x, c.max_y
            FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
              LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
            WHERE c.data_type = 'features' ORDER BY c.rowid
            """)
        var override: SpatialReference?
        if let sourceCRS { override = try SpatialReference(sourceCRS, context: path) }
        var sources: [FeatureSource] = []
        while try tables.step() {
            guard let table = tables.text(0), let geometry = tables.text(1) else { continue }
            let name = tables.text(2) ?? table
            var transform: CoordinateTransform?
            var source = override
            if source == nil { source = try layerCRS(tables, layer: name, path: path) }
            if let source, !source.isWGS84Geographic {
                transform = try CoordinateTransform(from: source, to: .wgs84(), context: path)
            }
            sources.append(try GeoPackageLayerSource(database: database, table: table, geometryColumn: geometry, name: name, transform: transform))
        }
        return sources
    }

    /// The CRS a layer's row in `gpkg_geometry_columns` names: nil for WGS84 and for the
    /// undefined geographic SRS (0); the undefined cartesian SRS (-1) is accepted only when the
    /// layer's extent is in degrees.
    private static func layerCRS(_ row: SQLiteStatement, layer: String, path: String) throws(IOError) -> SpatialReference? {
        guard case let .integer(srsID) = row.column(3) else { return nil }
        switch srsID {
        case 4326, 0: return nil
        case -1:
            let extent = (7...10).map { row.number($0) }
            if extent.allSatisfy({ $0 != nil }), abs(extent[0]!) <= 180, abs(extent[2]!) <= 180, abs(extent[1]!) <= 90, abs(extent[3]!) <= 90 { return nil }
            throw .unreadable(path: path, reason: "layer \(layer) has an undefined cartesian CRS (srs_id -1); name its CRS with --s-srs (EPSG:32637 for UTM zone 37N, say)")
        default:
            if let organization = row.text(4), organization.uppercased() == "EPSG", case let .integer(code) = row.column(5) {
                return try SpatialReference("EPSG:\(code)", context: path)
            }
            guard let definition = row.text(6), definition.lowercased() != "undefined" else {
                throw .unreadable(path: path, reason: "layer \(layer): srs_id \(srsID) has no definition in gpkg_spatial_ref_sys; name its CRS with --s-srs")
            }
            return try SpatialReference(definition, context: path)
        }
    }
}

final class GeoPackageLayerSource: FeatureSource {
    let layerName: String
    private let database: SQLiteDatabase
    private let statement: SQLiteStatement
    private var columns: [(name: String, type: String)] = []
    private var geometryIndex = -1
    private var row = 0

    /// To WGS84 longitude/latitude, for a table in another CRS.
    private let transform: CoordinateTransform?

    init(database: SQLiteDatabase, table: String, geometryColumn: String, name: String, transform: CoordinateTransform?) throws(IOError) {
        self.database = database
        self.transform = transform
        layerName = name
        let info = try database.prepare("PRAGMA table_info(\(GeoPackageWriter.identifier(table)))")
        var primaryKey: String?
        var all: [(String, String)] = []
        while try info.step() {
            let column = info.text(1) ?? "", type = (info.text(2) ?? "").uppercased()
            if case let .integer(pk) = info.column(5), pk > 0, type == "INTEGER" { primaryKey = column; continue }
            all.append((column, type))
        }
        columns = all
        geometryIndex = all.firstIndex { $0.0 == geometryColumn } ?? -1
        statement = try database.prepare(
            "SELECT \(all.map { GeoPackageWriter.identifier($0.0) }.joined(separator: ", ")) FROM \(GeoPackageWriter.identifier(table))"
                + (primaryKey.map { " ORDER BY \(GeoPackageWriter.identifier($0))" } ?? ""))
    }

    func next() throws(IOError) -> FeatureRecord? {
        guard try statement.step() else { return nil }
        row += 1
        var properties = Properties()
        var geometry: Geometry?
        for (i, column) in columns.enumerated() {
            let value = statement.column(i)
            if i == geometryIndex {
                if case let .blob(bytes) = value, !bytes.isEmpty {
                    do { geometry = try GeoPackageLayerSource.decode(bytes, degrees: transform == nil) } catch {
                        return .rejected(Rejection(position: "row \(row)", reason: "geometry blob: \(error)", raw: ""))
                    }
                    if let transform, let projected = geometry {
                        guard let moved = transform.apply(projected) else {
                            return .rejected(Rejection(position: "row \(row)", reason: "cannot transform from \(transform.source.label) to WGS84", raw: ""))
                        }
                        do { try moved.validateCoordinates() } catch {
                            return .rejected(Rejection(position: "row \(row)", reason: "after transforming from \(transform.source.label): \(error)", raw: ""))
                        }
                        geometry = moved
                    }
                }
                continue
            }
            switch value {
            case .null: properties[column.name] = .null
            case let .integer(n):
                properties[column.name] = column.type.hasPrefix("BOOL") ? .bool(n != 0) : JSONValue.exactlyRepresentable(n) ? .number(Double(n)) : .integer(n)
            case let .real(d): properties[column.name] = .number(d)
            case let .text(s): properties[column.name] = .string(s)
            case let .blob(b): properties[column.name] = .string(b.map { String($0, radix: 16) }.joined())
            }
        }
        return .feature(Feature(geometry: geometry, properties: properties))
    }

    /// A GeoPackage blob: header (magic, version, flags, SRS id, envelope), then WKB.
    static func decode(_ bytes: [UInt8], degrees: Bool = true) throws -> Geometry {
        guard bytes.count >= 8, bytes[0] == 0x47, bytes[1] == 0x50 else { throw WKB.Failure(message: "not a GeoPackage geometry") }
        let flags = bytes[3]
        let envelopeSizes = [0, 32, 48, 48, 64]
        let kind = Int((flags >> 1) & 0b111)
        guard kind < envelopeSizes.count else { throw WKB.Failure(message: "bad envelope code") }
        return try WKB.decode(bytes, offset: 8 + envelopeSizes[kind], degrees: degrees)
    }
}
