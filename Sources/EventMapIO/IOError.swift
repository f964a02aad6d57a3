import EventMapCore

/// Problems reading or writing files, each with a message that names what to fix.
public enum IOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read. The message leaves the path to the caller.
    case unreadable(path: String, reason: String)
    /// The output file could not be created, written or moved into place. The message leaves the path to the caller.
    case unwritable(path: String, reason: String)
    /// The file holds no bytes (or only white space).
    case empty
    /// The bytes are not valid UTF-8.
    case notUTF8(byteOffset: Int)
    /// The text is not valid JSON.
    case malformedJSON(line: Int, column: Int, message: String)
    /// XML (KML) that is not well formed, or that ends before its elements close.
    case malformedXML(line: Int, column: Int, message: String)
    /// CSV that cannot be read on: no coordinate columns, text that is not UTF-8, a record left open.
    case malformedCSV(line: Int, message: String)
    /// Valid JSON that is not valid GeoJSON; `path` locates the member, such as `features[3].geometry`.
    case invalidGeoJSON(path: String, message: String)

    public var description: String {
        switch self {
        case let .unreadable(_, reason): "cannot read: \(reason)"
        case let .unwritable(_, reason): "cannot write: \(reason)"
        case .empty: "the file is empty"
        case let .notUTF8(offset): "not UTF-8 text (invalid byte at offset \(offset)); convert it with iconv first"
        case let .malformedJSON(line, column, message): "malformed JSON at line \(line), column \(column): \(message)"
        case let .malformedXML(line, column, message): "malformed KML at line \(line), column \(column): \(message)"
        case let .malformedCSV(line, message): "CSV line \(line): \(message)"
        case let .invalidGeoJSON(path, message): "invalid GeoJSON at \(path): \(message)"
        }
    }
}
