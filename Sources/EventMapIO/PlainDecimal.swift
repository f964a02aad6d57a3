/// Decimals written plainly (an optional sign, digits, at most one point: coordinates, counts)
/// read without strtod: the digits as an integer divided by a power of ten, both exact doubles
/// when there are 15 digits or fewer, so the one IEEE division rounds exactly as strtod does. The
/// CSV scanner, the CSV reader and the JSON parser share it; anything else is left to strtod.
public enum PlainDecimal {
    /// The value of `bytes`, or nil when they are not a plain decimal of 1 to 15 digits (an
    /// exponent, a second point, letters, spaces, more digits, no digit at all).
    @inline(__always)
    public static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = 0
        let negative = i < count && base[i] == UInt8(ascii: "-")
        if negative || (i < count && base[i] == UInt8(ascii: "+")) { i += 1 }
        // The whole part, then the fraction after one point: two tight loops, no flag per byte.
        var mantissa: UInt64 = 0
        let wholeStart = i
        while i < count, case let d = base[i] &- 0x30, d < 10 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - wholeStart, decimals = 0
        if i < count, base[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < count, case let d = base[i] &- 0x30, d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            decimals = i - fractionStart
            digits += decimals
        }
        guard i == count, digits > 0, digits <= 15 else { return nil }
        let value = Double(mantissa) / powerOfTen(decimals)
        return negative ? -value : value
    }

    /// 10^n for n in 0...15, exact as doubles (a switch the compiler turns into a constant table).
    @inline(__always)
    private static func powerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }

    /// The value of a string's text (``value(_:)-(UnsafeBufferPointer<UInt8>)``).
    public static func value(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { value($0) }
    }
}
