#!/usr/bin/env python3
"""Answers "events within 30 km of the Turkey-Syria border" as users of other tools would, for
`eventmap-bench query`, which times each run and counts where it disagrees with EventMap's exact
geodesic answer.

  python3 bench/query_compare.py shapely EVENTS.csv BORDER.geojson OUT.csv
  python3 bench/query_compare.py duckdb  EVENTS.csv BORDER.geojson OUT.csv
  python3 bench/query_compare.py postgis EVENTS.csv BORDER.geojson OUT.csv

shapely: Shapely 2 with pyproj, as a GeoPandas user writes it: project events and border to UTM
zone 37N (EPSG:32637, the zone of the region's centre), STRtree of the points, query with
predicate "dwithin" and 30,000 m, write the matching rows.
duckdb: DuckDB's spatial extension (the PyPI packages duckdb and duckdb-extension-spatial):
read_csv, ST_Transform to EPSG:32637, ST_DWithin 30,000 m, COPY the matching rows to CSV.
postgis: PostgreSQL 15 with PostGIS 3 (Debian's postgresql-15-postgis-3): a throwaway cluster on a
Unix socket, the CSV loaded with COPY, ST_DWithin on geography (on the spheroid) 30,000 m, the
matching rows copied out. The time includes starting and stopping that server (about 2 s).
shapely and duckdb use planar distance in the projection: that is the difference being measured.
"""
import csv
import json
import os
import sys

UTM = "EPSG:32637"


def border_lonlat(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"][0]["geometry"]["coordinates"]


def shapely_run(events, border, out):
    import numpy as np
    import pyproj
    import shapely

    with open(events, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    lon = np.fromiter((float(r[header.index("longitude")]) for r in rows), dtype=float, count=len(rows))
    lat = np.fromiter((float(r[header.index("latitude")]) for r in rows), dtype=float, count=len(rows))
    to_utm = pyproj.Transformer.from_crs("EPSG:4326", UTM, always_xy=True)
    x, y = to_utm.transform(lon, lat)
    line = np.array(border_lonlat(border))
    bx, by = to_utm.transform(line[:, 0], line[:, 1])
    border_geom = shapely.linestrings(np.column_stack([bx, by]))
    tree = shapely.STRtree(shapely.points(x, y))
    hits = np.sort(tree.query(border_geom, predicate="dwithin", distance=30_000))
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for i in hits:
            writer.writerow(rows[i])


def duckdb_run(events, border, out):
    import duckdb
    import duckdb_extension_spatial

    extension = os.path.join(os.path.dirname(duckdb_extension_spatial.__file__), "extensions",
                             "v" + duckdb.__version__, "spatial.duckdb_extension")
    con = duckdb.connect()
    con.execute(f"LOAD '{extension}'")
    wkt = "LINESTRING (" + ", ".join(f"{x} {y}" for x, y in border_lonlat(border)) + ")"
    con.execute(f"CREATE TABLE b AS SELECT ST_Transform(ST_GeomFromText('{wkt}'), 'EPSG:4326', '{UTM}', always_xy := true) AS g")
    con.execute(f"""
        COPY (
          SELECT e.* FROM read_csv('{events}', header = true, quote = '"', escape = '"') e, b
          WHERE ST_DWithin(ST_Transform(ST_Point(e.longitude, e.latitude), 'EPSG:4326', '{UTM}', always_xy := true), b.g, 30000)
        ) TO '{out}' (HEADER, DELIMITER ',')
    """)


def postgis_run(events, border, out):
    import subprocess

    from pgcluster import PGBIN, PORT, throwaway_cluster

    with throwaway_cluster() as home:
        with open(events, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        columns = ", ".join(f'"{name}" ' + ("double precision" if name in ("latitude", "longitude") else "text") for name in header)
        wkt = "LINESTRING (" + ", ".join(f"{x} {y}" for x, y in border_lonlat(border)) + ")"
        script = f"""
            CREATE TABLE events ({columns});
            \\copy events FROM '{events}' WITH (FORMAT csv, HEADER true)
            CREATE TABLE border AS SELECT ST_GeogFromText('SRID=4326;{wkt}') AS g;
            \\copy (SELECT e.* FROM events e, border b WHERE ST_DWithin(ST_MakePoint(e.longitude, e.latitude)::geography, b.g, 30000)) TO '{out}' WITH (FORMAT csv, HEADER true)
        """
        # psql runs as the calling user, so \copy reads and writes files with that user's rights.
        subprocess.run([PGBIN + "/psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", home, "-p", str(PORT),
                        "-U", "postgres", "-d", "postgres"], input=script, text=True, check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    tool, events, border, out = sys.argv[1:5]
    {"shapely": shapely_run, "duckdb": duckdb_run, "postgis": postgis_run}[tool](events, border, out)
