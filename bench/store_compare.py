#!/usr/bin/env python3
"""Beyond one machine, timed: the border query through Spark in local mode against one eventmap
process, and through PostGIS with the prefilter pushed down against reading the table out and
querying it in EventMap. For `eventmap-bench spark postgis` (`make bench`); prints a table.

  python3 bench/store_compare.py spark   EVENTMAP EVENTS.csv RUNS   (Spark from .build/spark-venv)
  python3 bench/store_compare.py postgis EVENTMAP EVENTS.csv RUNS

Each pair of commands runs in turn (ours, theirs, ours, ...) RUNS times; wall time and peak
resident memory of each command come from GNU time (/usr/bin/time -f "%e %M"), the largest
process of a pipeline counting for its memory; the database server's own memory is not counted
(it is a service that runs anyway). Both answers are checked to keep the same events.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERY = ["--within", "30km", "--of", "border:TR-SY"]


def timed(commands, env=None):
    """Runs a pipeline of commands (lists), each under GNU time; returns (seconds, peak MB)."""
    reports = [tempfile.mktemp(prefix="eventmap-time-") for _ in commands]
    shell = " | ".join(
        "/usr/bin/time -f '%e %M' -o " + report + " " + " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)
        for report, command in zip(reports, commands))
    subprocess.run(["bash", "-o", "pipefail", "-c", shell], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds, peak = 0.0, 0.0
    for report in reports:
        fields = open(report).read().split()
        os.remove(report)
        seconds = max(seconds, float(fields[-2]))
        peak = max(peak, float(fields[-1]) / 1024)
    return seconds, peak


def compare(label_a, a, label_b, b, runs, env=None):
    times = {label_a: [], label_b: []}
    peaks = {label_a: 0.0, label_b: 0.0}
    for _ in range(runs):
        for label, commands in ((label_a, a), (label_b, b)):
            seconds, peak = timed(commands, env)
            times[label].append(seconds)
            peaks[label] = max(peaks[label], peak)
    return times, peaks


def row(label, seconds, peak, ratio=None):
    """One line of the table; `ratio`: the slower command's median over the faster one's."""
    median = statistics.median(seconds)
    text = f"{label:<44} {median:7.2f} s ({min(seconds):.2f}–{max(seconds):.2f}) {peak:9.1f} MB"
    if ratio is not None:
        text += f"   {ratio:5.2f}x"
    print(text, flush=True)


def event_ids(path):
    ids = set()
    for line in open(path, encoding="utf-8"):
        if line.strip():
            ids.add(json.loads(line)["properties"]["event_id_cnty"])
    return ids


def spark(eventmap, events, runs):
    venv = os.path.join(ROOT, ".build/spark-venv")
    work = tempfile.mkdtemp(prefix="eventmap-spark-bench-")
    single = os.path.join(work, "single.geojsonl")
    ours = [[eventmap, "query", events] + QUERY + ["-f", "geojsonseq", "-o", single, "--overwrite", "--skip-invalid", "-q"]]
    out = os.path.join(work, "spark")
    theirs = [["bash", "-c", f"rm -rf '{out}' && '{venv}/bin/spark-submit' --master 'local[2]' --conf spark.ui.enabled=false "
               f"'{ROOT}/examples/spark/within_border.py' '{events}' '{out}' --eventmap '{eventmap}'"]]
    env = dict(os.environ, PYSPARK_PYTHON=venv + "/bin/python")
    times, peaks = compare("eventmap query (one process, 2 cores)", ours, "Spark local[2] + eventmap query per partition", theirs, runs, env)
    a, b = "eventmap query (one process, 2 cores)", "Spark local[2] + eventmap query per partition"
    row(a, times[a], peaks[a])
    row(b, times[b], peaks[b], ratio=statistics.median(times[b]) / statistics.median(times[a]))
    parts = sorted(os.listdir(os.path.join(out, "events")))
    spark_ids = set()
    for part in parts:
        if part.startswith("part-"):
            spark_ids |= event_ids(os.path.join(out, "events", part))
    same = spark_ids == event_ids(single)
    print(f"(both keep {len(spark_ids)} events: {'the same' if same else 'DIFFERENT'}; Spark read "
          f"{sum(p.startswith('part-') for p in parts)} partitions and also wrote Parquet; Spark's memory is the JVM's)")
    subprocess.run(["rm", "-rf", work])


def postgis(eventmap, events, runs):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from pgcluster import PORT, throwaway_cluster

    with throwaway_cluster() as home:
        table = f"postgresql://postgres@/postgres?host={home}&port={PORT}&table=events"
        seconds, peak = timed([[eventmap, "convert", events, "-o", table, "-q"]])
        print(f"(loading the table: eventmap convert CSV -> PostGIS, COPY + GiST index + ANALYZE, {seconds:.2f} s, {peak:.1f} MB)")
        work = tempfile.mkdtemp(prefix="eventmap-pg-bench-")
        pushed_out, read_out = os.path.join(work, "pushed.geojsonl"), os.path.join(work, "read.geojsonl")
        pushed = [[eventmap, "query", table] + QUERY + ["-f", "geojsonseq", "-o", pushed_out, "--overwrite", "-q"]]
        read = [[eventmap, "convert", table, "-f", "csv", "-o", "-", "-q"],
                [eventmap, "query", "-", "--input-format", "csv"] + QUERY + ["-f", "geojsonseq", "-o", read_out, "--overwrite", "-q"]]
        a, b = "eventmap query, prefilter pushed to PostGIS", "table read out whole | eventmap query"
        times, peaks = compare(a, pushed, b, read, runs)
        row(a, times[a], peaks[a])
        row(b, times[b], peaks[b], ratio=statistics.median(times[b]) / statistics.median(times[a]))
        pushed_ids, read_ids = event_ids(pushed_out), event_ids(read_out)
        print(f"(both keep {len(pushed_ids)} events: {'the same' if pushed_ids == read_ids else 'DIFFERENT'})")
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    mode, eventmap, events, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    {"spark": spark, "postgis": postgis}[mode](eventmap, events, runs)
