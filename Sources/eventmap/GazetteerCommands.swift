import ArgumentParser
import EventMapCore
import EventMapGazetteer
import EventMapIO
import Foundation

/// `--gazetteer FILE`, shared by the commands that look places up.
struct GazetteerOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Compiled gazetteer to use (default: $EVENTMAP_GAZETTEER, else gazetteer.bin in the data folder: $EVENTMAP_DATA, PREFIX/share/eventmap, the checkout's Gazetteer/).",
            valueName: "file"))
    var gazetteer: String?

    func load() throws -> Gazetteer {
        if gazetteer == nil && ProcessInfo.processInfo.environment["EVENTMAP_GAZETTEER"] == nil && DataDirectory.locate() == nil {
            throw CLIError(DataDirectory.missingHelp)
        }
        let path = gazetteer ?? Gazetteer.defaultPath()
        do { return try Gazetteer(contentsOf: path) } catch { throw CLIError("\(error)") }
    }
}

/// `eventmap resolve NAME...`: gazetteer look-up with reasons.
struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resolve place names, in any spelling news uses, to coordinates, with the reason for each match.",
        discussion: """
            Each NAME may carry qualifiers: "Manbij, Syria", "Kilis in Turkey", "Idlib province", \
            "the town of Ariha", "Cilvegozu border crossing". Spellings are matched through folded, \
            article-free and consonant keys (Jarabulus, Cerablus, 'Ayn 'Isa, Kobani), then ranked by \
            match, kind (country, division, capital, town), population and context.
            A name with no candidate prints "no match" with suggestions; the command then exits 1 \
            after printing the others.
            Data: GeoNames (CC BY 4.0) and EventMap's curated tables; see 'eventmap gazetteer info'.
            """)

    @Argument(help: ArgumentHelp("Place names to resolve.", valueName: "name"))
    var names: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only places in these countries (ISO codes, comma-separated).", valueName: "SY,TR"))
    var country: String?

    @Option(
        name: .long, help: ArgumentHelp("Prefer places near this point, LON,LAT in degrees.", valueName: "lon,lat"),
        transform: Coordinate.parseArgument)
    var near: Coordinate?

    @Option(name: .long, help: ArgumentHelp("Countries that win ties against look-alikes elsewhere; 'none' for no preference.", valueName: "SY,TR"))
    var focus: String = "SY,TR"

    @Option(name: .long, help: "Candidates to print per name.")
    var limit: Int = 3

    @Flag(name: .long, help: "Print JSON (one object per name, with every candidate) instead of a table.")
    var json = false

    @OptionGroup var source: GazetteerOption

    func validate() throws {
        guard !names.isEmpty else { throw ValidationError("give at least one place name") }
        if let empty = names.first(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("an empty name ('\(empty)') cannot be resolved")
        }
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100") }
    }

    func run() throws {
        let gazetteer = try source.load()
        let codes = country.map { Set($0.uppercased().split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
        let focusCodes: Set<String> = focus.lowercased() == "none" ? [] : Set(focus.uppercased().split(separator: ",").map(String.init))
        let options = ResolveOptions(countries: codes, near: near, focusCountries: focusCodes, limit: limit)
        var missing: [String] = []
        var objects: [String] = []
        for name in names {
            let candidates = gazetteer.resolve(name, options: options)
            if candidates.isEmpty {
                missing.append(name)
                let hints = gazetteer.isPeople(name) ? [] : gazetteer.suggestions(for: name)
                var hint = hints.isEmpty ? "" : "; closest: " + hints.joined(separator: ", ")
                if gazetteer.isPeople(name) { hint = " (names a people, not a place or country)" }
                Diagnostics.say("no match for '\(name)'\(hint)")
                if json { objects.append(#"{"query":\#(JSONText.string(name)),"candidates":[]}"#) }
                continue
            }
            if json {
                objects.append(JSONText.value(.object([("query", .string(name)), ("candidates", .array(candidates.map(\.jsonValue)))])))
            } else {
                print(name)
                for (rank, c) in candidates.enumerated() { print(c.summary(rank: rank + 1)) }
            }
        }
        if json { print(objects.count == 1 ? objects[0] : "[" + objects.joined(separator: ",\n") + "]") }
        if !missing.isEmpty { throw ExitCode(1) }
    }
}

/// `eventmap gazetteer info|import`.
struct GazetteerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazetteer",
        abstract: "Inspect the shipped gazetteer, or build one from GeoNames dump files.",
        subcommands: [GazetteerInfo.self, GazetteerImport.self])
}

struct GazetteerInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Print what the gazetteer holds, where it comes from, and how many names it knows.")

    @OptionGroup var source: GazetteerOption

    func run() throws {
        let path = source.gazetteer ?? Gazetteer.defaultPath()
        let gazetteer = try source.load()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        print("File:        \(path) (\(String(format: "%.1f", Double(size) / 1_048_576)) MB)")
        print(gazetteer.summaryLines.joined(separator: "\n"))
    }
}

struct GazetteerImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Build a compiled gazetteer from GeoNames dump files (allCountries.txt, SY.txt, cities500.txt).",
        discussion: """
            Streams each dump (19 tab-separated columns), keeps countries, first-level divisions, \
            capitals, every populated place of the focus countries and the world's places above \
            --min-population (and, as minor places with their GeoNames name only, those above \
            --minor-population), adds names from --alternate-names and the curated tables, and writes \
            the compiled file through a temporary file. Lines it leaves out are counted by reason.
            Example: eventmap gazetteer import SY.txt TR.txt --curated Gazetteer/curated -o my.bin
            """)

    @Argument(help: ArgumentHelp("GeoNames dump files in allCountries.txt format.", valueName: "dump"))
    var dumps: [String] = []

    @Option(name: .long, help: ArgumentHelp("GeoNames alternateNamesV2.txt to add names from.", valueName: "file"))
    var alternateNames: String?

    @Option(name: .long, help: ArgumentHelp("Folder of curated tables (admin1.tsv, places.tsv, aliases.tsv, demonyms.tsv).", valueName: "dir"))
    var curated: String?

    @Option(name: .long, help: ArgumentHelp("Countries whose every populated place is kept.", valueName: "SY,TR,..."))
    var focus: String = "SY,TR,IQ,LB,JO,IL,PS,CY,IR"

    @Option(name: .long, help: "Keep populated places elsewhere from this population up.")
    var minPopulation: Int = 15_000

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            Keep smaller places elsewhere from this population up as minor places (GeoNames name only), \
            offered only where an article names or implies their first-level division. Equal to \
            --min-population: none.
            """, valueName: "population"))
    var minorPopulation: Int = 1_000

    @Option(name: .shortAndLong, help: ArgumentHelp("Compiled gazetteer to write.", valueName: "file"))
    var output: String

    @Flag(name: .long, help: "Replace an existing output file.")
    var overwrite = false

    @Flag(name: .shortAndLong, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard !dumps.isEmpty else { throw ValidationError("give at least one GeoNames dump file") }
        guard minPopulation >= 0 else { throw ValidationError("--min-population cannot be negative") }
        guard minorPopulation >= 0 else { throw ValidationError("--minor-population cannot be negative") }
        if FileManager.default.fileExists(atPath: output) && !overwrite {
            throw ValidationError("\(output) exists; add --overwrite to replace it")
        }
    }

    func run() throws {
        let coverage = GeoNamesImporter.Coverage(
            focusCountries: Set(focus.uppercased().split(separator: ",").map(String.init)), minimumPopulation: minPopulation,
            minorPopulation: minorPopulation)
        let bar = ProgressBar(enabled: !quiet, label: "importing")
        defer { bar.finish() }
        let summary: String
        do { summary = try build(coverage: coverage, bar: bar) } catch { throw CLIError("\(error)") }
        FileHandle.standardError.write(Data(summary.utf8))
    }

    /// Runs the import and returns the report for stderr.
    private func build(coverage: GeoNamesImporter.Coverage, bar: ProgressBar) throws(GazetteerError) -> String {
        var importer = GeoNamesImporter(coverage: coverage)
        importer.progress = { done, all in bar.update(done, of: all) }
        try importer.importDumps(atPaths: dumps)
        bar.finish()
        if let alternateNames { try importer.importAlternateNames(atPath: alternateNames) }
        if let curated { try importer.importCurated(directory: curated) }
        let written = try importer.write(to: output)
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? NSNumber)?.intValue ?? 0
        var report = "eventmap: read \(importer.linesRead) lines; wrote \(written.places) places and \(written.keys) keys to \(output) (\(String(format: "%.1f", Double(size) / 1_048_576)) MB)\n"
        if importer.rejects.total > 0 { report += "eventmap: " + importer.rejects.report }
        return report
    }
}
