internal import CZlib
import Foundation

/// Reads a file's bytes in chunks, unpacking `.gz` (gzip) and `.zip` (the first entry, as GDELT
/// ships its `.export.CSV.zip` files) on the fly with zlib: nothing is unpacked to disk and memory
/// stays at one chunk and zlib's window.
final class ByteReader {
    enum Packing: Sendable, Equatable {
        case none, gzip, zip
    }

    private let handle: FileHandle
    private let path: String
    private let packing: Packing
    private var stream = z_stream()
    private var streamOpen = false
    private var pending: [UInt8] = []
    private var finished = false
    /// Bytes of the packed file read so far, for progress.
    private(set) var packedBytesRead = 0

    /// The packing a file name says: `.gz` or `.zip` (or `.kmz`, a zipped KML) at its end.
    static func packing(of path: String) -> Packing {
        let lower = path.lowercased()
        if lower.hasSuffix(".gz") { return .gzip }
        if lower.hasSuffix(".zip") || lower.hasSuffix(".kmz") { return .zip }
        return .none
    }

    init(handle: FileHandle, path: String) throws(IOError) {
        self.handle = handle
        self.path = path
        packing = ByteReader.packing(of: path)
        switch packing {
        case .none: break
        case .gzip: try openInflate(windowBits: 15 + 16)
        case .zip: try readZipHeader()
        }
    }

    deinit { if streamOpen { inflateEnd(&stream) } }

    /// Up to about `count` bytes of content; empty at the end.
    func read(_ count: Int) throws(IOError) -> [UInt8] {
        guard packing != .none else { return try raw(count) }
        var out = [UInt8](repeating: 0, count: count)
        var produced = 0
        while produced == 0 && !finished {
            if pending.isEmpty {
                pending = try raw(1 << 16)
                if pending.isEmpty { throw .unreadable(path: path, reason: "the compressed data ends early (is the file truncated?)") }
            }
            let status: Int32 = pending.withUnsafeMutableBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    stream.next_in = input.baseAddress
                    stream.avail_in = UInt32(input.count)
                    stream.next_out = output.baseAddress
                    stream.avail_out = UInt32(output.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
            }
            let consumed = pending.count - Int(stream.avail_in)
            pending.removeFirst(consumed)
            produced = count - Int(stream.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR: break
            case Z_STREAM_END: finished = true
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "code \(status)"
                throw .unreadable(path: path, reason: "cannot unpack: \(message)")
            }
        }
        out.removeSubrange(produced...)
        return out
    }

    private func raw(_ count: Int) throws(IOError) -> [UInt8] {
        let chunk: Data
        do { chunk = try handle.read(upToCount: count) ?? Data() } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        packedBytesRead += chunk.count
        return Array(chunk)
    }

    private func openInflate(windowBits: Int32) throws(IOError) {
        guard eventmap_inflate_init(&stream, windowBits) == Z_OK else { throw .unreadable(path: path, reason: "zlib could not start") }
        streamOpen = true
    }

    /// Reads the first local file header of a zip archive (PKWARE APPNOTE 4.3.7) and readies
    /// inflate for its data; the name, extra field and sizes are skipped.
    private func readZipHeader() throws(IOError) {
        var header = try raw(30)
        guard header.count == 30, header[0] == 0x50, header[1] == 0x4B, header[2] == 0x03, header[3] == 0x04 else {
            throw .unreadable(path: path, reason: "not a zip archive (no local file header at the start)")
        }
        func u16(_ at: Int) -> Int { Int(header[at]) | Int(header[at + 1]) << 8 }
        let flags = u16(6), method = u16(8), nameLength = u16(26), extraLength = u16(28)
        guard flags & 1 == 0 else { throw .unreadable(path: path, reason: "the zip entry is encrypted") }
        _ = try raw(nameLength + extraLength)
        switch method {
        case 8: try openInflate(windowBits: -15)
        case 0:
            guard flags & 8 == 0 else { throw .unreadable(path: path, reason: "a stored zip entry without sizes cannot be streamed; unzip it first") }
            let size = Int(header[18]) | Int(header[19]) << 8 | Int(header[20]) << 16 | Int(header[21]) << 24
            storedLeft = size
            header = []
        default: throw .unreadable(path: path, reason: "zip compression method \(method) is not supported (deflate and stored are)")
        }
    }

    /// Bytes left of a stored (uncompressed) zip entry.
    private var storedLeft: Int?

    /// For a stored zip entry: its bytes, and nothing after them.
    func readStored(_ count: Int) throws(IOError) -> [UInt8]? {
        guard let left = storedLeft else { return nil }
        let chunk = try raw(min(count, left))
        storedLeft = left - chunk.count
        return chunk
    }

    /// Reads content, whatever the packing.
    func next(_ count: Int) throws(IOError) -> [UInt8] {
        if let stored = try readStored(count) { return stored }
        return try read(count)
    }
}
