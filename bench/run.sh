#!/usr/bin/env bash
# The arxiv-search vs SQLite FTS5 benchmark, one command:
#   bench/run.sh [--scale S | --real] [--out DIR] [--docs] ...
# See docs/benchmarks.md and `bench/run.sh --help`.
set -euo pipefail
exec python3 "$(dirname "$0")/run.py" "$@"
