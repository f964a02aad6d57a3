import ArgumentParser
import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import EventMapIO
import Foundation

/// `eventmap extract PATH... --mentions -o FILE`.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Code events from articles (who did what, where, when), or list their place mentions (--mentions).",
        discussion: """
            PATH is a text file (UTF-8), an HTML file (markup, scripts and page chrome removed) or a \
            folder of them (read recursively, in name order). With --mentions every place mention \
            becomes one record: the text as written, start/end offsets in Unicode scalars \
            (String.unicodeScalars), the source file, the article's language (en, ar, tr), the resolved place (name, GeoNames id, kind, \
            country, first-level division, longitude, latitude), its role (place; metonym as in \
            "Ankara said"; reporting location as in "told AFP in Beirut"; demonym as in "Turkish \
            troops", resolved to the country), a score and the reason. --roles keeps only the roles \
            named. GeoJSON points by default; any output format of convert by extension or -f.
            Boilerplate lines (navigation, sharing and donation prompts, photo credits, error pages) \
            never yield places; names of groups, operations and media (Gazetteer/curated/not-places.tsv) \
            are not places.
            Without --mentions, events are coded with ACLED's field names (event_date, time_precision, \
            event_type, sub_event_type, actor1, actor2, fatalities, location, geo_precision, \
            source, source_quote, source_offset, confidence): triggers for ACLED's types, actors from \
            Gazetteer/curated/actors.tsv, the place tied to the trigger, dates from the words near it \
            resolved against the article's dateline or --published; denials, plans and negations are \
            not events; the same event in several articles becomes one event listing every source.
            A file that cannot be read is reported on stderr and the others go on; the command then \
            exits 1.
            Articles in Arabic and Turkish are read for places (--mentions): names written with \
            clitics ("وبإدلب") or case endings ("Cerablus'a") are found where the name starts and \
            ends; each mention says the article's language.

            Examples: eventmap extract seeds/ --mentions -o mentions.geojson
                      eventmap extract seeds/ --published 2017-10-08 -o events.geojson
                      eventmap extract haberler/ --mentions --language tr -o yerler.csv
            """)

    @Argument(help: ArgumentHelp("Article files or folders.", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .long, help: "Write one record per place mention instead of events.")
    var mentions = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --mentions, keep only mentions in these roles (comma-separated or repeated): \(MentionRole.allCases.map(\.argumentName).joined(separator: ", ")).",
            valueName: "roles"))
    var roles: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The articles' language: auto (the default: each article's own, from its script and frequent words), en, ar or tr. Places are read in all three; events are coded from English only.",
            valueName: "language"))
    var language: String = "auto"

    @Option(name: .long, help: ArgumentHelp("The articles' date when their text gives none (a dateline in the text wins).", valueName: "YYYY-MM-DD"))
    var published: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file ('-' for stdout, the default).", valueName: "file"))
    var output: String = "-"

    @OptionGroup var writing: VectorOutputOptions

    @Flag(name: .long, help: "Also print the events as a table on stdout (date, type, actors, place, sources); needs -o FILE.")
    var table = false

    @Flag(name: .shortAndLong, help: "No progress or summary on stderr.")
    var quiet = false

    @OptionGroup var gazetteerOption: GazetteerOption

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one article file or folder") }
        if table && (mentions || output == "-") { throw ValidationError("--table goes with events written to a file (-o FILE)") }
        if !roles.isEmpty && !mentions { throw ValidationError("--roles applies to place mentions: add --mentions") }
        do { _ = try MentionRole.roles(named: roles) } catch { throw ValidationError(error.message) }
        if language != "auto" && ArticleLanguage(name: language) == nil {
            let valid = ["auto"] + ArticleLanguage.allCases.map(\.rawValue)
            throw ValidationError(
                "--language '\(language)' is not a language EventMap reads: use one of \(valid.joined(separator: ", ")) (or English, Arabic, Turkish)")
        }
        if let published, publishedDate == nil { throw ValidationError("--published '\(published)' is not a date YYYY-MM-DD") }
        try writing.validate(output: output)
    }

    /// --published as a day (EventDate checks it is a real one).
    var publishedDate: DateComponents? {
        guard let published, let date = EventDate(parsing: published), let day = date.day else { return nil }
        return DateComponents(year: date.year, month: date.month, day: day)
    }

    var outputFormat: VectorFormat? { writing.format(of: output) }

    func run() throws {
        let gazetteer = try gazetteerOption.load()
        let gazetteerPath = gazetteerOption.gazetteer ?? Gazetteer.defaultPath()
        let extractor: MentionExtractor, coder: EventCoder?
        do {
            extractor = try MentionExtractor(gazetteer: gazetteer, gazetteerPath: gazetteerPath)
            coder = mentions ? nil : try EventCoder(mentions: extractor, curatedDirectory: Lexicon.defaultDirectory(gazetteerPath: gazetteerPath))
        } catch { throw CLIError("\(error)") }
        let files: [String]
        do { files = try ArticleFile.files(for: paths) } catch { throw CLIError("\(error)") }
        let sink: FeatureSink
        do {
            sink = try Formats.create(
                output, format: outputFormat!, overwrite: writing.overwrite, inputs: files, name: mentions ? "mentions" : "events", targetCRS: writing.targetCRS)
            try sink.beginLayer(name: mentions ? "mentions" : "events")
        } catch { throw CLIError(file: output, error) }

        let keptRoles = (try? MentionRole.roles(named: roles)) ?? Set(MentionRole.allCases)  // checked in validate()
        let progress = !quiet && files.count >= 20
        var written = 0, failed: [String] = [], notEnglish: [String] = []
        var events: [CodedEvent] = []
        do {
            for (n, path) in files.enumerated() {
                if progress && (n % 50 == 0 || n == files.count - 1) {
                    FileHandle.standardError.write(Data("\rextract: \(n + 1)/\(files.count) files, \(written) mentions".utf8))
                }
                let article: ArticleFile
                do { article = try ArticleFile(path: path, language: ArticleLanguage(name: language)) } catch {
                    failed.append(path)
                    FileHandle.standardError.write(Data("\(progress ? "\n" : "")eventmap: warning: \(error)\n".utf8))
                    continue
                }
                if let coder {
                    guard article.language == .english else {
                        notEnglish.append(path)
                        continue
                    }
                    events += coder.events(in: article, published: publishedDate)
                    continue
                }
                try extractor.mentions(in: article) { mention in
                    guard keptRoles.contains(mention.role) else { return }
                    try sink.write(mention.feature)
                    written += 1
                }
            }
            // Events: the same event from several articles becomes one.
            let merged = EventCoder.merge(events)
            for event in merged {
                try sink.write(event.feature)
                written += 1
            }
            if table { print(CodedEvent.table(merged)) }
            try sink.finish()
        } catch {
            sink.abort()
            throw CLIError(file: output, "\(error)")
        }
        if progress { FileHandle.standardError.write(Data("\n".utf8)) }
        if !quiet {
            let what = mentions ? "place mention" : "event"
            let read = files.count - failed.count
            Diagnostics.say("\(written) \(what)\(written == 1 ? "" : "s") in \(read) article\(read == 1 ? "" : "s")" + (output == "-" ? "" : " → \(output)"))
        }
        if !notEnglish.isEmpty {
            Diagnostics.say(
                "warning: \(notEnglish.count) article\(notEnglish.count == 1 ? " is" : "s are") not in English (first: \(notEnglish[0])): "
                    + "events are coded from English text only; 'eventmap extract --mentions' lists their places")
        }
        if !failed.isEmpty {
            throw CLIError("\(failed.count) file\(failed.count == 1 ? "" : "s") could not be read (named above); the others were extracted")
        }
    }
}
