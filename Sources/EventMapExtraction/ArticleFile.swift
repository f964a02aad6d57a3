import Foundation

/// An article file read in parts, so that a very long file (a corpus dump saved as one "article",
/// a 20 MB transcript) is extracted in linear time and bounded memory: each part is at most
/// `partBytes` of UTF-8 text, cut at a paragraph break where there is one, and is tokenised,
/// matched and released before the next is made. A news article (tens of kilobytes) is one part,
/// so nothing changes for it; article-wide signals (the dateline, the article's main town) are
/// taken per part beyond the first megabyte, except the date, which the first part sets.
///
/// A long file's bytes are memory-mapped (clean, file-backed pages); every file is checked as UTF-8
/// once, and HTML is stripped as a whole before it is cut.
public struct ArticleFile: Sendable {
    /// The most UTF-8 bytes in one part.
    public static let partBytes = 1_000_000

    /// Bytes from the start that language detection reads (a cut character at the end is harmless).
    static let languageSampleBytes = 65_536

    /// The file, as given.
    public let path: String
    /// The text extraction reads: the file itself, or for HTML the text left once markup is removed.
    private let text: Data
    /// The whole text as a string when it is one part (a news article): decoded once, by the
    /// UTF-8 check, and handed to extraction as it is.
    private let whole: String?
    /// The language of the whole file: given, or detected from its first part; every part is read in it.
    public let language: ArticleLanguage

    /// One part: its text as an article, and where it starts in the whole text.
    public struct Part: Sendable {
        public let article: ArticleText
        /// The part's first scalar, as an offset in Unicode scalars into the whole text.
        public let scalarOffset: Int
    }

    /// The bytes of a short file, read to its end (it may have grown since `expected` bytes
    /// were seen); nil when it cannot be opened or read (a folder, no permission).
    static func readSmall(_ path: String, expected: Int) -> Data? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var data = Data(count: max(expected, 0) + 1)
        var filled = 0
        while true {
            if filled == data.count { data.count *= 2 }
            let got = data.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { return nil }
            if got == 0 { break }
            filled += got
        }
        data.count = filled
        return data
    }

    /// Opens a UTF-8 text or HTML file (`.html`/`.htm`, or text that starts with markup).
    /// - Throws: ``ExtractionError`` for a file that cannot be read, is empty or is not UTF-8.
    public init(path: String, language: ArticleLanguage? = nil) throws(ExtractionError) {
        self.path = path
        let data: Data
        // A long file is mapped (clean, file-backed pages); an article is read: mapping a few
        // kilobytes costs more than reading them.
        var status = stat()
        let long = stat(path, &status) == 0 && Int(status.st_size) > Self.partBytes
        if long {
            do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
                throw .unreadable(path: path, reason: "cannot read the file")
            }
        } else {
            // (Read straight into the buffer: a URL costs more than reading a few kilobytes.)
            guard let read = Self.readSmall(path, expected: Int(status.st_size)) else {
                throw .unreadable(path: path, reason: "cannot read the file")
            }
            data = read
        }
        guard !data.isEmpty else { throw .unreadable(path: path, reason: "the file is empty") }
        // A file of one part is checked by decoding it (the string is kept); a longer one is
        // checked byte by byte, without a copy of the whole.
        let decoded: String?
        if data.count <= Self.partBytes {
            decoded = data.withUnsafeBytes { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }
            if decoded == nil {
                let offset = ArticleFile.firstInvalidUTF8(data) ?? 0
                throw .unreadable(path: path, reason: "not UTF-8 text (invalid byte at offset \(offset)); convert it with iconv first")
            }
        } else {
            decoded = nil
            if let offset = ArticleFile.firstInvalidUTF8(data) {
                throw .unreadable(path: path, reason: "not UTF-8 text (invalid byte at offset \(offset)); convert it with iconv first")
            }
        }
        let head = Array(data.prefix(512)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let lower = path.lowercased()
        let html =
            lower.hasSuffix(".html") || lower.hasSuffix(".htm")
            || Boilerplate.contains(head, Array("<!doctype html".utf8)) || Boilerplate.contains(head, Array("<html".utf8))
        if html {
            let stripped = HTMLText.strip(decoded ?? String(decoding: data, as: UTF8.self))
            self.text = Data(stripped.utf8)
            self.whole = stripped.utf8.count <= Self.partBytes ? stripped : nil
        } else {
            self.text = data
            self.whole = decoded
        }
        let text = self.text
        self.language =
            language
            ?? text.withUnsafeBytes { raw in
                ArticleLanguage.detect(utf8: UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self).prefix(ArticleFile.languageSampleBytes)))
            }
    }

    /// The parts in text order, made one at a time.
    public var parts: some Sequence<Part> {
        let text = self.text, path = self.path, language = self.language, whole = self.whole
        return AnySequence { () -> AnyIterator<Part> in
            // Each pass over the parts starts at the beginning.
            var start = 0, scalars = 0
            return AnyIterator { () -> Part? in
                guard start < text.count else { return nil }
                if let whole {
                    start = text.count
                    return Part(article: ArticleText(source: path, text: whole, language: language), scalarOffset: 0)
                }
                let end = ArticleFile.cut(text, from: start)
                let piece = String(decoding: text[text.startIndex + start..<text.startIndex + end], as: UTF8.self)
                let part = Part(article: ArticleText(source: path, text: piece, language: language), scalarOffset: scalars)
                scalars += piece.unicodeScalars.count
                start = end
                return part
            }
        }
    }

    /// Where the part that starts at byte `start` ends: the whole rest when it fits, else after
    /// the last paragraph break (blank line) in the second half of the window, else after the last
    /// line break, sentence end or space there, else at the last character boundary.
    static func cut(_ text: Data, from start: Int) -> Int {
        let count = text.count
        guard count - start > partBytes else { return count }
        let end = start + partBytes, floor = start + partBytes / 2
        return text.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
            let bytes = raw.bindMemory(to: UInt8.self)
            func lastBreak(_ matches: (Int) -> Bool) -> Int? {
                var i = end - 1
                while i > floor { if matches(i) { return i + 1 }; i -= 1 }
                return nil
            }
            let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
            if let at = lastBreak({ bytes[$0] == newline && bytes[$0 - 1] == newline }) { return at }
            if let at = lastBreak({ bytes[$0] == newline }) { return at }
            if let at = lastBreak({ bytes[$0] == space && bytes[$0 - 1] == UInt8(ascii: ".") }) { return at }
            if let at = lastBreak({ bytes[$0] == space }) { return at }
            var i = end
            while i > start + 1 && bytes[i] & 0xC0 == 0x80 { i -= 1 }  // not inside a multi-byte character
            return i
        }
    }

    /// The offset of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidUTF8(_ data: Data) -> Int? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
            var iterator = raw.bindMemory(to: UInt8.self).makeIterator()
            var decoder = UTF8()
            var offset = 0
            while true {
                switch decoder.decode(&iterator) {
                case let .scalarValue(scalar): offset += UTF8.width(scalar)
                case .emptyInput: return nil
                case .error: return offset
                }
            }
        }
    }

    /// The article files `paths` name: files as given, folders walked (``files(in:)``).
    /// - Throws: ``ExtractionError`` naming a path that does not exist.
    public static func files(for paths: [String]) throws(ExtractionError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .unreadable(path: path, reason: "no such file or folder") }
            files += isDirectory.boolValue ? Self.files(in: path) : [path]
        }
        return files
    }

    /// Article files under `folder`, sorted: text and HTML files and files without an extension,
    /// not hidden ones nor READMEs. Walks the tree with readdir (Foundation's enumerator cost
    /// more than reading the articles of a folder of thousands).
    public static func files(in folder: String) -> [String] {
        var found: [String] = []
        var pending = [folder]
        while let directory = pending.popLast() {
            guard let stream = opendir(directory) else { continue }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name.hasPrefix(".") { continue }
                let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) || entry.pointee.d_type == UInt8(DT_LNK) {
                    var info = stat()
                    guard stat(path, &info) == 0 else { continue }
                    isDirectory = info.st_mode & S_IFMT == S_IFDIR
                    // Linked folders are not followed (a link to a parent would never end); linked files are read.
                    if isDirectory && entry.pointee.d_type == UInt8(DT_LNK) { continue }
                }
                if isDirectory { pending.append(path); continue }
                let lower = name.lowercased()
                guard lower.hasSuffix(".txt") || lower.hasSuffix(".html") || lower.hasSuffix(".htm") || !lower.contains(".") else { continue }
                if name == "README" || lower == "readme.md" { continue }
                found.append(path)
            }
        }
        return found.sorted()
    }
}
