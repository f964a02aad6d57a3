import ArgumentParser
import EventMapCore
import EventMapExtraction
import EventMapIO
import Foundation

/// `eventmap merge EVENTS... -o FILE`: the reduce step of a distributed geoparse.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join reports of the same event across files or the partitions of a job into one event listing every source.",
        discussion: """
            Events written by 'eventmap extract --no-merge' (each article's events merged within the \
            article) are joined by the rule 'extract' uses across articles: the same event type and \
            sub-event type, the same first actor where both are known, dates that agree (within 2 \
            days), points within 10 km. A joined event keeps the first report's id (event_id, stable: \
            made from its source and offset), lists every source, takes the second actor and the \
            date from a later report when it lacks them, and gains 0.1 confidence. Events are taken \
            in one order whatever order they arrive in (first source, then offset), so merging the \
            events of each sub-event type on its own (a Spark job partitioned by sub_event_type) \
            gives the same events as merging all at once, and as 'eventmap extract' of all the articles.
            Records without a sub-event type are written unchanged; a record without geometry \
            stops the run (--skip-invalid leaves it out, counted).

            Examples: eventmap merge part-*.geojsonl -o events.geojson
                      eventmap merge - --input-format geojsonseq -f geojsonseq -o -
            """)

    @Argument(help: ArgumentHelp("Event files ('-' reads stdin: GeoJSON, or --input-format geojsonseq or csv).", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .long, help: ArgumentHelp("Input format, when the extension does not say (stdin: geojson, geojsonseq or csv).", valueName: "format"), transform: VectorFormat.parseArgument)
    var inputFormat: VectorFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file ('-' for stdout, the default).", valueName: "file"))
    var output: String = "-"

    @OptionGroup var writing: VectorOutputOptions

    @OptionGroup var policy: InputPolicyOptions

    @Flag(name: .shortAndLong, help: "No summary on stderr.")
    var quiet = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one file of events ('-' reads stdin)") }
        if inputs.contains("-") && inputs.count > 1 { throw ValidationError("'-' (stdin) is the only input when it is given") }
        try policy.validate(output: output, inputs: inputs)
        try writing.validate(output: output)
    }

    func run() throws {
        var events: [Event] = []
        var pipeline = FeaturePipeline()
        policy.apply(to: &pipeline)
        pipeline.overwrite = writing.overwrite
        pipeline.onNotes = Diagnostics.report
        pipeline.keep = { feature in
            events.append(Event(feature: feature))
            return .leaveOut
        }
        var sources: [(file: String, source: FeatureSource)] = []
        for input in inputs {
            do { sources += try Formats.open(input, format: inputFormat).map { (input, $0) } } catch { throw CLIError(file: input, error) }
        }
        let report = try pipeline.run(sources, to: nil, inputs: inputs)
        let merged = EventMerge.merge(EventMerge.canonicalOrder(events))
        let sink: FeatureSink
        do {
            sink = try Formats.create(
                output, format: writing.format(of: output)!, overwrite: writing.overwrite, inputs: inputs.filter { $0 != "-" }, name: "events",
                targetCRS: writing.targetCRS)
            try sink.beginLayer(name: "events")
            for event in merged { try sink.write(event.feature) }
            try sink.finish()
        } catch { throw CLIError(file: output, error) }
        if !quiet || report.rejected > 0 {
            Diagnostics.say(
                "merged \(events.count) event\(events.count == 1 ? "" : "s") into \(merged.count)"
                    + (report.rejected > 0 ? "; \(report.rejected) rejected" : "") + (output == "-" ? "" : " → \(output)"))
        }
    }
}
