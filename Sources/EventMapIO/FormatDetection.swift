import Foundation

/// The vector formats EventMap reads and writes.
public enum VectorFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// GeoJSON FeatureCollection (RFC 7946): `.geojson`, `.json`.
    case geojson
    /// Newline-delimited GeoJSON and RFC 8142 sequences: `.geojsonl`, `.ndjson`, `.geojsons`.
    case geojsonseq
    /// CSV with latitude/longitude columns (ACLED exports): `.csv`.
    case csv
    /// KML 2.2: `.kml`.
    case kml
    /// OGC GeoPackage 1.3: `.gpkg`.
    case gpkg
    /// GDELT 2.0 event files (tab-separated, 61 columns, no header), input only: `*.export.CSV`, `.tsv`.
    case gdelt

    public var description: String { rawValue }

    /// True when EventMap can write this format.
    public var canWrite: Bool { self != .gdelt }
}

/// Formats from file names, as GDAL infers drivers from extensions.
public enum FormatDetection {
    /// The format a path's name implies, or nil.
    public static func format(of path: String) -> VectorFormat? {
        var name = (path as NSString).lastPathComponent.lowercased()
        // A packed file is read as what it holds: events.csv.gz, 20191009.export.CSV.zip.
        for packing in [".gz", ".zip"] where name.hasSuffix(packing) { name = String(name.dropLast(packing.count)) }
        if name.hasSuffix(".export.csv") || name.hasSuffix(".export.csv.txt") || name.hasSuffix(".tsv") { return .gdelt }
        switch (name as NSString).pathExtension {
        case "geojson", "json": return .geojson
        case "geojsonl", "ndjson", "geojsons", "jsonl", "geojsonseq": return .geojsonseq
        case "csv": return .csv
        case "kml": return .kml
        case "gpkg": return .gpkg
        default: return nil
        }
    }

    /// The file name without folder and extension, as a layer name.
    public static func stem(of path: String) -> String {
        if path == "-" { return "stdin" }
        var name = (path as NSString).lastPathComponent
        for packing in [".gz", ".zip"] where name.lowercased().hasSuffix(packing) { name = String(name.dropLast(packing.count)) }
        if name.lowercased().hasSuffix(".export.csv") { name = String(name.dropLast(4)) }
        return (name as NSString).deletingPathExtension
    }
}
