import ArgumentParser
import EventMapCore
import EventMapIO
import EventMapLayers
import Foundation

extension VectorFormat: ExpressibleByArgument {}

/// `eventmap convert INPUT... -o OUTPUT`.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert between GeoJSON, newline-delimited GeoJSON, CSV, KML and GeoPackage (and read GDELT event files).",
        discussion: """
            The output format comes from the extension (.geojson, .geojsonl/.ndjson, .csv, .kml, .gpkg) or -f. \
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

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format, when the extension does not say.", valueName: "format"))
    var format: VectorFormat?

    @Option(name: .long, help: ArgumentHelp("Input format, for every input (default: from each extension).", valueName: "format"))
    var inputFormat: VectorFormat?

    @Option(name: .long, help: ArgumentHelp("Reference layers to add: border:TR-SY,road:M4,zone:all,... or file paths.", valueName: "refs"))
    var layers: String?

    @Flag(name: .long, help: "Replace an existing output file.")
    var overwrite = false

    @Flag(name: .long, help: "Leave out invalid features (counted on stderr) instead of stopping.")
    var skipInvalid = false

    @Option(name: .long, help: ArgumentHelp("Write left-out records here, one JSON object per line.", valueName: "file"))
    var rejects: String?

    @Option(name: .long, help: "Decimal places for GeoJSON coordinates (7 is about 1 cm).")
    var precision: Int = 7

    @Flag(name: .shortAndLong, help: "No progress messages.")
    var quiet = false

    @OptionGroup var layerOptions: LayersOption

    func validate() throws {
        guard !inputs.isEmpty || layers != nil else { throw ValidationError("give at least one input file (or --layers)") }
        guard (0...15).contains(precision) else { throw ValidationError("--precision must be between 0 and 15") }
        if outputFormat == nil { throw ValidationError("cannot tell the output format from '\(output)'; add -f FORMAT") }
        if outputFormat == .gdelt { throw ValidationError("GDELT files are input only") }
        if outputFormat == .gpkg && output == "-" { throw ValidationError("a GeoPackage cannot be written to stdout") }
        if rejects != nil && !skipInvalid { throw ValidationError("--rejects goes with --skip-invalid") }
        if let rejects, OutputPaths.same(rejects, output) { throw ValidationError("--rejects names the output file; give the rejects a file of their own") }
        if let rejects, inputs.contains(where: { OutputPaths.same($0, rejects) }) { throw ValidationError("--rejects names an input file") }
    }

    var outputFormat: VectorFormat? { format ?? (output == "-" ? .geojson : FormatDetection.format(of: output)) }

    func run() throws {
        var sources: [(file: String, source: FeatureSource)] = []
        for input in inputs {
            // Each layer is parsed on a second thread while this one writes.
            do { sources += try Formats.open(input, format: inputFormat).map { (input, PrefetchingSource($0)) } } catch {
                throw CLIError(file: input, error)
            }
        }
        var references: [Layer] = []
        if let layers {
            do { references = try layerOptions.catalogue().layers(layers) } catch let error as CLIError { throw error } catch {
                throw CLIError("\(error)")
            }
        }
        let pipeline = Pipeline(skipInvalid: skipInvalid, quiet: quiet)
        let report = try pipeline.run(sources: sources, references: references, output: output, format: outputFormat!,
                                      overwrite: overwrite, precision: precision, rejectsPath: rejects,
                                      documentName: FormatDetection.stem(of: output))
        if !quiet || report.rejected > 0 {
            var line = "eventmap: wrote \(report.written) features in \(report.layers) layer\(report.layers == 1 ? "" : "s") to \(output)"
            if report.rejected > 0 { line += "; left out \(report.rejected) invalid feature\(report.rejected == 1 ? "" : "s")" + (rejects.map { " (in \($0))" } ?? "") }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}

/// Streams sources into one sink, applying the invalid-feature rules.
struct Pipeline {
    let skipInvalid: Bool
    let quiet: Bool

    struct Report { var written = 0; var rejected = 0; var layers = 0 }

    func run(sources: [(file: String, source: FeatureSource)], references: [Layer], output: String, format: VectorFormat,
             overwrite: Bool, precision: Int, rejectsPath: String?, documentName: String) throws -> Report {
        let inputs = sources.map(\.file) + references.map(\.path)
        let file: OutputFile
        let sink: FeatureSink
        do {
            file = try OutputFile(path: output, overwrite: overwrite, inputs: inputs)
            sink = try Formats.sink(file, format: format, name: documentName, precision: precision)
        } catch { throw CLIError(file: output, error) }
        var rejectsFile: OutputFile?
        if let rejectsPath {
            do { rejectsFile = try OutputFile(path: rejectsPath, overwrite: overwrite, inputs: inputs) } catch {
                sink.abort()
                throw CLIError(file: rejectsPath, error)
            }
        }
        var report = Report()
        var firstInvalid: (file: String, rejection: Rejection)?
        let progress = ProgressReporter(enabled: !quiet)
        do {
            for (name, source) in sources {
                try sink.beginLayer(name: source.layerName)
                report.layers += 1
                while let record = try readRecord(source, file: name) {
                    progress.tick(source)
                    var rejection: Rejection?
                    switch record {
                    case let .feature(feature):
                        if feature.geometry == nil {
                            rejection = Rejection(position: "feature \(report.written + report.rejected + 1)", reason: "no geometry",
                                                  raw: GeoJSONWriter.Encoder().feature(feature))
                        } else if firstInvalid == nil {
                            try sink.write(feature)
                            report.written += 1
                        }
                    case let .rejected(r):
                        rejection = r
                    }
                    if let rejection {
                        report.rejected += 1
                        if !skipInvalid && firstInvalid == nil {
                            firstInvalid = (name, rejection)
                            sink.abort()
                        }
                        try rejectsFile?.write(JSONText.object([
                            ("input", .string(name)), ("position", .string(rejection.position)),
                            ("reason", .string(rejection.reason)), ("record", .string(rejection.raw)),
                        ]) + "\n")
                    }
                }
                Diagnostics.report(source.notes, file: name)
            }
            if firstInvalid == nil {
                for layer in references {
                    try sink.beginLayer(name: layer.reference.replacingOccurrences(of: ":", with: "_"))
                    report.layers += 1
                    for feature in layer.features {
                        try sink.write(feature)
                        report.written += 1
                    }
                }
            }
        } catch let error as CLIError {
            sink.abort()
            rejectsFile?.abort()
            throw error
        } catch {
            sink.abort()
            rejectsFile?.abort()
            throw CLIError(file: output, "\(error)")
        }
        progress.finish()
        if let firstInvalid {
            rejectsFile?.abort()
            throw CLIError(file: firstInvalid.file,
                           "\(firstInvalid.rejection.position): \(firstInvalid.rejection.reason); \(report.rejected) invalid feature\(report.rejected == 1 ? "" : "s") in all (add --skip-invalid to leave them out)")
        }
        do {
            try sink.finish()
            try rejectsFile?.commit()
        } catch { throw CLIError(file: output, error) }
        return report
    }

    private func readRecord(_ source: FeatureSource, file: String) throws -> FeatureRecord? {
        do { return try source.next() } catch { throw CLIError(file: file, error) }
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
