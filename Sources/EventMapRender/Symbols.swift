import EventMapCore
import Foundation

/// Path data for event symbols centred on (0, 0), sized so different shapes of the same radius
/// cover about the same area.
enum Symbols {
    static func path(_ shape: EventStyle.Shape, radius r: Double) -> String {
        func polygon(_ sides: Int, _ scale: Double, rotation: Double) -> String {
            var d = ""
            for i in 0..<sides {
                let a = (rotation + 360 / Double(sides) * Double(i)) * .pi / 180
                let x = SVGWriter.number(r * scale * cos(a)), y = SVGWriter.number(-r * scale * sin(a))
                d += (i == 0 ? "M" : "L") + x + " " + y
            }
            return d + "Z"
        }
        switch shape {
        case .circle:
            let n = SVGWriter.number(r), d = SVGWriter.number(2 * r)
            return "M-\(n) 0a\(n) \(n) 0 1 0 \(d) 0a\(n) \(n) 0 1 0 -\(d) 0Z"
        case .triangle: return polygon(3, 1.35, rotation: 90)
        case .invertedTriangle: return polygon(3, 1.35, rotation: 270)
        case .diamond: return polygon(4, 1.25, rotation: 90)
        case .square: return polygon(4, 1.25, rotation: 45)
        case .pentagon: return polygon(5, 1.12, rotation: 90)
        case .hexagon: return polygon(6, 1.08, rotation: 90)
        }
    }

    /// Radius in pixels: 4 for an event without stated deaths, growing with the square root of
    /// fatalities (so area follows the count) up to 16; rounded to half pixels.
    static func radius(fatalities: Int?) -> Double {
        guard let f = fatalities, f > 0 else { return 4 }
        let r = min(16, 4 + 1.5 * Double(f).squareRoot())
        return (r * 2).rounded() / 2
    }
}
