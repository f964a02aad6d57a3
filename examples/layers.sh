#!/usr/bin/env bash
# Workflow: the reference layers every question is asked against (border, M4, zones, countries).
set -euo pipefail
EVENTMAP=${EVENTMAP:-eventmap}
OUT=${OUT:-out}
mkdir -p "$OUT"
"$EVENTMAP" layers | tee "$OUT/layers.txt"
"$EVENTMAP" layers show border:TR-SY -o "$OUT/border-TR-SY.geojson" --overwrite
"$EVENTMAP" layers show zone:all -o "$OUT/zones.geojson" --overwrite
"$EVENTMAP" layers show road:M4 -o "$OUT/road-M4.geojson" --overwrite
