#!/usr/bin/env python3
"""Writes the most frequent words of Arabic and Turkish, from the word lists of the PyPI package
`wordfreq` 3.1.1 (Robyn Speer et al.; its data: CC BY-SA 4.0, built from Wikipedia, subtitles,
news, books, web text and social media), one word per line in frequency order.

EventMap reads place names in Arabic without capital letters to tell them from ordinary words:
a frequent word that is also the name of a small place ("الباب", the door; al-Bab) is a place
only when a cue word stands before it ("مدينة الباب") or it names a prominent place (country,
capital, province, city of 100,000). Turkish names are capitalised, so the Turkish list only
keeps sentence-initial words from being read as small places.

Usage: python3 Gazetteer/scripts/common-words.py WORDFREQ_DATA_DIR LANGUAGE COUNT > common-words-LANGUAGE.txt
(WORDFREQ_DATA_DIR: the wheel's wordfreq/data, unzipped; needs the PyPI package msgpack)
"""
import gzip
import sys

import msgpack

folder, language, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = "large" if language in ("ar", "en") else "small"
buckets = msgpack.load(gzip.open(f"{folder}/{size}_{language}.msgpack.gz"), raw=False)
assert buckets[0].get("format") == "cB", "unexpected wordfreq data format"
out = sys.stdout
out.write(f"# The {count} most frequent words of {language} in wordfreq 3.1.1 ({size}_{language}), most frequent first.\n")
out.write("# Source: https://github.com/rspeer/wordfreq, data CC BY-SA 4.0. Rebuild: make common-words.\n")
written = 0
for bucket in buckets[1:]:
    for word in sorted(bucket):
        if written >= count:
            break
        if any(c.isalpha() for c in word):
            out.write(word + "\n")
            written += 1
