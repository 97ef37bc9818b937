# Shared by the client drivers (run_python_client.sh, run_npm.sh,
# tests/browser/run_browser.sh): build a fixture index in a temporary
# directory, start `arxiv-query serve` on a free 127.0.0.1 port, and stop it
# on exit. Source it; it sets WORK, DB, PORT, BASE and SERVE_LOG.
#
# Usage: start_server INDEX_BIN QUERY_BIN FIXTURES_DIR [INPUT...]
# (the inputs indexed; by default tests/fixtures/e2e/variants.jsonl and
# tests/fixtures/atom_feed.xml)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/arxiv-client-XXXXXX")
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "$(basename "$0"): FAILED: $*" >&2
  if [ -f "${SERVE_LOG:-}" ]; then
    echo "--- server log ---" >&2
    cat "$SERVE_LOG" >&2
  fi
  exit 1
}

start_server() {
  local index_bin=$1 query_bin=$2 fixtures=$3
  shift 3
  [ $# -gt 0 ] || set -- "$fixtures/e2e/variants.jsonl" "$fixtures/atom_feed.xml"
  DB="$WORK/db"
  "$index_bin" --db "$DB" -q add "$@" || fail "indexing the fixtures failed"
  SERVE_LOG="$WORK/serve.log"
  # Port 0: the kernel picks a free port and the server prints it.
  "$query_bin" --db "$DB" serve --listen 127.0.0.1:0 2>"$SERVE_LOG" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 100); do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$SERVE_LOG")
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "arxiv-query serve exited at startup"
    sleep 0.1
  done
  [ -n "$PORT" ] || fail "arxiv-query serve did not start within 10 s"
  BASE="http://127.0.0.1:$PORT"
}

# Stops the server and checks that it shut down cleanly (exit code 0).
stop_server() {
  kill -TERM "$SERVER_PID"
  local rc=0
  wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  [ "$rc" -eq 0 ] || fail "arxiv-query serve exited with $rc after SIGTERM"
}

# Installs node_modules with `npm ci` from the lockfile committed in SRC_DIR
# into NPM_DIR (in the build tree), only when missing or when the lockfile
# changed. When that install is needed and the npm registry cannot be
# reached, the test is skipped (exit 77, SKIP_RETURN_CODE in
# tests/CMakeLists.txt); any other failure fails it.
# Usage: npm_ci_once SRC_DIR NPM_DIR
npm_ci_once() {
  local src=$1 npm_dir=$2 registry
  command -v node >/dev/null || fail "node is not installed; run scripts/setup.sh"
  command -v npm >/dev/null || fail "npm is not installed; run scripts/setup.sh"
  mkdir -p "$npm_dir"
  if ! cmp -s "$src/package-lock.json" "$npm_dir/package-lock.json" || [ ! -d "$npm_dir/node_modules" ]; then
    registry=$(npm config get registry 2>/dev/null)
    if ! (cd "$npm_dir" && timeout 60 npm ping --fetch-timeout=20000 --fetch-retries=0 --loglevel=silent) \
        >/dev/null 2>&1; then
      echo "skipped: the npm registry ($registry) cannot be reached and $npm_dir/node_modules" \
           "is not installed yet; npm ci needs it once"
      exit 77
    fi
    cp "$src/package.json" "$src/package-lock.json" "$npm_dir/"
    (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error) \
      || fail "npm ci failed in $npm_dir although the npm registry ($registry) answers"
  fi
}
