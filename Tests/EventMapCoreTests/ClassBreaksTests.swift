import EventMapCore
import Testing

@Suite("Class breaks for choropleths")
struct ClassBreaksTests {
    /// The sum of squared deviations from each class's mean, for classes cut at `bounds`.
    func cost(_ sorted: [Double], _ bounds: [Double]) -> Double {
        var total = 0.0, lower = -Double.infinity
        for upper in bounds {
            let members = sorted.filter { $0 > lower && $0 <= upper }
            let mean = members.reduce(0, +) / Double(max(1, members.count))
            total += members.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            lower = upper
        }
        return total
    }

    /// Jenks's breaks are the optimum: no way of cutting the values into the same number of
    /// classes has a smaller within-class sum of squares (every cut tried, on seeded samples).
    @Test func jenksIsTheBestCut() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<40 {
            let sorted = (0..<9).map { _ in Double(Int.random(in: 0...60, using: &rng)) }.sorted()
            let breaks = ClassBreaks(values: sorted.shuffled(using: &rng), classes: 3, method: .jenks)
            let distinct = Array(Set(sorted)).sorted()
            guard distinct.count >= 3 else { continue }
            var best = Double.infinity
            for i in 0..<(distinct.count - 2) {
                for j in (i + 1)..<(distinct.count - 1) { best = min(best, cost(sorted, [distinct[i], distinct[j], distinct.last!])) }
            }
            #expect(abs(cost(sorted, breaks.upperBounds) - best) < 1e-9, "\(sorted): \(breaks.upperBounds)")
            #expect(breaks.upperBounds.count == 3 && breaks.upperBounds.last == sorted.last)
        }
    }

    @Test func naturalGroupsAreFound() {
        let breaks = ClassBreaks(values: [1, 2, 3, 10, 11, 12, 30, 31], classes: 3, method: .jenks)
        #expect(breaks.upperBounds == [3, 12, 31] && breaks.minimum == 1)
        #expect(breaks.classIndex(of: 3) == 0 && breaks.classIndex(of: 4) == 1 && breaks.classIndex(of: 99) == 2)
    }

    /// Quantiles put the same number of values in each class; ties collapse classes instead of
    /// making empty ones.
    @Test func quantilesAndTies() {
        let breaks = ClassBreaks(values: (1...10).map(Double.init), classes: 5, method: .quantile)
        #expect(breaks.upperBounds == [2, 4, 6, 8, 10])
        let tied = ClassBreaks(values: [0, 0, 0, 0, 0, 0, 1, 5], classes: 4, method: .quantile)
        // Positions 2, 4, 6 and 8 of 8 hold 0, 0, 0 and 5: two classes, not four.
        #expect(tied.upperBounds == [0, 5], "\(tied.upperBounds)")
        let style = GraduatedStyle(field: "events", breaks: tied)
        #expect((0..<2).map(style.label) == ["0", "1–5"] && style.colors.count == 2)
    }

    /// The ramp runs from pale to dark: each colour is darker (lower luma) than the one before.
    @Test func rampDarkensSteadily() {
        for count in 2...9 {
            let luma = SequentialRamp.colors(count).map { c in 0.299 * Double(c >> 16 & 0xFF) + 0.587 * Double(c >> 8 & 0xFF) + 0.114 * Double(c & 0xFF) }
            #expect(zip(luma, luma.dropFirst()).allSatisfy { $0 > $1 + 10 }, "\(count): \(luma)")
        }
    }
}
