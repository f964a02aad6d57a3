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
    gpkg) rm -f "$dir/towns.gpkg"; ogr2ogr -f GPKG "$dir/towns.gpkg" Tests/Fixtures/border-towns.geojson ;;
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
  took=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  printf '%-11s %10s %8s %s\n' "$reader" "$runs" "$SECONDS_EACH" "$result (${took}/s)"
done
exit $status
