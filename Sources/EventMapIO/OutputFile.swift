import Foundation

/// Where output goes: a file written through a temporary file and renamed into place, or stdout.
///
/// An error (or a call to ``abort()``) leaves no half-written file behind: the temporary file is
/// removed and any existing file at the path is untouched.
public final class OutputFile {
    /// The destination path, or `-` for standard output.
    public let path: String
    private var temporaryPath: String?
    private let handle: FileHandle
    private var handleClosed = false
    private var buffer: [UInt8] = []
    private var finished = false
    private let overwrite: Bool

    /// Opens `path` for writing (`-` is standard output).
    /// - Parameters:
    ///   - overwrite: replace an existing file, as GDAL's `--overwrite`.
    ///   - inputs: paths being read; writing over one of them is refused even with `overwrite`.
    /// - Throws: ``IOError/unwritable(path:reason:)`` naming the problem.
    public init(path: String, overwrite: Bool = false, inputs: [String] = []) throws(IOError) {
        self.path = path
        self.overwrite = overwrite
        if path == "-" {
            temporaryPath = nil
            handle = FileHandle.standardOutput
            return
        }
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        // An input is the output when both name one file (device and inode, through any link);
        // an output that does not exist yet is no input. One stat per input: folders of
        // thousands of articles are checked in milliseconds.
        var existing = stat()
        if stat(path, &existing) == 0 {
            for input in inputs where input != "-" {
                var other = stat()
                if stat(input, &other) == 0, other.st_dev == existing.st_dev, other.st_ino == existing.st_ino {
                    throw .unwritable(path: path, reason: "is also an input; write to another file")
                }
            }
        }
        if FileManager.default.fileExists(atPath: path) && !overwrite {
            throw .unwritable(path: path, reason: "exists; add --overwrite to replace it")
        }
        let directory = (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unwritable(path: path, reason: "folder \(directory) does not exist")
        }
        OutputFile.sweepStaleTemporaryFiles(in: directory)
        // A counter keeps two outputs of one process to one folder apart.
        let temporary =
            directory + "/." + (target as NSString).lastPathComponent + OutputFile.temporaryMarker
            + "\(ProcessInfo.processInfo.processIdentifier)-\(OutputFile.nextSerial())"
        // Registered before it exists, so that a signal arriving at any moment after the file is
        // created finds it (unlinking a name that does not exist yet is harmless).
        TemporaryFiles.register(temporary)
        // open(2) itself, exclusively: Foundation's createFile writes through a `.dat.nosync`
        // file of its own, which a killed run would leave behind.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            TemporaryFiles.unregister(temporary)
            throw .unwritable(path: path, reason: "cannot create a file in \(directory): \(reason)")
        }
        temporaryPath = temporary
        self.handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    deinit { if !finished { abort() } }

    /// `.NAME.tmp-PID-N`: the temporary file's name, which the sweep recognises.
    static let temporaryMarker = ".tmp-"

    private static let serialLock = NSLock()
    nonisolated(unsafe) private static var serial = 0
    private static func nextSerial() -> Int {
        serialLock.lock()
        defer { serialLock.unlock() }
        serial += 1
        return serial
    }

    /// Removes temporary files that a killed or crashed EventMap left in `directory`: names
    /// `.NAME.tmp-PID-N` (or the older `.NAME.tmp-PID`) whose process no longer runs.
    static func sweepStaleTemporaryFiles(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: temporaryMarker, options: .backwards) else { continue }
            let tail = name[marker.upperBound...]
            guard let pidText = tail.split(separator: "-").first, let pid = Int32(pidText), pid > 0,
                tail.allSatisfy({ $0.isNumber || $0 == "-" })
            else { continue }
            // kill(pid, 0) fails with ESRCH when no such process exists.
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
    }

    /// Appends bytes, flushing in 1 MiB blocks.
    public func write(_ bytes: [UInt8]) throws(IOError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes a whole file at once (a map, a chart): through a temporary file renamed into place,
    /// nothing left behind on an error.
    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool, inputs: [String] = []) throws(IOError) {
        let file = try OutputFile(path: path, overwrite: overwrite, inputs: inputs)
        do {
            try file.write(bytes)
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
    }

    /// Appends text as UTF-8.
    public func write(_ text: String) throws(IOError) {
        try write(Array(text.utf8))
    }

    private func flush() throws(IOError) {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// For writers that write the file themselves (SQLite): closes this handle and returns the
    /// temporary path to write to; ``commit()`` still renames it into place.
    public func temporaryFileForExternalWriter() throws(IOError) -> String {
        guard let temporaryPath else { throw .unwritable(path: path, reason: "this format cannot be written to stdout") }
        if !handleClosed { try? handle.close(); handleClosed = true }
        return temporaryPath
    }

    /// For writers that make several files (a Shapefile's .shp, .shx, .dbf, .prj): a temporary
    /// folder beside the output to write them in, under the output's name; ``commit()`` moves
    /// every file in it into place.
    public func temporaryDirectoryForExternalWriter() throws(IOError) -> String {
        let file = try temporaryFileForExternalWriter()
        unlink(file)
        TemporaryFiles.unregister(file)
        // The folder's name keeps no extension of the output's: GDAL reads a path with `.xlsx`
        // or `.zip` in it as a path inside that archive.
        let directory = (file as NSString).deletingLastPathComponent
        let stem = (path as NSString).lastPathComponent.replacingOccurrences(of: ".", with: "_")
        let folder = directory + "/." + stem + OutputFile.temporaryMarker + "\(ProcessInfo.processInfo.processIdentifier)-\(OutputFile.nextSerial())"
        guard mkdir(folder, 0o777) == 0 else {
            throw .unwritable(path: self.path, reason: "cannot create a folder beside it: \(String(cString: strerror(errno)))")
        }
        TemporaryFiles.register(folder)
        temporaryPath = folder
        temporaryIsDirectory = true
        return folder
    }
    private var temporaryIsDirectory = false

    /// Moves the files a writer made in the temporary folder into the output's folder, refusing
    /// to replace an existing file without `overwrite`; removes the folder.
    private func commitDirectory(_ temporaryPath: String) throws(IOError) {
        defer {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            TemporaryFiles.unregister(temporaryPath)
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: temporaryPath)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        if !overwrite, let taken = names.first(where: { FileManager.default.fileExists(atPath: directory + "/" + $0) }) {
            throw .unwritable(path: path, reason: "\(taken) exists beside it; add --overwrite to replace it")
        }
        for name in names where rename(temporaryPath + "/" + name, directory + "/" + name) != 0 {
            throw .unwritable(path: path, reason: "cannot move \(name) into place (\(String(cString: strerror(errno))))")
        }
    }

    /// Finishes the file: flushes, closes and renames the temporary file into place.
    public func commit() throws(IOError) {
        try flush()
        finished = true
        guard let temporaryPath else { return }
        if temporaryIsDirectory { return try commitDirectory(temporaryPath) }
        do { if !handleClosed { try handle.close(); handleClosed = true } } catch {
            abort()
            throw .unwritable(path: path, reason: "cannot close: \(error.localizedDescription)")
        }
        defer { TemporaryFiles.unregister(temporaryPath) }
        if overwrite {
            // The replaced file's permissions carry over (a 0600 file stays 0600).
            var existing = stat()
            if stat(path, &existing) == 0 { _ = chmod(temporaryPath, existing.st_mode & 0o7777) }
            // rename(2) replaces an existing file in one step.
            guard rename(temporaryPath, path) == 0 else {
                try? FileManager.default.removeItem(atPath: temporaryPath)
                throw .unwritable(path: path, reason: "cannot move the finished file into place")
            }
        } else {
            // link(2) creates the name only if nothing has it: a second process writing the same
            // new path fails here instead of silently replacing the first one's file.
            if link(temporaryPath, path) == 0 {
                unlink(temporaryPath)
            } else if errno == EEXIST {
                try? FileManager.default.removeItem(atPath: temporaryPath)
                throw .unwritable(path: path, reason: "was created by another program while this one wrote it; add --overwrite to replace it")
            } else if FileManager.default.fileExists(atPath: path) || rename(temporaryPath, path) != 0 {
                // A file system without hard links: check, then rename.
                try? FileManager.default.removeItem(atPath: temporaryPath)
                throw .unwritable(path: path, reason: "cannot move the finished file into place (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Gives up: removes the temporary file, leaves any existing file as it was.
    public func abort() {
        finished = true
        guard let temporaryPath else { return }
        if !handleClosed { try? handle.close(); handleClosed = true }
        // A folder (several files) goes with everything in it.
        try? FileManager.default.removeItem(atPath: temporaryPath)
        TemporaryFiles.unregister(temporaryPath)
    }
}

/// The temporary files being written, removed when the process is interrupted (SIGINT, SIGTERM,
/// SIGHUP, SIGPIPE) so that a stopped run leaves nothing behind; a run killed outright is swept
/// by the next one writing to the same folder.
enum TemporaryFiles {
    /// C strings of the paths, in fixed slots the signal handler can read without allocating.
    nonisolated(unsafe) private static var slots = [UnsafeMutablePointer<CChar>?](repeating: nil, count: 64)
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handlersInstalled = false

    static func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if !handlersInstalled {
            handlersInstalled = true
            for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { installHandler(signal) }
        }
        if let free = slots.firstIndex(where: { $0 == nil }) { slots[free] = strdup(path) }
    }

    static func unregister(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        for index in slots.indices {
            if let slot = slots[index], String(cString: slot) == path {
                free(slot)
                slots[index] = nil
            }
        }
    }

    /// Called from the signal handler: unlink(2) is async-signal-safe.
    static func removeAll() {
        for slot in slots { if let slot { unlink(slot) } }
    }

    private static func installHandler(_ number: Int32) {
        // A parent may have started this process with the signal blocked: unblock it, or the
        // handler would never run.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        signal(number) { received in
            TemporaryFiles.removeAll()
            signal(received, SIG_DFL)
            raise(received)
        }
    }
}
