import ArgumentParser
import EventMapCore
import EventMapIO
import EventMapLayers
import Foundation

/// `eventmap convert INPUT... -o OUTPUT`.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert between GeoJSON, GeoJSON sequences, CSV, KML, GeoPackage and every GDAL vector format (Shapefile, FlatGeobuf, KMZ, XLSX, ...); read GDELT event files.",
        discussion: """
            The output format comes from the extension (.geojson, .geojsonl/.ndjson, .csv, .kml, .gpkg, and \
            through GDAL .shp, .shp.zip, .fgb, .kmz, .gpx, .gml, .xlsx, .ods: eventmap formats) or -f. Inputs in \
            another CRS are read in WGS84 (--s-srs names the CRS of a file without one); --t-srs writes \
            another CRS where the format stores one. \
            Several inputs (and --layers) become several layers where the format has layers (GeoPackage \
            tables, KML folders) and are concatenated otherwise. Inputs stream: memory stays bounded.
            Features with coordinates out of range, NaN or no geometry stop the conversion with an error \
            naming the first and the count; with --skip-invalid they are left out, counted, and written \
            to --rejects FILE if given. Every input feature ends up in the output or in the rejects.
            The output is written to a temporary file and renamed: an error never leaves half a file. An \
            existing file is replaced only with --overwrite, and never when it is also an input.
            Example: eventmap convert acled.csv -o events.gpkg --layers border:TR-SY,zone:all
            """)

    @Argument(help: ArgumentHelp("Input files ('-' reads GeoJSON from stdin).", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file; '-' writes GeoJSON (or -f) to stdout.", valueName: "output"))
    var output: String

    @OptionGroup var writing: VectorOutputOptions

    @Option(name: .long, help: ArgumentHelp("Input format, for every input (default: from each extension).", valueName: "format"), transform: VectorFormat.parseArgument)
    var inputFormat: VectorFormat?

    @Option(name: .long, help: ArgumentHelp("Reference layers to add: border:TR-SY,road:M4,zone:all,... or file paths.", valueName: "refs"))
    var layers: String?

    @OptionGroup var crs: InputCRSOptions

    @OptionGroup var policy: InputPolicyOptions

    @Option(name: .long, help: "Decimal places for GeoJSON coordinates (7 is about 1 cm).")
    var precision: Int = 7

    @Flag(name: .shortAndLong, help: "No progress messages.")
    var quiet = false

    @OptionGroup var layerOptions: LayersOption

    func validate() throws {
        guard !inputs.isEmpty || layers != nil else { throw ValidationError("give at least one input file (or --layers)") }
        guard (0...15).contains(precision) else { throw ValidationError("--precision must be between 0 and 15") }
        try writing.validate(output: output)
        try policy.validate(output: output, inputs: inputs)
    }

    var outputFormat: VectorFormat? { writing.format(of: output) }

    func run() throws {
        var sources: [(file: String, source: FeatureSource)] = []
        for input in inputs {
            // Each layer is parsed on a second thread while this one writes.
            do { sources += try Formats.open(input, format: inputFormat, sourceCRS: crs.sourceCRS).map { (input, PrefetchingSource($0)) } } catch {
                throw CLIError(file: input, error)
            }
        }
        var references: [Layer] = []
        if let layers { references = try layerOptions.layers([layers], in: try layerOptions.catalogue(), flag: "--layers") }
        // Reference layers follow the inputs, each a layer of its own.
        sources += references.map { ($0.path, ArraySource(name: $0.reference.replacingOccurrences(of: ":", with: "_"), features: $0.features)) }
        var pipeline = FeaturePipeline()
        policy.apply(to: &pipeline)
        pipeline.overwrite = writing.overwrite
        let progress = ProgressReporter(enabled: !quiet)
        pipeline.onRecord = progress.tick
        pipeline.onNotes = Diagnostics.report
        let report = try pipeline.run(
            sources, to: .init(path: output, format: outputFormat!, documentName: FormatDetection.stem(of: output), precision: precision, targetCRS: writing.targetCRS),
            inputs: sources.map(\.file))
        progress.finish()
        if !quiet || report.rejected > 0 {
            var line = "wrote \(report.written) features in \(report.layers) layer\(report.layers == 1 ? "" : "s") to \(output)"
            if report.rejected > 0 { line += "; left out \(report.rejected) invalid feature\(report.rejected == 1 ? "" : "s")" + (policy.rejects.map { " (in \($0))" } ?? "") }
            Diagnostics.say(line)
        }
    }
}

/// Path checks made before anything is written.
enum OutputPaths {
    /// True when two paths name one file, whether or not it exists yet (through `..`, `.` and links).
    static func same(_ a: String, _ b: String) -> Bool {
        guard a != "-" && b != "-" else { return false }
        func normal(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        return normal(a) == normal(b)
    }
}
