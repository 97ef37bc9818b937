#!/usr/bin/env bash
# ctest driver: the npm `arxiv-api` package against `arxiv-query serve` on a
# free 127.0.0.1 port, reached through http_proxy (absolute-form targets),
# and `arxiv-api-ts`, reached through a wrapper of Node's fetch (it ignores
# http_proxy).
# node_modules is installed with `npm ci` from the committed lockfile into
# NPM_DIR (in the build tree) by npm_ci_once (serve_lib.sh), which skips the
# test (exit 77) when that install is needed and the registry is unreachable.
# Usage: run_npm.sh INDEX_BIN QUERY_BIN FIXTURES_DIR NPM_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/serve_lib.sh"
npm_dir=$4

npm_ci_once "$here/npm" "$npm_dir"
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
