import EventMapCore
import Foundation

/// The compiled gazetteer: fixed-size place records, a string pool and a sorted key table.
///
/// File layout (little-endian): the 8-byte magic `EVMGAZ04`; seven UInt64 counts (places,
/// record stride, pool bytes, folded pool bytes, names, keys, metadata bytes); the place records;
/// the string pool (each place's names, primary first, separated by U+001F); the folded pool (the
/// same names folded by ``NameKeys/fold(_:)``, same order and separator); one UInt32 per name, the
/// low 32 bits of its skeleton key's hash (so edit distances are computed only for names that
/// share the query's skeleton); the keys (UInt64,
/// sorted: a 62-bit FNV-1a hash of a name key shifted left by 2, with the key's level in the low
/// 2 bits); one UInt32 place index per key; then metadata as UTF-8 JSON. Loading copies the sections into
/// arrays: no parsing and no hashing of names at start-up.
struct GazetteerStore: Sendable {
    /// One place, 48 bytes.
    struct Record: Sendable {
        var geonameid: UInt32
        var kind: UInt8
        var country0: UInt8
        var country1: UInt8
        /// Bit 0: a minor place (see ``GeoNamesImporter/Coverage/minorPopulation``). Files written
        /// before minor places had 0 here.
        var flags: UInt8 = 0
        var longitude: Double
        var latitude: Double
        var population: UInt64
        var namesOffset: UInt32
        var namesLength: UInt32
        /// Index of the record of the place's first-level division, or -1.
        var division: Int32
        /// Where the place's folded names start in the folded pool; they end where the next place's start.
        var foldedOffset: UInt32
        /// The ordinal of the place's first name among all names: its first entry in the skeleton hashes.
        var firstName: UInt32
        /// How many of the place's names are in Latin script, plus one (0: a file written before
        /// this was recorded; ``nameCount(of:)`` then counts them).
        var latinNamesPlusOne: UInt32 = 0

        static let minorFlag: UInt8 = 1
        var isMinor: Bool { flags & Self.minorFlag != 0 }
    }

    /// The level of a key: how strict the match it records is.
    enum KeyLevel: UInt64, Sendable, Comparable {
        case primary = 0, alternate = 1, compact = 2, skeleton = 3
        static func < (a: KeyLevel, b: KeyLevel) -> Bool { a.rawValue < b.rawValue }
    }

    static let magic = Array("EVMGAZ04".utf8)

    var records: [Record]
    var pool: [UInt8]
    var foldedPool: [UInt8]
    var skeletonHashes: [UInt32]
    var keys: [UInt64]
    var keyPlaces: [UInt32]
    /// See ``buckets(for:)``.
    let bucketStarts: [UInt32]
    var metadata: [String: String]

    // MARK: Hashing

    /// FNV-1a over the key's bytes, shifted left by 2 so the level fits below.
    static func hash(_ key: String) -> UInt64 {
        hash(Array(key.utf8))
    }

    static func hash(_ key: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash << 2
    }

    /// Bits of the hash that pick a bucket of ``bucketStarts``.
    static let bucketBits = 19

    /// `bucketStarts[b]` is the first key whose top ``bucketBits`` bits are at least `b`: a look-up
    /// reads one bucket (about one key) instead of binary-searching 575,000 keys through cache misses.
    /// Built at load time in one pass, since the keys are sorted.
    static func buckets(for keys: [UInt64]) -> [UInt32] {
        let count = 1 << bucketBits
        var starts = [UInt32](repeating: UInt32(keys.count), count: count + 1)
        var bucket = 0
        for (i, key) in keys.enumerated() {
            let b = Int(key >> UInt64(64 - bucketBits))
            while bucket <= b { starts[bucket] = UInt32(i); bucket += 1 }
        }
        return starts
    }

    /// The range of `keys` whose hash equals `hash` (any level).
    func range(ofHash hash: UInt64) -> Range<Int> {
        let b = Int(hash >> UInt64(64 - GazetteerStore.bucketBits))
        var low = Int(bucketStarts[b]), high = Int(bucketStarts[b + 1])
        while low < high {
            let mid = (low + high) >> 1
            if keys[mid] < hash { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < keys.count, keys[end] & ~3 == hash { end += 1 }
        return low..<end
    }

    // MARK: Names

    /// The names of record `index`, primary first.
    func names(of index: Int) -> [String] {
        let record = records[index]
        let start = Int(record.namesOffset), end = start + Int(record.namesLength)
        return pool[start..<end].split(separator: 0x1F, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Name `position` of record `index` (0 is the primary name), decoded alone: a place can
    /// have hundreds of names, and a reason quotes one.
    func name(of index: Int, at position: Int) -> String {
        let record = records[index]
        var start = Int(record.namesOffset)
        let end = start + Int(record.namesLength)
        var remaining = position
        while remaining > 0, let separator = pool[start..<end].firstIndex(of: 0x1F) {
            start = separator + 1
            remaining -= 1
        }
        let stop = pool[start..<end].firstIndex(of: 0x1F) ?? end
        return String(decoding: pool[start..<stop], as: UTF8.self)
    }

    /// How many names record `index` has in Latin script (its own and its alternates). Names in
    /// Arabic script, which the gazetteer keeps only for the focus region, countries and capitals,
    /// are left out: the count measures how widely a place is known, and the ranker learned it
    /// from Latin names.
    func nameCount(of index: Int) -> Int {
        let recorded = records[index].latinNamesPlusOne
        if recorded > 0 { return Int(recorded) - 1 }
        return latinNameCount(of: index)
    }

    /// ``nameCount(of:)`` counted from the folded names (what the importer records).
    func latinNameCount(of index: Int) -> Int {
        var count = 0
        forEachFoldedName(of: index) { folded, _ in
            if let first = folded.first, ArabicLetters.isArabicKeyByte(first) { return }
            count += 1
        }
        return count
    }

    func primaryName(of index: Int) -> String { name(of: index, at: 0) }

    /// The folded names of record `index`, in the order of ``names(of:)``.
    func foldedNames(of index: Int) -> [ArraySlice<UInt8>] {
        let start = Int(records[index].foldedOffset)
        let end = index + 1 < records.count ? Int(records[index + 1].foldedOffset) : foldedPool.count
        return foldedPool[start..<end].split(separator: 0x1F, omittingEmptySubsequences: false)
    }

    /// Calls `body` with each folded name of record `index`, without allocating a list.
    /// Calls `body` with each folded name of record `index` and its skeleton hash, without allocating.
    func forEachFoldedName(of index: Int, _ body: (ArraySlice<UInt8>, UInt32) -> Void) {
        let start = Int(records[index].foldedOffset)
        let end = index + 1 < records.count ? Int(records[index + 1].foldedOffset) : foldedPool.count
        var ordinal = Int(records[index].firstName)
        var from = start
        for i in start..<end where foldedPool[i] == 0x1F {
            body(foldedPool[from..<i], skeletonHashes[ordinal])
            ordinal += 1
            from = i + 1
        }
        body(foldedPool[from..<end], skeletonHashes[ordinal])
    }

    /// The folded primary name of record `index`.
    func primaryFoldedName(of index: Int) -> ArraySlice<UInt8> {
        let start = Int(records[index].foldedOffset)
        let end = index + 1 < records.count ? Int(records[index + 1].foldedOffset) : foldedPool.count
        return foldedPool[start..<(foldedPool[start..<end].firstIndex(of: 0x1F) ?? end)]
    }

    func countryCode(of index: Int) -> String {
        let record = records[index]
        guard record.country0 != 0 else { return "" }
        return String(decoding: [record.country0, record.country1], as: UTF8.self)
    }

    // MARK: Reading and writing

    init(
        records: [Record], pool: [UInt8], foldedPool: [UInt8], skeletonHashes: [UInt32], keys: [UInt64], keyPlaces: [UInt32],
        metadata: [String: String]
    ) {
        self.records = records
        self.pool = pool
        self.foldedPool = foldedPool
        self.skeletonHashes = skeletonHashes
        self.keys = keys
        self.keyPlaces = keyPlaces
        self.bucketStarts = GazetteerStore.buckets(for: keys)
        self.metadata = metadata
    }

    /// Reads a compiled gazetteer file.
    init(contentsOf path: String) throws(GazetteerError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        let result: Result<GazetteerStore, GazetteerError> = data.withUnsafeBytes { raw in
            guard raw.count >= 64, Array(raw[0..<8]) == GazetteerStore.magic else {
                return .failure(.corrupt("not an EventMap gazetteer (bad magic)"))
            }
            func count(_ i: Int) -> Int { Int(raw.loadUnaligned(fromByteOffset: 8 + 8 * i, as: UInt64.self)) }
            let placeCount = count(0), stride = count(1), poolBytes = count(2), foldedBytes = count(3), nameCount = count(4)
            let keyCount = count(5), metaBytes = count(6)
            guard stride == MemoryLayout<Record>.stride else { return .failure(.corrupt("record size \(stride), expected \(MemoryLayout<Record>.stride)")) }
            var offset = 64
            let expected = offset + placeCount * stride + poolBytes + foldedBytes + nameCount * 4 + keyCount * 12 + metaBytes
            guard raw.count == expected else { return .failure(.corrupt("size \(raw.count) bytes, expected \(expected)")) }
            func copy<T>(_ type: T.Type, _ n: Int) -> [T] {
                defer { offset += n * MemoryLayout<T>.stride }
                return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + n * MemoryLayout<T>.stride]))
                    initialized = n
                }
            }
            let records = copy(Record.self, placeCount)
            let pool = copy(UInt8.self, poolBytes)
            let foldedPool = copy(UInt8.self, foldedBytes)
            let skeletonHashes = copy(UInt32.self, nameCount)
            let keys = copy(UInt64.self, keyCount)
            let keyPlaces = copy(UInt32.self, keyCount)
            let meta = copy(UInt8.self, metaBytes)
            let metadata = (try? JSONSerialization.jsonObject(with: Data(meta))) as? [String: String] ?? [:]
            return .success(
                GazetteerStore(
                    records: records, pool: pool, foldedPool: foldedPool, skeletonHashes: skeletonHashes, keys: keys,
                    keyPlaces: keyPlaces, metadata: metadata))
        }
        self = try result.get()
    }

    /// Writes the store to `path` through a temporary file and a rename.
    func write(to path: String) throws(GazetteerError) {
        var data = Data(GazetteerStore.magic)
        func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        let meta = (try? JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys])) ?? Data("{}".utf8)
        append(UInt64(records.count)); append(UInt64(MemoryLayout<Record>.stride)); append(UInt64(pool.count))
        append(UInt64(foldedPool.count)); append(UInt64(skeletonHashes.count)); append(UInt64(keys.count)); append(UInt64(meta.count))
        records.withUnsafeBytes { data.append(contentsOf: $0) }
        data.append(contentsOf: pool)
        data.append(contentsOf: foldedPool)
        skeletonHashes.withUnsafeBytes { data.append(contentsOf: $0) }
        keys.withUnsafeBytes { data.append(contentsOf: $0) }
        keyPlaces.withUnsafeBytes { data.append(contentsOf: $0) }
        data.append(meta)
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            // rename(2) replaces the old file in one step: readers see the old or the new file, never half.
            guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .unreadable(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
