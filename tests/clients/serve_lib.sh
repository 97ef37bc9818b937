# Shared by the client drivers (run_python_client.sh, run_npm.sh): build a
# fixture index in a temporary directory, start `arxiv-query serve` on a free
# 127.0.0.1 port, and stop it on exit. Source it; it sets WORK, PORT, BASE
# and SERVE_LOG.
#
# Usage: start_server INDEX_BIN QUERY_BIN FIXTURES_DIR

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
  "$index_bin" --db "$WORK/db" -q add "$fixtures/e2e/variants.jsonl" "$fixtures/atom_feed.xml" \
    || fail "indexing the fixtures failed"
  SERVE_LOG="$WORK/serve.log"
  # Port 0: the kernel picks a free port and the server prints it.
  "$query_bin" --db "$WORK/db" serve --listen 127.0.0.1:0 2>"$SERVE_LOG" &
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
