/// Builds a SQLite R*Tree (the `gpkg_rtree_index` of a GeoPackage layer) from all its boxes at
/// once and writes its nodes straight into the R-tree's shadow tables, instead of inserting the
/// boxes one by one through the virtual table (each insert walks and splits nodes: 36% of a
/// million-event GeoJSON → GeoPackage conversion).
///
/// The tree is packed bottom-up by Sort-Tile-Recursive (Leutenegger, Lopez and Edgington, 1997):
/// sort the boxes by the x of their centres, cut them into √P vertical slices of √P full nodes,
/// sort each slice by y and fill nodes in that order; then the same for the nodes of each level
/// until one node, the root, is left. Nodes are as SQLite's R-tree module lays them out (its
/// `rtree.c`): two bytes of tree depth (root only), two bytes of cell count, then per cell an
/// 8-byte id and the box as 32-bit floats (min x, max x, min y, max y), big-endian, every node
/// padded to the same size; the root is node 1; `_parent` maps each other node to its parent and
/// `_rowid` each feature id to its leaf. SQLite's own `rtreecheck()` accepts the result (tested),
/// and later inserts and deletes through the virtual table work on it as on any R-tree.
struct RTreeBulkLoad {
    /// One box as the R-tree stores it: 32-bit floats, rounded outwards.
    struct Entry {
        var id: Int64
        var minX: Float, maxX: Float, minY: Float, maxY: Float

        /// The box of a feature in degrees, rounded outwards to floats as SQLite's R-tree does.
        init(id: Int64, minX: Double, maxX: Double, minY: Double, maxY: Double) {
            self.id = id
            self.minX = Self.down(minX)
            self.maxX = Self.up(maxX)
            self.minY = Self.down(minY)
            self.maxY = Self.up(maxY)
        }

        init(id: Int64, covering cells: ArraySlice<Entry>) {
            self.id = id
            minX = cells.map(\.minX).min()!
            maxX = cells.map(\.maxX).max()!
            minY = cells.map(\.minY).min()!
            maxY = cells.map(\.maxY).max()!
        }

        static func down(_ value: Double) -> Float {
            let f = Float(value)
            return Double(f) > value ? f.nextDown : f
        }

        static func up(_ value: Double) -> Float {
            let f = Float(value)
            return Double(f) < value ? f.nextUp : f
        }

        var centreX: Float { minX / 2 + maxX / 2 }
        var centreY: Float { minY / 2 + maxY / 2 }
    }

    /// SQLite's `RTREE_MAXCELLS`: the most cells a node holds.
    static let maximumCells = 51
    /// Bytes per cell of a two-dimensional R-tree: an 8-byte id and four 4-byte floats.
    static let cellBytes = 24

    /// The node size SQLite's R-tree module chooses for a database of `pageSize` bytes per page:
    /// the page less 64 bytes, but no more than 51 cells need.
    static func nodeBytes(pageSize: Int) -> Int { min(pageSize - 64, 4 + cellBytes * maximumCells) }

    /// Where the packed tree goes, as it is made (nothing of it is kept): each node's number and
    /// bytes (the root first, number 1), each non-root node's parent, each entry's leaf.
    struct Output {
        var node: (_ number: Int64, _ data: [UInt8]) throws(IOError) -> Void
        var parent: (_ node: Int64, _ parent: Int64) throws(IOError) -> Void
        var leaf: (_ id: Int64, _ node: Int64) throws(IOError) -> Void
    }

    /// Packs `entries` into nodes of at most `cellsPerNode` cells, each `nodeBytes` long.
    static func pack(_ entries: [Entry], nodeBytes: Int, cellsPerNode: Int = maximumCells, into output: Output) throws(IOError) {
        precondition(cellsPerNode >= 2 && 4 + cellBytes * cellsPerNode <= nodeBytes)
        // Levels from the leaves up: each node is the range of the level below that it holds.
        var levels: [[ArraySlice<Entry>]] = []
        var current = entries
        repeat {
            let groups = tile(&current, cellsPerNode: cellsPerNode)
            levels.append(groups)
            // The level above: each entry covers one node of this level, whose index is its id
            // until the nodes are numbered.
            current = groups.enumerated().map { Entry(id: Int64($0.offset), covering: $0.element) }
        } while current.count > 1
        if levels.isEmpty { levels = [[[]]] }

        // Number the nodes from the root down: the root is 1.
        var numbers: [[Int64]] = Array(repeating: [], count: levels.count)
        var next: Int64 = 1
        for level in stride(from: levels.count - 1, through: 0, by: -1) {
            numbers[level] = levels[level].indices.map { _ in
                defer { next += 1 }; return next
            }
        }
        let depth = levels.count - 1
        for level in stride(from: levels.count - 1, through: 0, by: -1) {
            for (index, cells) in levels[level].enumerated() {
                let number = numbers[level][index]
                var data = [UInt8](repeating: 0, count: nodeBytes)
                if level == depth { put16(UInt16(depth), into: &data, at: 0) }
                put16(UInt16(cells.count), into: &data, at: 2)
                var offset = 4
                for cell in cells {
                    let id: Int64
                    if level == 0 {
                        id = cell.id
                        try output.leaf(cell.id, number)
                    } else {
                        id = numbers[level - 1][Int(cell.id)]
                        try output.parent(id, number)
                    }
                    put64(UInt64(bitPattern: id), into: &data, at: offset)
                    put32(cell.minX.bitPattern, into: &data, at: offset + 8)
                    put32(cell.maxX.bitPattern, into: &data, at: offset + 12)
                    put32(cell.minY.bitPattern, into: &data, at: offset + 16)
                    put32(cell.maxY.bitPattern, into: &data, at: offset + 20)
                    offset += cellBytes
                }
                try output.node(number, data)
            }
        }
    }

    /// Sort-Tile-Recursive on one level: reorders `entries` and returns them cut into nodes.
    private static func tile(_ entries: inout [Entry], cellsPerNode: Int) -> [ArraySlice<Entry>] {
        guard !entries.isEmpty else { return [] }
        let nodeCount = (entries.count + cellsPerNode - 1) / cellsPerNode
        let slices = Int(Double(nodeCount).squareRoot().rounded(.up))
        let perSlice = slices * cellsPerNode
        entries.sort { $0.centreX < $1.centreX }
        // Every slice sorted first, then cut: a slice of `entries` kept in `groups` would make
        // the next in-place sort copy the whole array.
        for start in stride(from: 0, to: entries.count, by: perSlice) {
            entries[start..<min(start + perSlice, entries.count)].sort { $0.centreY < $1.centreY }
        }
        var groups: [ArraySlice<Entry>] = []
        groups.reserveCapacity(nodeCount)
        for start in stride(from: 0, to: entries.count, by: perSlice) {
            let end = min(start + perSlice, entries.count)
            for cut in stride(from: start, to: end, by: cellsPerNode) { groups.append(entries[cut..<min(cut + cellsPerNode, end)]) }
        }
        return groups
    }

    private static func put16(_ value: UInt16, into data: inout [UInt8], at offset: Int) {
        data[offset] = UInt8(value >> 8)
        data[offset + 1] = UInt8(value & 0xFF)
    }

    private static func put32(_ value: UInt32, into data: inout [UInt8], at offset: Int) {
        for k in 0..<4 { data[offset + k] = UInt8((value >> (24 - 8 * UInt32(k))) & 0xFF) }
    }

    private static func put64(_ value: UInt64, into data: inout [UInt8], at offset: Int) {
        for k in 0..<8 { data[offset + k] = UInt8((value >> (56 - 8 * UInt64(k))) & 0xFF) }
    }
}
