"""Articles in, events out, on Apache Spark: EventMap's extraction as a map step and its event
merge as a reduce step.

Map: each partition of the articles (JSON lines: {"id", "published", "text"}) is piped through
`eventmap extract - --no-merge`, which codes every article's events (merged within the article)
and writes them as GeoJSON sequence lines; lines that are not articles are left out and counted
on the task's stderr (--skip-invalid), never failing the task.

Reduce: the events are shuffled by sub-event type (reports of one event always share it, so
every possible duplicate lands in the same partition) and each partition is piped through
`eventmap merge`, which joins reports of one event by the same rule and in the same order as one
`eventmap extract` of all the articles. The result is that process's answer, record for record.

    spark-submit geoparse.py ARTICLES.jsonl OUTPUT [--eventmap PATH] [--partitions N] [--mentions]

OUTPUT is a folder: OUTPUT/events (text, GeoJSON sequence) and OUTPUT/parquet (one row per
event: its id, type, actors, date, place, point and sources). With --mentions, the place
mentions instead (no merge).
"""

import argparse
import json
import shlex

from pyspark.sql import SparkSession


def command(parts):
    return " ".join(shlex.quote(part) for part in parts)


def sub_event_type(line):
    return json.loads(line)["properties"].get("sub_event_type") or ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--eventmap", default="eventmap", help="the eventmap binary each task runs")
    parser.add_argument("--partitions", type=int, default=0, help="repartition the articles first (0: as read)")
    parser.add_argument("--mentions", action="store_true", help="write place mentions instead of events")
    arguments = parser.parse_args()

    spark = SparkSession.builder.appName("eventmap-geoparse").getOrCreate()
    articles = spark.sparkContext.textFile(arguments.input)
    if arguments.partitions:
        articles = articles.repartition(arguments.partitions)
    extract = [arguments.eventmap, "extract", "-", "-f", "geojsonseq", "-o", "-", "--skip-invalid", "-q"]
    if arguments.mentions:
        mentions = articles.pipe(command(extract + ["--mentions"]))
        mentions.saveAsTextFile(arguments.output + "/mentions")
        print(f"{mentions.count()} place mentions")
        spark.stop()
        return

    events = articles.pipe(command(extract + ["--no-merge"]))
    # Every report of one event has the same sub-event type: partition by it, merge each partition.
    types = sorted(events.map(sub_event_type).distinct().collect())
    index = {name: i for i, name in enumerate(types)}
    grouped = events.keyBy(sub_event_type).partitionBy(max(1, len(types)), lambda key: index[key]).values()
    merge = [arguments.eventmap, "merge", "-", "--input-format", "geojsonseq", "-f", "geojsonseq", "-o", "-", "-q"]
    merged = grouped.pipe(command(merge))
    merged.saveAsTextFile(arguments.output + "/events")

    def as_row(line):
        feature = json.loads(line)
        p = feature["properties"]
        longitude, latitude = feature["geometry"]["coordinates"]
        return {
            "event_id": p.get("event_id"), "event_date": p.get("event_date"), "event_type": p.get("event_type"),
            "sub_event_type": p.get("sub_event_type"), "actor1": p.get("actor1"), "actor2": p.get("actor2"),
            "location": p.get("location"), "geonameid": p.get("geonameid"), "longitude": float(longitude),
            "latitude": float(latitude), "source": p.get("source"),
            "confidence": None if p.get("confidence") is None else float(p["confidence"]),
        }

    schema = (
        "event_id string, event_date string, event_type string, sub_event_type string, actor1 string, actor2 string, "
        "location string, geonameid long, longitude double, latitude double, source string, confidence double"
    )
    spark.createDataFrame(merged.map(as_row), schema=schema).write.parquet(arguments.output + "/parquet")
    print(f"{spark.read.parquet(arguments.output + '/parquet').count()} events from {articles.count()} article lines")
    spark.stop()


if __name__ == "__main__":
    main()
