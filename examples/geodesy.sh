#!/usr/bin/env bash
# Workflow: exact geodesic distance between two places (longitude,latitude in degrees).
# Idlib (GeoNames 169389) to Aleppo (GeoNames 170063), on the WGS84 ellipsoid.
set -euo pipefail
EVENTMAP=${EVENTMAP:-eventmap}
OUT=${OUT:-out}
mkdir -p "$OUT"
"$EVENTMAP" distance 36.63393,35.93062 37.16117,36.20124 | tee "$OUT/idlib-aleppo-distance.tsv"
