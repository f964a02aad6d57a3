import ArgumentParser
import EventMapCore
import EventMapIO
import EventMapRender
import Foundation

extension TimelineBin: ExpressibleByArgument {}

/// `eventmap chart INPUT... -o chart.svg`: events per week or month by type, fatalities as a line.
struct Chart: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a timeline: events per week or month, stacked by type, with fatalities as a line.",
        discussion: """
            One bar per week (Monday to Sunday) or month, from the first event's to the last's, \
            empty ones included; each bar stacked by event type in the map's colours (ACLED's order), \
            fatalities per bar as a line on a second axis. --by auto takes weeks for a span of up \
            to a year and months beyond. Undated events, and in weekly bars events dated only to a \
            month or a year, are left out and counted under the chart and on stderr. \
            -o chart.png and -o chart.pdf draw the same SVG through librsvg and cairo; \
            'eventmap render --timeline' puts the chart under a map.
            Example: eventmap chart acled-export.csv -o weeks.svg --by week --title "Idlib, 2019"
            """)

    @Argument(help: ArgumentHelp("Event files (GeoJSON, newline-delimited GeoJSON, CSV, KML, GeoPackage, GDELT; '-' for stdin).", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The chart to write: .svg, .png or .pdf ('-' for SVG on stdout).", valueName: "chart.svg"))
    var output: String

    @Option(name: .long, help: "The period of a bar.")
    var by: TimelineBin = .auto

    @Option(name: .long, help: ArgumentHelp("Title at the top (default: the input file names).", valueName: "text"))
    var title: String?

    @Option(name: .long, help: ArgumentHelp("Width of the chart in pixels (400 to 20000).", valueName: "px"))
    var width: Int = 1000

    @Option(name: .long, help: ArgumentHelp("Height of the chart in pixels (200 to 5000).", valueName: "px"))
    var height: Int = 360

    @Option(name: .long, help: ArgumentHelp("Resolution of PNG output in dots per inch (24 to 1200; default 96).", valueName: "dpi"))
    var dpi: Double?

    @Flag(name: .long, help: "Replace an existing output file.")
    var overwrite = false

    @OptionGroup var policy: InputPolicyOptions

    @Flag(name: .shortAndLong, help: "No summary line (problems with the data are still reported).")
    var quiet = false

    enum ChartFormat: String { case svg, png, pdf }

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one input file") }
        try policy.validate(output: output, inputs: inputs)
        guard (400...20000).contains(width) else { throw ValidationError("--width must be between 400 and 20000 pixels") }
        guard (200...5000).contains(height) else { throw ValidationError("--height must be between 200 and 5000 pixels") }
        let format = try chartFormat()
        if let dpi {
            guard format == .png else { throw ValidationError("--dpi applies to PNG output only (this chart is \(format.rawValue.uppercased()))") }
            guard MapRaster.dpiRange.contains(dpi) else { throw ValidationError("--dpi must be between 24 and 1200 (96 keeps the SVG's size; 300 for print)") }
        }
    }

    private func chartFormat() throws -> ChartFormat {
        if output == "-" { return .svg }
        let suffix = (output as NSString).pathExtension.lowercased()
        guard let format = ChartFormat(rawValue: suffix) else {
            throw ValidationError("chart writes SVG, PNG or PDF: give a file ending in .svg, .png or .pdf (\(output) ends in '\(suffix)')")
        }
        return format
    }

    func run() throws {
        var events: [TimelineEvent] = []
        let invalid = try policy.read(inputs) { feature in
            let event = Event(feature: feature)
            events.append(TimelineEvent(date: event.date, eventType: event.eventType?.name, fatalities: event.fatalities))
            return .leaveOut
        }
        let name = title ?? "Events: " + inputs.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
        let chart: (svg: String, stats: TimelineChart.Stats)
        let bytes: [UInt8]
        do {
            chart = try TimelineChart.svg(events: events, bin: by, title: name, width: width, height: height)
            switch try chartFormat() {
            case .svg: bytes = Array(chart.svg.utf8)
            case .png: bytes = try MapRaster.png(chart.svg, dpi: dpi ?? 96)
            case .pdf: bytes = try MapRaster.pdf(chart.svg)
            }
        } catch let error as RenderError {
            if error == .nothingToDraw { throw CLIError(file: output, "nothing to chart: none of the \(events.count) events has a date") }
            throw CLIError(file: output, error)
        }
        do { try OutputFile.write(bytes, to: output, overwrite: overwrite, inputs: inputs) } catch { throw CLIError(file: output, error) }
        let s = chart.stats
        if !quiet || invalid > 0 || s.undated > 0 || s.tooCoarse > 0 {
            var line = "eventmap: charted \(s.counted) event\(s.counted == 1 ? "" : "s") in \(s.bars) \(s.bin == .month ? "month" : "week")\(s.bars == 1 ? "" : "s")"
            if s.undated > 0 { line += ", left out \(s.undated) undated" }
            if s.tooCoarse > 0 { line += ", left out \(s.tooCoarse) dated only to a month or a year (--by month counts them)" }
            if invalid > 0 { line += ", left out \(invalid) invalid feature\(invalid == 1 ? "" : "s")" }
            if output != "-" { line += " → \(output)" }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
