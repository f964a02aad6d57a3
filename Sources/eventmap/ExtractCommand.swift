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
            troops", resolved to the country), a score, the reason, and unlisted (true for a village \
            the gazetteer lacks that the text calls a settlement and puts in or near a known place: \
            "the village of Kafr Sajna in southern Idlib countryside" is placed at Idlib, and the \
            point stands for Idlib). --roles keeps only the roles named. GeoJSON points by default; any output format of convert by extension or -f.
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
            JSON lines of articles ('-' for stdin, .jsonl/.ndjson files, or --input-format jsonl): one \
            object per line with "id", "text" and optionally "published" (YYYY-MM-DD); the id is \
            each record's source. A line that is not such an object stops the run naming its line, \
            or with --skip-invalid is counted (and written to --rejects). Events are merged first \
            within each article, then across articles (by first source and offset, whatever the \
            input order); --no-merge writes each article's events as soon as it is read, memory \
            flat, for 'eventmap merge' to join across the partitions of a job.

            Examples: eventmap extract seeds/ --mentions -o mentions.geojson
                      eventmap extract seeds/ --published 2017-10-08 -o events.geojson
                      eventmap extract haberler/ --mentions --language tr -o yerler.csv
                      eventmap extract - --no-merge -f geojsonseq -o - < articles.jsonl
            """)

    @Argument(help: ArgumentHelp("Article files or folders; '-' or .jsonl files: JSON lines of articles.", valueName: "path"))
    var paths: [String] = []

    @Option(name: .long, help: ArgumentHelp("The input's form when its name does not say: text (files and folders of articles) or jsonl.", valueName: "format"))
    var inputFormat: String?

    @Flag(name: .long, help: "Write each article's events as it is read (merged within the article only), for 'eventmap merge' to join later.")
    var noMerge = false

    @OptionGroup var policy: InputPolicyOptions

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

    /// Whether the articles come as JSON lines.
    var readsJSONLines: Bool {
        if let inputFormat { return inputFormat.lowercased() == "jsonl" || inputFormat.lowercased() == "ndjson" }
        return paths.contains { path in path == "-" || [".jsonl", ".ndjson"].contains { path.lowercased().hasSuffix($0) } }
    }

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one article file or folder ('-' reads JSON lines of articles from stdin)") }
        if let inputFormat, !["text", "jsonl", "ndjson"].contains(inputFormat.lowercased()) {
            throw ValidationError("--input-format '\(inputFormat)' is not a form of articles: use text or jsonl")
        }
        if paths.contains("-") && paths.count > 1 { throw ValidationError("'-' (stdin) is the only input when it is given") }
        if inputFormat == nil, readsJSONLines, let text = paths.first(where: { path in path != "-" && ![".jsonl", ".ndjson"].contains { path.lowercased().hasSuffix($0) } }) {
            throw ValidationError("'\(text)' is not JSON lines like the other inputs: extract articles as text and as JSON lines in separate runs (or name the form with --input-format)")
        }
        if paths.contains("-") && inputFormat?.lowercased() == "text" { throw ValidationError("'-' reads JSON lines of articles: drop --input-format text") }
        if noMerge && mentions { throw ValidationError("--no-merge applies to events: drop it with --mentions") }
        if noMerge && table { throw ValidationError("--table shows merged events: drop it with --no-merge") }
        try policy.validate(output: output, inputs: paths)
        if policy.skipInvalid && !readsJSONLines {
            throw ValidationError("--skip-invalid applies to JSON lines of articles (a text file that cannot be read is already reported and skipped)")
        }
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
    var publishedDate: DateComponents? { published.flatMap(Self.day) }

    /// A date as a day: `2019-10-09`, or the day of a timestamp (`2019-10-09T14:00:00Z`); nil for anything else.
    static func day(_ text: String) -> DateComponents? {
        var text = Substring(text.trimmingWhitespace())
        if text.count > 10, let t = text.firstIndex(where: { $0 == "T" || $0 == " " }), text.distance(from: text.startIndex, to: t) == 10 {
            text = text[..<t]
        }
        guard let date = EventDate(parsing: String(text)), let day = date.day else { return nil }
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
        let jsonLines = readsJSONLines
        let files: [String]
        if jsonLines {
            files = paths
        } else {
            do { files = try ArticleFile.files(for: paths) } catch { throw CLIError("\(error)") }
        }
        let sink: FeatureSink
        do {
            sink = try Formats.create(
                output, format: outputFormat!, overwrite: writing.overwrite, inputs: files.filter { $0 != "-" }, name: mentions ? "mentions" : "events",
                targetCRS: writing.targetCRS)
            try sink.beginLayer(name: mentions ? "mentions" : "events")
        } catch { throw CLIError(file: output, error) }
        var rejectsFile: OutputFile?
        if let rejects = policy.rejects {
            do { rejectsFile = try OutputFile(path: rejects, overwrite: writing.overwrite, inputs: files) } catch {
                sink.abort()
                throw CLIError(file: rejects, error)
            }
        }

        let keptRoles = (try? MentionRole.roles(named: roles)) ?? Set(MentionRole.allCases)  // checked in validate()
        let chosenLanguage = ArticleLanguage(name: language)
        let progress = !quiet && !jsonLines && files.count >= 20
        var written = 0, articles = 0, failed: [String] = [], notEnglish: [String] = []
        /// Mentions of villages the gazetteer lacks, placed at a larger place, and the first of them.
        var unlisted = 0, firstUnlisted: PlaceMention?
        func count(_ mention: PlaceMention) {
            written += 1
            guard mention.unlisted else { return }
            unlisted += 1
            if firstUnlisted == nil { firstUnlisted = mention }
        }
        var rejected = 0, firstRejected: BadArticleLine?
        var pending: [Event] = []
        /// One article's events: merged within the article, then written or kept for the merge across articles.
        func take(_ coded: [CodedEvent]) throws {
            // Read back as a file holds them, so that merging here and in 'eventmap merge' see the same values.
            let events = EventMerge.merge(coded).map { Event(feature: $0.feature) }
            if noMerge {
                for event in events { try sink.write(event.feature) }
                written += events.count
            } else {
                pending += events
            }
        }
        do {
            if jsonLines {
                for path in files {
                    let lines: ArticleLines
                    do { lines = try ArticleLines(path: path) } catch { throw CLIError(file: path, error) }
                    /// A line that is no article: stops the run, or is counted and written to --rejects.
                    func reject(_ bad: BadArticleLine) throws {
                        rejected += 1
                        if firstRejected == nil { firstRejected = bad }
                        guard policy.skipInvalid else {
                            throw CLIError(file: path, "line \(bad.line): \(bad.reason) (add --skip-invalid to leave such lines out)")
                        }
                        try rejectsFile?.write(
                            JSONText.object([
                                ("input", .string(path)), ("position", .string("line \(bad.line)")), ("reason", .string(bad.reason)),
                                ("record", .string(bad.raw)),
                            ]) + "\n")
                    }
                    while let result = lines.next() {
                        let record: ArticleRecord
                        switch result {
                        case let .success(r): record = r
                        case let .failure(bad):
                            try reject(bad)
                            continue
                        }
                        // The record's own date, else --published.
                        var articleDate = publishedDate
                        if let published = record.published {
                            guard let day = Self.day(published) else {
                                try reject(BadArticleLine(line: record.line, reason: "'published' \(published) is not a date YYYY-MM-DD", raw: record.id))
                                continue
                            }
                            articleDate = day
                        }
                        let article = ArticleText(source: record.id, text: record.text, language: chosenLanguage)
                        articles += 1
                        if let coder {
                            guard article.language == .english else {
                                notEnglish.append(record.id)
                                continue
                            }
                            try take(coder.events(in: article, published: articleDate))
                            continue
                        }
                        for mention in extractor.mentions(in: article) where keptRoles.contains(mention.role) {
                            try sink.write(mention.feature)
                            count(mention)
                        }
                    }
                }
            } else {
                for (n, path) in files.enumerated() {
                    if progress && (n % 50 == 0 || n == files.count - 1) {
                        FileHandle.standardError.write(Data("\rextract: \(n + 1)/\(files.count) files, \(written) mentions".utf8))
                    }
                    let article: ArticleFile
                    do { article = try ArticleFile(path: path, language: chosenLanguage) } catch {
                        failed.append(path)
                        FileHandle.standardError.write(Data("\(progress ? "\n" : "")eventmap: warning: \(error)\n".utf8))
                        continue
                    }
                    articles += 1
                    if let coder {
                        guard article.language == .english else {
                            notEnglish.append(path)
                            continue
                        }
                        try take(coder.events(in: article, published: publishedDate))
                        continue
                    }
                    try extractor.mentions(in: article) { mention in
                        guard keptRoles.contains(mention.role) else { return }
                        try sink.write(mention.feature)
                        count(mention)
                    }
                }
            }
            // Events: the same event from several articles becomes one, merged in an order of
            // their own (first source, offset), whatever order the articles came in.
            if !noMerge {
                let merged = EventMerge.merge(EventMerge.canonicalOrder(pending))
                for event in merged { try sink.write(event.feature) }
                written += merged.count
                if table { print(Event.table(merged)) }
            }
            try sink.finish()
            try rejectsFile?.commit()
        } catch {
            sink.abort()
            rejectsFile?.abort()
            if let error = error as? CLIError { throw error }
            throw CLIError(file: output, "\(error)")
        }
        if progress { FileHandle.standardError.write(Data("\n".utf8)) }
        if !quiet {
            let what = mentions ? "place mention" : "event"
            Diagnostics.say("\(written) \(what)\(written == 1 ? "" : "s") in \(articles) article\(articles == 1 ? "" : "s")" + (output == "-" ? "" : " → \(output)"))
        }
        // (A count, not a warning: --quiet leaves it out with the line above.)
        if !quiet, let firstUnlisted, let place = firstUnlisted.place {
            Diagnostics.say(
                "\(unlisted) of them \(unlisted == 1 ? "is a place" : "are places") the gazetteer lacks, placed at the larger place the text "
                    + "puts \(unlisted == 1 ? "it" : "them") in (unlisted: true; first: '\(firstUnlisted.text)' at \(place.name), \(firstUnlisted.source))")
        }
        if let firstRejected {
            Diagnostics.say(
                "\(rejected) line\(rejected == 1 ? " was" : "s were") not an article and left out (first: line \(firstRejected.line): \(firstRejected.reason))"
                    + (policy.rejects.map { "; written to \($0)" } ?? ""))
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
