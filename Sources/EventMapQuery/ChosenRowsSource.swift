import EventMapCore
import EventMapIO

/// The rows a ``CSVPassThrough`` chose (``CSVPassThrough/run(streamingTo:)``), read back as the
/// features the feature path would have made of them: the same columns and types, ACLED's dates
/// read the same way, notes that name each row by its place in the original file, the layer
/// named after the original file, and `distance_km` last, where the query puts it.
public final class ChosenRowsSource: FeatureSource {
    /// The two leading columns that say where a chosen row was: its chunk and its row in the chunk.
    public static let chunkColumn = "__eventmap_chunk", rowColumn = "__eventmap_row"

    private let base: CSVSource
    /// Rows of the file before each chunk.
    private let rowsBefore: [Int]
    private var counter = InputNoteCounter()
    public let layerName: String

    /// - Parameters:
    ///   - path: the chosen rows, as the pass-through wrote them.
    ///   - file: the CSV file they were chosen from (for the layer's name).
    ///   - rowsPerChunk: ``CSVPassThrough/Counts/rowsPerChunk`` of that run.
    public init(path: String, chosenFrom file: String, rowsPerChunk: [Int]) throws(IOError) {
        layerName = FormatDetection.stem(of: file)
        base = try CSVSource(path: path, layerName: layerName, separator: UInt8(ascii: ","))
        var before: [Int] = []
        var total = 0
        for rows in rowsPerChunk {
            before.append(total)
            total += rows
        }
        rowsBefore = before
    }

    public var notes: [InputNote] { base.notes + counter.notes }
    public var progress: (done: Int, total: Int)? { base.progress }

    public func next() throws(IOError) -> FeatureRecord? {
        guard let record = try base.next() else { return nil }
        guard case var .feature(feature) = record else { return record }
        let chunk = feature.properties[Self.chunkColumn]?.stringValue.flatMap { Int($0) }
        let row = feature.properties[Self.rowColumn]?.stringValue.flatMap { Int($0) }
        guard let chunk, let row, rowsBefore.indices.contains(chunk) else {
            throw .unreadable(path: layerName, reason: "a chosen row without its place in the file (an internal error)")
        }
        feature.properties[Self.chunkColumn] = nil
        feature.properties[Self.rowColumn] = nil
        EventFieldSource.normalise(&feature, position: rowsBefore[chunk] + row, notes: &counter)
        // The query adds the distance after everything the reader adds.
        if let distance = feature.properties["distance_km"] {
            feature.properties["distance_km"] = nil
            feature.properties["distance_km"] = distance
        }
        return .feature(feature)
    }
}
