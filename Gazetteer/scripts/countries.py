#!/usr/bin/env python3
"""Writes Gazetteer/curated/countries.tsv: per country its ISO 3166-1 alpha-2 and alpha-3 codes,
English short name and demonym, for naming and coding actors ("Hungarian officials" →
Government of Hungary, HUN).

Source: the PyPI package countryinfo 1.0.1 (MIT licence), whose per-country JSON files carry
`ISO.alpha2`, `ISO.alpha3`, `name` and `demonym` (data of the REST Countries project). Countries
without an alpha-2 or alpha-3 code are left out; a demonym that is empty or the same as the name
is written as -.

Usage (from the repository root; needs countryinfo==1.0.1; `make countries`):
    python3 Gazetteer/scripts/countries.py > Gazetteer/curated/countries.tsv
"""
import glob
import json
import os

import countryinfo

rows = {}
for path in sorted(glob.glob(os.path.join(os.path.dirname(countryinfo.__file__), "data", "*.json"))):
    with open(path, encoding="utf-8") as f:
        info = json.load(f)
    iso = info.get("ISO") or {}
    alpha2, alpha3, name = iso.get("alpha2"), iso.get("alpha3"), info.get("name")
    if not (alpha2 and alpha3 and name):
        continue
    demonym = (info.get("demonym") or "").strip()
    if not demonym or demonym == name:
        demonym = "-"
    rows[alpha2] = (alpha2, alpha3, name.strip(), demonym)

print("# Countries: ISO 3166-1 alpha-2 and alpha-3 codes, English name and demonym, from the PyPI package")
print("# countryinfo 1.0.1 (MIT licence; REST Countries data). Rebuild: make countries")
print("# (python3 Gazetteer/scripts/countries.py > Gazetteer/curated/countries.tsv).")
print("alpha2\talpha3\tname\tdemonym")
for key in sorted(rows):
    print("\t".join(rows[key]))
