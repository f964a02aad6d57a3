import EventMapCore
import Foundation
import Testing

extension SeededGenerator {
    /// A point in the Turkey–Syria border region (34–43 E, 32–38.5 N).
    mutating func regionPoint() -> Coordinate {
        Coordinate(longitude: Double.random(in: 34...43, using: &self), latitude: Double.random(in: 32...38.5, using: &self))
    }
}

/// Runs one of GeographicLib's command-line tools (Debian's `geographiclib-tools`), an
/// implementation independent of PROJ's C port, feeding `input` on stdin.
func runGeographicLib(_ tool: String, _ arguments: [String], input: String) throws -> [[Double]] {
    let candidates = ["/usr/bin/\(tool)", "/usr/local/bin/\(tool)"]
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw ToolMissing(tool: tool)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let stdin = Pipe(), stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    let writer = Thread {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self).split(separator: "\n").map { line in
        line.split(separator: " ").compactMap { Double($0) }
    }
}

struct ToolMissing: Error, CustomStringConvertible {
    let tool: String
    var description: String { "\(tool) not found: install Debian's geographiclib-tools (make test does)" }
}
