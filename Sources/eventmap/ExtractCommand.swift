import ArgumentParser
import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import EventMapIO
import Foundation

/// `eventmap extract PATH... --mentions -o FILE`.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the places articles name and resolve them in context (--mentions).",
        discussion: """
            PATH is a text file (UTF-8), an HTML file (markup, scripts and page chrome removed) or a \
            folder of them (read recursively, in name order). With --mentions every place mention \
            becomes one record: the text as written, start/end offsets in Unicode scalars \
            (String.unicodeScalars), the source file, the resolved place (name, GeoNames id, kind, \
            country, first-level division, longitude, latitude), its role (place; metonym as in \
            "Ankara said"; reporting location as in "told AFP in Beirut"), a score and the reason. \
            GeoJSON points by default; any output format of convert by extension or -f.
            Boilerplate lines (navigation, sharing and donation prompts, photo credits, error pages) \
            never yield places; names of groups, operations and media (Gazetteer/curated/not-places.tsv) \
            are not places.
            A file that cannot be read is reported on stderr and the others go on; the command then \
            exits 1. Coding events from the mentions (the default mode) comes with event coding.
            Example: eventmap extract seeds/ --mentions -o mentions.geojson
            """)

    @Argument(help: ArgumentHelp("Article files or folders.", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .long, help: "Write one record per place mention.")
    var mentions = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file ('-' for stdout, the default).", valueName: "file"))
    var output: String = "-"

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format, when the extension does not say.", valueName: "format"))
    var format: VectorFormat?

    @Flag(name: .long, help: "Replace an existing output file.")
    var overwrite = false

    @Flag(name: .shortAndLong, help: "No progress or summary on stderr.")
    var quiet = false

    @OptionGroup var gazetteerOption: GazetteerOption

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one article file or folder") }
        guard mentions else { throw ValidationError("event coding is not available yet: add --mentions for place mentions") }
        if outputFormat == nil { throw ValidationError("cannot tell the output format from '\(output)'; add -f FORMAT") }
        if outputFormat == .gdelt { throw ValidationError("GDELT files are input only") }
    }

    var outputFormat: VectorFormat? { format ?? (output == "-" ? .geojson : FormatDetection.format(of: output)) }

    func run() throws {
        let gazetteer = try gazetteerOption.load()
        let gazetteerPath = gazetteerOption.gazetteer ?? Gazetteer.defaultPath()
        let lexicon: Lexicon
        do { lexicon = try Lexicon(curatedDirectory: Lexicon.defaultDirectory(gazetteerPath: gazetteerPath)) } catch { throw CLIError("\(error)") }
        let extractor = MentionExtractor(gazetteer: gazetteer, lexicon: lexicon)

        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CLIError(file: path, "cannot read: no such file or folder") }
            files += isDirectory.boolValue ? articleFiles(in: path) : [path]
        }
        let file: OutputFile
        let sink: FeatureSink
        do {
            file = try OutputFile(path: output, overwrite: overwrite, inputs: files)
            sink = try Formats.sink(file, format: outputFormat!, name: "mentions")
            try sink.beginLayer(name: "mentions")
        } catch { throw CLIError(file: output, error) }

        let progress = !quiet && files.count >= 20
        var written = 0, failed: [String] = []
        do {
            for (n, path) in files.enumerated() {
                if progress && (n % 50 == 0 || n == files.count - 1) {
                    FileHandle.standardError.write(Data("\rextract: \(n + 1)/\(files.count) files, \(written) mentions".utf8))
                }
                let article: ArticleText
                do { article = try ArticleText.load(path: path) } catch {
                    failed.append(path)
                    FileHandle.standardError.write(Data("\(progress ? "\n" : "")eventmap: warning: \(error)\n".utf8))
                    continue
                }
                for mention in extractor.mentions(in: article) {
                    try sink.write(mention.feature)
                    written += 1
                }
            }
            try sink.finish()
        } catch {
            sink.abort()
            throw CLIError(file: output, "\(error)")
        }
        if progress { FileHandle.standardError.write(Data("\n".utf8)) }
        if !quiet {
            let summary = "eventmap: \(written) place mention\(written == 1 ? "" : "s") in \(files.count - failed.count) article\(files.count - failed.count == 1 ? "" : "s")"
                + (output == "-" ? "" : " → \(output)")
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }
        if !failed.isEmpty {
            throw CLIError("\(failed.count) file\(failed.count == 1 ? "" : "s") could not be read (named above); the others were extracted")
        }
    }

    /// Text and HTML files under a folder, in name order; hidden files are skipped.
    private func articleFiles(in folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            let lower = name.lowercased()
            guard lower.hasSuffix(".txt") || lower.hasSuffix(".html") || lower.hasSuffix(".htm") || !lower.contains(".") else { continue }
            if name == "README" || lower == "readme.md" { continue }
            let path = (folder as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { found.append(path) }
        }
        return found.sorted()
    }
}
