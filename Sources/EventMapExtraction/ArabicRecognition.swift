import EventMapGazetteer

/// The closed classes of Arabic news text that place recognition reads, as folded keys
/// (``NameKeys/fold(_:)``: hamza forms of alef, taa marbuta and alef maqsura already normalised).
enum ArabicCues {
    private static func keys(_ words: [String]) -> Set<String> { Set(words.map(NameKeys.fold)) }

    /// Words that name a place's kind before its name, and the English qualifier each gives the
    /// gazetteer query (nil: a cue that does not say the kind). "ريف إدلب" (the Idlib
    /// countryside), "أرياف" (countrysides) and "أنحاء" (the parts of) name the land around a
    /// town, which news means as the province of that name: they ask for a province where one has the name, and the town
    /// is meant where none has ("ريف جرابلس").
    static let kinds: [String: String?] = {
        let table: [(String, String?)] = [
            ("مدينة", "city"), ("مدينتي", "city"), ("مدن", "city"), ("بلدة", "town"), ("بلدتي", "town"), ("بلدات", "town"),
            ("قرية", "village"), ("قريتي", "village"), ("قرى", "village"), ("محافظة", "province"), ("محافظتي", "province"),
            ("محافظات", "province"), ("معبر", "crossing"), ("مخيم", "camp"), ("حي", "neighbourhood"), ("ناحية", nil),
            ("منطقة", nil), ("مناطق", nil), ("ريف", "province"), ("أرياف", "province"), ("أنحاء", "province"), ("قضاء", nil), ("مطار", nil), ("قاعدة", nil),
            ("العاصمة", nil), ("عاصمة", nil), ("ولاية", nil), ("إقليم", nil), ("جبل", nil), ("نهر", nil), ("سد", nil),
        ]
        return Dictionary(table.map { (NameKeys.fold($0.0), $0.1) }, uniquingKeysWith: { first, _ in first })
    }()

    /// Prepositions and words of direction and extent before a place ("في", "قرب", "شمال", "أطراف").
    /// Not "من", "على", "مع", "بين", "عن": they stand before people, groups and numbers as often as
    /// before places ("بدعم من فصائل", with support from factions).
    static let prepositions = keys([
        "في", "إلى", "الى", "قرب", "نحو", "عند", "داخل", "حول", "باتجاه", "تجاه", "حتى", "عبر", "شمال", "جنوب", "شرق", "غرب",
        "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "أطراف", "الأطراف", "محيط", "مشارف", "ضواحي", "مدخل", "الحدود", "حدود", "بالقرب", "ضمن",
    ])

    /// Generic words that open Arabic place names (mound, spring, village, monastery, caravanserai,
    /// bridge, well, cape, mother, father, palace, bath, castle, cave, farm, ruin, house): before a
    /// word the gazetteer does not know with them ("تل ملح", "كفر سجنة" written apart), they are
    /// the first word of that unknown name, not a place by themselves (تل alone is a Palestinian
    /// village's alternate name). The Arabic counterpart of ``Lexicon/toponymGenerics``.
    static let generics = keys([
        "تل", "تلة", "عين", "كفر", "دير", "خان", "جسر", "بئر", "بير", "رأس", "راس", "أم", "ام", "أبو", "ابو", "قصر", "حمام", "قلعة",
        "معرة", "معرة", "مزرعة", "خربة", "بيت",
    ])

    /// Conjunctions written onto the next word (and, so).
    static let conjunctions: [UInt8] = [UInt8(ascii: "U"), UInt8(ascii: "F")]
    /// Prepositions written onto the next word and taken off it: ب (in, at, by) and ل (to, for),
    /// both cues of a place. Not ك (like): it is rare before a place, and many Syrian names start
    /// with the letter (كفرنبودة, Kafr Nabudah, is not ك + فرنبودة).
    static let prepositionLetters: [UInt8] = [UInt8(ascii: "B"), UInt8(ascii: "L")]

    /// A word's forms with the clitics news attaches taken off, the word as written first: the
    /// conjunction و or ف, then the preposition ب or ل (and ل with the article, "للرقة", whose
    /// alef is not written: the form gets the article back). Each with how many letters were taken
    /// off the front and whether a preposition was among them. A form keeps at least
    /// `shortestStem` letters.
    static func forms(of key: String, shortestStem: Int = shortestStem) -> [(key: String, removed: Int, preposition: Bool)] {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, first >= 0x40 else { return [(key, 0, false)] }
        var result: [(key: String, removed: Int, preposition: Bool)] = [(key, 0, false)]
        var bases: [(bytes: ArraySlice<UInt8>, removed: Int)] = [(bytes[...], 0)]
        if conjunctions.contains(first), bytes.count - 1 >= shortestStem {
            bases.append((bytes.dropFirst(), 1))
            result.append((String(decoding: bytes.dropFirst(), as: UTF8.self), 1, false))
        }
        for base in bases {
            guard let letter = base.bytes.first, prepositionLetters.contains(letter), base.bytes.count - 1 >= shortestStem else { continue }
            let rest = base.bytes.dropFirst()
            if letter == UInt8(ascii: "L"), rest.first == UInt8(ascii: "L"), rest.count - 1 >= shortestStem {
                // ل + ال: "للرقة" is ل + الرقة.
                result.append(("A" + String(decoding: rest, as: UTF8.self), base.removed + 1, true))
            }
            result.append((String(decoding: rest, as: UTF8.self), base.removed + 1, true))
        }
        return result
    }

    /// The fewest letters a word keeps once clitics are taken off; the first word of a longer
    /// name may keep two ("وتل أبيض": تل أبيض).
    static let shortestStem = 3
    static let shortestStemInLongerName = 2

    /// True when a word (with or without clitics and the article) is a kind word: "مدينة" and
    /// "المدينة" are "city", never a place by themselves (not Medina).
    static func isKindWord(_ folded: String) -> Bool {
        forms(of: folded).contains { kinds[$0.key] != nil || ($0.key.hasPrefix("AL") && kinds[String($0.key.dropFirst(2))] != nil) }
    }

    /// True when a folded word is written in Arabic script (its key bytes are upper case).
    static func isArabic(_ folded: String) -> Bool {
        guard let first = folded.utf8.first else { return false }
        return first >= 0x40 && first <= 0x5E || first >= 0x7B
    }

    /// The kind cue among a word's forms, if any (the word itself, or with its clitics taken off).
    static func kind(_ folded: String) -> (word: String, qualifier: String?)? {
        for form in forms(of: folded, shortestStem: shortestCueWord) { if let qualifier = kinds[form.key] { return (form.key, qualifier) } }
        return nil
    }

    /// True when a word is a place preposition, alone or with clitics ("وفي", "وقرب").
    static func isPreposition(_ folded: String) -> Bool {
        forms(of: folded, shortestStem: shortestCueWord).contains { prepositions.contains($0.key) }
    }

    /// The fewest letters a cue word keeps once clitics are taken off (في, حي).
    static let shortestCueWord = 2
}

extension MentionExtractor {
    /// The most words an Arabic place name is looked up with ("مخيم اليرموك", "معبر باب الهوى",
    /// "شبه الجزيرة العربية").
    static let longestArabicName = 4

    /// Recognition for Arabic text, which has no capitals: every run of up to
    /// ``longestArabicName`` words is looked up in the gazetteer (longest first, the first word
    /// as written, then with its clitics taken off: "وإدلب", "بريف", "لمدينة"); names as the
    /// gazetteer writes them first, then, after a cue word, spelling variants by their consonants
    /// (a town GeoNames has only in Latin letters). A match that is one of Arabic's most frequent
    /// words (`common-words-ar.txt`: "الباب", the door; "عين", eye) is a place only after a kind
    /// word or place preposition ("مدينة الباب"), in a dateline, or as a country or a capital of
    /// ``largeCapital`` people. Names of groups and media are masked first. Demonyms ("التركية",
    /// "السوري") are evidence of their country, not mentions.
    func recogniseArabic(_ article: ArticleText, _ tokens: [Token], _ folded: [String]) -> Recognition {
        var sentenceOf = [Int](repeating: 0, count: tokens.count)
        for i in tokens.indices.dropFirst() { sentenceOf[i] = sentenceOf[i - 1] + (tokens[i].sentenceStart ? 1 : 0) }
        var recognition = Recognition(sentenceOf: sentenceOf)
        let common = lexicon.commonWords.words(.arabic)
        let masked = maskArabicNotPlaces(tokens, folded)
        var i = 0
        while i < tokens.count {
            guard ArabicCues.isArabic(folded[i]), !masked[i], !article.isBoilerplate(tokens[i].start) else { i += 1; continue }
            // Demonyms: evidence of their country, with or without the article.
            if let country = arabicDemonym(folded[i]) {
                if !country.isEmpty {
                    recognition.countryWeight[country, default: 0] += ContextEvidence.demonym
                    recognition.sentenceCountries[sentenceOf[i], default: []].insert(country)
                }
                i += 1
                continue
            }
            guard let span = arabicSpan(at: i, article, tokens, folded, masked: masked, common: common) else {
                // A generic opening a name the gazetteer lacks takes its next word along: "تل ملح"
                // is neither تل nor ملح (a village elsewhere).
                i += Self.opensUnknownName(at: i, tokens, folded) ? 2 : 1
                continue
            }
            recognition.spans.append(span)
            i = span.last + 1
        }
        return recognition
    }

    /// Whether the word at `i` is a generic (``ArabicCues/generics``, clitics taken off) followed
    /// by an Arabic word that is no kind word or preposition: the start of a name of two words.
    static func opensUnknownName(at i: Int, _ tokens: [Token], _ folded: [String]) -> Bool {
        guard i + 1 < tokens.count, tokens[i].following == nil, ArabicCues.isArabic(folded[i + 1]) else { return false }
        guard ArabicCues.forms(of: folded[i], shortestStem: ArabicCues.shortestStemInLongerName).contains(where: { ArabicCues.generics.contains($0.key) })
        else { return false }
        return !ArabicCues.isKindWord(folded[i + 1]) && !ArabicCues.isPreposition(folded[i + 1])
    }

    /// The country a word names as a demonym ("" for a people without a state), trying its forms
    /// without clitics and without the article ("والتركية" → التركية → تركية).
    private func arabicDemonym(_ word: String) -> String? {
        for form in ArabicCues.forms(of: word) {
            if let country = lexicon.demonym(form.key, in: .arabic) { return country }
            if form.key.hasPrefix("AL"), let country = lexicon.demonym(String(form.key.dropFirst(2)), in: .arabic) { return country }
        }
        return nil
    }

    /// The longest place name starting at token `i`, with its cue, or nil.
    private func arabicSpan(at i: Int, _ article: ArticleText, _ tokens: [Token], _ folded: [String], masked: [Bool], common: Set<String>) -> Span? {
        // A dateline: the first word of a line followed by a dash ("دمشق - ").
        let dateline = tokens[i].sentenceStart && (tokens[i].following == "-" || tokens[i].following == "—" || tokens[i].following == "–")
        var longest = 1
        while longest < Self.longestArabicName, i + longest < tokens.count, tokens[i + longest - 1].following == nil,
            ArabicCues.isArabic(folded[i + longest]), !masked[i + longest]
        {
            longest += 1
        }
        // Names as the gazetteer writes them first, at every length; spelling variants only when none.
        for variants in [false, true] {
            if let span = arabicSpan(at: i, longest: longest, variants: variants, article, tokens, folded, common: common, dateline: dateline) {
                return span
            }
        }
        return nil
    }

    /// The longest name at token `i` of one kind of match: names as written (`variants` false)
    /// or spelling variants; `longest` words at most.
    private func arabicSpan(
        at i: Int, longest: Int, variants: Bool, _ article: ArticleText, _ tokens: [Token], _ folded: [String], common: Set<String>,
        dateline: Bool
    ) -> Span? {
        let before = i > 0 && tokens[i - 1].following == nil && ArabicCues.isArabic(folded[i - 1]) ? folded[i - 1] : nil
        let kindBefore = before.flatMap(ArabicCues.kind)
        let prepositionBefore = before.map(ArabicCues.isPreposition) ?? false
        // A word before the name that says a place comes (a kind word, a place preposition), or a
        // dateline: what a frequent word or a spelling variant needs. (The clitic ب or ل on the
        // word itself is a cue too, but a weak one: "بالعملية" is "with the operation".)
        let strongCue = kindBefore != nil || prepositionBefore || dateline
        let startsWithCueWord = ArabicCues.isKindWord(folded[i]) || ArabicCues.isPreposition(folded[i])
        for count in stride(from: longest, through: 1, by: -1) {
            // Kind words and prepositions are never a place by themselves ("المدينة" is the city, not Medina).
            if count == 1 && startsWithCueWord { break }
            // A variant does not run into a frequent word ("القامشلي إن": Qamishli, then "that").
            if variants && folded[(i + 1)..<(i + count)].contains(where: { common.contains($0) }) { continue }
            let rest = folded[(i + 1)..<(i + count)].joined(separator: " ")
            let stem = count == 1 ? ArabicCues.shortestStem : ArabicCues.shortestStemInLongerName
            for form in ArabicCues.forms(of: folded[i], shortestStem: stem) {
                let key = count == 1 ? form.key : form.key + " " + rest
                let frequent = common.contains(form.key) || common.contains(folded[i])
                // A name the gazetteer has only in Latin letters is a spelling variant (its consonants
                // as a romanisation writes them: مرسين, Mersin), taken only after a cue word, never
                // from a frequent word or a run that starts with a cue word, and held to the
                // variant's bar (near the article's places).
                // (Nor from a word with a preposition taken off: ب and ل begin many names.)
                let variantAllowed = (kindBefore != nil || prepositionBefore) && !frequent && !startsWithCueWord && !form.preposition
                let level: Candidate.MatchLevel?
                if variants {
                    level = variantAllowed && gazetteer.recognisesVariant(folded: key) ? .variant : nil
                } else {
                    level = gazetteer.recognises(folded: key)
                }
                guard let level else { continue }
                // A generic before another Arabic word opens a name the gazetteer lacks ("تل ملح").
                if count == 1, ArabicCues.generics.contains(form.key), Self.opensUnknownName(at: i, tokens, folded) { continue }
                let last = i + count - 1
                let start = tokens[i].start + Self.scalars(ofLetters: form.removed, in: tokens[i].text)
                let text = article.slice(start, tokens[last].end)
                var cue: String?
                var query = text
                if let kindBefore {
                    cue = "'\(tokens[i - 1].text)' before it"
                    if let qualifier = kindBefore.qualifier { query = text + " " + qualifier }
                } else if form.preposition {
                    cue = "'\(tokens[i].text.unicodeScalars.prefix(Self.scalars(ofLetters: form.removed, in: tokens[i].text)).map(String.init).joined())' written onto it"
                } else if prepositionBefore {
                    cue = "'\(tokens[i - 1].text)' before it"
                } else if dateline {
                    cue = "dateline"
                }
                // One of Arabic's most frequent words ("وأن", and that; "الدولي", international) is a
                // place only with a cue, or as a country or a large capital named outright.
                if count == 1 && !strongCue && frequent {
                    let leader = gazetteer.resolve(query, options: ResolveOptions(focusCountries: [], limit: 1)).first?.place
                    guard let leader, leader.kind == .country || (leader.kind == .capital && leader.population >= Self.largeCapital) else { continue }
                }
                // (Not a sentence start for the acceptance bar: that bar is for English capitals, which
                // Arabic does not write.)
                var span = Span(
                    first: i, last: last, text: text, level: level, cue: cue, query: query, demonymCountry: nil, sentenceStart: false)
                span.leadingScalars = start - tokens[i].start
                return span
            }
        }
        return nil
    }

    /// A capital of at least this many people may be named by a frequent Arabic word without a
    /// cue ("واشنطن", "موسكو" as the subject of a verb); smaller ones need one.
    static let largeCapital = 500_000

    /// Tokens inside names of groups, operations and media (`not-places.tsv`: "درع الفرات",
    /// "قوات سوريا الديمقراطية", "وكالة الأناضول"), the longest name first, clitics allowed on
    /// its first word.
    private func maskArabicNotPlaces(_ tokens: [Token], _ folded: [String]) -> [Bool] {
        var masked = [Bool](repeating: false, count: tokens.count)
        var i = 0
        while i < tokens.count {
            var matched = 0
            if ArabicCues.isArabic(folded[i]) {
                var longest = 1
                while longest < lexicon.longestNotPlace, i + longest < tokens.count, tokens[i + longest - 1].following == nil { longest += 1 }
                search: for count in stride(from: longest, through: 1, by: -1) {
                    let rest = folded[(i + 1)..<(i + count)].joined(separator: " ")
                    for form in ArabicCues.forms(of: folded[i], shortestStem: ArabicCues.shortestStemInLongerName)
                    where lexicon.notPlaces[count == 1 ? form.key : form.key + " " + rest] != nil {
                        matched = count
                        break search
                    }
                }
            }
            for k in i..<(i + matched) { masked[k] = true }
            i += max(matched, 1)
        }
        return masked
    }

    /// How many scalars of `word` hold its first `letters` letters (marks such as shadda and
    /// tatweel belong to the letter before them).
    static func scalars(ofLetters letters: Int, in word: String) -> Int {
        guard letters > 0 else { return 0 }
        var seen = 0, count = 0
        for scalar in word.unicodeScalars {
            if !NameKeys.fold(String(scalar)).isEmpty {
                if seen == letters { return count }
                seen += 1
            }
            count += 1
        }
        return count
    }
}
