import EventMapCore
import EventMapExtraction
import EventMapGazetteer
import EventMapIO
import Foundation

/// libFuzzer's entry point: one input, read by the reader `EVENTMAP_FUZZ_FORMAT` names
/// (geojson, geojsonseq, csv, kml, gpkg, gdelt, article), must end in features, rejections or
/// an IOError, never in a crash, a hang or unbounded memory. Built by `make fuzz` with
/// `-sanitize=fuzzer,address`; not part of the normal build's products.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    FuzzTarget.shared.run(bytes)
    return 0
}

final class FuzzTarget: @unchecked Sendable {
    static let shared = FuzzTarget()
    let format: String
    let path: String

    init() {
        format = ProcessInfo.processInfo.environment["EVENTMAP_FUZZ_FORMAT"] ?? "geojson"
        let ending =
            [
                "geojson": "geojson", "geojsonseq": "geojsonl", "csv": "csv", "kml": "kml", "gpkg": "gpkg",
                "gdelt": "export.CSV", "article": "txt",
            ][format] ?? "geojson"
        let folder = NSTemporaryDirectory() + "eventmap-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/input." + ending
    }

    /// The vector scanner behind the CSV pass-through on the same bytes, whole and cut at every
    /// quarter: records and fields must lie in order inside the bytes (a violation stops the run,
    /// which libFuzzer reports as a crash).
    static func scanRecords(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            for limit in [buffer.count, buffer.count / 4, buffer.count / 2, 3 * buffer.count / 4] {
                let part = UnsafeBufferPointer(rebasing: buffer[..<limit])
                var last = 0
                CSVRecordScanner.forEachRecord(in: part, fieldLimit: 5) { record, fields in
                    precondition(record.lowerBound >= last && record.upperBound <= part.count, "record out of order or bounds")
                    var previous = record.lowerBound
                    for field in fields {
                        precondition(field.lowerBound >= previous && field.upperBound <= record.upperBound, "field out of its record")
                        previous = field.upperBound
                    }
                    last = record.upperBound
                    if let lat = fields.first { _ = CSVRecordScanner.number(part, lat) }
                }
                _ = CSVRecordScanner.lastRecordEnd(part, before: part.count)
            }
        }
    }

    /// The shipped gazetteer and curated tables, loaded once.
    static let extractor: MentionExtractor? = {
        let path = Gazetteer.defaultPath()
        guard let gazetteer = try? Gazetteer(contentsOf: path) else { return nil }
        return try? MentionExtractor(gazetteer: gazetteer, gazetteerPath: path)
    }()

    func run(_ bytes: [UInt8]) {
        // Written with open(2)/write(2): Foundation's createFile renames a temporary file each time.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return }
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        if format == "article" {
            // Article text or HTML, through cleaning, recognition and resolution in context.
            guard let text = String(validating: bytes, as: UTF8.self), let extractor = FuzzTarget.extractor else { return }
            _ = extractor.mentions(in: ArticleText(source: "fuzz", text: text, html: text.hasPrefix("<")))
            return
        }
        if format == "csv" { FuzzTarget.scanRecords(bytes) }
        do {
            for source in try Formats.open(path) {
                _ = try source.readAll()
                _ = source.notes
            }
        } catch {
            _ = "\(error)"
        }
    }
}

#if !EVENTMAP_FUZZ
    /// In an ordinary build (no libFuzzer to supply `main`), the program only says how to fuzz.
    @main
    enum FuzzUsage {
        static func main() {
            FileHandle.standardError.write(Data("eventmap-fuzz: built without libFuzzer; run 'make fuzz' (or 'make fuzz-smoke')\n".utf8))
            exit(64)
        }
    }
#endif

#if EVENTMAP_FUZZ
    /// libFuzzer's driver, for programs that have a `main` of their own.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's `main` to `eventmap_fuzz_main`: here it hands over to libFuzzer.
    @_cdecl("eventmap_fuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
            guard let data else { return 0 }
            return fuzzOneInput(data, size)
        }
    }
#endif
