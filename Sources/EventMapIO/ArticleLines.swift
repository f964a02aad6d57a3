import EventMapCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One article of a JSON-lines file: `{"id": "...", "published": "2019-10-09", "text": "..."}`.
public struct ArticleRecord: Sendable {
    /// The article's id as given (a number is written as text): every mention and event names
    /// it as its source, and events' stable keys are made from it.
    public var id: String
    /// The publication date as given (`published`, else `date`), nil when absent.
    public var published: String?
    public var text: String
    /// The line it came from (1 is the first).
    public var line: Int
}

/// A line that is not an article, with why and the line as read.
public struct BadArticleLine: Error, Sendable {
    public var line: Int
    public var reason: String
    public var raw: String

    public init(line: Int, reason: String, raw: String) {
        self.line = line
        self.reason = reason
        self.raw = raw
    }
}

/// Reads articles as JSON lines, one object per line, from a file or stdin (`-`): the input a
/// streaming `eventmap extract -` reads from a Spark partition. Lines are read one at a time,
/// so memory holds one article. An object needs `id` (text or a number) and `text` (text);
/// `published` (or `date`) is kept as given; other members are ignored. Empty lines are skipped.
public final class ArticleLines {
    private let file: UnsafeMutablePointer<FILE>
    private var line = 0
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    /// Opens `path` (`-`: standard input).
    /// - Throws: ``IOError`` when the file cannot be opened.
    public init(path: String) throws(IOError) {
        if path == "-" {
            // (A stream of its own on descriptor 0: the C library's `stdin` is shared mutable state to Swift.)
            guard let opened = fdopen(dup(0), "r") else { throw .unreadable(path: "<stdin>", reason: String(cString: strerror(errno))) }
            file = opened
        } else {
            guard let opened = fopen(path, "r") else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            file = opened
        }
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// The next article or bad line; nil at the end of the input.
    public func next() -> Result<ArticleRecord, BadArticleLine>? {
        while true {
            let length = getline(&buffer, &capacity, file)
            guard length >= 0, let buffer else { return nil }
            line += 1
            var bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: length))
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return Self.article(bytes, line: line)
        }
    }

    /// Reads one line's object.
    static func article(_ bytes: [UInt8], line: Int) -> Result<ArticleRecord, BadArticleLine> {
        // (The line as text only for a bad one: a good one's text comes from the parser.)
        func bad(_ reason: String) -> Result<ArticleRecord, BadArticleLine> {
            .failure(BadArticleLine(line: line, reason: reason, raw: String(decoding: bytes, as: UTF8.self)))
        }
        if let offset = UTF8Check.firstInvalidOffset(in: bytes) { return bad("not UTF-8 (byte \(offset + 1))") }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { return bad("not JSON: \(error)") }
        guard case .object = value else { return bad("not a JSON object") }
        let id: String
        switch value["id"] {
        case let .string(s)? where !s.isEmpty: id = s
        case let .integer(i)?: id = String(i)
        case let .number(n)? where n == n.rounded() && abs(n) < 1e15: id = String(Int64(n))
        case nil, .null?: return bad("no 'id'")
        default: return bad("'id' is neither text nor a whole number")
        }
        guard let text = value["text"]?.stringValue else { return bad(value["text"] == nil ? "no 'text'" : "'text' is not text") }
        var published: String?
        for key in ["published", "date"] {
            guard let member = value[key], member != .null else { continue }
            guard let s = member.stringValue else { return bad("'\(key)' is not text") }
            published = s
            break
        }
        return .success(ArticleRecord(id: id, published: published, text: text, line: line))
    }
}
