import ArgumentParser
import EventMapCore
import EventMapGeometry

/// `eventmap distance A B`: the geodesic between two points.
struct Distance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the geodesic distance and azimuths between two points on the WGS84 ellipsoid.",
        discussion: """
            Points are LON,LAT in degrees (longitude first, as in GeoJSON). The distance is the \
            shortest geodesic on WGS84 (Karney's algorithm, as in GeographicLib and PostGIS \
            geography), accurate to well under a millimetre.
            Example: eventmap distance 36.63393,35.93062 37.16117,36.20124   # Idlib to Aleppo
            """)

    @Argument(help: ArgumentHelp("Start point as LON,LAT in degrees.", valueName: "lon,lat"), transform: Coordinate.parseArgument)
    var from: Coordinate

    @Argument(help: ArgumentHelp("End point as LON,LAT in degrees.", valueName: "lon,lat"), transform: Coordinate.parseArgument)
    var to: Coordinate

    func run() throws {
        let answer = try { () throws(CLIError) in
            do { return try from.ellipsoidalDistance(to: to) } catch { throw CLIError("\(error)") }
        }()
        print(String(format: "distance_m\t%.3f\ndistance_km\t%.6f", answer.distance, answer.distance / 1000))
        print(String(format: "initial_azimuth_deg\t%.9f\nfinal_azimuth_deg\t%.9f", answer.initialAzimuth, answer.finalAzimuth))
    }
}
