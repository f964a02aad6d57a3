import ArgumentParser
import EventMapCore
import EventMapIO
import Foundation

/// `eventmap info FILE`: what a vector file holds.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the format, layers, feature counts, geometry types, bounding box, event_date range and property names of a file.",
        discussion: """
            Reads GeoJSON, newline-delimited GeoJSON, CSV, KML, GeoPackage and GDELT event files, streaming. \
            The bounding box is MINLON,MINLAT,MAXLON,MAXLAT in degrees, the order --bbox takes. Each \
            property is listed with the JSON types its values have across features.
            """)

    @Argument(help: ArgumentHelp("The file to describe ('-' reads GeoJSON from stdin).", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Input format, when the extension does not say.", valueName: "format"), transform: VectorFormat.parseArgument)
    var format: VectorFormat?

    @OptionGroup var crs: InputCRSOptions

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress on stderr (problems with the data are still reported).")
    var quiet = false

    func run() throws {
        let name = file == "-" ? "<stdin>" : file
        var summaries: [(String, FeatureSummary)] = []
        let progress = ProgressReporter(enabled: !quiet)
        do {
            for source in try Formats.open(file, format: format, sourceCRS: crs.sourceCRS) {
                summaries.append((source.layerName, try FeatureSummary(reading: source, onRecord: progress.tick)))
                progress.finish()
                Diagnostics.report(source.notes, file: file)
            }
        } catch { throw CLIError(file: file, error) }
        // The summary is printed; invalid features then make the command fail, naming the first.
        func failIfInvalid() throws {
            let invalid = summaries.map(\.1.rejected).reduce(0, +)
            if let firstInvalid = summaries.lazy.compactMap(\.1.firstRejection).first {
                throw CLIError(file: file, "\(firstInvalid.position): \(firstInvalid.reason); \(invalid) invalid feature\(invalid == 1 ? "" : "s") in all")
            }
        }
        let detected = format ?? FormatDetection.format(of: file) ?? (file == "-" ? .geojson : GDAL.identify(file).map { .gdal($0) } ?? .geojson)
        if json {
            let layers = summaries.map { $0.1.json(layer: $0.0) }
            print(JSONText.object([("file", .string(name)), ("format", .string(detected.name)), ("layers", .array(layers))]))
            try failIfInvalid()
            return
        }
        print("File:         \(name)")
        print("Format:       \(detected)")
        for (layer, summary) in summaries {
            if summaries.count > 1 || detected == .gpkg || detected == .kml { print("Layer:        \(layer)") }
            print(summary.report())
        }
        try failIfInvalid()
    }
}
