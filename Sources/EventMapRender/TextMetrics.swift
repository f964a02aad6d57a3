/// Estimates how wide a line of text is drawn in DejaVu Sans (the first font the SVG asks for,
/// and the one Debian's renderers fall back to), from per-character advance widths in ems.
///
/// The estimate errs on the wide side, so labels placed apart by it stay apart in other
/// sans-serif fonts too.
enum TextMetrics {
    /// Width in pixels of `text` at `fontSize` pixels, plus `letterSpacing` per character.
    static func width(_ text: String, fontSize: Double, bold: Bool = false, letterSpacing: Double = 0) -> Double {
        var ems = 0.0
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            ems += advance(scalar)
        }
        return ems * fontSize * (bold ? 1.1 : 1.0) * 1.04 + Double(count) * letterSpacing
    }

    /// Advance widths of DejaVu Sans in ems, grouped and rounded up (checked against the font's
    /// advances with PIL: lower case averages 0.56, capitals 0.67, digits 0.64).
    private static func advance(_ s: Unicode.Scalar) -> Double {
        switch s {
        case " ": return 0.32
        case "i", "j", "l", "ı", "'", "‘", "’", "|", ".", ",", ":", ";", "!": return 0.29
        case "f", "t", "r", "I", "J", "(", ")", "-", "‐", "–": return 0.41
        case "m", "w", "M", "W", "—": return 0.98
        case "A"..."Z", "Ç", "Ş", "Ğ", "İ", "Ö", "Ü", "Â": return 0.72
        case "0"..."9": return 0.64
        case "a"..."z": return 0.61
        default:
            // Combining marks take no space; Arabic letters average about 0.65 em unjoined.
            if (0x0300...0x036F).contains(s.value) || (0x064B...0x065F).contains(s.value) { return 0 }
            if (0x0600...0x06FF).contains(s.value) { return 0.68 }
            return 0.66
        }
    }
}
