/// Finds where bytes stop being valid UTF-8, so errors can point at the offending byte.
enum UTF8Check {
    /// The offset of the first byte that breaks UTF-8 (RFC 3629), or nil when all are valid.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? { firstInvalidOffset(in: bytes[...]) }

    /// The same for a slice; the offset is an index of the slice's base array.
    static func firstInvalidOffset(in bytes: ArraySlice<UInt8>) -> Int? {
        // ASCII, the common case, eight bytes at a time.
        let ascii = bytes.withUnsafeBytes { raw -> Bool in
            var i = 0
            let n = raw.count
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < n {
                if raw[i] >= 0x80 { return false }
                i += 1
            }
            return true
        }
        if ascii { return nil }
        var index = bytes.startIndex
        let count = bytes.endIndex
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                // Runs of ASCII between non-ASCII letters, eight bytes at a time.
                while count - index >= 8, bytes.withUnsafeBytes({ $0.loadUnaligned(fromByteOffset: index - bytes.startIndex, as: UInt64.self) }) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                }
                continue
            }
            let length: Int
            let minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= count else { return index }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }
}
