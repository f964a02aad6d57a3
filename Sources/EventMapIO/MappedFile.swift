import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A regular file mapped read-only into memory, for scans that read every byte once in place
/// (the CSV pass-through query): no copy from the page cache into buffers of our own, and no
/// fresh buffers to fault in. Parts already scanned are handed back with ``release(_:)`` so that
/// resident memory stays flat however large the file is.
///
/// The file must not shrink while it is mapped (reading a page past its new end stops the
/// process); EventMap maps only plain files named on the command line, never stdin or a pipe.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    /// Bytes in the file.
    public let count: Int
    private let base: UnsafeMutableRawPointer?

    /// Maps `path`, with a reason a user can act on when it cannot be.
    public init(path: String) throws(IOError) {
        self.path = path
        let handle = try ChunkedInput.open(path)
        defer { try? handle.close() }
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(path: path, reason: "not a regular file") }
        count = Int(status.st_size)
        guard count > 0 else {
            base = nil
            return
        }
        guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, handle.fileDescriptor, 0), mapped != MAP_FAILED else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        // Read ahead generously and drop pages behind: the scan goes front to back.
        _ = madvise(mapped, count, MADV_SEQUENTIAL)
        base = mapped
    }

    deinit { if let base { munmap(base, count) } }

    /// The whole file as bytes (empty for an empty file); valid while this object lives.
    public var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base?.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Gives back the whole pages inside `range` (already scanned): they leave this process's
    /// resident memory and are read again from the page cache if touched.
    public func release(_ range: Range<Int>) {
        guard let base else { return }
        let page = Self.pageSize
        let start = (range.lowerBound + page - 1) / page * page, end = range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(base + start, end - start, MADV_DONTNEED)
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
}
