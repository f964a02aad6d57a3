import Foundation

/// Pointy-top hexagons on the projected plane, addressed by axial coordinates (q, r).
///
/// A hexagon's width flat side to flat side is `width` metres; its corners are `width / √3`
/// from its centre. Points are assigned by rounding cube coordinates, so every point falls in
/// exactly one hexagon.
struct HexGrid {
    let width: Double
    var radius: Double { width / 3.0.squareRoot() }

    struct Cell: Hashable, Comparable {
        var q: Int
        var r: Int
        static func < (a: Cell, b: Cell) -> Bool { (a.r, a.q) < (b.r, b.q) }
    }

    /// The hexagon holding the point (x, y in metres).
    func cell(x: Double, y: Double) -> Cell {
        let fq = (3.0.squareRoot() / 3 * x - y / 3) / radius
        let fr = (2.0 / 3 * y) / radius
        let fs = -fq - fr
        var q = fq.rounded(), r = fr.rounded()
        let s = fs.rounded()
        let dq = abs(q - fq), dr = abs(r - fr), ds = abs(s - fs)
        if dq > dr && dq > ds { q = -r - s } else if dr > ds { r = -q - s }
        return Cell(q: Int(q), r: Int(r))
    }

    /// The hexagon's centre, metres.
    func center(_ cell: Cell) -> (x: Double, y: Double) {
        (radius * 3.0.squareRoot() * (Double(cell.q) + Double(cell.r) / 2), radius * 1.5 * Double(cell.r))
    }

    /// The six corners, metres, counter-clockwise from the top one.
    func corners(_ cell: Cell) -> [(x: Double, y: Double)] {
        HexGrid.corners(center: center(cell), radius: radius)
    }

    /// The corners of a pointy-top hexagon whose corners are `radius` from `center`, counter-clockwise
    /// from the top one (y up; the same six points serve a y-down page, the shape being symmetric).
    static func corners(center c: (x: Double, y: Double), radius: Double) -> [(x: Double, y: Double)] {
        (0..<6).map { i in
            let angle = Double.pi / 180 * (90 + 60 * Double(i))
            return (c.x + radius * cos(angle), c.y + radius * sin(angle))
        }
    }
}
