/// Classes for a choropleth: values cut into ranges by quantiles or by Jenks's natural breaks,
/// each range drawn in one colour of a sequential ramp (QGIS's graduated renderer, `render
/// --choropleth`).
public struct ClassBreaks: Sendable, Hashable {
    /// How the ranges are chosen.
    public enum Method: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Each class holds (about) the same number of areas.
        case quantile
        /// Jenks's natural breaks (Fisher's exact optimisation): the ranges that minimise the sum
        /// of squared deviations from each class's mean, so that similar values share a class.
        case jenks

        public var description: String { rawValue }
        /// As a legend states it.
        public var label: String { self == .jenks ? "Jenks natural breaks" : "quantiles" }
    }

    public let method: Method
    /// The smallest value, where the first class starts.
    public let minimum: Double
    /// The upper bound of each class, ascending; the last is the largest value. Fewer than asked
    /// when the values have fewer distinct levels than classes.
    public let upperBounds: [Double]

    /// Classes for `values` (non-finite ones are ignored).
    /// - Parameter classes: how many classes to make (at least 1); fewer come out when the
    ///   values have fewer distinct levels.
    public init(values: [Double], classes: Int, method: Method) {
        self.method = method
        let sorted = values.filter(\.isFinite).sorted()
        minimum = sorted.first ?? 0
        guard let largest = sorted.last else {
            upperBounds = []
            return
        }
        let wanted = max(1, classes)
        var bounds: [Double]
        switch method {
        case .quantile:
            bounds = (1...wanted).map { index in sorted[max(0, Int((Double(index * sorted.count) / Double(wanted)).rounded(.up)) - 1)] }
        case .jenks:
            bounds = ClassBreaks.naturalBreaks(sorted, classes: wanted)
        }
        bounds.append(largest)
        // Ties collapse classes: no empty or repeated range.
        var unique: [Double] = []
        for bound in bounds where unique.last.map({ bound > $0 }) ?? true { unique.append(bound) }
        upperBounds = unique
    }

    /// The ranges, lowest first: each is (lower, upper], the first [minimum, upper].
    public var ranges: [(lower: Double, upper: Double)] {
        upperBounds.enumerated().map { index, upper in (index == 0 ? minimum : upperBounds[index - 1], upper) }
    }

    /// The class of `value`: the first whose upper bound is at least it (values beyond the
    /// largest go in the last class); nil without classes or for a non-finite value.
    public func classIndex(of value: Double) -> Int? {
        guard !upperBounds.isEmpty, value.isFinite else { return nil }
        return upperBounds.firstIndex { value <= $0 } ?? upperBounds.count - 1
    }

    /// Fisher's exact method on sorted values: the upper bounds of the first `classes - 1`
    /// classes (the last class ends at the largest value). O(classes × n²) time, O(classes × n)
    /// memory: instant for the few thousand areas of a layer of districts.
    static func naturalBreaks(_ sorted: [Double], classes: Int) -> [Double] {
        let n = sorted.count
        let k = min(classes, n)
        guard k > 1 else { return [] }
        // Prefix sums give any run's sum of squared deviations in constant time.
        var sum = [0.0], squares = [0.0]
        for value in sorted {
            sum.append(sum.last! + value)
            squares.append(squares.last! + value * value)
        }
        func cost(_ from: Int, _ to: Int) -> Double {  // values from..<to
            let count = Double(to - from), total = sum[to] - sum[from]
            return (squares[to] - squares[from]) - total * total / count
        }
        // best[c][i]: the least cost of the first i values in c + 1 classes; start[c][i]: where
        // the last of those classes starts.
        var best = [[Double]](repeating: [Double](repeating: .infinity, count: n + 1), count: k)
        var start = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: k)
        for i in 1...n { best[0][i] = cost(0, i) }
        for c in 1..<k {
            for i in (c + 1)...n {
                for j in c..<i where best[c - 1][j] + cost(j, i) < best[c][i] {
                    best[c][i] = best[c - 1][j] + cost(j, i)
                    start[c][i] = j
                }
            }
        }
        var bounds: [Double] = []
        var end = n
        for c in stride(from: k - 1, through: 1, by: -1) {
            let first = start[c][end]
            bounds.append(sorted[first - 1])
            end = first
        }
        return bounds.reversed()
    }
}

/// A sequential colour ramp for classed maps: pale yellow to dark red-brown through orange,
/// lightness falling evenly so that the order reads in grey and to colour-blind eyes. Drawn for
/// EventMap by interpolating in sRGB between five anchor colours chosen by hand.
public enum SequentialRamp {
    /// Anchor colours, palest first (0xRRGGBB).
    static let anchors: [UInt32] = [0xFFF3C4, 0xFDC46A, 0xF08A3B, 0xC4462A, 0x6E1F1A]

    /// `count` colours (0xRRGGBB), palest first, spread evenly along the ramp.
    public static func colors(_ count: Int) -> [UInt32] {
        guard count > 1 else { return count == 1 ? [anchors[2]] : [] }
        return (0..<count).map { index in
            let position = Double(index) / Double(count - 1) * Double(anchors.count - 1)
            let low = min(Int(position), anchors.count - 2), t = position - Double(low)
            func channel(_ color: UInt32, _ shift: UInt32) -> Double { Double((color >> shift) & 0xFF) }
            var rgb: UInt32 = 0
            for shift: UInt32 in [16, 8, 0] {
                let value = channel(anchors[low], shift) * (1 - t) + channel(anchors[low + 1], shift) * t
                rgb |= UInt32(value.rounded()) << shift
            }
            return rgb
        }
    }
}

/// A graduated style: one field of polygons, classed, each class a colour.
public struct GraduatedStyle: Sendable, Hashable {
    /// The numeric property classed (`events`, `events_per_1000_km2`).
    public var field: String
    public var breaks: ClassBreaks
    /// One colour per class (0xRRGGBB), palest first.
    public var colors: [UInt32]

    public init(field: String, breaks: ClassBreaks) {
        self.field = field
        self.breaks = breaks
        colors = SequentialRamp.colors(breaks.upperBounds.count)
    }

    /// A legend's text for class `index`: `0–3`, `4–12` for whole numbers, `0.5–1.2` otherwise.
    public func label(_ index: Int) -> String {
        let range = breaks.ranges[index]
        let whole = breaks.ranges.allSatisfy { $0.lower == $0.lower.rounded() && $0.upper == $0.upper.rounded() }
        func text(_ value: Double) -> String {
            if whole { return String(Int(value)) }
            let magnitude = abs(value)
            let places = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2
            let scale = [1.0, 10, 100][places]
            var scaled = (value * scale).rounded() / scale
            if scaled == 0 { scaled = 0 }  // no "-0.0"
            return places == 0 ? String(Int(scaled)) : String(scaled)
        }
        // Whole numbers: the class above (a, b] holds a+1 ... b.
        let lower = whole && index > 0 ? range.lower + 1 : range.lower
        return lower == range.upper ? text(range.upper) : "\(text(lower))–\(text(range.upper))"
    }
}
