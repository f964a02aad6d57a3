import Foundation
import Testing

/// `eventmap query -` as the kernel of a Spark job: partitions in on stdin, records out on
/// stdout that concatenate, one in and zero or one out, in order.
@Suite("query as a streaming kernel")
struct StreamingCLITests {
    let acled = fixtures.appendingPathComponent("acled/acled-syria-export.csv").path

    /// The export split into two header-less partitions and piped through `query -` gives, once
    /// concatenated, the rows the whole file gives (its header aside), in the same order.
    @Test func csvPartitionsConcatenateToTheWholeAnswer() throws {
        let text = try String(contentsOfFile: acled, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        let header = lines[0], rows = Array(lines.dropFirst())
        let halves = [rows[..<7], rows[7...]].map { $0.joined(separator: "\n") + "\n" }
        var concatenated = ""
        for half in halves {
            let part = try eventmap(
                arguments: [
                    "query", "-", "--input-format", "csv", "--csv-header", header, "--within", "40km", "--of", "border:TR-SY",
                    "-f", "csv", "--no-header", "-o", "-", "-q",
                ], stdin: half)
            #expect(part.status == 0, "\(part.stderr)")
            #expect(!part.stdout.contains("event_id_cnty"), "no header row: \(part.stdout.prefix(200))")
            concatenated += part.stdout
        }
        let whole = try eventmap(
            arguments: [
                "query", "-", "--input-format", "csv", "--csv-header", header, "--within", "40km", "--of", "border:TR-SY", "-f", "csv", "--no-header",
                "-o", "-", "-q",
            ], stdin: rows.joined(separator: "\n") + "\n")
        #expect(concatenated == whole.stdout && !whole.stdout.isEmpty)
        // The same events as the file read whole (ids in order).
        let file = try eventmap("query", acled, "--within", "40km", "--of", "border:TR-SY", "-f", "csv", "-q")
        func ids(_ csv: String) -> [String] { csv.split(whereSeparator: \.isNewline).map { String($0.prefix { $0 != "," }) }.filter { $0.hasPrefix("SYR") } }
        #expect(ids(concatenated) == ids(file.stdout) && ids(file.stdout).count >= 5, "\(ids(concatenated)) vs \(ids(file.stdout))")
    }

    /// GeoJSON sequences in on stdin and out on stdout: one line per kept event, the same lines as
    /// the file gives.
    @Test func geojsonSequencesStream() throws {
        let lines = try eventmap("convert", acled, "-o", "-", "-f", "geojsonseq", "-q").stdout
        let piped = try eventmap(
            arguments: ["query", "-", "--input-format", "geojsonseq", "--within", "40km", "--of", "border:TR-SY", "-f", "geojsonseq", "-o", "-", "-q"], stdin: lines)
        let file = try eventmap("query", acled, "--within", "40km", "--of", "border:TR-SY", "-f", "geojsonseq", "-o", "-", "-q")
        #expect(piped.status == 0 && piped.stdout == file.stdout && !file.stdout.isEmpty, "\(piped.stderr)")
    }

    @Test func usageMistakes() throws {
        let noColumns = try eventmap("query", "-", "--input-format", "csv", "--no-header", "-f", "csv", "-o", "-")
        #expect(noColumns.status == 64 && noColumns.stderr.contains("--csv-header"), "\(noColumns.stderr)")
        let notCSV = try eventmap(arguments: ["query", "-", "--csv-header", "a,b", "-o", "-"], stdin: "{}")
        #expect(notCSV.status != 0 && notCSV.stderr.contains("--input-format csv"), "\(notCSV.stderr)")
        let geojsonNoHeader = try eventmap("query", "-", "--csv-header", "a,b", "--no-header", "-o", "-")
        #expect(geojsonNoHeader.status == 64 && geojsonNoHeader.stderr.contains("CSV output"), "\(geojsonNoHeader.stderr)")
    }
}
