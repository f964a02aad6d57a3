internal import CSQLite
import Foundation

/// A small owner of one SQLite connection (an owned `sqlite3*`), for GeoPackage.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String
    /// Whether the connection writes: its errors then say "cannot write", not "cannot read".
    let writes: Bool

    /// Opens (or creates) a database file.
    init(path: String, readOnly: Bool = false) throws(IOError) {
        self.path = path
        writes = !readOnly
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw SQLiteDatabase.failure(path: path, writes: !readOnly, reason: "SQLite: \(message)")
        }
    }

    /// An error of this connection, worded by what it was doing.
    func failure(_ reason: String) -> IOError { SQLiteDatabase.failure(path: path, writes: writes, reason: reason) }

    static func failure(path: String, writes: Bool, reason: String) -> IOError {
        writes ? .unwritable(path: path, reason: reason) : .unreadable(path: path, reason: reason)
    }

    deinit { close() }

    func close() {
        if let handle { sqlite3_close(handle) }
        handle = nil
    }

    var lastError: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed" }

    /// Runs statements that return nothing.
    func execute(_ sql: String) throws(IOError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw failure("SQLite: \(text) (in: \(sql.prefix(80)))")
        }
    }

    func prepare(_ sql: String) throws(IOError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("SQLite: \(lastError) (in: \(sql.prefix(80)))")
        }
        return SQLiteStatement(statement: statement, database: self)
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The most columns a table may have in this SQLite build (`SQLITE_LIMIT_COLUMN`).
    var columnLimit: Int { Int(sqlite3_limit(handle, SQLITE_LIMIT_COLUMN, -1)) }
}

/// A prepared statement (an owned `sqlite3_stmt*`), finalised in `deinit`.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let database: SQLiteDatabase

    init(statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    enum Value {
        case null, integer(Int64), real(Double), text(String), blob([UInt8])
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ values: [Value]) throws(IOError) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let i = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(statement, i)
            case let .integer(n): code = sqlite3_bind_int64(statement, i, n)
            case let .real(d): code = sqlite3_bind_double(statement, i, d)
            case let .text(s): code = sqlite3_bind_text(statement, i, s, -1, SQLiteStatement.transient)
            case let .blob(b): code = b.withUnsafeBytes { sqlite3_bind_blob(statement, i, $0.baseAddress, Int32(b.count), SQLiteStatement.transient) }
            }
            guard code == SQLITE_OK else { throw database.failure("SQLite: \(database.lastError)") }
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [Value] = []) throws(IOError) {
        try bind(values)
        guard sqlite3_step(statement) == SQLITE_DONE else { throw database.failure("SQLite: \(database.lastError)") }
    }

    /// Steps to the next row: true while there is one.
    func step() throws(IOError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.failure("SQLite: \(database.lastError)")
        }
    }

    var columnCount: Int { Int(sqlite3_column_count(statement)) }

    func column(_ index: Int) -> Value {
        let i = Int32(index)
        switch sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, i))
        case SQLITE_TEXT: return .text(sqlite3_column_text(statement, i).map { String(cString: $0) } ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, i))
            guard let pointer = sqlite3_column_blob(statement, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }

    /// An integer or real column as a `Double`, else nil.
    func number(_ index: Int) -> Double? {
        switch column(index) {
        case let .integer(n): return Double(n)
        case let .real(d): return d
        default: return nil
        }
    }

    func text(_ index: Int) -> String? {
        if case let .text(s) = column(index) { return s }
        return nil
    }
}
