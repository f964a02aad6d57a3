#!/usr/bin/env bash
# make spark-demo: the Spark examples in local mode: within_border.py on the seed events and on
# 1,000,000 generated events, beside one eventmap process on the same file, with the wall time of
# each (one run each: a demonstration, not a benchmark); geoparse.py on the seed articles.
set -euo pipefail
cd "$(dirname "$0")/.."
SPARK_EXTRA_DEBS=bc source scripts/spark-env.sh
work=.build/spark-demo
rm -rf "$work"
mkdir -p "$work"
"$bin" convert Tests/Fixtures/seed-events.geojson -o "$work/seeds.csv" -q
echo "== generating 1,000,000 events (examples/spark/generate_events.py)"
"$venv/bin/python" examples/spark/generate_events.py 1000000 > "$work/events.csv"
for table in seeds events; do
  echo "== $table: one eventmap process"
  start=$(date +%s.%N)
  "$bin" query "$work/$table.csv" --within 30km --of border:TR-SY -f geojsonseq -o "$work/$table-single.geojsonl" --skip-invalid -q
  echo "   $(wc -l < "$work/$table-single.geojsonl") events kept in $(echo "$(date +%s.%N) - $start" | bc) s"
  echo "== $table: Spark local[2], each partition piped through eventmap query"
  start=$(date +%s.%N)
  PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
    examples/spark/within_border.py "$work/$table.csv" "$work/$table-spark" --eventmap "$bin" 2> "$work/$table-spark.log"
  echo "   in $(echo "$(date +%s.%N) - $start" | bc) s (Spark's start included); Parquet in $work/$table-spark/parquet"
  cat "$work/$table-spark/events"/part-* | cmp -s - "$work/$table-single.geojsonl" && echo "   the same events, byte for byte"
done
echo "== geoparsing the seed articles (three copies each): Spark local[2], extract per partition, merge per sub-event type"
"$venv/bin/python" examples/spark/make_articles.py --copies 3 seeds/ > "$work/articles.jsonl"
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
  examples/spark/geoparse.py "$work/articles.jsonl" "$work/articles-spark" --eventmap "$bin" --partitions 4 2> "$work/articles-spark.log"
"$bin" extract "$work/articles.jsonl" -f geojsonseq -o "$work/articles-single.geojsonl" -q
cmp -s <(sort "$work/articles-single.geojsonl") <(cat "$work/articles-spark/events"/part-* | sort) \
  && echo "   the same $(wc -l < "$work/articles-single.geojsonl") events as one eventmap extract; Parquet in $work/articles-spark/parquet"
