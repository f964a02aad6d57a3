/// The date of an event as far as it is known: a day, a month or a year, with ACLED's time
/// precision widening a day to the week or month the source meant.
///
/// Reads every form ACLED has published (`2016-08-24`, `24 August 2016`, `24-August-2016`,
/// `24-Aug-16`, `24/08/2016` day first as ACLED's codebook writes it), `August 24, 2016`, GDELT's
/// `20160824`, and ISO timestamps (`2016-08-24T10:00:00Z`, whose time is dropped). Always writes
/// ISO 8601: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
public struct EventDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1...12, or nil when only the year is known.
    public let month: Int?
    /// 1...31, or nil when only the year or month is known.
    public let day: Int?

    /// A checked date; nil for an impossible one (month 13, 30 February).
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        if let month { guard (1...12).contains(month) else { return nil } }
        if let day {
            guard let month, (1...EventDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO 8601: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public var description: String {
        // Digits written straight into a short string (year 1...9999, month and day of two
        // digits, as the initialiser checks).
        String(unsafeUninitializedCapacity: 10) { buffer in
            var count = 0
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    buffer[count] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
                    count += 1
                    divisor /= 10
                }
            }
            digits(year, 4)
            if let month {
                buffer[count] = UInt8(ascii: "-"); count += 1; digits(month, 2)
                if let day { buffer[count] = UInt8(ascii: "-"); count += 1; digits(day, 2) }
            }
            return count
        }
    }

    /// The first and last day this date names: `2017` is 2017-01-01 to 2017-12-31.
    public var period: DayPeriod {
        guard let month else { return DayPeriod(first: DayNumber(year: year, month: 1, day: 1), last: DayNumber(year: year, month: 12, day: 31)) }
        guard let day else {
            return DayPeriod(
                first: DayNumber(year: year, month: month, day: 1),
                last: DayNumber(year: year, month: month, day: EventDate.daysIn(month: month, year: year)))
        }
        let d = DayNumber(year: year, month: month, day: day)
        return DayPeriod(first: d, last: d)
    }

    /// The days an event may have happened on, given ACLED's `time_precision`: 1 the day itself,
    /// 2 the week around it (three days either side: ACLED codes a week-precise event on a day of
    /// that week), 3 the calendar month that holds it, 4 or more the year. A month or year date
    /// is its whole period whatever the precision.
    public func period(timePrecision: Int?) -> DayPeriod {
        let own = period
        guard day != nil, let timePrecision, timePrecision > 1 else { return own }
        switch timePrecision {
        case 2: return DayPeriod(first: own.first.adding(days: -3), last: own.last.adding(days: 3))
        case 3: return EventDate(year: year, month: month)!.period
        default: return EventDate(year: year)!.period
        }
    }

    public static func < (a: EventDate, b: EventDate) -> Bool { a.period.first < b.period.first || (a.period.first == b.period.first && a.period.last < b.period.last) }

    /// The date when `text` is already canonical ISO (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a real
    /// day), read straight from its bytes: the common case, without the general parser.
    public static func canonical(_ text: String) -> EventDate? {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { u -> EventDate? in
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for i in from..<(from + count) {
                    let b = u[i]
                    guard b >= 48 && b <= 57 else { return nil }
                    value = value * 10 + Int(b - 48)
                }
                return value
            }
            switch u.count {
            case 4: return number(0, 4).flatMap { EventDate(year: $0) }
            case 7:
                guard u[4] == 45, let y = number(0, 4), let m = number(5, 2) else { return nil }
                return EventDate(year: y, month: m)
            case 10:
                guard u[4] == 45, u[7] == 45, let y = number(0, 4), let m = number(5, 2), let d = number(8, 2) else { return nil }
                return EventDate(year: y, month: m, day: d)
            default: return nil
            }
        } ?? nil
    }

    /// True when `text` is already a canonical ISO date.
    public static func isCanonical(_ text: String) -> Bool { canonical(text) != nil }

    /// Reads a date in any of the forms above; nil when the text is not one (or is impossible).
    /// - Parameter yearHint: the year the record says elsewhere (ACLED's `year` column), which
    ///   settles the century of a two-digit year (`24-Aug-16`).
    public init?(parsing raw: String, yearHint: Int? = nil) {
        // Most dates are already ISO: read them straight from their bytes.
        if let date = EventDate.canonical(raw) {
            self = date
            return
        }
        let text = raw.trimmingCharacters(in: " \t")
        guard !text.isEmpty else { return nil }
        let chars = Array(text)
        // ISO: YYYY, YYYY-MM, YYYY-MM-DD, optionally followed by a time (T or space).
        if chars.count >= 4, chars[0..<4].allSatisfy(\.isASCIIDigit), chars.count == 4 || chars[4] == "-" {
            var isoPart = text
            if let cut = text.firstIndex(where: { $0 == "T" || $0 == " " }) { isoPart = String(text[..<cut]) }
            let parts = isoPart.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...3).contains(parts.count), parts[0].count == 4,
                parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }), parts.dropFirst().allSatisfy({ $0.count == 2 }),
                isoPart == text || parts.count == 3
            else { return nil }
            self.init(year: Int(parts[0])!, month: parts.count > 1 ? Int(parts[1])! : nil, day: parts.count > 2 ? Int(parts[2])! : nil)
            return
        }
        // GDELT's YYYYMMDD.
        if chars.count == 8, chars.allSatisfy(\.isASCIIDigit) {
            self.init(year: Int(String(chars[0..<4]))!, month: Int(String(chars[4..<6]))!, day: Int(String(chars[6..<8]))!)
            return
        }
        // Words and numbers: 24 August 2016, 24-August-2016, 24-Aug-16, August 24, 2016, 24/08/2016.
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" || $0 == "," || $0 == "." }).map(String.init)
        guard tokens.count == 3 else { return nil }
        func year(_ token: String) -> Int? {
            guard token.allSatisfy(\.isASCIIDigit), let value = Int(token) else { return nil }
            if token.count == 4 { return value }
            guard token.count == 2 else { return nil }
            if let yearHint, yearHint % 100 == value { return yearHint }
            return value < 70 ? 2000 + value : 1900 + value  // as strptime's %y reads it
        }
        func number(_ token: String) -> Int? { token.count <= 2 && token.allSatisfy(\.isASCIIDigit) ? Int(token) : nil }
        if let month = EventDate.monthNumber(tokens[1]), let day = number(tokens[0]), let y = year(tokens[2]) {
            self.init(year: y, month: month, day: day)  // 24 August 2016
        } else if let month = EventDate.monthNumber(tokens[0]), let day = number(tokens[1]), let y = year(tokens[2]) {
            self.init(year: y, month: month, day: day)  // August 24, 2016
        } else if let day = number(tokens[0]), let month = number(tokens[1]), tokens[2].count == 4, let y = year(tokens[2]) {
            self.init(year: y, month: month, day: day)  // 24/08/2016: day first, as ACLED writes numbers
        } else {
            return nil
        }
    }

    /// English month names and their three-letter forms (`Sept` too), any case.
    static func monthNumber(_ token: String) -> Int? {
        let lower = token.lowercased()
        guard lower.count >= 3 else { return nil }
        for (index, name) in monthNames.enumerated() where name == lower || (lower.count <= 4 && name.hasPrefix(lower)) {
            return index + 1
        }
        return nil
    }

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A day of the proleptic Gregorian calendar, counted from 0000-03-01 so that periods can be
/// widened by days and compared as integers.
public struct DayNumber: Sendable, Hashable, Comparable {
    public let value: Int

    public init(year: Int, month: Int, day: Int) {
        // Days from civil: months counted from March so that the leap day is last.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        value = era * 146_097 + dayOfEra
    }

    private init(value: Int) { self.value = value }

    public func adding(days: Int) -> DayNumber { DayNumber(value: value + days) }

    /// The calendar date of this day.
    public var date: EventDate {
        // Civil from days: the inverse of init(year:month:day:).
        let era = (value >= 0 ? value : value - 146_096) / 146_097
        let dayOfEra = value - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return EventDate(year: year, month: month, day: day)!
    }

    public static func < (a: DayNumber, b: DayNumber) -> Bool { a.value < b.value }
}

/// The days from `first` to `last`, both included.
public struct DayPeriod: Sendable, Hashable {
    public let first: DayNumber
    public let last: DayNumber

    public init(first: DayNumber, last: DayNumber) {
        self.first = first
        self.last = last
    }

    /// True when the two periods share at least one day.
    public func overlaps(_ other: DayPeriod) -> Bool { first <= other.last && other.first <= last }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let c = slice.first, set.contains(c) { slice = slice.dropFirst() }
        while let c = slice.last, set.contains(c) { slice = slice.dropLast() }
        return String(slice)
    }
}
