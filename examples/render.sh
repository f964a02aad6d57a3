#!/usr/bin/env bash
# Workflow: "a map of the seed articles' events for a briefing": an SVG with the border, the M4
# and the zones, the events by type, labels, legend, scale bar; then a close-up of Jarablus.
set -euo pipefail
EVENTMAP=${EVENTMAP:-eventmap}
OUT=${OUT:-out}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
events="$OUT/events.geojson"   # coded by examples/extract.sh
[ -f "$events" ] || events="$here/Tests/Fixtures/seed-events.geojson"   # else the events coded by hand
"$EVENTMAP" render "$events" -o "$OUT/seed-map.svg" --overwrite \
  --layers border:TR-SY,road:M4,zone:all --title "Events in the seed articles, 2016–2020"
"$EVENTMAP" render "$events" -o "$OUT/jarablus.svg" --overwrite --width 800 \
  --layers border:TR-SY,zone:euphrates-shield --bbox 37.6,36.5,38.4,37.0 --title "Jarablus and Karkamış, August 2016"
echo "open $OUT/seed-map.svg (and $OUT/jarablus.svg) in a browser: the demo's maps"
