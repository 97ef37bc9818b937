#!/usr/bin/env bash
# Quick start: install what is missing, build, index the bundled sample and
# run a search. The sample index goes to build/sample-index.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
db=build/sample-index
./build/bin/arxiv-index --db "$db" add data/daily-arxiv
echo
./build/bin/arxiv-query --db "$db" "${@:-\"kv cache\"}"
