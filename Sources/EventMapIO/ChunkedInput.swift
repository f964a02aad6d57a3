import Foundation

/// Reads a file (or stdin) in chunks, keeping a window of unconsumed bytes and counting lines,
/// so that readers can report positions and use bounded memory.
final class ChunkedInput {
    let path: String
    private let handle: FileHandle
    private let reader: ByteReader
    private(set) var buffer: [UInt8] = []
    /// Index in `buffer` of the first unconsumed byte.
    var cursor = 0
    /// Bytes discarded before `buffer[0]`.
    private(set) var discarded = 0
    /// Newlines in the discarded bytes.
    private(set) var discardedLines = 0
    private(set) var atEnd = false
    /// False for readers that report byte offsets and never ask for line numbers: they skip
    /// the counting pass (`cursorLine` then stays 1 and `line(at:)` counts from the window's start only).
    let countsLines: Bool
    static let chunkSize = 1 << 20

    /// The largest record a reader may hold, bytes: `EVENTMAP_MAX_RECORD_MB` megabytes (default
    /// 128). A file with no record boundary (an endless line, `/dev/zero`) then fails cleanly
    /// instead of growing memory without end.
    static let maximumRecordBytes: Int = {
        if let text = ProcessInfo.processInfo.environment["EVENTMAP_MAX_RECORD_MB"], let mb = Int(text), mb > 0 { return mb << 20 }
        return 128 << 20
    }()

    init(path: String, countsLines: Bool = true) throws(IOError) {
        self.path = path
        self.countsLines = countsLines
        handle = try Self.open(path)
        reader = try ByteReader(handle: handle, path: path)
    }

    /// Opens `path` for reading (`-` is stdin), with a reason a user can act on when it cannot be.
    static func open(_ path: String) throws(IOError) -> FileHandle {
        if path == "-" { return FileHandle.standardInput }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path, reason: "permission denied") }
        return handle
    }

    deinit { if path != "-" { try? handle.close() } }

    /// Reads one more chunk; false at the end of the input.
    @discardableResult
    func fill() throws(IOError) -> Bool {
        guard !atEnd else { return false }
        // Drop what was consumed before growing the window.
        if cursor > 0 && cursor >= buffer.count / 2 {
            if countsLines { discardedLines += Self.newlines(in: buffer, 0..<cursor) }
            discarded += cursor
            buffer.removeSubrange(..<cursor)
            cursor = 0
        }
        if buffer.count - cursor > ChunkedInput.maximumRecordBytes {
            throw .unreadable(
                path: path,
                reason:
                    "a record of more than \(ChunkedInput.maximumRecordBytes >> 20) MB without an end near byte \(discarded + cursor) (is it the right format? EVENTMAP_MAX_RECORD_MB raises the limit)"
            )
        }
        let chunk = try reader.next(ChunkedInput.chunkSize)
        if chunk.isEmpty {
            atEnd = true
            return false
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    /// The 1-based line number at the cursor, kept up to date by ``consume(to:)``.
    private(set) var cursorLine = 1

    /// Moves the cursor to `end`, counting the lines passed (linear in the bytes consumed).
    func consume(to end: Int) {
        if countsLines { cursorLine += Self.newlines(in: buffer, cursor..<end) }
        cursor = end
    }

    /// Moves the cursor to `end`, past `lines` line feeds the caller has counted.
    func consume(to end: Int, lines: Int) {
        if countsLines { cursorLine += lines }
        cursor = end
    }

    /// The 1-based line number of buffer index `index` (counts from the window's start: for errors).
    func line(at index: Int) -> Int {
        discardedLines + 1 + Self.newlines(in: buffer, 0..<min(index, buffer.count))
    }

    /// How many line feeds `bytes[range]` holds, eight bytes at a time: in x = word ^ 0x0A…,
    /// ((x & 0x7F…) + 0x7F…) | x sets the high bit of every byte that is not zero, and of no
    /// other (no carry crosses a byte), so the high bits left clear count the line feeds exactly.
    static func newlines(in bytes: [UInt8], _ range: Range<Int>) -> Int {
        bytes.withUnsafeBufferPointer { newlines(in: $0, range) }
    }

    static func newlines(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let feeds = ByteScan.repeated(0x0A)
        var lines = 0
        var i = range.lowerBound
        while range.upperBound - i >= 8 {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ feeds
            lines += (~(((x & lows) &+ lows) | x | lows)).nonzeroBitCount
            i += 8
        }
        while i < range.upperBound {
            if base[i] == 0x0A { lines += 1 }
            i += 1
        }
        return lines
    }

    /// The file's size in bytes when it is a regular file (nil for stdin and pipes).
    private(set) lazy var size: Int? = {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? Int, size > 0
        else { return nil }
        return size
    }()

    /// Bytes read from the file so far and its size, for progress.
    var progress: (done: Int, total: Int)? { size.map { (reader.packedBytesRead, $0) } }

    /// The byte offset in the file of buffer index `index`.
    func offset(at index: Int) -> Int { discarded + index }
}
