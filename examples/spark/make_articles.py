"""Writes JSON lines of articles ({"id", "published", "text"}) for the geoparse example and its
test, from article text files and from the notes of an ACLED export (each note an article).

    python3 make_articles.py [--copies N] [--acled EXPORT.csv] FILE_OR_FOLDER... > articles.jsonl

--copies N writes every text file N times under different ids ("copy2/<name>"): the same events
reported by several articles, which the merge step must join across partitions.
"""

import argparse
import csv
import json
import os
import sys


def texts(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".txt"):
                    yield os.path.join(path, name)
        else:
            yield path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--acled", help="an ACLED export whose notes become articles")
    parser.add_argument("--published", default="2019-10-09")
    arguments = parser.parse_args()
    out = sys.stdout
    for copy in range(1, arguments.copies + 1):
        for path in texts(arguments.paths):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            name = os.path.basename(path)
            article_id = name if copy == 1 else f"copy{copy}/{name}"
            out.write(json.dumps({"id": article_id, "published": arguments.published, "text": text}, ensure_ascii=False) + "\n")
    if arguments.acled:
        with open(arguments.acled, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                out.write(json.dumps({"id": "acled/" + row["event_id_cnty"], "published": row["event_date"], "text": row["notes"]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
