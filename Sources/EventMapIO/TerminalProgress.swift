import EventMapIO
import Foundation

/// Progress on stderr while a long input is read: the share of the file read, the features so
/// far and the time left, redrawn at most twice a second and only when stderr is a terminal and
/// the work has taken more than two seconds. Nothing at all otherwise (logs stay clean).
public final class ProgressReporter {
    private let enabled: Bool
    private let start = Date()
    private var count = 0
    private var lastDraw = Date.distantPast
    private var drew = false
    /// Features between clock checks: cheap enough not to show in a profile.
    private static let stride = 4096
    /// Seconds of work before the first line.
    private static let delay = 2.0

    public init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    /// Counts one feature of `source`; draws now and then.
    public func tick(_ source: FeatureSource) {
        count += 1
        guard enabled, count % Self.stride == 0 else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > Self.delay, now.timeIntervalSince(lastDraw) > 0.5 else { return }
        lastDraw = now
        var line = "\r\(Self.grouped(count)) features"
        if let (done, total) = source.progress, total > 0, done > 0 {
            let share = min(1, Double(done) / Double(total))
            let left = elapsed * (1 - share) / share
            line = "\r\(Int(share * 100))% · \(Self.grouped(count)) features · \(Self.duration(left)) left"
        }
        FileHandle.standardError.write(Data((line + "   ").utf8))
        drew = true
    }

    /// Clears the progress line.
    public func finish() {
        if drew { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : s < 3600 ? "\(s / 60) min \(s % 60) s" : "\(s / 3600) h \(s % 3600 / 60) min"
    }
}

/// A one-line progress bar on stderr, redrawn at most every 1% (off when stderr is not a terminal).
public final class ProgressBar: @unchecked Sendable {
    // @unchecked: only the importing thread calls update and finish.
    private let enabled: Bool
    private let label: String
    private var lastPercent = -1

    public init(enabled: Bool, label: String) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.label = label
    }

    public func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%".utf8))
    }

    public func finish() {
        if enabled && lastPercent >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        lastPercent = -1
    }
}
