import EventMapCore
import Foundation

/// The text files the learned models live in (`model/place-ranker.tsv`,
/// `model/place-acceptance.tsv`): comment lines (`#`) saying how the file was made, a
/// `feature<TAB>weight` header, then one line per feature with its weight. Weights are written
/// with 6 decimals, so the same weights give the same file on every machine.
enum ModelFile {
    /// Where a model file is: `fileName` beside the gazetteer file, else in the data folder
    /// (``DataDirectory``).
    static func defaultPath(_ fileName: String, gazetteerPath: String) -> String {
        let beside = (gazetteerPath as NSString).deletingLastPathComponent + "/" + fileName
        if FileManager.default.fileExists(atPath: beside) { return beside }
        if let shipped = DataDirectory.path(fileName), FileManager.default.fileExists(atPath: shipped) { return shipped }
        return beside
    }

    /// The weights of the features `names` (in that order) that the file at `path` holds.
    /// - Throws: ``ExtractionError`` naming the file and line for an unreadable file, an unknown
    ///   feature, a weight that is not a finite number, or a feature without a weight.
    static func weights(_ path: String, names: [String], model: String) throws(ExtractionError) -> [Double] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "cannot read the \(model)'s model (rebuild it with 'make train')")
        }
        var weights = [Double?](repeating: nil, count: names.count)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.hasPrefix("#"), !line.isEmpty, !line.hasPrefix("feature\t") else { continue }
            let cells = line.split(separator: "\t")
            guard cells.count >= 2, let index = names.firstIndex(of: String(cells[0])), let weight = Double(cells[1]), weight.isFinite else {
                throw .unreadable(path: path, reason: "line \(number + 1): expected a feature name and a weight, found '\(line.prefix(60))'")
            }
            weights[index] = weight
        }
        if let missing = weights.firstIndex(where: { $0 == nil }) {
            throw .unreadable(path: path, reason: "no weight for feature '\(names[missing])' (rebuild the model with 'make train')")
        }
        return weights.map { $0! }
    }

    /// The file's text: `header` lines as comments, then each feature's weight.
    static func text(header: [String], names: [String], weights: [Double]) -> String {
        var text = header.map { "# " + $0 + "\n" }.joined()
        text += "feature\tweight\n"
        for (name, weight) in zip(names, weights) { text += name + "\t" + String(format: "%.6f", weight) + "\n" }
        return text
    }

    /// A Swift case name in the files' snake_case: `nameExact` → `name_exact`.
    static func snakeCase(_ caseName: String) -> String {
        caseName.reduce(into: "") { snake, character in
            if character.isUppercase { snake += "_" + character.lowercased() } else { snake.append(character) }
        }
    }
}
