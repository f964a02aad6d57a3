import EventMapCore

/// Streams the features of a GeoJSON file: a FeatureCollection is read one feature at a time,
/// so a file of a million events needs only a window of it in memory. A single Feature or a bare
/// geometry is read as one feature.
public final class GeoJSONSource: FeatureSource {
    public let layerName: String
    private let input: ChunkedInput
    private enum State { case start, members, features, afterFeatures, done }
    private var state = State.start
    private var featureIndex = 0
    /// Top-level members other than `features`, for a lone Feature or geometry.
    private var members: [(String, JSONValue)] = []

    /// Opens `path` (`-` for stdin).
    public init(path: String, layerName: String? = nil) throws(IOError) {
        input = try ChunkedInput(path: path)
        self.layerName = layerName ?? FormatDetection.stem(of: path)
    }

    public var progress: (done: Int, total: Int)? { input.progress }

    public func next() throws(IOError) -> FeatureRecord? {
        while true {
            switch state {
            case .start:
                try skipWhitespace(allowBOM: true)
                guard let byte = try peek() else { throw .empty }
                if byte >= 0x80, let offset = UTF8Check.firstInvalidOffset(in: Array(input.buffer.prefix(4096))) {
                    throw .notUTF8(byteOffset: offset)
                }
                guard byte == UInt8(ascii: "{") else { throw malformed("expected a JSON object at the top level", at: input.cursor) }
                input.cursor += 1
                state = .members
            case .members, .afterFeatures:
                try skipWhitespace()
                guard let byte = try peek() else { throw malformed("unexpected end of file (is it truncated?)", at: input.cursor) }
                if byte == UInt8(ascii: ",") { input.cursor += 1; continue }
                if byte == UInt8(ascii: "}") {
                    input.cursor += 1
                    state = .done
                    // A collection ends here; what follows it is checked in .done.
                    if let record = try loneFeature() { return record }
                    continue
                }
                let key = try readKey()
                if key == "features" {
                    try skipWhitespace()
                    guard try peek() == UInt8(ascii: "[") else { throw malformed("'features' must be an array", at: input.cursor) }
                    input.cursor += 1
                    state = .features
                } else {
                    members.append((key, try readValue()))
                }
            case .features:
                try skipWhitespace()
                guard let byte = try peek() else { throw malformed("unexpected end of file inside 'features' (is it truncated?)", at: input.cursor) }
                if byte == UInt8(ascii: ",") { input.cursor += 1; continue }
                if byte == UInt8(ascii: "]") { input.cursor += 1; state = .afterFeatures; continue }
                try skipWhitespace()
                var start = input.cursor
                let before = input.offset(at: start)
                let value = try readValue()
                start = before - input.offset(at: 0)  // the window may have moved while reading
                defer { featureIndex += 1 }
                do {
                    return .feature(try GeoJSONReader.feature(value, path: "features[\(featureIndex)]"))
                } catch {
                    let raw = String(decoding: input.buffer[start..<input.cursor], as: UTF8.self)
                    return .rejected(
                        Rejection(
                            position: "feature \(featureIndex + 1) (line \(input.line(at: start)))",
                            reason: error.description, raw: raw))
                }
            case .done:
                try skipWhitespace()
                if try peek() != nil { throw malformed("unexpected text after the GeoJSON object", at: input.cursor) }
                return nil
            }
        }
    }

    /// After the top-level object closes: a Feature or a geometry becomes one feature.
    private func loneFeature() throws(IOError) -> FeatureRecord? {
        let object = JSONValue.object(members)
        switch object["type"]?.stringValue {
        case "FeatureCollection"?: return nil
        case "Feature"?:
            do { return .feature(try GeoJSONReader.feature(object, path: "the feature")) } catch {
                return .rejected(Rejection(position: "the feature", reason: error.description, raw: JSONText.value(object)))
            }
        case nil:
            throw IOError.invalidGeoJSON(path: "the top level", message: "missing 'type' member")
        case let type?:
            do { return .feature(Feature(geometry: try GeoJSONReader.geometry(object, path: type))) } catch {
                return .rejected(Rejection(position: "the geometry", reason: error.description, raw: JSONText.value(object)))
            }
        }
    }

    // MARK: Scanning

    private func peek() throws(IOError) -> UInt8? {
        while input.cursor >= input.buffer.count {
            guard try input.fill() else { return nil }
        }
        return input.buffer[input.cursor]
    }

    private func skipWhitespace(allowBOM: Bool = false) throws(IOError) {
        if allowBOM {
            while input.buffer.count < 3, try input.fill() {}
            if input.buffer.starts(with: [0xEF, 0xBB, 0xBF]) { input.cursor = 3 }
        }
        while let byte = try peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { input.cursor += 1 }
    }

    private func readKey() throws(IOError) -> String {
        guard case let .string(key) = try readValue() else { throw malformed("expected a member name in double quotes", at: input.cursor) }
        try skipWhitespace()
        guard try peek() == UInt8(ascii: ":") else { throw malformed("expected ':' after \"\(key)\"", at: input.cursor) }
        input.cursor += 1
        return key
    }

    /// Parses the JSON value that starts at the cursor, reading more input until it is whole.
    /// (Reading more may move the window; the value always starts at the cursor.)
    private func readValue() throws(IOError) -> JSONValue {
        try skipWhitespace()
        while true {
            let start = input.cursor
            var end = valueEnd(from: start)
            if end == nil, try !input.fill() {
                end = valueEnd(from: input.cursor, atEnd: true)
                guard end != nil else {
                    throw malformed("unexpected end of file inside a value (is it truncated?)", at: input.buffer.count)
                }
            }
            guard let end else { continue }
            let begin = input.cursor
            let bytes = Array(input.buffer[begin..<end])
            input.cursor = end
            do { return try JSONParser.parse(bytes) } catch { throw relocate(error, start: begin) }
        }
    }

    /// The index just past the value starting at `start`, or nil if the window ends first.
    private func valueEnd(from start: Int, atEnd: Bool = false) -> Int? {
        let bytes = input.buffer
        guard start < bytes.count else { return nil }
        var i = start
        switch bytes[i] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var inString = false
            while i < bytes.count {
                if inString {
                    // Long strings (notes, sources) are skipped eight bytes at a time.
                    i = Self.nextQuoteOrEscape(bytes, from: i)
                    guard i < bytes.count else { break }
                    if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                    inString = false
                    i += 1
                    continue
                }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    inString = true
                } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                    depth += 1
                } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
            return nil
        case UInt8(ascii: "\""):
            i += 1
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                if bytes[i] == UInt8(ascii: "\"") { return i + 1 }
                i += 1
            }
            return nil
        default:
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                    return i
                }
                i += 1
            }
            return atEnd ? bytes.count : nil
        }
    }

    /// The index of the first `"` or `\\` in `bytes[start...]`, or `bytes.count`, eight bytes at
    /// a time (``ByteScan``).
    static func nextQuoteOrEscape(_ bytes: [UInt8], from start: Int) -> Int {
        let quotes = ByteScan.repeated(UInt8(ascii: "\"")), escapes = ByteScan.repeated(UInt8(ascii: "\\"))
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return start }
            return ByteScan.first(
                base, from: start, to: buffer.count, marks: { ByteScan.equal($0, quotes) | ByteScan.equal($0, escapes) },
                matches: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
        }
    }

    private func malformed(_ message: String, at index: Int) -> IOError {
        .malformedJSON(line: input.line(at: index), column: column(at: index), message: message)
    }

    private func column(at index: Int) -> Int {
        var i = min(index, input.buffer.count)
        var column = 1
        while i > 0 && input.buffer[i - 1] != 0x0A { i -= 1; column += 1 }
        return column
    }

    /// Moves a parse error inside a value to its place in the file.
    private func relocate(_ error: IOError, start: Int) -> IOError {
        guard case let .malformedJSON(line, column, message) = error else { return error }
        let baseLine = input.line(at: start)
        return .malformedJSON(line: baseLine + line - 1, column: line == 1 ? self.column(at: start) + column - 1 : column, message: message)
    }
}
