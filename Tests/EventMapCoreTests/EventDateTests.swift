import EventMapCore
import Testing

@Suite("Event dates in every form ACLED has published")
struct EventDateTests {
    @Test(
        "forms read as the same day",
        arguments: [
            "2016-08-24", "24 August 2016", "24-August-2016", "24-Aug-2016", "24 Aug 2016", "24/08/2016", "24-08-2016",
            "August 24, 2016", "20160824", "2016-08-24T10:30:00Z", "2016-08-24 00:00:00", " 24 August 2016 ",
        ])
    func readsForm(text: String) throws {
        let date = try #require(EventDate(parsing: text), "\(text)")
        #expect(date.description == "2016-08-24")
    }

    @Test("partial dates keep what is known", arguments: [("2019", "2019"), ("2019-10", "2019-10")])
    func partial(text: String, iso: String) {
        #expect(EventDate(parsing: text)?.description == iso)
    }

    @Test(
        "impossible or unreadable dates are nil",
        arguments: [
            "2019-13-45", "2019-02-30", "31 September 2019", "Sometime 2019", "", "2019-1-5", "8/24/2016", "24 Augustus 2016", "2019-10-09x",
        ])
    func refuses(text: String) {
        #expect(EventDate(parsing: text) == nil, "\(text)")
    }

    @Test func twoDigitYearsTakeTheYearColumn() {
        #expect(EventDate(parsing: "24-Aug-16")?.description == "2016-08-24")
        #expect(EventDate(parsing: "24-Aug-99", yearHint: 1999)?.description == "1999-08-24")
        #expect(EventDate(parsing: "24-Aug-16", yearHint: 1916)?.description == "1916-08-24")
    }

    @Test func leapDays() {
        #expect(EventDate(parsing: "29 February 2020") != nil)
        #expect(EventDate(parsing: "29 February 2019") == nil)
        #expect(EventDate(parsing: "2000-02-29") != nil)
        #expect(EventDate(parsing: "1900-02-29") == nil)
    }

    @Test func precisionWidensTheDay() throws {
        let day = try #require(EventDate(parsing: "2 January 2020"))
        // time_precision 2: the week around it reaches back into 2019.
        let week = day.period(timePrecision: 2)
        let december = try #require(EventDate(parsing: "2019-12-30")).period
        #expect(week.overlaps(december))
        #expect(!day.period(timePrecision: 1).overlaps(december))
        // time_precision 3: the whole of January 2020, not December.
        let month = day.period(timePrecision: 3)
        #expect(month.overlaps(try #require(EventDate(parsing: "2020-01-31")).period))
        #expect(!month.overlaps(december))
    }

    @Test func dayNumbersCountDays() {
        #expect(DayNumber(year: 2020, month: 3, day: 1).value - DayNumber(year: 2020, month: 2, day: 28).value == 2)
        #expect(DayNumber(year: 2019, month: 3, day: 1).value - DayNumber(year: 2019, month: 2, day: 28).value == 1)
        #expect(DayNumber(year: 2020, month: 1, day: 1).value - DayNumber(year: 2019, month: 12, day: 31).value == 1)
    }

    @Test func closestNamesForTypos() {
        #expect(Suggestions.closest(to: "Battle", among: EventVocabulary.allNames).first == "Battles")
        #expect(Suggestions.closest(to: "zone:peace-sprin", among: ["zone:peace-spring", "zone:olive-branch"]) == ["zone:peace-spring"])
        #expect(EventVocabulary.canonical("explosions/remote violence") == "Explosions/Remote violence")
        #expect(EventVocabulary.canonical("Battle") == nil)
    }
}
