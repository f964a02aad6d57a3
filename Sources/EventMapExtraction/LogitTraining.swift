import Foundation

/// Newton's method for the learned models' logistic regressions: a conditional logit over groups
/// of alternatives, of which one is right (``PlaceRanker``: a name's candidates), and plain
/// logistic regression as its two-alternative case (``PlaceAcceptance``: a name's features
/// against a zero vector). The objective, the log-likelihood of the right alternatives plus an
/// L2 penalty, is strictly convex: one answer, whatever the order of the groups.
enum LogitTraining {
    /// The weights (one per feature, `features` of them) that maximise the penalised likelihood
    /// of `groups`: each a list of alternatives' feature values and the index of the right one.
    /// Stops after `iterations` Newton steps or once no weight moves by 1e-9.
    static func fit(_ groups: [(alternatives: [[Double]], right: Int)], features n: Int, l2: Double, iterations: Int) -> [Double] {
        var weights = [Double](repeating: 0, count: n)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: n)
            var hessian = [Double](repeating: 0, count: n * n)
            for group in groups where group.alternatives.count > 1 {
                let p = probabilities(group.alternatives, weights)
                // Expected features under the model.
                var mean = [Double](repeating: 0, count: n)
                for (k, x) in group.alternatives.enumerated() {
                    for i in 0..<n where x[i] != 0 { mean[i] += p[k] * x[i] }
                }
                for i in 0..<n { gradient[i] += mean[i] - group.alternatives[group.right][i] }
                // Covariance of the features under the model: Σ p x xᵀ − mean meanᵀ.
                for (k, x) in group.alternatives.enumerated() {
                    for i in 0..<n where x[i] != 0 {
                        let pxi = p[k] * x[i]
                        for j in i..<n where x[j] != 0 { hessian[i * n + j] += pxi * x[j] }
                    }
                }
                for i in 0..<n where mean[i] != 0 {
                    for j in i..<n where mean[j] != 0 { hessian[i * n + j] -= mean[i] * mean[j] }
                }
            }
            for i in 0..<n {
                for j in 0..<i { hessian[i * n + j] = hessian[j * n + i] }
                gradient[i] += l2 * weights[i]
                hessian[i * n + i] += l2
            }
            guard let step = solveSymmetric(hessian, gradient, n: n) else { break }
            var largest = 0.0
            for i in 0..<n {
                weights[i] -= step[i]
                largest = max(largest, abs(step[i]))
            }
            if largest < 1e-9 { break }
        }
        return weights
    }

    /// The softmax of w·x over the alternatives.
    static func probabilities(_ alternatives: [[Double]], _ weights: [Double]) -> [Double] {
        let utilities = alternatives.map { x in zip(weights, x).reduce(0) { $0 + $1.0 * $1.1 } }
        guard let top = utilities.max() else { return [] }
        let exponentials = utilities.map { exp($0 - top) }
        let sum = exponentials.reduce(0, +)
        return exponentials.map { $0 / sum }
    }

    /// Solves H·x = g for a symmetric positive definite H (Cholesky); nil if H is not.
    static func solveSymmetric(_ h: [Double], _ g: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = h[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = g[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
