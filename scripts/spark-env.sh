# Sourced by test-spark.sh and spark-demo.sh: Debian's JRE, pyspark (PYSPARK_VERSION, pinned in the
# Makefile) in .build/spark-venv, the eventmap binary ($bin) and its data. Extra Debian packages
# may be named in SPARK_EXTRA_DEBS.
bash scripts/install-debs.sh openjdk-17-jre-headless python3-venv ${SPARK_EXTRA_DEBS:-}
venv=.build/spark-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import pyspark" 2>/dev/null || "$venv/bin/python" -m pip install --quiet "pyspark==$PYSPARK_VERSION"
bin=$(realpath "${EVENTMAP_BIN:-.build/release/eventmap}")
export EVENTMAP_DATA="$PWD/Gazetteer"
