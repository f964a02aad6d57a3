import EventMapGazetteer

// MARK: Stage 7: places the gazetteer lacks

/// Villages, quarters and hamlets below GeoNames' `cities500` are most of what conflict
/// reporting names and the gazetteer cannot list them all. When the text itself says a name is
/// a settlement ("the village of Khan Tuman", "the Bustan al-Qasr neighbourhood") and puts it in
/// or near a place the gazetteer knows ("south of Aleppo", "in Idlib's countryside", "the
/// Syrian town of"), the name is a mention of its own, placed at that larger place and marked
/// ``PlaceMention/unlisted``: found, with a point that stands for an extent, never a made-up
/// point for the village.
extension MentionExtractor {
    /// Settlement nouns before "of" that make the capitalised words after them a place's name
    /// ("the village of Khan Tuman", "the towns of Kafr Naya and Tell Touqan").
    static let settlementHeads: WordSet = [
        "village", "villages", "town", "towns", "city", "hamlet", "hamlets", "neighbourhood", "neighbourhoods", "neighborhood",
        "neighborhoods", "suburb", "suburbs", "township", "settlement", "subdistrict", "municipality",
    ]
    /// Settlement nouns written after a name, with "the" or a preposition before it ("in the
    /// Sheikh Maqsoud neighbourhood", "near Kafr Naya village").
    static let settlementTails: WordSet = [
        "village", "town", "hamlet", "neighbourhood", "neighborhood", "suburb", "township", "subdistrict", "district", "quarter",
        "area",
    ]
    /// The kinds (``TurkishCues/kind(_:at:)``'s qualifiers) of Turkish settlement words that make
    /// the capitalised words before them a settlement's name: köy, belde and kasaba, mahalle.
    static let turkishSettlements: Set<String> = ["village", "town", "neighbourhood"]
    /// How far before a Turkish settlement's name the place holding it may end, in words
    /// ("Akçakale ilçesine bağlı Yürüyenler köyü": 2; "Tel Abyad'ın doğusundaki kırsal X köyü": 3).
    static let turkishContainerReach = 6
    /// The kinds (``ArabicCues/kinds``' qualifiers) of Arabic words that make the words after
    /// them a settlement's name: قرية and قرى, بلدة and بلدات, حي.
    static let arabicSettlements: Set<String> = ["village", "town", "neighbourhood"]
    /// The most words of an Arabic village's name after its kind word ("تل الشيخ علي": 3); a run
    /// that goes on without reaching a place is not taken.
    static let longestArabicVillageName = 3
    /// How far after an Arabic village's name the place holding it may begin, in words
    /// ("في ريف إدلب الجنوبي": 2 before إدلب).
    static let arabicContainerReach = 4
    /// Arabic directions after a place or a countryside ("الجنوبي", "الشمالية"), folded.
    static let arabicDirections: Set<String> = Set(
        ["الجنوبي", "الشمالي", "الشرقي", "الغربي", "الجنوبية", "الشمالية", "الشرقية", "الغربية", "الشمالي الغربي", "الجنوبي الشرقي"]
            .map(NameKeys.fold))
    /// Whether an Arabic word leads from a village's name to the place holding it: a place
    /// preposition ("في", "قرب", "شمال"), a kind word ("ريف", "بريف", "محافظة") or a direction.
    static func arabicLink(_ folded: String) -> Bool {
        ArabicCues.isPreposition(folded) || ArabicCues.kind(folded) != nil || arabicDirections.contains(folded)
    }
    /// Settlement nouns after a name that name a part of a larger place, which "of" then names
    /// ("the Sheikh Maqsoud neighbourhood of Aleppo", "the Jobar district of Damascus").
    static let quarterNouns: WordSet = ["neighbourhood", "neighborhood", "suburb", "subdistrict", "district", "quarter", "area"]
    /// Words that take a place as their object and so make an unknown name after them a place
    /// when the text puts it in or near a known one ("recaptured Sukayk in the southern
    /// countryside of Idlib", "clashes near Tal Maleh, north of Hama"): seizing, besieging,
    /// shelling, and "near".
    static let placeTakingWords: WordSet = [
        "captured", "recaptured", "seized", "retook", "overran", "stormed", "liberated", "encircled", "besieged", "entered",
        "shelled", "bombed", "near",
    ]
    /// Lower-case words besides directions (``MentionExtractor/directions``) that may stand
    /// between a name and the place that contains it, in the same sentence: "Khan Tuman, about 15
    /// km south-west of Aleppo", "Kafr Naya in northern Aleppo province", "Tell Touqan, in the
    /// eastern countryside of Idlib".
    static let containerLinks: WordSet = [
        "in", "near", "outside", "of", "the", "at", "on", "by", "close", "to", "from", "nearby", "countryside", "rural", "province",
        "governorate", "area", "region", "district", "outskirts", "about", "some", "around", "roughly", "km", "kilometres",
        "kilometers", "kms", "miles", "mi", "part", "just", "a", "few",
    ]
    /// Words besides directions between a place and the settlement noun after it that leave the
    /// place the settlement's container: "the Aleppo village of", "Idlib's southern town of",
    /// "the northern Syrian border town of"; and who holds it, "the Syrian rebel-held village of".
    static let containerModifiers: WordSet = [
        "border", "frontline", "front-line", "nearby", "small", "tiny", "remote", "rural", "mountain", "mountainous", "desert",
        "coastal", "riverside", "besieged", "strategic", "key", "countryside", "province", "provincial", "governorate",
    ]
    /// How far from the town the text puts it near a settlement the gazetteer has by the name
    /// may lie, in kilometres: the reach of a governorate, since news names a province by its
    /// capital ("Sousa area (Deir ez-Zor)": As Sūsah, 110 km from the city of Deir ez-Zor).
    static let listedReachKilometres = 150.0
    /// The most words an unlisted name has ("Khirbet al-Joz", "Tal Bajer al-Kabir").
    static let unlistedNameWords = 5
    /// How far after a name its container may begin, in words ("Khan Tuman, about 15 km
    /// south-west of Aleppo": 7).
    static let containerReach = 9

    /// The names the text calls settlements that no recognised name covers, each placed at the
    /// place the text puts it in, and their other occurrences in the article.
    func unlistedPlaces(
        _ mentions: [PlaceMention], _ recognised: Recognition, _ article: ArticleText, _ tokens: [Token], _ folded: [String]
    ) -> [PlaceMention] {
        // Cheap test first: most articles have no cue before or after a capitalised word.
        // (Capitals first: a Bool before a hash. A cue whose name the recognition knows, "near
        // Aleppo", is no unlisted name's.)
        let spans = recognised.spans
        /// Whether token `t` is a word of a recognised name (spans are in text order).
        func recognisedWord(_ t: Int) -> Bool {
            var low = 0, high = spans.count
            while low < high {
                let middle = (low + high) / 2
                if spans[middle].last < t { low = middle + 1 } else { high = middle }
            }
            return low < spans.count && spans[low].first <= t
        }
        var cued = false
        for i in tokens.indices where article.language == .turkish && i > 0 && tokens[i - 1].capitalised && !tokens[i].capitalised {
            if !recognisedWord(i - 1), let qualifier = TurkishCues.kind(folded, at: i)?.qualifier, Self.turkishSettlements.contains(qualifier) {
                cued = true
                break
            }
        }
        for i in tokens.indices where article.language == .arabic && !cued && i + 1 < tokens.count && !recognisedWord(i + 1) {
            if let qualifier = ArabicCues.kind(folded[i])?.qualifier, Self.arabicSettlements.contains(qualifier) { cued = true }
        }
        for i in tokens.indices where article.language == .english && !cued && !tokens[i].capitalised {
            if i + 1 < tokens.count, tokens[i + 1].capitalised, Self.placeTakingWords.contains(folded[i]), !recognisedWord(i + 1) { cued = true }
            if i + 2 < tokens.count, tokens[i + 2].capitalised, folded[i + 1] == "of", Self.settlementHeads.contains(folded[i]),
                !recognisedWord(i + 2)
            {
                cued = true
            }
            if i > 0, tokens[i - 1].capitalised, Self.settlementTails.contains(folded[i]), !recognisedWord(i - 1) { cued = true }
            if cued { break }
        }
        guard cued else { return [] }
        // Words of the article's mentions and masked words are no unlisted name's; a recognised
        // name that was not accepted may be ("al-Jurd" of "Birat al-Jurd").
        var covered = recognised.masked.count == tokens.count ? recognised.masked : [Bool](repeating: false, count: tokens.count)
        /// The token ending at scalar `offset`; nil when none does.
        func token(endingAt offset: Int) -> Int? {
            var low = 0, high = tokens.count
            while low < high {
                let middle = (low + high) / 2
                if tokens[middle].end < offset { low = middle + 1 } else { high = middle }
            }
            return low < tokens.count && tokens[low].end == offset ? low : nil
        }
        /// The token whose scalars hold `offset`.
        func token(containing offset: Int) -> Int? {
            var low = 0, high = tokens.count
            while low < high {
                let middle = (low + high) / 2
                if tokens[middle].end <= offset { low = middle + 1 } else { high = middle }
            }
            return low < tokens.count && tokens[low].start <= offset ? low : nil
        }
        // Placed mentions by their first and last words.
        var placedAt: [Int: PlaceMention] = [:]
        var placedEndingAt: [Int: PlaceMention] = [:]
        for mention in mentions where mention.place != nil {
            // (An Arabic mention starts after its word's clitics: "بإدلب" is ب + إدلب.)
            guard let first = token(containing: mention.start), let last = token(endingAt: mention.end) else { continue }
            for t in first...last { covered[t] = true }
            placedAt[first] = mention
            placedEndingAt[last] = mention
        }
        let sentenceOf = recognised.sentenceOf

        /// Whether token `i` may be a word of an unlisted name.
        func nameWord(_ i: Int) -> Bool {
            i < tokens.count && !covered[i] && (tokens[i].capitalised || tokens[i].allCaps) && !Self.runBreakers.contains(folded[i])
                && !Lexicon.titles.contains(folded[i]) && !Lexicon.neverPlaces.contains(folded[i])
        }
        /// The name starting at token `i`: capitalised words, joined by connectors ("Bustan al
        /// Qasr"), up to punctuation; nil when token `i` starts none.
        func name(from i: Int) -> ClosedRange<Int>? {
            guard nameWord(i) else { return nil }
            var last = i
            while tokens[last].following == nil, !tokens[last].possessive, last - i + 1 < Self.unlistedNameWords {
                if nameWord(last + 1) {
                    last += 1
                } else if last + 2 < tokens.count, Self.connectors.contains(folded[last + 1]), tokens[last + 1].following == nil,
                    nameWord(last + 2)
                {
                    last += 2
                } else {
                    break
                }
            }
            return i...last
        }
        /// The placed mention that the name ending at `last` is in or near, written after it.
        func containerAfter(_ last: Int) -> PlaceMention? {
            var t = last + 1
            while t < tokens.count, t <= last + Self.containerReach, sentenceOf[t] == sentenceOf[last] {
                // (A place right after the name, with nothing between, is the rest of its name.)
                if let mention = placedAt[t], t > last + 1 || tokens[last].following != nil { return mention.role == .demonym ? nil : mention }
                let word = folded[t]
                // ("south-west" is folded to "south west".)
                let link = word.split(separator: " ").allSatisfy { Self.directions.contains(String($0)) || Self.containerLinks.contains(String($0)) }
                guard !tokens[t].capitalised, link || word.allSatisfy(\.isNumber) else { return nil }
                t += 1
            }
            return nil
        }
        /// The placed mention or demonym written before the settlement noun at `noun`: "the
        /// Aleppo village of", "Idlib's southern town of", "the Syrian border town of".
        func containerBefore(_ noun: Int) -> PlaceMention? {
            var t = noun - 1
            while t >= 0, noun - t <= 3, sentenceOf[t] == sentenceOf[noun] {
                // (Demonyms are among the placed mentions: "the Syrian town of".)
                if let mention = placedEndingAt[t] { return mention }
                guard Self.directions.contains(folded[t]) || Self.containerModifiers.contains(folded[t]) || folded[t].hasSuffix("held") else {
                    return nil
                }
                t -= 1
            }
            return nil
        }

        /// The text's words for a settlement noun, singular ("villages" → "village").
        func calls(_ noun: Int) -> String {
            let word = folded[noun]
            let noun = word.hasSuffix("s") ? String(word.dropLast()) : word
            return "the text calls it " + ("aeiou".contains(noun.first ?? "x") ? "an " : "a ") + noun
        }
        var found: [(names: [ClosedRange<Int>], cue: String, container: PlaceMention)] = []
        var i = 0
        while i < tokens.count, article.language == .turkish {
            // "Reyhanlı ilçesine bağlı Kuşaklı köyünde": the capitalised words before a
            // settlement's kind word, placed at the nearest place before them in the sentence.
            defer { i += 1 }
            guard i > 0, !tokens[i].capitalised, nameWord(i - 1), !tokens[i - 1].hasCaseEnding, tokens[i - 1].following == nil,
                let kind = TurkishCues.kind(folded, at: i), let qualifier = kind.qualifier, Self.turkishSettlements.contains(qualifier)
            else { continue }
            var first = i - 1
            while first > 0, i - first < Self.unlistedNameWords, nameWord(first - 1), tokens[first - 1].following == nil,
                !tokens[first - 1].hasCaseEnding, !tokens[first - 1].possessive
            {
                first -= 1
            }
            var t = first - 1
            while t >= 0, first - t <= Self.turkishContainerReach, sentenceOf[t] == sentenceOf[first] {
                if let container = placedEndingAt[t] {
                    found.append(([first...(i - 1)], "the text calls it a \(qualifier) ('\(tokens[i].text)')", container))
                    break
                }
                if tokens[t].capitalised { break }
                t -= 1
            }
        }
        while i < tokens.count, article.language == .arabic {
            // "قصفت قوات النظام قرية كفرسجنة بريف إدلب الجنوبي": the words after a settlement's kind
            // word, up to the words that lead to a place resolved after them.
            defer { i += 1 }
            guard let kind = ArabicCues.kind(folded[i]), let qualifier = kind.qualifier, Self.arabicSettlements.contains(qualifier) else { continue }
            var last = i
            var reached: PlaceMention?
            while last + 1 < tokens.count, last - i < Self.longestArabicVillageName, tokens[last].following == nil,
                !covered[last + 1], ArabicCues.isArabic(folded[last + 1]), !Self.arabicLink(folded[last + 1])
            {
                last += 1
            }
            guard last > i, tokens[last].following == nil || tokens[last].following == "," else { continue }
            // The place: after link words only ("بريف", "في", "شمال", "الجنوبي"), in the sentence.
            var t = last + 1
            while t < tokens.count, t <= last + Self.arabicContainerReach, sentenceOf[t] == sentenceOf[last] {
                // (A place right after the words, with nothing between, is the rest of their name.)
                if let mention = placedAt[t], t > last + 1 || tokens[last].following != nil {
                    reached = mention
                    break
                }
                guard Self.arabicLink(folded[t]) else { break }
                t += 1
            }
            guard let container = reached else { continue }
            found.append(([(i + 1)...last], "the text calls it a \(qualifier) ('\(tokens[i].text)')", container))
            i = last
        }
        while i < tokens.count, article.language == .english {
            let word = folded[i]
            // "the village of X", "the villages of X, Y and Z".
            if Self.settlementHeads.contains(word), !tokens[i].capitalised, tokens[i].following == nil, i + 2 < tokens.count,
                folded[i + 1] == "of", tokens[i + 1].following == nil
            {
                var names: [ClosedRange<Int>] = []
                var t = i + 2
                let plural = word.hasSuffix("s")
                while t < tokens.count {
                    if let range = name(from: t) {
                        names.append(range)
                        t = range.upperBound + 1
                    } else if let mention = placedAt[t], mention.role != .demonym, let last = token(endingAt: mention.end) {
                        // A listed name in the same list ("the villages of Kafr Naya and Tal Rifaat").
                        t = last + 1
                    } else {
                        break
                    }
                    guard plural, t < tokens.count else { break }
                    if tokens[t - 1].following == "," {
                        if folded[t] == "and" || folded[t] == "or" { t += 1 }
                        continue
                    }
                    if tokens[t - 1].following == nil, folded[t] == "and" || folded[t] == "or" {
                        t += 1
                        continue
                    }
                    break
                }
                if let lastName = names.last, let container = containerAfter(max(lastName.upperBound, t - 1)) ?? containerBefore(i) {
                    found.append((names, calls(i), container))
                }
                i = max(i + 1, t)
                continue
            }
            // "recaptured Sukayk in the countryside of Idlib", "near Tal Maleh, north of Hama".
            if Self.placeTakingWords.contains(word), !tokens[i].capitalised, tokens[i].following == nil, let range = name(from: i + 1),
                !tokens[range.upperBound].possessive, let container = containerAfter(range.upperBound), container.role != .demonym
            {
                found.append(([range], "it follows '\(tokens[i].text)'", container))
                i = range.upperBound + 1
                continue
            }
            // "in the Sheikh Maqsoud neighbourhood", "near Kafr Naya village", and at a sentence's
            // start: "Kafr Sajna village in southern Idlib was shelled".
            if i + 1 < tokens.count, nameWord(i),
                tokens[i].sentenceStart
                    || (i > 0 && !nameWord(i - 1) && !tokens[i - 1].capitalised
                        && (folded[i - 1] == "the" || Lexicon.placePrepositions.contains(folded[i - 1]))),
                let range = name(from: i), range.upperBound + 1 < tokens.count,
                Self.settlementTails.contains(folded[range.upperBound + 1]), !tokens[range.upperBound + 1].capitalised,
                // (Not "the Urals town of Pervouralsk": before a settlement's own noun and "of", the
                // name is the container; before a quarter's, the place after "of" is: "the Sheikh
                // Maqsoud neighbourhood of Aleppo".)
                range.upperBound + 2 >= tokens.count || folded[range.upperBound + 2] != "of"
                    || Self.quarterNouns.contains(folded[range.upperBound + 1]),
                let container = containerAfter(range.upperBound + 1) ?? containerBefore(i > 1 && folded[i - 1] == "the" ? i - 1 : i)
            {
                found.append(([range], calls(range.upperBound + 1), container))
                i = range.upperBound + 2
                continue
            }
            i += 1
        }
        guard !found.isEmpty else { return [] }

        var result: [PlaceMention] = []
        var placedNames: [String: (container: PlaceMention, cue: String)] = [:]
        for (names, cue, container) in found {
            for range in names {
                let text = article.slice(tokens[range.lowerBound].start, tokens[range.upperBound].end)
                placedNames[NameKeys.fold(text)] = placedNames[NameKeys.fold(text)] ?? (container, cue)
                result.append(unlisted(text, range, container: container, cue: cue, tokens, article))
                for t in range { covered[t] = true }
            }
        }
        // The same names elsewhere in the article, without their noun ("Residents of Khan Tuman
        // fled"): the longest placed name starting at each word that no name runs into.
        let longest = placedNames.keys.map { $0.split(separator: " ").count }.max() ?? 1
        var t = 0
        while t < tokens.count {
            guard nameWord(t), t == 0 || !nameWord(t - 1) || tokens[t - 1].following != nil else {
                t += 1
                continue
            }
            var matched: ClosedRange<Int>?
            for end in stride(from: min(tokens.count - 1, t + longest + 1), through: t, by: -1) where (t...end).allSatisfy({ !covered[$0] }) {
                if end + 1 < tokens.count && nameWord(end + 1) && tokens[end].following == nil { continue }
                let text = article.slice(tokens[t].start, tokens[end].end)
                if let (container, cue) = placedNames[NameKeys.fold(text)] {
                    result.append(unlisted(text, t...end, container: container, cue: cue + " elsewhere in the article", tokens, article))
                    matched = t...end
                    break
                }
            }
            t = (matched?.upperBound ?? t) + 1
        }
        return result
    }

    /// The mention of `text` at words `range`, which the text makes a place by `cue` ("the
    /// text calls it a village") and puts in or near `container`: the place of that name the gazetteer has inside the container (a name
    /// recognition leaves alone: "the Turkish city of Van", three letters), else the name
    /// placed at the container and marked unlisted.
    private func unlisted(
        _ text: String, _ range: ClosedRange<Int>, container: PlaceMention, cue: String, _ tokens: [Token], _ article: ArticleText
    ) -> PlaceMention {
        let outer = container.place!
        let containerText = container.role == .demonym ? "the country of '\(container.text)'" : "'\(container.text)'"
        let start = tokens[range.lowerBound].start, end = tokens[range.upperBound].end
        if let listed = listed(text, within: outer) {
            return PlaceMention(
                text: text, start: start, end: end, source: article.source, place: listed.place, role: .place, score: container.score,
                reason: "\(listed.reason); \(cue), in or near \(outer.name) (\(containerText))", language: article.language)
        }
        var mention = PlaceMention(
            text: text, start: start, end: end, source: article.source, place: outer, role: .place, score: container.score,
            reason: "\(cue) and no place of the gazetteer has the name '\(text)': placed at \(outer.name) "
                + "(\(outer.kind), \(outer.countryCode)), \(containerText), where the text puts it; the point stands for that place, not for \(text)",
            language: article.language)
        mention.unlisted = true
        return mention
    }

    /// The place the gazetteer has by `name` as written, by an alternate name or without
    /// articles (no spelling variants) in `container`'s country and first-level division.
    private func listed(_ name: String, within container: Place) -> Candidate? {
        guard !container.countryCode.isEmpty else { return nil }
        var options = ResolveOptions(
            countries: [container.countryCode], near: container.coordinate, focusCountries: [container.countryCode], limit: 5)
        options.nearIs = container.name
        options.focusIs = "the country the text puts it in"
        guard let candidates = try? gazetteer.resolve(name, options: options) else { return nil }
        let division = Self.divisionKey(container)
        let town = container.kind == .populatedPlace || container.kind == .capital
        return candidates.first { candidate in
            let place = candidate.place
            guard candidate.matchLevel <= .compact, place.geonameid != container.geonameid,
                place.kind == .populatedPlace || place.kind == .capital
            else { return false }
            if container.kind == .country { return true }
            guard Self.divisionKey(place) == division else { return false }
            return !town || Gazetteer.sphericalKilometres(place.coordinate, container.coordinate) <= Self.listedReachKilometres
        }
    }
}
