"""Writes N synthetic events as an ACLED-like CSV on stdout, the same for the same N and seed:
points over northern Syria and southern Turkey (many near the border), dates, types, fatalities,
and notes with commas and quotes, for the Spark example and its test.

    python3 generate_events.py N [SEED] > events.csv
"""

import csv
import random
import sys

TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"]


def main():
    count = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2017)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "fatalities", "notes"])
    for index in range(count):
        longitude = round(rng.uniform(35.6, 42.4), 4)
        latitude = round(rng.uniform(35.2, 38.2), 4)
        day = f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        note = f'Event {index}, near "{rng.choice(["Jarabulus", "Tell Abyad", "Kobani", "Qamishli", "Afrin"])}", reported'
        out.writerow([f"SYN{index:07d}", day, rng.choice(TYPES), latitude, longitude, rng.randint(0, 9), note])


if __name__ == "__main__":
    main()
