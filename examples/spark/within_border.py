"""Events within a distance of a reference layer, on Apache Spark, exactly.

Each partition of the events table is piped through `eventmap query` (the exact geodesic kernel:
the same binary and answer as on one machine), and the events it keeps come back as GeoJSON
sequence lines, which the job writes as text (one line per event, partitions in order) and as a
Parquet table.

    spark-submit within_border.py INPUT OUTPUT [--eventmap PATH] [--within 30km] [--of border:TR-SY]
                                  [--partitions N]

INPUT is a CSV with a header row (ACLED's columns: latitude, longitude, event_date, ...) or a
Parquet table (a folder or a .parquet file). OUTPUT is a folder: OUTPUT/events (text, GeoJSON
sequence) and OUTPUT/parquet. Records EventMap cannot read are left out, counted on each task's
stderr, never fail the task (--skip-invalid).
"""

import argparse
import csv
import io
import json
import shlex

from pyspark.sql import SparkSession


def csv_line(values):
    """One CSV record (RFC 4180 quoting; a quoted cell may hold line breaks)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(["" if value is None else value for value in values])
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--eventmap", default="eventmap", help="the eventmap binary each task runs")
    parser.add_argument("--within", default="30km")
    parser.add_argument("--of", default="border:TR-SY")
    parser.add_argument("--partitions", type=int, default=0, help="repartition the input first (0: as read, in file order; N shuffles)")
    parser.add_argument("--multiline", action="store_true", help="quoted CSV cells span lines (the file is then read as one partition)")
    arguments = parser.parse_args()

    spark = SparkSession.builder.appName("eventmap-within-border").getOrCreate()
    if arguments.input.endswith(".csv"):
        # Every cell as text, as the file has it; "" escapes a quote. Without --multiline Spark splits
        # the file into partitions by bytes, in file order (spark.sql.files.maxPartitionBytes).
        table = spark.read.csv(arguments.input, header=True, multiLine=arguments.multiline, escape='"', inferSchema=False)
    else:
        table = spark.read.parquet(arguments.input)
    if arguments.partitions:
        table = table.repartition(arguments.partitions)
    columns = table.columns
    command = [
        arguments.eventmap, "query", "-", "--input-format", "csv", "--csv-header", ",".join(columns),
        "--within", arguments.within, "--of", arguments.of,
        "-o", "-", "-f", "geojsonseq", "--skip-invalid", "-q",
    ]
    # One eventmap process per partition: rows in as CSV lines, kept events out as JSON lines.
    kept = table.rdd.map(lambda row: csv_line([row[name] for name in columns])).pipe(" ".join(shlex.quote(part) for part in command))
    kept.saveAsTextFile(arguments.output + "/events")

    def as_row(line):
        feature = json.loads(line)
        properties = feature["properties"]
        values = {name: (None if properties.get(name) is None else str(properties.get(name))) for name in columns}
        values["distance_km"] = float(properties["distance_km"])
        return values

    schema = ", ".join(f"`{name}` string" for name in columns) + ", distance_km double"
    spark.createDataFrame(kept.map(as_row), schema=schema).write.parquet(arguments.output + "/parquet")
    print(f"kept {spark.read.parquet(arguments.output + '/parquet').count()} events within {arguments.within} of {arguments.of}")
    spark.stop()


if __name__ == "__main__":
    main()
