import ArgumentParser
import EventMapCore
import EventMapGazetteer
import EventMapGeometry
import EventMapIO
import Foundation

/// `eventmap-build-layers`: builds the shipped reference layers in `Gazetteer/features/` from the
/// Digital Chart of the World (as `gmt coast -E<CC> -M` prints it) and the curated road and zone
/// tables. Run through `Gazetteer/scripts/build-layers.sh` (`make layers`); see Gazetteer/SOURCES.md.
@main
struct LayerBuilder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventmap-build-layers", abstract: "Build Gazetteer/features/ from the Digital Chart of the World (through GMT) and the curated tables.")

    @Option(help: ArgumentHelp("Folder of `gmt coast -E<CC> -M` outputs, one <CC>.txt per country.", valueName: "dir"))
    var gmt: String?
    @Option(help: ArgumentHelp("Folder of the curated road and zone tables.", valueName: "dir"))
    var curated: String
    @Option(help: ArgumentHelp("Compiled gazetteer (for the places the tables name).", valueName: "file"))
    var gazetteer: String
    @Option(help: ArgumentHelp("Folder to write the layers to.", valueName: "dir"))
    var out: String
    @Option(name: .customLong("dcw-version"), help: ArgumentHelp("The DCW version GMT ships, for the layers' source line.", valueName: "text"))
    var dcwVersion: String?
    @Option(help: ArgumentHelp("Build only the rivers layer from this folder's rivers.txt (gmt coast -I1 -I2 -I3 -M).", valueName: "dir"))
    var water: String?
    @Option(name: .customLong("gshhg-version"), help: ArgumentHelp("The GSHHG version GMT ships, for the water layers' source line.", valueName: "text"))
    var gshhgVersion = "GSHHG"
    @Flag(help: "Build only the approximate first-level divisions (admin1-SY, -TR, -IQ) from the gazetteer's towns and the shipped country outlines in --out.")
    var divisions = false

    static let countries = ["SY", "TR", "IQ", "LB", "JO", "IL", "CY"]
    /// Syria's outline counts as the border where it lies within this many metres of Turkey's.
    static let borderTolerance = 100.0
    /// Douglas–Peucker tolerance for the country outlines, degrees (about 100 m).
    static let outlineTolerance = 0.001

    struct Failure: Error, CustomStringConvertible { let description: String }

    func run() throws {
        if divisions {
            try DivisionBuilder.build(gazetteer: try Gazetteer(contentsOf: gazetteer), features: out, out: out)
            return
        }
        if let water {
            try LayerBuilder.buildWater(gmtDirectory: water, curated: curated, gazetteer: try Gazetteer(contentsOf: gazetteer), out: out, source: gshhgVersion)
            return
        }
        guard let gmt, let dcwVersion else { throw ValidationError("give --gmt and --dcw-version (or --water for the rivers only)") }
        try LayerBuilder.build(gmtDirectory: gmt, curated: curated, gazetteer: try Gazetteer(contentsOf: gazetteer), out: out, dcwVersion: dcwVersion)
    }

    static func build(gmtDirectory: String, curated: String, gazetteer: Gazetteer, out: String, dcwVersion: String) throws {
        let geos = GEOSContext()
        let dcwSource = "Digital Chart of the World (\(dcwVersion)) through Debian's GMT: gmt coast -E<ISO> -M"

        // Countries, full resolution for clipping and the border; simplified for the layer files.
        var outlines: [String: Geometry] = [:]
        for code in countries {
            let polygons = try readGMTPolygons(path: "\(gmtDirectory)/\(code).txt")
            let valid = try NativeGeometry(.multiPolygon(polygons), context: geos).makeValid()
            outlines[code] = try valid.geometry()
            let simple = try valid.simplified(tolerance: outlineTolerance)
            let place = gazetteer.best(code)?.place
            try write(
                layer: "country-\(code)", name: place?.name ?? code, to: out,
                features: [
                    Feature(
                        geometry: try simple.geometry(),
                        properties: [
                            "ref": .string("country:\(code)"), "name": .string(place?.name ?? code), "iso": .string(code),
                            "source": .string(dcwSource.replacingOccurrences(of: "<ISO>", with: code)),
                            "licence": .string("DCW data in GMT's dcw-gmt package: LGPL-3.0-or-later"),
                            "accuracy": .string("1:1,000,000 source (about 500 m), simplified with a 0.001 degree (about 100 m) tolerance"),
                        ])
                ])
            print("country:\(code): \(simple.coordinateCount) vertices (from \(valid.coordinateCount))")
        }

        // The border: the run of Syria's outline within 100 m of Turkey's.
        let border = try deriveBorder(syria: outlines["SY"]!, turkey: outlines["TR"]!)
        let borderLength = try Geodesic.length(of: border.line.coordinates)
        try write(
            layer: "border-TR-SY", name: "Turkey–Syria border", to: out,
            features: [
                Feature(
                    geometry: .lineString(border.line),
                    properties: [
                        "ref": .string("border:TR-SY"), "name": .string("Turkey–Syria border"),
                        "length_km": .number((borderLength / 10).rounded() / 100),
                        "source": .string(dcwSource.replacingOccurrences(of: "<ISO>", with: "SY") + " and -ETR"),
                        "licence": .string("DCW data in GMT's dcw-gmt package: LGPL-3.0-or-later"),
                        "derivation": .string(
                            "the longest run of Syria's outline whose vertices lie within \(Int(borderTolerance)) m of Turkey's outline (exact geodesic distance); \(border.line.coordinates.count) vertices, median offset between the outlines \(String(format: "%.1f", border.medianOffset)) m, largest \(String(format: "%.1f", border.maxOffset)) m"
                        ),
                        "accuracy": .string("1:1,000,000 source: within about 500 m of the true border"),
                    ])
            ])
        print(
            String(
                format: "border:TR-SY: %d vertices, geodesic length %.2f km (median outline offset %.1f m)",
                border.line.coordinates.count, borderLength / 1000, border.medianOffset))

        let resolver = WaypointResolver(gazetteer: gazetteer)
        // Roads.
        for row in try table(path: "\(curated)/roads.tsv") {
            let points = try resolver.resolve(row["waypoints"]!)
            let line = try LineString(points.map(\.coordinate))
            let length = try Geodesic.length(of: line.coordinates)
            try write(
                layer: "road-\(row["ref"]!)", name: row["name"]!, to: out,
                features: [
                    Feature(
                        geometry: .lineString(line),
                        properties: [
                            "ref": .string("road:\(row["ref"]!)"), "name": .string(row["name"]!), "description": .string(row["description"]!),
                            "waypoints": .string(points.map(\.label).joined(separator: "; ")),
                            "length_km": .number((length / 10).rounded() / 100),
                            "source": .string(row["source"]!), "accuracy": .string(row["accuracy"]!),
                        ])
                ])
            print(String(format: "road:%@: %d waypoints, %.1f km", row["ref"]!, points.count, length / 1000))
        }

        // Zones, in file order (a strip names a zone defined above it).
        var zones: [String: NativeGeometry] = [:]
        let syria = try NativeGeometry(outlines["SY"]!, context: geos)
        for row in try table(path: "\(curated)/zones.tsv") {
            let ref = row["ref"]!
            var waypointsText = row["waypoints"]!
            var shape: NativeGeometry
            switch row["kind"]! {
            case "polygon":
                let points = try resolver.resolve(waypointsText)
                waypointsText = points.map(\.label).joined(separator: "; ")
                var ring = points.map(\.coordinate)
                ring.append(ring[0])
                shape = try NativeGeometry(.polygon(try Polygon(rings: [ring])), context: geos).makeValid().intersection(syria)
            case "strip":
                let points = try resolver.resolve(waypointsText)
                waypointsText = points.map(\.label).joined(separator: "; ")
                guard let within = zones[row["within"]!] else { throw Failure(description: "\(ref): zone '\(row["within"]!)' is not defined above it") }
                let width = try Length(parsing: row["width"]!)
                let band = try MetricBuffer.buffer(.lineString(try LineString(points.map(\.coordinate))), metres: width.metres, context: geos)
                shape = try NativeGeometry(band, context: geos).intersection(within)
            case "border-buffer":
                let east = try resolver.resolve(waypointsText)[0]
                waypointsText = "border:TR-SY east of " + east.label
                let width = try Length(parsing: row["width"]!)
                let part = try LineString(border.line.coordinates.filter { $0.longitude >= east.coordinate.longitude })
                let band = try MetricBuffer.buffer(.lineString(part), metres: width.metres, context: geos)
                shape = try NativeGeometry(band, context: geos).intersection(syria)
            default:
                throw Failure(description: "\(ref): unknown kind '\(row["kind"]!)'")
            }
            shape = try shape.makeValid()
            zones[ref] = shape
            var properties: Properties = ["ref": .string("zone:\(ref)"), "name": .string(row["name"]!), "kind": .string(row["kind"]!)]
            properties["valid_from"] = row["valid_from"]!.isEmpty ? .null : .string(row["valid_from"]!)
            properties["valid_to"] = row["valid_to"]!.isEmpty ? .null : .string(row["valid_to"]!)
            properties["description"] = .string(row["description"]!)
            properties["waypoints"] = .string(waypointsText)
            if !row["width"]!.isEmpty { properties["width"] = .string(row["width"]!) }
            if !row["within"]!.isEmpty { properties["within"] = .string("zone:" + row["within"]!) }
            properties["area_km2"] = .number(try area(of: shape.geometry()))
            properties["source"] = .string(row["source"]!)
            properties["accuracy"] = .string(
                row["kind"]! == "border-buffer"
                    ? "derived: a geodesic buffer of the border computed in an azimuthal equidistant projection (within 10 m of the true 30 km line) clipped to Syria's outline"
                    : "approximation drawn through named places: within about 10 km of the real line")
            try write(layer: "zone-\(ref)", name: row["name"]!, to: out, features: [Feature(geometry: try shape.geometry(), properties: properties)])
            print(String(format: "zone:%@: %.0f km²", ref, (try? area(of: shape.geometry())) ?? 0))
        }
    }

    // MARK: Pieces

    /// Geodesic area in km² of a polygon or multipolygon.
    static func area(of geometry: Geometry) throws -> Double {
        var total = 0.0
        switch geometry {
        case let .polygon(p): total = try Geodesic.area(of: p)
        case let .multiPolygon(ps): for p in ps { total += try Geodesic.area(of: p) }
        case let .geometryCollection(gs): for g in gs { total += try area(of: g) * 1e6 }
        default: break
        }
        return (total / 1e4).rounded() / 100
    }

    /// Rings from `gmt coast -M` output: `>` starts a segment; "lon lat" lines.
    static func readGMTPolygons(path: String) throws -> [Polygon] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Failure(description: "cannot read \(path)") }
        var rings: [[Coordinate]] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix(">") { rings.append([]); continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else { continue }
            if rings.isEmpty { rings.append([]) }
            rings[rings.count - 1].append(try Coordinate(validatingLongitude: lon, latitude: lat))
        }
        return try rings.filter { $0.count >= 3 }.map { ring in
            var closed = ring
            if closed.first != closed.last { closed.append(closed[0]) }
            return try Polygon(rings: [closed])
        }
    }

    /// The longest cyclic run of Syria's outline vertices within ``borderTolerance`` of Turkey's outline.
    static func deriveBorder(syria: Geometry, turkey: Geometry) throws -> (line: LineString, medianOffset: Double, maxOffset: Double) {
        guard case let .multiPolygon(polygons) = syria, let main = polygons.max(by: { $0.exterior.count < $1.exterior.count }) else {
            throw Failure(description: "Syria's outline is not a polygon")
        }
        let turkeyLines = try GeodesicPolyline(turkey)
        let ring = Array(main.exterior.dropLast())
        let offsets = try ring.map { try turkeyLines.distance(from: $0) }
        let near = offsets.map { $0 <= borderTolerance }
        guard near.contains(false) else { throw Failure(description: "Syria's whole outline touches Turkey's") }
        // Start scanning just after a far vertex so that a run crossing the ring's seam stays whole.
        let start = near.firstIndex(of: false)!
        var best: [Int] = [], current: [Int] = []
        for step in 1...ring.count {
            let i = (start + step) % ring.count
            if near[i] { current.append(i) } else { if current.count > best.count { best = current }; current = [] }
        }
        if current.count > best.count { best = current }
        var coordinates = best.map { ring[$0] }
        if let first = coordinates.first, let last = coordinates.last, first.longitude > last.longitude { coordinates.reverse() }
        let used = best.map { offsets[$0] }.sorted()
        return (try LineString(coordinates), used[used.count / 2], used.last ?? 0)
    }

    static func table(path: String) throws -> [[String: String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Failure(description: "cannot read \(path)") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (i, name) in header.enumerated() { row[name] = i < fields.count ? fields[i] : "" }
            return row
        }
    }

    /// Rivers from GSHHG/WDBII through GMT, named from the curated table: a segment takes the name
    /// of the river whose waypoint line its vertices lie nearest, on average within
    /// ``riverMatchKm``. Unnamed ones are kept. Then the lakes and the sea (``buildWaterAreas``).
    static func buildWater(gmtDirectory: String, curated: String, gazetteer: Gazetteer, out: String, source: String) throws {
        let resolver = WaypointResolver(gazetteer: gazetteer, countries: ["SY", "TR", "IQ"])
        let rivers = try table(path: "\(curated)/rivers.tsv").map { row in (name: row["name"]!, line: try resolver.resolve(row["waypoints"]!).map(\.coordinate)) }
        var segments: [String?: [LineString]] = [:]
        for (level, segment) in try readGMTSegments(path: "\(gmtDirectory)/rivers.txt") where segment.count >= 2 {
            var best: (name: String, km: Double)?
            for river in rivers {
                let km = segment.map { point in distanceToLine(point, river.line) }.reduce(0, +) / Double(segment.count)
                if km <= riverMatchKm && (best == nil || km < best!.km) { best = (river.name, km) }
            }
            // Unnamed rivers of level 3 (the smaller "additional" rivers) would crowd the map.
            if best == nil && level > 2 { continue }
            segments[best?.name, default: []].append(try LineString(segment))
        }
        let riverSource =
            "\(source) WDBII rivers, levels 1 to 3 (permanent major and additional rivers; unnamed ones of level 3 left out), through Debian's GMT: gmt coast -R34/49/29/42 -Dh -I1 -I2 -I3 -M"
        var riverFeatures: [Feature] = []
        for name in rivers.map(\.name) + [nil] {
            guard let lines = segments[name], !lines.isEmpty else { continue }
            riverFeatures.append(
                Feature(
                    geometry: .multiLineString(lines),
                    properties: [
                        "ref": .string("water:rivers"), "name": name.map(JSONValue.string) ?? .null, "source": .string(riverSource),
                        "naming": .string(name == nil ? "unnamed: no river of curated/rivers.tsv within \(Int(riverMatchKm)) km" : "curated/rivers.tsv (towns on its banks)"),
                        "licence": .string("GSHHG: LGPL-3.0-or-later"), "accuracy": .string("1:250,000 (full resolution WDBII): within about 500 m"),
                    ]))
            print("water:rivers \(name ?? "(unnamed)"): \(lines.count) segments, \(lines.map(\.coordinates.count).reduce(0, +)) vertices")
        }
        try write(layer: "water-rivers", name: "Rivers", to: out, features: riverFeatures)
        try buildWaterAreas(gmtDirectory: gmtDirectory, curated: curated, gazetteer: gazetteer, out: out, source: source)
    }

    /// The region the water layers cover, as GMT's `-R` (west/east/south/north, degrees); the
    /// build script dumps `shores.txt` for the same region.
    static let waterRegion = (west: 34.0, east: 49.0, south: 29.0, north: 42.0)
    /// Shores of water bodies smaller than this (km²) are left out, as GMT's `-A` (also passed to
    /// `gmt select`, so that the faces are told apart with the same shores that drew them).
    static let waterMinimumAreaKm2 = 10
    /// A lake or sea of `curated/water.tsv` is the largest water body of its kind that holds the
    /// table's point or lies within this many kilometres of it.
    static let waterMatchKm = 12.0
    /// Douglas–Peucker tolerance for lake and sea outlines, degrees (about 100 m).
    static let waterTolerance = 0.001

    /// Lakes and sea from GSHHG's shorelines. `gmt coast -M` cuts GSHHG's polygons at its
    /// storage bins, so the pieces (`shores.txt`) are noded and polygonized again with GEOS,
    /// together with the region's frame; each face is then asked of GMT itself
    /// (`gmt select -N`, a point inside the face): ocean, land, lake, island in a lake, or pond.
    /// Ocean faces form `water:sea`, lake faces `water:lakes`; names from `curated/water.tsv`.
    static func buildWaterAreas(gmtDirectory: String, curated: String, gazetteer: Gazetteer, out: String, source: String) throws {
        let geos = GEOSContext()
        let region = waterRegion
        let frame = try LineString([
            Coordinate(longitude: region.west, latitude: region.south), Coordinate(longitude: region.east, latitude: region.south),
            Coordinate(longitude: region.east, latitude: region.north), Coordinate(longitude: region.west, latitude: region.north),
            Coordinate(longitude: region.west, latitude: region.south),
        ])
        let shores = try readGMTSegments(path: "\(gmtDirectory)/shores.txt").map { try LineString($0.points) }
        let noded = try NativeGeometry(.multiLineString(shores + [frame]), context: geos).unaryUnion()
        guard case let .geometryCollection(members) = try noded.polygonized().geometry() else { throw Failure(description: "polygonize gave no collection") }
        let faces: [Polygon] = members.compactMap { if case let .polygon(p) = $0 { p } else { nil } }
        let inside = try faces.map { face -> Coordinate in
            guard case let .point(c) = try NativeGeometry(.polygon(face), context: geos).pointOnSurface().geometry() else { throw Failure(description: "no point on a face") }
            return c
        }
        // Faces of one kind that touch (a sea or lake cut by the frame or by a bin's seam) dissolve into one.
        func dissolved(_ indices: [Int]) throws -> [Polygon] {
            let union = try NativeGeometry(.multiPolygon(indices.map { faces[$0] }), context: geos).unaryUnion().geometry()
            switch union {
            case let .polygon(p): return [p]
            case let .multiPolygon(ps): return ps
            default: return []
            }
        }
        let seaFaces = try gmtSelect(inside, keep: "k/s/s/s/s"), lakeFaces = try gmtSelect(inside, keep: "s/s/k/s/s")
        let sea = try dissolved(seaFaces), lakes = try dissolved(lakeFaces)
        print("water: \(shores.count) shore pieces, \(faces.count) faces, \(sea.count) sea, \(lakes.count) lakes")

        let resolver = WaypointResolver(gazetteer: gazetteer, countries: ["SY", "TR", "IQ", "LB", "JO", "IL", "IR", "AM", "AZ", "GE", "SA", "KW", "EG"])
        let named = try table(path: "\(curated)/water.tsv")
        var water: [String: [(polygon: Polygon, km2: Double, name: String?)]] = [:]
        water["sea"] = try sea.map { ($0, try Geodesic.area(of: $0) / 1e6, nil) }
        water["lake"] = try lakes.map { ($0, try Geodesic.area(of: $0) / 1e6, nil) }
        var unmatched: [String] = []
        var drained: Set<Int> = []
        for row in named {
            let (kind, name, near) = (row["kind"]!, row["name"]!, row["near"]!)
            let point = try waterPoint(near, resolver: resolver)
            let pool = kind == "sea" ? "sea" : "lake"
            var best: Int?
            for (index, body) in water[pool]!.enumerated() where body.name == nil {
                let km = try GeodesicPolyline(.polygon(body.polygon)).distance(from: point) / 1000
                let within = try NativeGeometry(.polygon(body.polygon), context: geos).contains(NativeGeometry(.point(point), context: geos))
                if (within || km <= waterMatchKm) && (best == nil || body.km2 > water[pool]![best!].km2) { best = index }
            }
            guard let best else {
                unmatched.append("no \(pool) at or within \(Int(waterMatchKm)) km of \(near) for \(name)")
                continue
            }
            if kind == "drained" {
                drained.insert(best)
                print("water:lakes \(name): \(Int(water[pool]![best].km2.rounded())) km², left out (drained)")
                continue
            }
            water[pool]![best].name = name
            print("water:\(kind == "sea" ? "sea" : "lakes") \(name): \(Int(water[pool]![best].km2.rounded())) km²")
        }
        water["lake"] = water["lake"]!.enumerated().filter { !drained.contains($0.offset) }.map(\.element)
        for body in water["lake"]! where body.name == nil && body.km2 > 100 {
            print("unnamed lake of \(Int(body.km2)) km² near \(body.polygon.exterior[0].longitude),\(body.polygon.exterior[0].latitude)")
        }
        guard unmatched.isEmpty else { throw Failure(description: "curated/water.tsv: " + unmatched.joined(separator: "; ")) }
        let gmtCall =
            "gmt coast -R\(Int(region.west))/\(Int(region.east))/\(Int(region.south))/\(Int(region.north)) -Dh -A\(waterMinimumAreaKm2) -W -M, faces polygonized with GEOS and classified with gmt select -N"
        for (layer, ref, title, pool) in [("water-lakes", "water:lakes", "Lakes", "lake"), ("water-sea", "water:sea", "Sea", "sea")] {
            var features: [Feature] = []
            for body in water[pool]!.sorted(by: { $0.km2 > $1.km2 }) {
                let simple = try NativeGeometry(.polygon(body.polygon), context: geos).simplified(tolerance: waterTolerance).geometry()
                features.append(
                    Feature(
                        geometry: simple,
                        properties: [
                            "ref": .string(ref), "name": body.name.map(JSONValue.string) ?? .null,
                            "area_km2": .number(body.km2.rounded()),
                            "source": .string("\(source) shorelines (level 1 ocean, level 2 lakes), through Debian's GMT: \(gmtCall)"),
                            "naming": .string(body.name == nil ? "unnamed" : "curated/water.tsv (the largest \(pool) holding the table's point or within \(Int(waterMatchKm)) km of it)"),
                            "licence": .string("GSHHG: LGPL-3.0-or-later"),
                            "accuracy": .string(
                                "GSHHG high resolution (about 200 m), simplified to 0.001° (about 100 m); water bodies under \(waterMinimumAreaKm2) km² left out; reservoirs filled after the 1970s (Lake Assad, the Atatürk and Mosul dams) are missing from GSHHG"
                            ),
                        ]))
            }
            try write(layer: layer, name: title, to: out, features: features)
            print("\(ref): \(features.count) polygons, \(features.filter { $0.properties["name"] != .null }.count) named")
        }
    }

    /// A point of `curated/water.tsv`'s `near` column: "lon,lat" in degrees, or a town waypoint.
    static func waterPoint(_ text: String, resolver: WaypointResolver) throws -> Coordinate {
        let numbers = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        if numbers.count == 2 { return try Coordinate(validatingLongitude: numbers[0], latitude: numbers[1]) }
        return try resolver.resolve(text)[0].coordinate
    }

    /// The indices of the points GMT's `gmt select -N<keep>` keeps (ocean/land/lake/island/pond,
    /// k to keep and s to skip), with the same shores and region as `shores.txt`.
    static func gmtSelect(_ points: [Coordinate], keep: String) throws -> [Int] {
        let region = waterRegion
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "gmt", "select", "-R\(region.west)/\(region.east)/\(region.south)/\(region.north)", "-Dh", "-A\(waterMinimumAreaKm2)", "-N\(keep)", "-fg", "--FORMAT_FLOAT_OUT=%.10g",
        ]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let text = points.enumerated().map { "\($1.longitude) \($1.latitude) \($0)" }.joined(separator: "\n") + "\n"
        // Written from another thread: GMT may fill its output pipe before it has read all input.
        let writer = Thread {
            input.fileHandleForWriting.write(text.data(using: .utf8)!); try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "gmt select -N\(keep) failed") }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.flatMap { Int($0) }
        }
    }

    /// A WDBII segment counts as a named river when its vertices lie on average this close to the river's waypoint line (km).
    static let riverMatchKm = 20.0

    /// Kilometres from `point` to the nearest point of a polyline, on a local flat projection
    /// (equirectangular at the point's latitude): enough to tell 5 km from 50.
    static func distanceToLine(_ point: Coordinate, _ line: [Coordinate]) -> Double {
        let kmPerDegree = 111.195, scale = cos(point.latitude * .pi / 180)
        func xy(_ c: Coordinate) -> (Double, Double) { ((c.longitude - point.longitude) * kmPerDegree * scale, (c.latitude - point.latitude) * kmPerDegree) }
        var best = Double.infinity
        for (a, b) in zip(line, line.dropFirst()) {
            let (ax, ay) = xy(a), (bx, by) = xy(b)
            let dx = bx - ax, dy = by - ay
            let t = dx == 0 && dy == 0 ? 0 : max(0, min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
            best = min(best, ((ax + t * dx) * (ax + t * dx) + (ay + t * dy) * (ay + t * dy)).squareRoot())
        }
        return best
    }

    /// The segments of `gmt coast -M` output (`> River Bin # N, Level L` starts one), with their level.
    static func readGMTSegments(path: String) throws -> [(level: Int, points: [Coordinate])] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Failure(description: "\(path): cannot read") }
        var segments: [(level: Int, points: [Coordinate])] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix(">") {
                let level = line.range(of: "Level ").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) } ?? 0
                segments.append((level, []))
                continue
            }
            let cells = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard cells.count >= 2, let lon = Double(cells[0]), let lat = Double(cells[1]), !segments.isEmpty else { continue }
            let point = try Coordinate(validatingLongitude: lon, latitude: lat)
            // (GMT repeats a point where a segment meets its storage bin's edge.)
            if segments[segments.count - 1].points.last != point { segments[segments.count - 1].points.append(point) }
        }
        // A segment of one point (a bin corner) is no line.
        return segments.filter { $0.points.count >= 2 }
    }

    static func write(layer: String, name: String, to directory: String, features: [Feature]) throws {
        let output = try OutputFile(path: "\(directory)/\(layer).geojson", overwrite: true)
        let writer = try GeoJSONWriter(output: output, precision: 6, name: name)
        for feature in features { try writer.write(feature) }
        try writer.finish()
    }
}

/// Resolves "Name", "Name, Qualifier" and "Name@bearing:distance" waypoints in Syria and Turkey.
struct WaypointResolver {
    let gazetteer: Gazetteer
    /// The countries waypoints are looked for in.
    var countries: Set<String> = ["SY", "TR"]

    func resolve(_ list: String) throws -> [(coordinate: Coordinate, label: String)] {
        try list.split(separator: ";").map { item in
            let text = item.trimmingCharacters(in: .whitespaces)
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            let options = ResolveOptions(countries: countries, limit: 1)
            guard let candidate = gazetteer.best(parts[0], options: options), candidate.score >= 0.7 else {
                throw LayerBuilder.Failure(description: "waypoint '\(parts[0])' does not resolve in \(countries.sorted().joined(separator: ", "))")
            }
            let place = candidate.place
            var label = "\(place.name) (\(place.geonameid))"
            guard parts.count == 2 else { return (place.coordinate, label) }
            let offset = parts[1].split(separator: ":").map(String.init)
            guard offset.count == 2, let bearing = Double(offset[0]) else {
                throw LayerBuilder.Failure(description: "waypoint '\(text)': expected NAME@BEARING:DISTANCE")
            }
            let distance = try Length(parsing: offset[1])
            label += " \(offset[1]) at \(offset[0])°"
            return (try Geodesic.destination(from: place.coordinate, azimuth: bearing, distance: distance.metres).coordinate, label)
        }
    }
}
