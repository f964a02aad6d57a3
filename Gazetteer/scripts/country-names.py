#!/usr/bin/env python3
"""Writes Gazetteer/curated/country-names.tsv: every country's name in Arabic, Turkish and
Sorani Kurdish, as Debian's `iso-codes` package translates ISO 3166-1 (LGPL-2.1-or-later;
https://salsa.debian.org/iso-codes-team/iso-codes). One row per (name, ISO 3166-1 alpha-2 code),
in the format of aliases.tsv, so that `eventmap gazetteer import --curated` adds the names to the
country's GeoNames record. Both the short (`common_name`) and the formal (`name`) forms are
translated where iso-codes translates them.

Usage: python3 Gazetteer/scripts/country-names.py > Gazetteer/curated/country-names.tsv
(needs Debian's iso-codes: apt-get install iso-codes)
"""
import gettext
import json
import sys

LANGUAGES = [("ar", "Arabic"), ("tr", "Turkish"), ("ckb", "Sorani Kurdish")]
codes = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
version = "unknown"
try:
    import subprocess
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"], capture_output=True, text=True).stdout or version
except OSError:
    pass

out = sys.stdout
out.write("# Country names in Arabic, Turkish and Sorani Kurdish, from Debian's iso-codes " + version + "\n")
out.write("# (ISO 3166-1 translations, LGPL-2.1-or-later). Rebuild: make country-names (Gazetteer/scripts/country-names.py).\n")
out.write("alias\ttarget\n")
seen = set()
for language, _ in LANGUAGES:
    translation = gettext.translation("iso_3166-1", localedir="/usr/share/locale", languages=[language])
    for country in sorted(codes, key=lambda c: c["alpha_2"]):
        for field in ("common_name", "name", "official_name"):
            english = country.get(field)
            if not english:
                continue
            local = translation.gettext(english).strip()
            if not local or "," in local or "\u060c" in local:
                continue  # an inverted form ("Korea, Republic of"), in Latin or Arabic commas
            if local == english and english.isascii():
                continue  # untranslated: the English name GeoNames already has
            key = (local, country["alpha_2"])
            if key not in seen:
                seen.add(key)
                out.write(f"{local}\t{country['alpha_2']}\n")
