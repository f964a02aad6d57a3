import EventMapCore

/// Opens readers and writers by format.
public enum Formats {
    /// The layers of an input file, each a stream of features.
    /// - Parameter format: nil infers it from the extension (GeoJSON for stdin).
    public static func open(_ path: String, format: VectorFormat? = nil) throws(IOError) -> [FeatureSource] {
        let chosen = format ?? FormatDetection.format(of: path) ?? (path == "-" ? .geojson : nil)
        guard let chosen else {
            throw .unreadable(path: path, reason: "unknown format; use .geojson, .geojsonl/.ndjson, .csv, .kml, .gpkg or a GDELT .export.CSV file, or -f FORMAT")
        }
        let raw: [FeatureSource]
        switch chosen {
        case .geojson: raw = [try GeoJSONSource(path: path)]
        case .geojsonseq: raw = [try GeoJSONSeqSource(path: path)]
        case .csv: raw = [try CSVSource(path: path)]
        case .gdelt: raw = [try GDELTSource(path: path)]
        case .kml: raw = try KMLReader.open(path)
        case .gpkg:
            if path.lowercased().hasSuffix(".zip") || path.lowercased().hasSuffix(".gz") {
                throw .unreadable(path: path, reason: "a GeoPackage is a database that SQLite opens in place: unpack it first")
            }
            raw = try GeoPackageReader.open(path)
        }
        // Every format's event fields read the same way (ACLED's dates as ISO dates).
        return raw.map(EventFieldSource.init)
    }

    /// A writer for `output` in `format`.
    public static func sink(_ output: OutputFile, format: VectorFormat, name: String, precision: Int = 7) throws(IOError) -> FeatureSink {
        switch format {
        case .geojson: return try GeoJSONWriter(output: output, precision: precision, name: name)
        case .geojsonseq: return GeoJSONSeqSink(output: output, precision: precision)
        case .csv: return CSVSink(output: output)
        case .kml: return KMLWriter(output: output, documentName: name)
        case .gpkg: return try GeoPackageWriter(path: output.path, output: output)
        case .gdelt: throw .unwritable(path: output.path, reason: "GDELT files are input only; write .csv, .geojson, .kml or .gpkg")
        }
    }
}
