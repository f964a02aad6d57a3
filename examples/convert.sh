#!/usr/bin/env bash
# Workflow: hand events to colleagues in the format they use: GeoPackage for QGIS (with the
# border and zones as extra layers, styled), KML for Google Earth, CSV for spreadsheets.
set -euo pipefail
EVENTMAP=${EVENTMAP:-eventmap}
OUT=${OUT:-out}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
towns="$here/Tests/Fixtures/border-towns.geojson"
"$EVENTMAP" convert "$towns" -o "$OUT/project.gpkg" --layers border:TR-SY,road:M4,zone:all --overwrite
"$EVENTMAP" convert "$towns" -o "$OUT/border-towns.kml" --overwrite
"$EVENTMAP" convert "$towns" -o "$OUT/border-towns.csv" --overwrite
"$EVENTMAP" info "$OUT/project.gpkg" | head -12
