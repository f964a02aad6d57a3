import EventMapCore
import Foundation

extension MapBuilder {
    /// Places labels by importance: the events' places (most events first), zones, country
    /// names, then towns in view (largest first). Returns the dots of labelled towns.
    func placeLabels(_ placer: inout LabelPlacer, marks: EventMarks, layerShapes: LayerShapes, places: [PlaceCandidate]) -> [Point] {
        let budget = max(12, Int(frame.mapRect.width * frame.mapRect.height / 7000))
        // One name per place: a town is not labelled again when an event place of the same
        // name key lies within `samePlacePixels` of it (Idleb and Idlib, Deir-ez-Zor and Deir ez-Zor).
        var labelled: [(key: String, at: Point)] = []
        for place in marks.places.prefix(budget) {
            if placer.place(place.name, at: place.at, radius: place.radius, style: .eventPlace, colour: "#1A1A1A", leaderUpTo: LabelPlacer.leaderReach) {
                labelled.append((MapBuilder.nameKey(place.name), place.at))
            }
        }
        // A choropleth's areas by name, the larger first, where the name fits inside.
        for shape in layerShapes.shapes.filter({ $0.layer.role == .choropleth }).sorted(by: { $0.area > $1.area }) {
            for anchor in shape.anchors.prefix(3) {
                if placer.place(shape.layer.title, at: anchor, radius: 0, style: .zone, colour: "#262626", centred: true, quiet: true) { break }
            }
        }
        for shape in layerShapes.shapes.filter({ $0.layer.role == .zone }).sorted(by: { $0.area > $1.area }) {
            for anchor in shape.anchors {
                if placer.place(shape.layer.title, at: anchor, radius: 0, style: .zone, colour: shape.colour, centred: true, quiet: true) { break }
            }
        }
        // Rivers, in italic blue on the river, where there is room; lakes and seas inside, the
        // larger first, when enough of them is in view to hold a name.
        let water = layerShapes.shapes.filter { $0.layer.role == .water && $0.layer.title != MapLayer.unnamedWater }
        for shape in water.sorted(by: { $0.area > $1.area }) where !shape.layer.isArea || shape.area >= MapBuilder.waterLabelArea {
            for anchor in shape.anchors {
                if placer.place(shape.layer.title, at: anchor, radius: 0, style: .zone, colour: LayerShapes.waterColour, centred: true, quiet: true) { break }
            }
        }
        // Country names, faint and spaced, before the towns crowd them out.
        for shape in layerShapes.shapes.filter({ $0.layer.role == .country }).sorted(by: { $0.area > $1.area }) {
            for anchor in shape.anchors {
                if placer.place(shape.layer.title.uppercased(), at: anchor, radius: 0, style: .country, colour: "#9A958A", centred: true, quiet: true) { break }
            }
        }
        // Towns: a dot and a name, only where both fit.
        var dots: [Point] = []
        let view = frame.mapRect.insetBy(4)
        let inView = places.sorted { $0.population != $1.population ? $0.population > $1.population : $0.name < $1.name }
        let located = pixels(inView.map(\.coordinate))
        var tried = 0
        for (place, p) in zip(inView, located) where tried < budget && p.x.isFinite && view.contains(p) {
            let key = MapBuilder.nameKey(place.name)
            guard !labelled.contains(where: { $0.key == key && hypot($0.at.x - p.x, $0.at.y - p.y) < MapBuilder.samePlacePixels }) else { continue }
            let dot = Rect(x: p.x - 3, y: p.y - 3, width: 6, height: 6)
            tried += 1
            guard !placer.obstacles.overlaps(dot) else { continue }
            if placer.place(place.name, at: p, radius: 2.2, style: .town, colour: "#4A4A4A") {
                placer.obstacles.insert(dot)
                dots.append(p)
                labelled.append((key, p))
            }
        }
        return dots
    }

    /// Square pixels of a lake or sea in view below which it is not named (a name would cover it).
    static let waterLabelArea = 700.0

    /// How near (pixels) two labels of one name key must be to name the same place.
    static let samePlacePixels = 40.0

    /// A name's key for "the same place in another spelling": case, accents, marks, hyphens and
    /// an Arabic article (al-, el-, ad-, ...) dropped, then the vowels, so that transliterations
    /// agree: Idleb and Idlib, Deir-ez-Zor and Deir ez-Zor, Qamishli and Al Qāmishlī all match.
    static func nameKey(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var words = folded.split { !$0.isLetter }.map(String.init)
        if words.count > 1, ["al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "ez"].contains(words[0]) { words.removeFirst() }
        return String(words.joined().filter { !"aeiouy".contains($0) })
    }

    /// Labels with a white halo: leader lines first, then the halos, then the text, so no halo
    /// covers a letter.
    func writeLabels(_ labels: [PlacedLabel], to svg: inout SVGWriter) {
        guard !labels.isEmpty else { return }
        let leaders = labels.filter(\.hasLeader)
        if !leaders.isEmpty {
            svg.open("g", [("id", "label-leaders"), ("stroke", "#1A1A1A"), ("stroke-width", "0.8"), ("fill", "none")])
            for label in leaders {
                let end = label.box.nearestPoint(to: label.target)
                svg.open(
                    "line",
                    [("x1", SVGWriter.number(label.target.x)), ("y1", SVGWriter.number(label.target.y)), ("x2", SVGWriter.number(end.x)), ("y2", SVGWriter.number(end.y))],
                    close: true)
            }
            svg.close("g")
        }
        func attributes(_ label: PlacedLabel) -> [(String, String)] {
            var a: [(String, String)] = [
                ("x", SVGWriter.number(label.anchor.x)), ("y", SVGWriter.number(label.anchor.y)),
                ("font-size", SVGWriter.number(LabelPlacer.fontSize(label.style))),
            ]
            if label.textAnchor != "start" { a.append(("text-anchor", label.textAnchor)) }
            switch label.style {
            case .eventPlace: a.append(("font-weight", "bold"))
            case .zone: a.append(("font-style", "italic"))
            case .country: a.append(("letter-spacing", SVGWriter.number(LabelPlacer.letterSpacing(.country))))
            case .town: break
            }
            return a
        }
        svg.open(
            "g",
            [
                ("id", "label-halos"), ("fill", "#FFFFFF"), ("stroke", "#FFFFFF"), ("stroke-width", "3"),
                ("stroke-linejoin", "round"), ("stroke-opacity", "0.85"),
            ])
        for label in labels where label.style != .country { svg.element("text", attributes(label), text: label.text) }
        svg.close("g")
        svg.open("g", [("id", "labels")])
        for label in labels { svg.element("text", attributes(label) + [("fill", label.colour)], text: label.text) }
        svg.close("g")
    }
}
