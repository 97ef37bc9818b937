#!/usr/bin/env bash
# ctest driver (test browser-search-page): the search page of
# `arxiv-query serve` in a real browser — Debian's chromium, headless,
# driven by npm puppeteer-core (pinned in package.json and
# package-lock.json; it downloads no browser) — over an index of the bundled
# sample (data/daily-arxiv) and the hostile records of
# tests/fixtures/e2e/hostile.jsonl, served on a free 127.0.0.1 port.
# page_test.js does the checking. Skipped (exit 77) when /usr/bin/chromium
# is missing, or when node_modules is not installed yet and the npm registry
# cannot be reached.
# Usage: run_browser.sh INDEX_BIN QUERY_BIN FIXTURES_DIR DATA_DIR NPM_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../clients/serve_lib.sh"
index_bin=$1 query_bin=$2 fixtures=$3 data=$4 npm_dir=$5
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
  echo "skipped: chromium is not installed (scripts/setup.sh installs it)"
  exit 77
fi
export PUPPETEER_SKIP_DOWNLOAD=1
npm_ci_once "$here" "$npm_dir"
cp "$here/page_test.js" "$here/screenshot.js" "$npm_dir/"

start_server "$index_bin" "$query_bin" "$fixtures" "$data/daily-arxiv" "$fixtures/e2e/hostile.jsonl"
# The browser's own home directory, so that nothing of the user's is read or
# written.
export HOME="$WORK/home"
mkdir -p "$HOME"
BASE="$BASE" QUERY_BIN="$query_bin" DB="$DB" CHROMIUM="$chromium" SHOT="$npm_dir/search-page.png" \
  node "$npm_dir/page_test.js" || fail "the search page checks in chromium failed"
stop_server
echo "run_browser.sh: passed"
