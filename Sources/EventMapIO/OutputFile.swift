import Foundation

/// Where output goes: a file written through a temporary file and renamed into place, or stdout.
///
/// An error (or a call to ``abort()``) leaves no half-written file behind: the temporary file is
/// removed and any existing file at the path is untouched.
public final class OutputFile {
    /// The destination path, or `-` for standard output.
    public let path: String
    private let temporaryPath: String?
    private let handle: FileHandle
    private var handleClosed = false
    private var buffer: [UInt8] = []
    private var finished = false

    /// Opens `path` for writing (`-` is standard output).
    /// - Parameters:
    ///   - overwrite: replace an existing file, as GDAL's `--overwrite`.
    ///   - inputs: paths being read; writing over one of them is refused even with `overwrite`.
    /// - Throws: ``IOError/unwritable(path:reason:)`` naming the problem.
    public init(path: String, overwrite: Bool = false, inputs: [String] = []) throws(IOError) {
        self.path = path
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
        let temporary = directory + "/." + (target as NSString).lastPathComponent + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw .unwritable(path: path, reason: "no permission to create a file in \(directory)")
        }
        temporaryPath = temporary
        self.handle = handle
    }

    deinit { if !finished { abort() } }

    /// Appends bytes, flushing in 1 MiB blocks.
    public func write(_ bytes: [UInt8]) throws(IOError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
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

    /// Finishes the file: flushes, closes and renames the temporary file into place.
    public func commit() throws(IOError) {
        try flush()
        finished = true
        guard let temporaryPath else { return }
        do { if !handleClosed { try handle.close(); handleClosed = true } } catch {
            abort()
            throw .unwritable(path: path, reason: "cannot close: \(error.localizedDescription)")
        }
        // rename(2) replaces an existing file in one step.
        guard rename(temporaryPath, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw .unwritable(path: path, reason: "cannot move the finished file into place")
        }
    }

    /// Gives up: removes the temporary file, leaves any existing file as it was.
    public func abort() {
        finished = true
        guard let temporaryPath else { return }
        if !handleClosed { try? handle.close(); handleClosed = true }
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}
