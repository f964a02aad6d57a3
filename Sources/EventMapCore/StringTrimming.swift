import Foundation

extension String {
    /// The string without leading and trailing white space (as Foundation's
    /// `trimmingCharacters(in: .whitespaces)`), returned as it is without Foundation's work when
    /// its first and last characters are plain ASCII other than space and tab: the common case
    /// for the hundreds of thousands of fields a map or a filter reads.
    public func trimmingWhitespace() -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
