#!/usr/bin/env bash
# Workflow: "what happened where in these articles?": place mentions, then coded events, from the
# seed articles. The articles of 2017 carry no date of their own: --published gives it; the 2020
# article's dateline wins over it, and the 2016 article is coded with its own date.
set -euo pipefail
EVENTMAP=${EVENTMAP:-eventmap}
OUT=${OUT:-out}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT" "$OUT/articles-2017" "$OUT/articles-2016"
"$EVENTMAP" extract "$here/seeds" --mentions -o "$OUT/mentions.csv" --overwrite
cp "$here"/seeds/000_*.txt "$here"/seeds/001_*.txt "$here"/seeds/002_*.txt "$OUT/articles-2017/"
cp "$here"/seeds/003_*.txt "$here"/seeds/004_*.txt "$OUT/articles-2016/"
"$EVENTMAP" extract "$OUT/articles-2017" --published 2017-10-08 -o "$OUT/events-2017.geojson" --overwrite --table
"$EVENTMAP" extract "$OUT/articles-2016" --published 2016-08-24 -o "$OUT/events-2016.geojson" --overwrite --table
"$EVENTMAP" convert "$OUT/events-2017.geojson" "$OUT/events-2016.geojson" -o "$OUT/events.geojson" --overwrite -q
echo "wrote $OUT/mentions.csv (place mentions) and $OUT/events.geojson (coded events)"
