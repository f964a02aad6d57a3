#!/usr/bin/env bash
# Rebuilds the reference layers in Gazetteer/features/ (see Gazetteer/SOURCES.md):
# country outlines and the Turkey–Syria border from the Digital Chart of the World in Debian's
# gmt-dcw (read with Debian's gmt), the rivers, lakes and sea from GSHHG/WDBII (gmt-gshhg-high), the M4 and the zones from Gazetteer/curated/{roads,zones}.tsv
# through the gazetteer, and the approximate first-level divisions of Syria, Turkey and Iraq from the
# gazetteer's towns. Run from the repository root: bash Gazetteer/scripts/build-layers.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-debs.sh gmt gmt-dcw gmt-gshhg-high
work=.build/layers
mkdir -p "$work" Gazetteer/features
for code in SY TR IQ LB JO IL CY; do
  gmt coast -E"$code" -M > "$work/$code.txt"
done
dcw=$(dpkg-query -W -f='gmt-dcw ${Version}, GMT ${source:Version}' gmt-dcw 2>/dev/null | sed "s/GMT .*/GMT $(gmt --version)/")
swift build -c release --product eventmap-build-layers
.build/release/eventmap-build-layers --gmt "$work" --curated Gazetteer/curated --gazetteer Gazetteer/gazetteer.bin \
  --out Gazetteer/features --dcw-version "$dcw"
# Rivers: GSHHG's WDBII rivers at full resolution, levels 1 to 3, named from Gazetteer/curated/rivers.tsv.
gmt coast -R34/49/29/42 -Dh -I1 -I2 -I3 -M > "$work/rivers.txt"
# Lakes and sea: GSHHG's shorelines of water bodies of 10 km² or more (the same region and -A as
# eventmap-build-layers' waterRegion and waterMinimumAreaKm2), named from Gazetteer/curated/water.tsv.
gmt coast -R34/49/29/42 -Dh -A10 -W -M > "$work/shores.txt"
.build/release/eventmap-build-layers --water "$work" --curated Gazetteer/curated --gazetteer Gazetteer/gazetteer.bin \
  --out Gazetteer/features --gshhg-version "GSHHG $(dpkg-query -W -f='${Version}' gmt-gshhg-high)"
.build/release/eventmap-build-layers --divisions --curated Gazetteer/curated --gazetteer Gazetteer/gazetteer.bin --out Gazetteer/features
