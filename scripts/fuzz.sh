#!/usr/bin/env bash
# Runs the libFuzzer target of each reader (make fuzz, make fuzz-smoke).
#   scripts/fuzz.sh SECONDS [RUNS]   each reader for SECONDS, or until RUNS executions if given
#   FUZZ_READERS="csv kml" scripts/fuzz.sh ...   only these readers
# Seeds come from the test fixtures; crashes and timeouts land in .build-fuzz/crashes/ and fail
# the run (keep a crash as Tests/Fixtures/fuzz/READER/NAME, with a test, once it is fixed).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-30}"
RUNS="${2:-}"
FUZZ_DIR=.build-fuzz
BIN="$(swift build -c release --product eventmap-fuzz --scratch-path "$FUZZ_DIR" --show-bin-path)/eventmap-fuzz"
[ -x "$BIN" ] || { echo "fuzz: $BIN is missing: run make fuzz" >&2; exit 1; }
mkdir -p "$FUZZ_DIR/crashes"

seed() {  # seed READER: fills $FUZZ_DIR/corpus/READER from the fixtures
  local reader="$1" dir="$FUZZ_DIR/corpus/$1"
  mkdir -p "$dir"
  case "$reader" in
    geojson) cp Tests/Fixtures/*.geojson "$dir/" ;;
    geojsonseq) python3 -c 'import json,sys; [print(json.dumps(f)) for f in json.load(open(sys.argv[1]))["features"][:5]]' \
                  Tests/Fixtures/border-towns.geojson > "$dir/towns.geojsonl" ;;
    csv) cp Tests/Fixtures/acled/*.csv "$dir/" ;;
    kml) cp Tests/Fixtures/kml/*.kml "$dir/" ;;
    gpkg)  # small files (libFuzzer cuts inputs at -max_len): no R-tree, 512-byte pages; points and every other geometry type
      rm -f "$dir"/*.gpkg
      ogr2ogr -f GPKG "$dir/towns.gpkg" Tests/Fixtures/border-towns.geojson -lco SPATIAL_INDEX=NO
      printf '%s' '{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"kind":"line"},"geometry":{"type":"LineString","coordinates":[[36,36],[37,36.5]]}},
        {"type":"Feature","properties":{"kind":"zone"},"geometry":{"type":"Polygon","coordinates":[[[36,36],[37,36],[37,37],[36,36]],[[36.2,36.1],[36.5,36.1],[36.5,36.4],[36.2,36.1]]]}},
        {"type":"Feature","properties":{"kind":"zones"},"geometry":{"type":"MultiPolygon","coordinates":[[[[38,36],[39,36],[39,37],[38,36]]]]}},
        {"type":"Feature","properties":{"kind":"points"},"geometry":{"type":"MultiPoint","coordinates":[[36,36],[37,37]]}},
        {"type":"Feature","properties":{"kind":"lines"},"geometry":{"type":"MultiLineString","coordinates":[[[36,36],[37,37]],[[38,38],[39,39]]]}},
        {"type":"Feature","properties":{"kind":"mixed"},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[36,36]},{"type":"LineString","coordinates":[[36,36],[37,37]]}]}}]}' > "$dir/shapes.geojson"
      ogr2ogr -f GPKG "$dir/shapes.gpkg" "$dir/shapes.geojson" -nlt GEOMETRY -lco SPATIAL_INDEX=NO
      rm -f "$dir/shapes.geojson"
      for f in "$dir"/*.gpkg; do python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA page_size=512"); c.execute("VACUUM")' "$f"; done ;;
    gdelt) python3 -c 'import gzip,sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())' \
             Tests/Fixtures/gdelt/20191010120000.export.CSV.gz > "$dir/events.export.CSV" ;;
    article) cp seeds/*.txt "$dir/" 2>/dev/null || true ;;
  esac
  if [ -d "Tests/Fixtures/fuzz/$reader" ]; then cp "Tests/Fixtures/fuzz/$reader"/* "$dir/"; fi
}

status=0
printf '%-11s %10s %8s %s\n' reader runs seconds result
for reader in ${FUZZ_READERS:-geojson geojsonseq csv kml gpkg gdelt article}; do
  seed "$reader"
  log="$FUZZ_DIR/$reader.log"
  limit=(-max_total_time="$SECONDS_EACH")
  [ -n "$RUNS" ] && limit+=(-runs="$RUNS")
  # Leak checks off: Foundation keeps caches for the process's life, which LeakSanitizer reports.
  if ASAN_OPTIONS=detect_leaks=0 EVENTMAP_FUZZ_FORMAT="$reader" "$BIN" "$FUZZ_DIR/corpus/$reader" "${limit[@]}" \
       -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$FUZZ_DIR/crashes/$reader-" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log and $FUZZ_DIR/crashes/)"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  took=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "$SECONDS_EACH")
  printf '%-11s %10s %8s %s\n' "$reader" "$runs" "$took" "$result (${rate}/s)"
done
exit $status
