import ArgumentParser
import Foundation
import EventMapCore

/// `LON,LAT` in degrees, checked for range (a swapped pair beyond ±90 latitude is caught).
extension Coordinate: ExpressibleByArgument {
    public init?(argument: String) {
        let parts = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]),
              let value = try? Coordinate(validatingLongitude: lon, latitude: lat)
        else { return nil }
        self = value
    }
}

/// `30km`, `500m`, `12mi`; a bare number is kilometres.
extension Length: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? Length(parsing: argument) else { return nil }
        self = value
    }
}

/// `MINLON,MINLAT,MAXLON,MAXLAT` in degrees.
extension BoundingBox: ExpressibleByArgument {
    public init?(argument: String) {
        guard let value = try? BoundingBox(parsing: argument) else { return nil }
        self = value
    }
}

extension Coordinate {
    /// Parses `LON,LAT` for `@Argument(transform:)`, with a message saying what is wrong.
    static func parseArgument(_ text: String) throws -> Coordinate {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else {
            throw ValidationError("'\(text)' is not LON,LAT (two numbers in degrees, longitude first)")
        }
        do { return try Coordinate(validatingLongitude: lon, latitude: lat) } catch {
            throw ValidationError("\(error)")
        }
    }
}
