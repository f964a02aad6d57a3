import ArgumentParser
import EventMapGeometry
import EventMapIO
import Foundation

/// The `eventmap` command: thin subcommands over the EventMap libraries.
@main
struct EventMap: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "eventmap",
            abstract: "Turn conflict news into maps: gazetteer, geodesy, formats and maps, offline.",
            discussion: """
                Coordinates are WGS84 longitude, latitude (GeoJSON order). Distances are geodesic \
                on the WGS84 ellipsoid, in metres or kilometres; lengths on the command line carry \
                units (30km, 500m, 12mi; a bare number means kilometres).
                Exit codes: 0 success, 1 error in input or processing, 64 usage error.
                """,
            version: "eventmap 0.1.0 (\(GeometryKernel.versions))",  // with the libraries it runs on
            subcommands: [
                Info.self, Convert.self, Query.self, Aggregate.self, Render.self, Chart.self, Extract.self, Merge.self, Resolve.self, GazetteerCommand.self, LayersCommand.self, FormatsCommand.self,
                Distance.self,
            ])
    }

    /// Runs the command, turning every error into one line on stderr and the right exit code:
    /// 64 for usage errors, 1 for anything else; help and version go to stdout with 0.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            Diagnostics.fail(error.message, code: 1)
        } catch let error as FileProblem {
            Diagnostics.fail(error.description, code: 1)
        } catch let error as UsageError {
            Diagnostics.fail("\(error.message) (see 'eventmap help')", code: 64)
        } catch let exit as ExitCode {
            // The command already said what went wrong.
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            if code == .validationFailure {
                Diagnostics.fail("\(message) (see 'eventmap --help')", code: 64)
            }
            Diagnostics.fail(message.isEmpty ? "failed with exit code \(code.rawValue)" : message, code: code.rawValue)
        }
    }
}

/// An error that has already been worded for the user; printed as one line, exit 1.
struct CLIError: Error {
    let message: String

    /// An error about a file: `PATH: problem`.
    init(file: String, _ problem: CustomStringConvertible) {
        // A database URL's password is never printed.
        message = "\(file == "-" ? "<stdin>" : PostgresTable.redacted(file)): \(problem)"
    }

    init(_ message: String) { self.message = message }
}

/// A usage mistake found after parsing (an unknown layer, a type no data has): exit 64.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Messages to stderr, data to stdout.
enum Diagnostics {
    /// One line on stderr: `eventmap: TEXT`.
    static func say(_ text: String) {
        FileHandle.standardError.write(Data("eventmap: \(text)\n".utf8))
    }

    /// Each note a reader left, as one line naming the file.
    static func report(_ notes: [InputNote], file: String) {
        for note in notes { say("\(file == "-" ? "<stdin>" : file): \(note)") }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("eventmap: error: \(message)\n".utf8))
        Foundation.exit(code)
    }
}
