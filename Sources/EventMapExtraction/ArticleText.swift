import Foundation

/// One article as extraction sees it: its text as Unicode scalars (offsets count scalars, as
/// Swift's `String.unicodeScalars` does), where it came from, and which lines are page
/// boilerplate (navigation, sharing prompts, photo credits) that must never yield places.
public struct ArticleText: Sendable {
    /// The file or URL, as given.
    public let source: String
    /// The text: the file itself for plain text; for HTML, the text left once markup is removed
    /// (offsets then refer to this text).
    public let text: String
    /// The text's scalars, indexed by offset.
    let scalars: [Unicode.Scalar]
    /// The text as UTF-8, and where each scalar starts in it (one more entry than scalars):
    /// slices become strings by copying bytes, not by appending scalars one by one.
    let utf8: [UInt8]
    let utf8Offsets: [Int32]
    /// Scalar ranges of boilerplate lines, sorted.
    public let boilerplate: [Range<Int>]
    /// The language the text is read in: given, or detected from the text (``ArticleLanguage/detect(_:)``).
    public let language: ArticleLanguage

    /// An article from text in memory; `html` strips markup first; `language` nil detects it.
    public init(source: String, text: String, html: Bool = false, language: ArticleLanguage? = nil) {
        self.source = source
        let clean = html ? HTMLText.strip(text) : text
        self.text = clean
        self.language = language ?? ArticleLanguage.detect(clean)
        let utf8 = Array(clean.utf8)
        self.utf8 = utf8
        (scalars, utf8Offsets) = Self.decode(utf8)
        boilerplate = Boilerplate.lines(in: scalars)
    }

    /// The scalars of valid UTF-8 `bytes` and the byte offset where each starts (one more entry:
    /// the end), decoded in one pass into arrays sized for the worst case (a scalar a byte).
    static func decode(_ bytes: [UInt8]) -> (scalars: [Unicode.Scalar], offsets: [Int32]) {
        let n = bytes.count
        var count = 0
        let offsets = [Int32](unsafeUninitializedCapacity: n + 1) { offsets, offsetCount in
            bytes.withUnsafeBufferPointer { b in
                var i = 0
                while i < n {
                    offsets[count] = Int32(i)
                    count += 1
                    let lead = b[i]
                    i += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                }
            }
            offsets[count] = Int32(n)
            offsetCount = count + 1
        }
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: count) { scalars, scalarCount in
            bytes.withUnsafeBufferPointer { b in
                for k in 0..<count {
                    let i = Int(offsets[k])
                    let lead = UInt32(b[i])
                    let value: UInt32
                    if lead < 0x80 {
                        value = lead
                    } else if lead < 0xE0 {
                        value = (lead & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
                    } else if lead < 0xF0 {
                        value = (lead & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                    } else {
                        value = (lead & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F)
                    }
                    // Valid UTF-8 (a Swift string's bytes) decodes to valid scalars.
                    scalars.initializeElement(at: k, to: Unicode.Scalar(value) ?? "\u{FFFD}")
                }
            }
            scalarCount = count
        }
        return (scalars, offsets)
    }

    /// Reads a UTF-8 file; `.html`/`.htm` files (or files that start with markup) are stripped.
    /// - Throws: ``ExtractionError`` for a file that cannot be read, is empty or is not UTF-8.
    public static func load(path: String, language: ArticleLanguage? = nil) throws(ExtractionError) -> ArticleText {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, reason: "cannot read the file") }
        guard !data.isEmpty else { throw .unreadable(path: path, reason: "the file is empty") }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path, reason: "not UTF-8 text") }
        let lower = path.lowercased()
        let head = Array(text.utf8.prefix(512)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let html =
            lower.hasSuffix(".html") || lower.hasSuffix(".htm")
            || Boilerplate.contains(head, Array("<!doctype html".utf8)) || Boilerplate.contains(head, Array("<html".utf8))
        return ArticleText(source: path, text: text, html: html, language: language)
    }

    /// True when the scalar offset lies in a boilerplate line.
    func isBoilerplate(_ offset: Int) -> Bool {
        var low = 0, high = boilerplate.count
        while low < high {
            let mid = (low + high) >> 1
            if boilerplate[mid].upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low < boilerplate.count && boilerplate[low].contains(offset)
    }

    /// The text between two scalar offsets.
    func slice(_ start: Int, _ end: Int) -> String {
        String(decoding: utf8[Int(utf8Offsets[start])..<Int(utf8Offsets[end])], as: UTF8.self)
    }
}

/// Why an article could not be read.
public enum ExtractionError: Error, Sendable, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): \(reason)"
        }
    }
}

/// Finds the lines of a page that are not the article: navigation, prompts, credits, captions.
enum Boilerplate {
    /// Whole lines (case-insensitive, trimmed, final punctuation ignored) that are page furniture.
    static let exactLines: Set<String> = [
        "skip to main content", "skip to content", "skip to navigation", "advertisement", "advertisements", "share", "share this",
        "share this article", "share on facebook", "share on twitter", "tweet", "email", "print", "comments", "latest news", "latest",
        "most read", "most popular", "related", "related articles", "related news", "read more", "more stories", "page not found",
        "menu", "search", "home", "top stories", "trending", "subscribe", "sign in", "log in", "newsletter", "follow us", "close",
        "back to top", "continue reading", "watch", "video", "live", "photos", "sponsored", "sponsored content", "you may also like",
    ]
    /// Phrases that mark a line as a prompt, an error page or a credit wherever they appear.
    static let phrases: [String] = [
        "charitable donation", "donate now", "make a donation", "support our journalism", "mailing list", "sign up for", "subscribe to",
        "newsletter", "the content you requested", "does not exist or is not available", "page you requested", "cookie", "all rights reserved",
        "copyright ©", "© 20", "photo credit", "photo:", "photo |", "photograph:", "image:", "getty images", "file photo", "(photo",
        "click here", "javascript", "terms of use", "privacy policy",
    ]
    static let phraseBytes: [[UInt8]] = phrases.map { Array($0.utf8) }

    /// Byte substring search (the lines are short; no Foundation string machinery).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// News agencies, for credit lines such as "(FRANCE 24 with AP and REUTERS)".
    static let agencies = ["afp", "ap", "reuters", "anadolu", "dpa", "xinhua", "ians", "ani", "pti"]

    /// The scalar ranges of boilerplate lines.
    static func lines(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for (i, s) in scalars.enumerated() where s == "\n" {
            lines.append(start..<i)
            start = i + 1
        }
        if start < scalars.count { lines.append(start..<scalars.count) }
        func text(_ r: Range<Int>) -> String {
            var low = r.lowerBound, high = r.upperBound
            func blank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\u{00A0}" || (c.value >= 0x80 && c.properties.isWhitespace) }
            while low < high && blank(scalars[low]) { low += 1 }
            while high > low && blank(scalars[high - 1]) { high -= 1 }
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[low..<high])
            return String(v)
        }
        // Only short lines can be furniture: longer ones are not even turned into strings.
        func short(_ r: Range<Int>) -> Bool {
            var spaces = 0
            for i in r where scalars[i] == " " {
                spaces += 1
                if spaces > 25 { return false }
            }
            return true
        }
        let texts = lines.map { short($0) ? text($0) : "" }
        var repeats: [String: Int] = [:]
        for t in texts where !t.isEmpty { repeats[t, default: 0] += 1 }
        var result: [Range<Int>] = []
        for (range, line) in zip(lines, texts) where !line.isEmpty {
            if isBoilerplate(line, repeated: repeats[line, default: 0] > 1) { result.append(range) }
        }
        return result
    }

    static func isBoilerplate(_ line: String, repeated: Bool) -> Bool {
        // Prompts, credits and navigation are short: a paragraph of the story that happens to
        // say "newsletter" or "cookie" is never dropped.
        var wordCount = 1
        for byte in line.utf8 where byte == 0x20 {
            wordCount += 1
            if wordCount > 25 { return false }
        }
        let lower = line.lowercased()
        var bare = lower
        while let last = bare.last, ".:!|»›>-–—".contains(last) || last == " " { bare.removeLast() }
        if exactLines.contains(bare) { return true }
        let bytes = Array(lower.utf8)
        if phraseBytes.contains(where: { Boilerplate.contains(bytes, $0) }) { return true }
        let words = lower.split(whereSeparator: { $0 == " " || $0 == "\t" })
        // A credit line: "(FRANCE 24 with AP and REUTERS)", "AFP photo | ...".
        if lower.hasPrefix("(") && lower.hasSuffix(")") && words.count <= 10
            && words.contains(where: { w in agencies.contains(w.trimmingCharacters(in: .punctuationCharacters)) })
        {
            return true
        }
        if words.first.map({ agencies.contains(String($0)) }) == true && words.dropFirst().first == "photo" { return true }
        // The same short line twice (a caption under a photo and in a gallery, a site name in a
        // header and a footer) is page furniture, not the story.
        if repeated && words.count <= 14 && !(lower.hasSuffix(".") && words.count > 6) { return true }
        return false
    }
}

/// Removes HTML markup: scripts, styles and page chrome (nav, header, footer, aside, form)
/// with their content; block elements become line breaks; entities are decoded.
enum HTMLText {
    static let dropped: Set<String> = ["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "iframe", "figcaption"]
    static let blocks: Set<String> = ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "blockquote", "ul", "ol", "table", "title"]

    static func strip(_ html: String) -> String {
        var out = String.UnicodeScalarView()
        let s = Array(html.unicodeScalars)
        var i = 0
        var skipping: String?
        while i < s.count {
            if s[i] == "<" {
                var j = i + 1
                while j < s.count && s[j] != ">" { j += 1 }
                var tag = String(String.UnicodeScalarView(s[(i + 1)..<min(j, s.count)])).lowercased()
                if tag.hasPrefix("!--") {
                    // A comment may hold '>': skip to '-->'.
                    var k = i + 4
                    while k + 2 < s.count && !(s[k] == "-" && s[k + 1] == "-" && s[k + 2] == ">") { k += 1 }
                    i = k + 3
                    continue
                }
                let closing = tag.hasPrefix("/")
                if closing { tag.removeFirst() }
                let name = String(tag.prefix { $0.isLetter || $0.isNumber })
                if let open = skipping {
                    if closing && name == open { skipping = nil }
                } else if !closing && dropped.contains(name) && !tag.hasSuffix("/") {
                    skipping = name
                } else if blocks.contains(name) {
                    out.append("\n")
                }
                i = j + 1
                continue
            }
            if skipping == nil {
                if s[i] == "&", let (decoded, length) = entity(s, i) {
                    out.append(contentsOf: decoded.unicodeScalars)
                    i += length
                    continue
                }
                out.append(s[i])
            }
            i += 1
        }
        return String(out)
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "ndash": "–", "mdash": "—", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "hellip": "…",
    ]

    static func entity(_ s: [Unicode.Scalar], _ i: Int) -> (String, Int)? {
        var j = i + 1
        while j < s.count && j - i <= 10 && s[j] != ";" { j += 1 }
        guard j < s.count, s[j] == ";" else { return nil }
        let body = String(String.UnicodeScalarView(s[(i + 1)..<j]))
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (String(Character(scalar)), j - i + 1)
        }
        guard let text = named[body] else { return nil }
        return (text, j - i + 1)
    }
}
