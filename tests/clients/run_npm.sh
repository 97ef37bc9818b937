#!/usr/bin/env bash
# ctest driver: the npm `arxiv-api` package against `arxiv-query serve` on a
# free 127.0.0.1 port, reached through http_proxy (absolute-form targets),
# and `arxiv-api-ts`, reached through a wrapper of Node's fetch (it ignores
# http_proxy).
# node_modules is installed with `npm ci` from the committed lockfile into
# NPM_DIR (in the build tree), only when missing or when the lockfile changed.
# When that install is needed and the npm registry cannot be reached, the
# test is skipped (exit 77, SKIP_RETURN_CODE in tests/CMakeLists.txt); any
# other failure fails it.
# Usage: run_npm.sh INDEX_BIN QUERY_BIN FIXTURES_DIR NPM_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/serve_lib.sh"
npm_dir=$4

command -v node >/dev/null || fail "node is not installed; run scripts/setup.sh"
command -v npm >/dev/null || fail "npm is not installed; run scripts/setup.sh"

mkdir -p "$npm_dir"
if ! cmp -s "$here/npm/package-lock.json" "$npm_dir/package-lock.json" || [ ! -d "$npm_dir/node_modules" ]; then
  registry=$(npm config get registry 2>/dev/null)
  if ! (cd "$npm_dir" && timeout 60 npm ping --fetch-timeout=20000 --fetch-retries=0 --loglevel=silent) \
      >/dev/null 2>&1; then
    echo "skipped: the npm registry ($registry) cannot be reached and $npm_dir/node_modules" \
         "is not installed yet; npm ci needs it once"
    exit 77
  fi
  cp "$here/npm/package.json" "$here/npm/package-lock.json" "$npm_dir/"
  (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error) \
    || fail "npm ci failed in $npm_dir although the npm registry ($registry) answers"
fi
cp "$here/npm/arxiv_api_client.js" "$here/npm/arxiv_api_ts_client.js" "$npm_dir/"

start_server "$1" "$2" "$3"
# arxiv-api always asks http://export.arxiv.org; the proxy setting sends
# every request to our server instead. no_proxy is cleared so that nothing
# bypasses it.
env -u no_proxy -u NO_PROXY -u HTTP_PROXY http_proxy="$BASE" \
  node "$npm_dir/arxiv_api_client.js" || fail "arxiv-api client checks failed"
grep -q " GET http://export.arxiv.org/api/query?search_query=" "$SERVE_LOG" \
  || fail "the server log shows no absolute-form request from arxiv-api"
env -u no_proxy -u NO_PROXY -u HTTP_PROXY -u http_proxy ARXIV_LOCAL_BASE="$BASE" \
  node "$npm_dir/arxiv_api_ts_client.js" || fail "arxiv-api-ts client checks failed"
stop_server
echo "run_npm.sh: passed"
