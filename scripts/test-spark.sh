#!/usr/bin/env bash
# make test-spark: the Spark jobs of examples/spark/ in local mode (2 cores) answer exactly as one
# eventmap process does, record for record: the border query on 10,000 generated events and on the
# seed events; geoparsing (extract per partition, events shuffled by sub-event type and merged) on
# the seed articles, three copies of each, and the ACLED fixture's notes.
# Installs what it needs: Debian's JRE and PyPI's pyspark (pinned) in .build/spark-venv.
# EVENTMAP_BIN names the binary (default: the release build, which make test has built).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/spark-env.sh
work=.build/spark-test
rm -rf "$work"
mkdir -p "$work"
"$venv/bin/python" examples/spark/generate_events.py 10000 > "$work/events.csv"
"$bin" convert Tests/Fixtures/seed-events.geojson -o "$work/seeds.csv" -q
for table in events seeds; do
  "$bin" query "$work/$table.csv" --within 30km --of border:TR-SY -f geojsonseq -o "$work/$table-single.geojsonl" --skip-invalid -q
  # Partitions of at most 200 kB: the 10,000 events come in several, in file order.
  PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/spark-submit" --master 'local[2]' --conf spark.sql.files.maxPartitionBytes=200000 \
    --conf spark.ui.enabled=false examples/spark/within_border.py "$work/$table.csv" "$work/$table-spark" --eventmap "$bin" 2> "$work/$table-spark.log" \
    || { tail -30 "$work/$table-spark.log"; exit 1; }
  partitions=$(ls "$work/$table-spark/events"/part-* | wc -l)
  cat "$work/$table-spark/events"/part-* > "$work/$table-spark.geojsonl"
  kept=$(wc -l < "$work/$table-single.geojsonl")
  if ! cmp -s "$work/$table-single.geojsonl" "$work/$table-spark.geojsonl"; then
    echo "test-spark: $table: Spark's output differs from one eventmap process's:"; diff "$work/$table-single.geojsonl" "$work/$table-spark.geojsonl" | head -5
    exit 1
  fi
  [ "$kept" -gt 0 ] || { echo "test-spark: $table: no event kept; the comparison would prove nothing"; exit 1; }
  echo "test-spark: $table: Spark ($partitions partitions, local[2]) kept the same $kept events as one eventmap process, byte for byte"
done

# Articles in, events out: the seeds three times over under different ids (the same events
# reported by several articles, joined across partitions) and the notes of the ACLED fixture
# (one of which has a date that is no date: left out and counted, not failing a task).
"$venv/bin/python" examples/spark/make_articles.py --copies 3 --acled Tests/Fixtures/acled/acled-syria-export.csv seeds Tests/Fixtures/articles \
  > "$work/articles.jsonl"
"$bin" extract "$work/articles.jsonl" --skip-invalid -f geojsonseq -o "$work/articles-single.geojsonl" -q
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
  examples/spark/geoparse.py "$work/articles.jsonl" "$work/articles-spark" --eventmap "$bin" --partitions 4 2> "$work/articles-spark.log" \
  || { tail -30 "$work/articles-spark.log"; exit 1; }
sort "$work/articles-single.geojsonl" > "$work/articles-single.sorted"
cat "$work/articles-spark/events"/part-* | sort > "$work/articles-spark.sorted"
if ! cmp -s "$work/articles-single.sorted" "$work/articles-spark.sorted"; then
  echo "test-spark: articles: Spark's events differ from one eventmap extract's:"; diff "$work/articles-single.sorted" "$work/articles-spark.sorted" | head -5
  exit 1
fi
events=$(wc -l < "$work/articles-single.sorted")
joined=$(grep -c '"source":"[^"]*; ' "$work/articles-single.sorted" || true)
[ "$events" -gt 0 ] && [ "$joined" -gt 0 ] || { echo "test-spark: articles: $events events, $joined joined across articles; the comparison would prove little"; exit 1; }
echo "test-spark: articles: Spark (4 partitions of articles, events shuffled by sub-event type and merged) wrote the same $events events as one eventmap extract, $joined of them joined from several articles"
