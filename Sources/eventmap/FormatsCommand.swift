import ArgumentParser
import EventMapCore
import EventMapIO

/// `eventmap formats`: the vector formats this binary reads and writes.
struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the vector formats EventMap reads and writes: its own, and every vector driver of the installed GDAL.",
        discussion: """
            EventMap reads and writes GeoJSON, GeoJSON sequences, CSV, KML and GeoPackage itself (faster \
            than GDAL), and GDELT event files. Every other format goes through GDAL: the output's \
            extension picks the driver (.shp, .shp.zip, .fgb, .kmz, .gpx, .gml, .xlsx, .ods), or -f NAME \
            with a driver's name or extension. Inputs in another CRS are moved to WGS84 on reading; \
            --s-srs names the CRS of a file without one, --t-srs writes another CRS where the format \
            stores one.
            Example: eventmap convert acled.xlsx -o events.shp
            """)

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let own: [(name: String, extensions: String, write: Bool, what: String)] = [
            ("geojson", "geojson json", true, "GeoJSON (RFC 7946)"),
            ("geojsonseq", "geojsonl ndjson geojsons jsonl", true, "newline-delimited GeoJSON, RFC 8142 sequences"),
            ("csv", "csv", true, "CSV with latitude/longitude columns (ACLED exports; .gz and .zip read)"),
            ("kml", "kml", true, "KML 2.2"),
            ("gpkg", "gpkg", true, "OGC GeoPackage 1.3"),
            ("gdelt", "export.CSV tsv", false, "GDELT 2.0 event files (.zip read)"),
        ]
        let drivers = GDAL.vectorDrivers
        if json {
            var rows: [JSONValue] = own.map {
                .object([
                    ("name", .string($0.name)), ("by", .string("eventmap")), ("extensions", .array($0.extensions.split(separator: " ").map { .string(String($0)) })),
                    ("read", .bool(true)), ("write", .bool($0.write)), ("description", .string($0.what)),
                ])
            }
            rows += drivers.map {
                .object([
                    ("name", .string($0.name)), ("by", .string("GDAL")), ("extensions", .array($0.extensions.map { .string($0) })),
                    ("read", .bool($0.canRead)), ("write", .bool($0.canWrite)), ("description", .string($0.longName)),
                ])
            }
            print(JSONText.object([("gdal", .string(GDAL.version)), ("formats", .array(rows))]))
            return
        }
        var rows = own.map { [$0.name, "eventmap", "yes", $0.write ? "yes" : "no", $0.extensions, $0.what] }
        rows += drivers.map { [$0.name, "GDAL", $0.canRead ? "yes" : "no", $0.canWrite ? "yes" : "no", $0.extensions.joined(separator: " "), $0.longName] }
        print(TextTable.render(header: ["format", "by", "read", "write", "extensions", "description"], rows: rows, maxWidth: [16, 8, 4, 5, 30, 60]))
        print("GDAL \(GDAL.version); -f takes a format's name or extension (shp, fgb, kmz, xlsx)")
    }
}
