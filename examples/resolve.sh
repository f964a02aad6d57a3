#!/usr/bin/env bash
# Workflow: resolve place names as news spells them, with the reason for each answer.
set -euo pipefail
EVENTMAP=${EVENTMAP:-eventmap}
OUT=${OUT:-out}
mkdir -p "$OUT"
"$EVENTMAP" resolve Jarabulus Cerablus "'Ayn 'Isa" Kobani Serêkaniyê Halep Cilvegozu "Idlib province" "Manbij, Syria" \
  --limit 1 | tee "$OUT/resolve.txt"
"$EVENTMAP" resolve --json --limit 3 "Moscow" "Ras al-Ain" > "$OUT/resolve.json"
echo "wrote $OUT/resolve.txt and $OUT/resolve.json"
