import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A temporary file with no name in any folder: made in `$TMPDIR` (else /tmp) and unlinked at
/// once, written through ``write(_:)`` and read back through ``path`` (`/proc/self/fd/N`). It is
/// gone when this object is released or the process ends, however it ends (a crash or a kill
/// leaves nothing behind). Linux only, as EventMap is.
public final class ScratchFile: @unchecked Sendable {
    private let descriptor: Int32

    /// - Throws: ``IOError/unwritable(path:reason:)`` when the temporary folder cannot hold a file.
    public init() throws(IOError) {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/eventmap-scratch-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .unwritable(path: folder, reason: String(cString: strerror(errno))) }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// A path that opens the file afresh, from its start.
    public var path: String { "/proc/self/fd/\(descriptor)" }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws(IOError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBufferPointer { Glibc.write(descriptor, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unwritable(path: "temporary file in \(ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")", reason: String(cString: strerror(errno)))
            }
            done += n
        }
    }
}
