import Foundation

/// The vector formats EventMap reads and writes: its own fast paths, and every other vector
/// driver of the installed GDAL.
public enum VectorFormat: Sendable, Hashable, CustomStringConvertible {
    /// GeoJSON FeatureCollection (RFC 7946): `.geojson`, `.json`.
    case geojson
    /// Newline-delimited GeoJSON and RFC 8142 sequences: `.geojsonl`, `.ndjson`, `.geojsons`.
    case geojsonseq
    /// CSV with latitude/longitude columns (ACLED exports): `.csv`.
    case csv
    /// KML 2.2: `.kml`, and `.kmz` read (its first entry; KMZ is written through ``KMZSink``).
    case kml
    /// OGC GeoPackage 1.3: `.gpkg`.
    case gpkg
    /// GDELT 2.0 event files (tab-separated, 61 columns, no header), input only: `*.export.CSV`, `.tsv`.
    case gdelt
    /// A PostGIS table, named by a `postgresql://HOST/DB?table=NAME` URL (``PostgresTable``).
    case postgis
    /// Any other vector format, through the GDAL driver of this short name (`ESRI Shapefile`,
    /// `FlatGeobuf`, `LIBKML`, `XLSX`).
    case gdal(String)

    /// The formats EventMap reads and writes itself, faster than GDAL (`make bench`).
    public static let native: [VectorFormat] = [.geojson, .geojsonseq, .csv, .kml, .gpkg, .gdelt]

    /// The name `-f` takes: `geojson`, ..., or GDAL's driver name.
    public var name: String {
        switch self {
        case .geojson: "geojson"
        case .geojsonseq: "geojsonseq"
        case .csv: "csv"
        case .kml: "kml"
        case .gpkg: "gpkg"
        case .gdelt: "gdelt"
        case .postgis: "postgresql"
        case let .gdal(driver): driver
        }
    }

    public var description: String { name }

    /// A format from its `-f` name: EventMap's own (any case), else a GDAL driver's short name
    /// or a file extension one of them writes (`shp`, `fgb`, `xlsx`); nil when none matches.
    public init?(name: String) {
        let lower = name.lowercased()
        if let own = VectorFormat.native.first(where: { $0.name == lower }) {
            self = own
        } else if ["json"].contains(lower) {
            self = .geojson
        } else if let driver = GDAL.driver(named: name) {
            self = .gdal(driver.name)
        } else {
            return nil
        }
    }

    /// True when EventMap can write this format.
    public var canWrite: Bool {
        switch self {
        case .gdelt: false
        case let .gdal(driver): GDAL.driver(named: driver)?.canWrite ?? false
        default: true
        }
    }

    /// True when the format stores coordinates in other CRSs than WGS84 (for `--t-srs`):
    /// GeoJSON (RFC 7946), KML, GPX and GDELT are WGS84 by definition, CSV has named
    /// latitude/longitude columns.
    public var holdsOtherCRS: Bool {
        switch self {
        case .gpkg: true
        case let .gdal(driver): !["LIBKML", "KML", "GPX", "GeoJSON", "GeoJSONSeq", "CSV", "XLSX", "ODS"].contains(driver)
        default: false
        }
    }
}

/// Formats from file names, as GDAL infers drivers from extensions.
public enum FormatDetection {
    /// The format a path's name implies, or nil.
    public static func format(of path: String) -> VectorFormat? {
        if PostgresTable.isURL(path) { return .postgis }
        var name = (path as NSString).lastPathComponent.lowercased()
        // A packed file is read as what it holds: events.csv.gz, 20191009.export.CSV.zip.
        for packing in [".gz", ".zip"] where name.hasSuffix(packing) { name = String(name.dropLast(packing.count)) }
        if name.hasSuffix(".export.csv") || name.hasSuffix(".export.csv.txt") || name.hasSuffix(".tsv") { return .gdelt }
        switch (name as NSString).pathExtension {
        case "geojson", "json": return .geojson
        case "geojsonl", "ndjson", "geojsons", "jsonl", "geojsonseq": return .geojsonseq
        case "csv": return .csv
        case "kml", "kmz": return .kml
        case "gpkg": return .gpkg
        default: return nil
        }
    }

    /// The format an output path's name asks for: EventMap's own, else the GDAL driver that
    /// writes that extension (`.shp`, `.shp.zip`, `.fgb`, `.kmz`, `.gpx`, `.gml`, `.xlsx`, `.ods`).
    public static func outputFormat(of path: String) -> VectorFormat? {
        if PostgresTable.isURL(path) { return .postgis }
        let lower = path.lowercased()
        if lower.hasSuffix(".shp.zip") || lower.hasSuffix(".kmz") { return GDAL.writer(forPath: path).map { .gdal($0.name) } }
        if let own = format(of: path), !lower.hasSuffix(".zip"), !lower.hasSuffix(".gz") { return own }
        return GDAL.writer(forPath: path).map { .gdal($0.name) }
    }

    /// The file name without folder and extension, as a layer name.
    public static func stem(of path: String) -> String {
        if PostgresTable.isURL(path), let table = try? PostgresTable(url: path) { return table.table }
        if path == "-" { return "stdin" }
        var name = (path as NSString).lastPathComponent
        for packing in [".gz", ".zip"] where name.lowercased().hasSuffix(packing) { name = String(name.dropLast(packing.count)) }
        if name.lowercased().hasSuffix(".export.csv") { name = String(name.dropLast(4)) }
        return (name as NSString).deletingPathExtension
    }
}
