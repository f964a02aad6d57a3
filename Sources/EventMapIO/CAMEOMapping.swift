/// GDELT's CAMEO event codes mapped to ACLED's event types and sub-event types, so that a GDELT
/// file filters (`--type Battles`) and draws like an ACLED export.
///
/// The table follows the CAMEO 1.1b3 manual's root codes; a few sub-codes that name the weapon or
/// the act are mapped more finely. CAMEO codes verbal and diplomatic acts (roots 01–13, 16) that
/// ACLED does not code as events: they become Strategic developments / Other, so nothing is
/// dropped and `--type` can leave them out. The mapping is coarse by nature: GDELT's codes come
/// from machine coding of headlines, ACLED's from analysts.
///
/// | CAMEO | meaning | event_type | sub_event_type |
/// |---|---|---|---|
/// | 01–13, 16 | statements, appeals, cooperation, aid, demands, threats, reduced relations | Strategic developments | Other |
/// | 14 (not 145) | protest | Protests | Peaceful protest |
/// | 145 | protest violently, riot | Riots | Violent demonstration |
/// | 15 | exhibit military posture | Strategic developments | Other |
/// | 17 (not 173) | coerce | Strategic developments | Other |
/// | 173 | arrest, detain | Strategic developments | Arrests |
/// | 18 (not 181, 183) | assault | Violence against civilians | Attack |
/// | 181 | abduct, hijack, take hostage | Violence against civilians | Abduction/forced disappearance |
/// | 183 | suicide, car or other non-military bombing | Explosions/Remote violence | Suicide bomb (1831), Remote explosive/landmine/IED (others) |
/// | 19 (not 194, 195) | fight: small arms, blockade, occupy | Battles | Armed clash |
/// | 194 | fight with artillery and tanks | Explosions/Remote violence | Shelling/artillery/missile attack |
/// | 195 | employ aerial weapons | Explosions/Remote violence | Air/drone strike |
/// | 204 | use weapons of mass destruction | Explosions/Remote violence | Chemical weapon |
/// | 20 (not 204) | mass expulsion, killings, ethnic cleansing | Violence against civilians | Attack |
public enum CAMEOMapping {
    /// ACLED's type and sub-type for a CAMEO event code (`"190"`, `"1831"`, `"145"`); nil for a
    /// code that is not CAMEO's (empty, not digits, root outside 01–20).
    public static func acledType(eventCode: String) -> (type: String, subType: String)? {
        let code = eventCode.trimmingCharacters(in: .whitespaces)
        guard code.count >= 2, code.allSatisfy(\.isNumber), let root = Int(code.prefix(2)), (1...20).contains(root) else { return nil }
        let base = code.prefix(3)
        switch root {
        case 14: return base == "145" ? ("Riots", "Violent demonstration") : ("Protests", "Peaceful protest")
        case 17: return base == "173" ? ("Strategic developments", "Arrests") : ("Strategic developments", "Other")
        case 18:
            if base == "181" { return ("Violence against civilians", "Abduction/forced disappearance") }
            if base == "183" { return ("Explosions/Remote violence", code.hasPrefix("1831") ? "Suicide bomb" : "Remote explosive/landmine/IED") }
            return ("Violence against civilians", "Attack")
        case 19:
            if base == "194" { return ("Explosions/Remote violence", "Shelling/artillery/missile attack") }
            if base == "195" { return ("Explosions/Remote violence", "Air/drone strike") }
            return ("Battles", "Armed clash")
        case 20: return base == "204" ? ("Explosions/Remote violence", "Chemical weapon") : ("Violence against civilians", "Attack")
        default: return ("Strategic developments", "Other")
        }
    }

    /// ACLED's geo_precision for GDELT's `ActionGeo_Type`: 1 for a city or landmark (3 US city,
    /// 4 world city), 3 for a country (1) or a first-level division (2 US state, 5 world state),
    /// whose point is its centroid.
    public static func geoPrecision(actionGeoType: Int) -> Int? {
        switch actionGeoType {
        case 3, 4: return 1
        case 1, 2, 5: return 3
        default: return nil
        }
    }
}
