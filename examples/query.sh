#!/usr/bin/env bash
# Workflow: "which events are within 30 km of the border?" (exact geodesic distance on WGS84).
set -euo pipefail
EVENTMAP=${EVENTMAP:-eventmap}
OUT=${OUT:-out}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
towns="$here/Tests/Fixtures/border-towns.geojson"
echo "towns within 10 km of the Turkey–Syria border: $("$EVENTMAP" query "$towns" --within 10km --of border:TR-SY --count)"
"$EVENTMAP" query "$towns" --within 10km --of border:TR-SY -o "$OUT/near-border.csv" --overwrite
"$EVENTMAP" query "$towns" --inside zone:idlib-deescalation --nearest border:TR-SY -o "$OUT/idlib-zone.geojson" --overwrite
echo "wrote $OUT/near-border.csv (with distance_km) and $OUT/idlib-zone.geojson (with nearest_km)"
