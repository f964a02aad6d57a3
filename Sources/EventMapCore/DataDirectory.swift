import Foundation

/// Where EventMap's data is (the gazetteer, the reference layers, the curated tables), from any
/// working folder: `$EVENTMAP_DATA`; else `share/eventmap` beside an installed binary
/// (`PREFIX/bin/eventmap` reads `PREFIX/share/eventmap`); else `Gazetteer/` of the checkout the
/// binary was built in. Each holds `gazetteer.bin`, `features/`, `curated/` and `model/`.
public enum DataDirectory {
    /// The data folder, or nil when none of the places holds one.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = DataDirectory.executablePath
    ) -> String? {
        if let path = environment["EVENTMAP_DATA"], !path.isEmpty { return path }
        var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let installed = directory.appendingPathComponent("../share/eventmap").standardized.path
            if FileManager.default.fileExists(atPath: installed + "/features") { return installed }
            let checkout = directory.appendingPathComponent("Gazetteer").path
            if FileManager.default.fileExists(atPath: checkout + "/features") { return checkout }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// `name` inside the data folder (`gazetteer.bin`, `features`, `curated`, `model/place-ranker.tsv`), or nil.
    public static func path(_ name: String) -> String? { locate().map { $0 + "/" + name } }

    /// What to tell a user when the data cannot be found.
    public static let missingHelp =
        "EventMap's data folder was not found: run 'make install' (it puts the data in PREFIX/share/eventmap beside PREFIX/bin/eventmap), or set EVENTMAP_DATA to a folder holding gazetteer.bin, features/ and curated/ (the checkout's Gazetteer/)"

    /// The running program's own path (Linux's /proc/self/exe: right however it was started,
    /// through PATH, a link or a relative path), else its first argument.
    public static var executablePath: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return CommandLine.arguments.first ?? ""
    }
}
