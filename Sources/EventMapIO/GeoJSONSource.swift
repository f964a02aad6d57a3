import EventMapCore
import Foundation

/// Streams the features of a GeoJSON file: a FeatureCollection is read a window at a time, so a
/// file of a million events needs only a window of it in memory. The features whose text lies
/// whole in the window are found by one scan (depth outside strings) and parsed on every core,
/// then handed out in the file's order. A single Feature or a bare geometry is read as one feature.
public final class GeoJSONSource: FeatureSource {
    public let layerName: String
    private let input: ChunkedInput
    private enum State { case start, members, features, afterFeatures, done }
    private var state = State.start
    private var featureIndex = 0
    /// Top-level members other than `features`, for a lone Feature or geometry.
    private var members: [(String, JSONValue)] = []
    /// Features parsed ahead and not yet handed out, in the file's order; `nextParsed` indexes them.
    private var parsed: [ParsedFeature] = []
    private var nextParsed = 0
    /// Most features parsed together: enough to share among cores, few enough to keep memory flat.
    static let batchLimit = 4096
    /// Fewer features than this are parsed on the reading thread alone (not worth the hand-over).
    static let parallelMinimum = 64

    /// Opens `path` (`-` for stdin).
    public init(path: String, layerName: String? = nil) throws(IOError) {
        input = try ChunkedInput(path: path)
        self.layerName = layerName ?? FormatDetection.stem(of: path)
    }

    public var progress: (done: Int, total: Int)? { input.progress }

    public func next() throws(IOError) -> FeatureRecord? {
        if nextParsed < parsed.count {
            defer { nextParsed += 1 }
            switch parsed[nextParsed] {
            case let .record(record): return record
            case let .failure(error): throw error
            }
        }
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
                try parseBatch()
                if let record = try next() { return record }
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

    // MARK: Features parsed on every core

    /// One feature of a batch: its record, or the error that stops the reading there.
    private enum ParsedFeature {
        case record(FeatureRecord)
        case failure(IOError)
    }

    /// What a worker made of one feature's text (positions are added on the reading thread).
    private enum WorkerResult {
        case feature(Feature)
        case invalid(IOError)
        case malformed(IOError)
    }

    /// Reads the feature at the cursor (more input if it is not whole) and the ones after it
    /// that lie whole in the window, parses them (on every core when there are enough) and
    /// queues them in order. The window does not move between the first feature's end and the
    /// parsing, so every range stays valid.
    private func parseBatch() throws(IOError) {
        let first = try readRawValue()
        var ranges = [first]
        let bytes = input.buffer
        var i = input.cursor
        scanning: while ranges.count < Self.batchLimit {
            while i < bytes.count {
                let b = bytes[i]
                guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == UInt8(ascii: ",") else { break }
                i += 1
            }
            guard i < bytes.count, bytes[i] != UInt8(ascii: "]"), let end = valueEnd(from: i) else { break scanning }
            ranges.append(i..<end)
            i = end
            input.cursor = end
        }
        // Whitespace and commas passed after the last feature are read again by the state machine.
        let results = Self.parse(ranges, of: bytes, firstIndex: featureIndex)
        parsed.removeAll(keepingCapacity: true)
        nextParsed = 0
        // Lines of rejected features, counted on from the last one (the ranges are in order).
        var counted = (index: 0, line: input.line(at: 0))
        func line(at index: Int) -> Int {
            counted = (index, counted.line + ChunkedInput.newlines(in: bytes, counted.index..<index))
            return counted.line
        }
        for (range, result) in zip(ranges, results) {
            defer { featureIndex += 1 }
            switch result {
            case let .feature(feature): parsed.append(.record(.feature(feature)))
            case let .invalid(error):
                parsed.append(
                    .record(
                        .rejected(
                            Rejection(
                                position: "feature \(featureIndex + 1) (line \(line(at: range.lowerBound)))",
                                reason: error.description, raw: String(decoding: bytes[range], as: UTF8.self)))))
            case let .malformed(error):
                parsed.append(.failure(relocate(error, start: range.lowerBound)))
                return
            }
        }
    }

    /// Parses the features at `ranges` of `bytes`, on every core when there are enough.
    private static func parse(_ ranges: [Range<Int>], of bytes: [UInt8], firstIndex: Int) -> [WorkerResult] {
        func one(_ k: Int) -> WorkerResult {
            let value: JSONValue
            do { value = try JSONParser.parse(bytes, in: ranges[k]) } catch { return .malformed(error) }
            do { return .feature(try GeoJSONReader.feature(value, path: "features[\(firstIndex + k)]")) } catch { return .invalid(error) }
        }
        let pieces = Concurrently.pieces(for: ranges.count, minimum: parallelMinimum)
        return Concurrently.map(pieces) { piece in
            ((ranges.count * piece / pieces)..<(ranges.count * (piece + 1) / pieces)).map(one)
        }.flatMap { $0 }
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
    private func readValue() throws(IOError) -> JSONValue {
        let range = try readRawValue()
        do { return try JSONParser.parse(input.buffer, in: range) } catch { throw relocate(error, start: range.lowerBound) }
    }

    /// Finds the end of the value at the cursor, reading more input until it is whole, and moves
    /// the cursor past it; its range in the window as the window is afterwards.
    private func readRawValue() throws(IOError) -> Range<Int> {
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
            input.cursor = end
            return begin..<end
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
