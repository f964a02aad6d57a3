#!/usr/bin/env bash
# Workflow: look inside a GeoJSON file before using it: feature count, extent, property names.
set -euo pipefail
EVENTMAP=${EVENTMAP:-eventmap}
OUT=${OUT:-out}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
"$EVENTMAP" info "$here/Tests/Fixtures/border-towns.geojson" | tee "$OUT/border-towns-info.txt"
