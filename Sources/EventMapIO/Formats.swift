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
        switch chosen {
        case .geojson: return [try GeoJSONSource(path: path)]
        case .geojsonseq: return [try GeoJSONSeqSource(path: path)]
        case .csv: return [try CSVSource(path: path)]
        case .gdelt: return [try GDELTSource(path: path)]
        case .kml: return try KMLReader.open(path)
        case .gpkg: return try GeoPackageReader.open(path)
        }
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
