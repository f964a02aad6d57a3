import EventMapCore

/// Reads newline-delimited GeoJSON (one Feature or geometry per line) and RFC 8142 GeoJSON text
/// sequences (records starting with the RS character, U+001E), one record at a time.
public final class GeoJSONSeqSource: FeatureSource {
    public let layerName: String
    private let input: ChunkedInput
    private var record = 0

    public init(path: String, layerName: String? = nil) throws(IOError) {
        input = try ChunkedInput(path: path)
        self.layerName = layerName ?? FormatDetection.stem(of: path)
    }

    public var progress: (done: Int, total: Int)? { input.progress }

    public func next() throws(IOError) -> FeatureRecord? {
        while true {
            guard let (line, number) = try nextLine() else { return nil }
            var bytes = line[...]
            while let first = bytes.first, first == 0x1E || first == 0x20 || first == 0x09 || first == 0x0D { bytes = bytes.dropFirst() }
            if record == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            guard !bytes.isEmpty else { continue }
            record += 1
            let value: JSONValue
            do { value = try JSONParser.parse(Array(bytes)) } catch {
                if case let .malformedJSON(_, column, message) = error {
                    throw IOError.malformedJSON(line: number, column: column, message: message)
                }
                throw error
            }
            let raw = String(decoding: bytes, as: UTF8.self)
            do {
                if value["type"]?.stringValue == "Feature" {
                    return .feature(try GeoJSONReader.feature(value, path: "line \(number)"))
                }
                return .feature(Feature(geometry: try GeoJSONReader.geometry(value, path: "line \(number)")))
            } catch {
                return .rejected(Rejection(position: "line \(number)", reason: error.description, raw: raw))
            }
        }
    }

    /// The next line's bytes and number, or nil at the end.
    private func nextLine() throws(IOError) -> ([UInt8], Int)? {
        while true {
            if let newline = input.buffer[input.cursor...].firstIndex(of: 0x0A) {
                let number = input.cursorLine
                let line = Array(input.buffer[input.cursor..<newline])
                input.consume(to: newline + 1)
                return (line, number)
            }
            if try !input.fill() {
                guard input.cursor < input.buffer.count else { return nil }
                let number = input.cursorLine
                let line = Array(input.buffer[input.cursor...])
                input.consume(to: input.buffer.count)
                return (line, number)
            }
        }
    }
}

/// Writes newline-delimited GeoJSON: one Feature per line (RFC 8142 record separators with
/// `sequence: true`).
public final class GeoJSONSeqSink: FeatureSink {
    private let output: OutputFile
    private let encoder: GeoJSONWriter.Encoder
    private let separator: String

    public init(output: OutputFile, precision: Int = 7, sequence: Bool = false) {
        self.output = output
        encoder = GeoJSONWriter.Encoder(precision: precision)
        separator = sequence ? "\u{1E}" : ""
    }

    public func beginLayer(name: String) throws(IOError) {}
    public func write(_ feature: Feature) throws(IOError) {
        var out = JSONBytes()
        out.bytes.append(contentsOf: separator.utf8)
        encoder.append(feature, to: &out)
        out.byte(0x0A)
        try output.write(out.bytes)
    }
    public func finish() throws(IOError) { try output.commit() }
    public func abort() { output.abort() }
}
