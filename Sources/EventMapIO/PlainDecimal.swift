/// Decimals written plainly (an optional sign, digits, at most one point: coordinates, counts)
/// read without strtod: the digits as an integer divided by a power of ten, both exact doubles
/// when there are 15 digits or fewer, so the one IEEE division rounds exactly as strtod does. The
/// CSV scanner, the CSV reader and the JSON parser share it; anything else is left to strtod.
public enum PlainDecimal {
    /// The value of `bytes`, or nil when they are not a plain decimal of 1 to 15 digits (an
    /// exponent, a second point, letters, spaces, more digits, no digit at all).
    @inline(__always)
    public static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let negative = i < bytes.count && bytes[i] == UInt8(ascii: "-")
        if negative || (i < bytes.count && bytes[i] == UInt8(ascii: "+")) { i += 1 }
        var mantissa: UInt64 = 0, digits = 0, decimals = 0, point = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") && !point {
                point = true
            } else if case let d = b &- 0x30, d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                if point { decimals += 1 }
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, digits <= 15 else { return nil }
        let value = Double(mantissa) / powersOfTen[decimals]
        return negative ? -value : value
    }

    /// The value of a string's text (``value(_:)-(UnsafeBufferPointer<UInt8>)``).
    public static func value(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { value($0) }
    }

    private static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
}
