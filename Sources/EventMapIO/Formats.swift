import EventMapCore
import Foundation

/// How a CSV output is laid out: its columns fixed in advance, with or without a header row
/// (partitions of one table written by many tasks concatenate).
public struct CSVLayout: Sendable, Hashable {
    /// The columns; nil takes them from the first 10,000 features.
    public var columns: [String]?
    public var header: Bool

    public init(columns: [String]? = nil, header: Bool = true) {
        self.columns = columns
        self.header = header
    }
}

/// Opens readers and writers by format.
public enum Formats {
    /// The layers of an input file, each a stream of features, in WGS84 longitude/latitude.
    /// - Parameters:
    ///   - format: nil infers it from the extension (GeoJSON for stdin); a file EventMap does not
    ///     read itself goes to GDAL.
    ///   - layer: only this layer of a multi-layer file (GeoPackage table, Shapefile in a zip,
    ///     KML folder); nil reads them all.
    ///   - sourceCRS: the CRS of the file's coordinates (`--s-srs`), for a GeoPackage or a GDAL
    ///     format; GeoJSON, KML, CSV and GDELT are WGS84 by definition.
    ///   - csvHeader: the column names of a CSV without a header row (a partition of a table).
    ///   - prefilter: for a PostGIS table, an SQL condition on its geography `{g}` (with its
    ///     parameters) that every wanted row meets; the database sends only those rows.
    public static func open(
        _ path: String, format: VectorFormat? = nil, layer: String? = nil, sourceCRS: String? = nil, csvHeader: [String]? = nil,
        prefilter: (sql: String, parameters: [String])? = nil
    ) throws(IOError) -> [FeatureSource] {
        if layer == nil, let (file, named) = splitLayer(path) { return try open(file, format: format, layer: named, sourceCRS: sourceCRS, csvHeader: csvHeader) }
        if csvHeader != nil, (format ?? FormatDetection.format(of: path)) != .csv {
            throw .unreadable(path: path, reason: "--csv-header names the columns of a CSV without a header row; this input is not CSV (add --input-format csv)")
        }
        let chosen = format ?? FormatDetection.format(of: path) ?? (path == "-" ? .geojson : nil)
        let raw: [FeatureSource]
        switch chosen {
        case .geojson?: raw = [try GeoJSONSource(path: path)]
        case .geojsonseq?: raw = [try GeoJSONSeqSource(path: path)]
        case .csv?: raw = [try CSVSource(path: path, header: csvHeader)]
        case .gdelt?: raw = [try GDELTSource(path: path)]
        case .kml?: raw = try KMLReader.open(path)
        case .gpkg?:
            if path.lowercased().hasSuffix(".zip") || path.lowercased().hasSuffix(".gz") {
                throw .unreadable(path: path, reason: "a GeoPackage is a database that SQLite opens in place: unpack it first")
            }
            raw = try GeoPackageReader.open(path, sourceCRS: sourceCRS)
        case .postgis?:
            return [try PostGISSource(url: path, prefilter: prefilter?.sql, parameters: prefilter?.parameters ?? [])].map(EventFieldSource.init)
        case .gdal?, nil:
            if path == "-" { throw .unreadable(path: path, reason: "stdin is read as GeoJSON, GeoJSON sequences or CSV only; save other formats to a file") }
            return try GDALReader.open(path, layer: layer, sourceCRS: sourceCRS).map(EventFieldSource.init)
        }
        if let sourceCRS, chosen != .gpkg {
            throw .unreadable(path: path, reason: "--s-srs \(sourceCRS) cannot apply: \(chosen!) is WGS84 longitude/latitude by definition")
        }
        var layers = raw
        if let layer {
            layers = raw.filter { $0.layerName == layer }
            if layers.isEmpty {
                throw .unreadable(path: path, reason: "no layer '\(layer)'; its layers are \(raw.map(\.layerName).joined(separator: ", "))")
            }
        }
        // Every format's event fields read the same way (ACLED's dates as ISO dates).
        return layers.map(EventFieldSource.init)
    }

    /// `FILE:LAYER` split in two when no file has the whole name and FILE exists
    /// (`districts.gpkg:admin2`, `syria.zip:syr_admbnda_adm1`); nil otherwise.
    public static func splitLayer(_ reference: String) -> (file: String, layer: String)? {
        guard reference != "-", !FileManager.default.fileExists(atPath: reference), let colon = reference.lastIndex(of: ":") else { return nil }
        let file = String(reference[..<colon]), layer = String(reference[reference.index(after: colon)...])
        guard !file.isEmpty, !layer.isEmpty, FileManager.default.fileExists(atPath: file) else { return nil }
        return (file, layer)
    }

    /// A writer for `path` in `format`: a file through ``OutputFile`` (temporary file, renamed at
    /// the end), or a PostGIS table (one transaction).
    /// - Parameters:
    ///   - overwrite: replace an existing file or table.
    ///   - inputs: files the output must not overwrite.
    public static func create(
        _ path: String, format: VectorFormat, overwrite: Bool, inputs: [String], name: String, precision: Int = 7, targetCRS: String? = nil,
        graduated: GraduatedStyle? = nil, csv: CSVLayout = CSVLayout()
    ) throws(IOError) -> FeatureSink {
        if format == .postgis {
            if inputs.contains(path) { throw .unwritable(path: path, reason: "is also an input; write to another table") }
            if let targetCRS { throw .unwritable(path: path, reason: "--t-srs \(targetCRS) cannot apply: a PostGIS geography is WGS84") }
            return try PostGISSink(url: path, overwrite: overwrite)
        }
        let file = try OutputFile(path: path, overwrite: overwrite, inputs: inputs)
        return try sink(file, format: format, name: name, precision: precision, targetCRS: targetCRS, graduated: graduated, csv: csv)
    }

    /// Checks that PROJ knows `definition` (`EPSG:32637`, WKT, a PROJ string).
    /// - Throws: ``IOError/unreadable(path:reason:)`` with PROJ's reason.
    public static func checkCRS(_ definition: String) throws(IOError) {
        _ = try SpatialReference(definition, context: definition)
    }

    /// A writer for `output` in `format`.
    /// - Parameter targetCRS: write coordinates in this CRS (`--t-srs`): GeoPackage (then through
    ///   GDAL's GPKG driver) and GDAL formats that store a CRS; nil writes WGS84.
    /// - Parameter graduated: a classed style for polygons, where the format keeps styles
    ///   (GeoPackage's `layer_styles`, which QGIS applies on opening).
    public static func sink(
        _ output: OutputFile, format: VectorFormat, name: String, precision: Int = 7, targetCRS: String? = nil, graduated: GraduatedStyle? = nil,
        csv: CSVLayout = CSVLayout()
    ) throws(IOError) -> FeatureSink {
        if let targetCRS, !format.holdsOtherCRS {
            throw .unwritable(path: output.path, reason: "--t-srs \(targetCRS) cannot apply: \(format) is written in WGS84 longitude/latitude")
        }
        switch format {
        case .geojson: return try GeoJSONWriter(output: output, precision: precision, name: name)
        case .geojsonseq: return GeoJSONSeqSink(output: output, precision: precision)
        case .csv: return CSVSink(output: output, columns: csv.columns, header: csv.header)
        case .kml: return KMLWriter(output: output, documentName: name)
        case .gpkg:
            if let targetCRS, let driver = GDAL.driver(named: "GPKG") { return try GDALSink(output: output, driver: driver, targetCRS: targetCRS) }
            let writer = try GeoPackageWriter(path: output.path, output: output)
            writer.graduated = graduated
            return writer
        case .gdal("LIBKML") where output.path.lowercased().hasSuffix(".kmz") && targetCRS == nil:
            return try KMZSink(output: output, documentName: name)
        case let .gdal(driverName):
            guard let driver = GDAL.driver(named: driverName) else {
                throw .unwritable(path: output.path, reason: "this GDAL (\(GDAL.version)) has no vector driver \(driverName); eventmap formats lists them")
            }
            if output.path == "-" { throw .unwritable(path: output.path, reason: "\(driver.name) files cannot be written to stdout; name a file") }
            return try GDALSink(output: output, driver: driver, targetCRS: targetCRS)
        case .gdelt: throw .unwritable(path: output.path, reason: "GDELT files are input only; write .csv, .geojson, .kml or .gpkg")
        case .postgis: throw .unwritable(path: output.path, reason: "a PostGIS table is written through Formats.create")
        }
    }
}
