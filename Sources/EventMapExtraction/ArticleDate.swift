import Foundation

/// Dates in articles: the article's own date (a dateline such as "Monday, 28 December 2020"),
/// and the date of an event from the words near its trigger, resolved against the article's
/// date ("on Tuesday", "Friday night", "earlier this month", "in October 2019", "August 24").
enum ArticleDate {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    /// Gregorian in UTC, built once.
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// A date as ACLED writes it, with how precise it is.
    struct Resolved { var text: String; var precision: Int }

    /// The first full date ("28 December 2020", "December 28, 2020") in the article's first 120
    /// words: its dateline.
    static func find(in tokens: [Token]) -> DateComponents? {
        let head = tokens.prefix(120)
        let words = head.map { $0.text.lowercased() }
        for i in words.indices {
            guard let month = months.firstIndex(of: words[i]) else { continue }
            // "28 December 2020"
            if i >= 1, i + 1 < words.count, let day = Int(words[i - 1]), let year = Int(words[i + 1]), (1...31).contains(day), year > 1900 {
                return DateComponents(year: year, month: month + 1, day: day)
            }
            // "December 28, 2020"
            if i + 2 < words.count, let day = Int(words[i + 1]), let year = Int(words[i + 2]), (1...31).contains(day), year > 1900 {
                return DateComponents(year: year, month: month + 1, day: day)
            }
        }
        return nil
    }

    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    static func format(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The event's date from the date words nearest its trigger (12 words before, 18 after), against the
    /// article's date. Present-tense reports with no date words take the article's date to the
    /// week; anything else without a basis is nil.
    static func resolve(sentence: Range<Int>, trigger: Int, folded: [String], tokens: [Token], articleDate: DateComponents?) -> Resolved? {
        let window = max(sentence.lowerBound, trigger - 12)..<min(sentence.upperBound, trigger + 18)
        let base = articleDate.flatMap { calendar.date(from: $0) }
        var best: (distance: Int, value: Resolved?)?
        // "today (Sunday)": a named day is more specific than "today", which counts as farther.
        func offer(_ at: Int, _ value: Resolved?, penalty: Int = 0) {
            let distance = abs(at - trigger) + penalty
            if best == nil || distance < best!.distance { best = (distance, value) }
        }
        for i in window {
            let w = folded[i]
            if let month = months.firstIndex(of: w) {
                // "August 24", "24 August", "in October 2019", "August 24, 2016".
                let next = i + 1 < sentence.upperBound ? Int(folded[i + 1]) : nil
                let previous = i > sentence.lowerBound ? Int(folded[i - 1]) : nil
                if let n = next, n > 1900 { offer(i, Resolved(text: String(format: "%04d-%02d", n, month + 1), precision: 3)); continue }
                let day = next.flatMap { (1...31).contains($0) ? $0 : nil } ?? previous.flatMap { (1...31).contains($0) ? $0 : nil }
                let year = (i + 2 < sentence.upperBound ? Int(folded[i + 2]) : nil).flatMap { $0 > 1900 ? $0 : nil } ?? articleDate?.year
                if let day, let year { offer(i, Resolved(text: String(format: "%04d-%02d-%02d", year, month + 1, day), precision: 1)) }
                continue
            }
            if let weekday = weekdays.firstIndex(of: w) {
                // The latest such weekday on or before the article's date.
                guard let base else { offer(i, nil); continue }
                let baseWeekday = calendar.component(.weekday, from: base) - 1
                let back = (baseWeekday - weekday + 7) % 7
                offer(i, Resolved(text: format(calendar.date(byAdding: .day, value: -back, to: base)!), precision: 1))
                continue
            }
            if w == "today" || w == "tonight", let base { offer(i, Resolved(text: format(base), precision: 1), penalty: 6) }
            if w == "yesterday", let base { offer(i, Resolved(text: format(calendar.date(byAdding: .day, value: -1, to: base)!), precision: 1), penalty: 6) }
            if w == "month", i >= sentence.lowerBound + 1, let articleDate, let year = articleDate.year, let month = articleDate.month {
                if folded[i - 1] == "this" { offer(i, Resolved(text: String(format: "%04d-%02d", year, month), precision: 3)) }
                if folded[i - 1] == "last" {
                    let m = month == 1 ? 12 : month - 1, y = month == 1 ? year - 1 : year
                    offer(i, Resolved(text: String(format: "%04d-%02d", y, m), precision: 3))
                }
            }
        }
        if let best { return best.value }
        // No date words: a report in the present or present perfect happened about now.
        guard let base else { return nil }
        let near = max(sentence.lowerBound, trigger - 4)..<trigger
        if near.contains(where: { ["has", "have", "are", "is", "now"].contains(folded[$0]) }) {
            return Resolved(text: format(base), precision: 2)
        }
        return nil
    }
}
