#!/usr/bin/env bash
# Load test of `arxiv-query serve` on loopback: N concurrent keep-alive
# clients sending a phrase query, latency percentiles (see docs/benchmarks.md).
#
#   bench/serve_load.sh --db INDEX [--clients 64] [--requests 100] [--think-ms 0]
#                       [--target '/search?q=...'] [--distinct] [--bin-dir build/bin]
#                       [--load-bin build/bench/arxiv-bench-serve-load]
#   bench/serve_load.sh --smoke --fixtures tests/fixtures ...   (ctest: a small
#                       fixture index, 16 clients x 20 requests, all must succeed)
#
# The server runs on 127.0.0.1 with a free port, is stopped by its pid, and
# its log is kept when anything fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin_dir="$here/../build/bin"
load_bin="$here/../build/bench/arxiv-bench-serve-load"
db="" fixtures="" smoke=0
clients=64 requests=100 think=0 distinct=""
target='/search?q=%22large+language+model%22&limit=10'
while [ $# -gt 0 ]; do
  case $1 in
    --db) db=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --think-ms) think=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --distinct) distinct=--distinct; shift ;;
    --bin-dir) bin_dir=$2; shift 2 ;;
    --load-bin) load_bin=$2; shift 2 ;;
    --fixtures) fixtures=$2; shift 2 ;;
    --smoke) smoke=1; shift ;;
    *) echo "serve_load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/arxiv-serve-load-XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$smoke" = 1 ]; then
  [ -n "$fixtures" ] || { echo "serve_load.sh: --smoke needs --fixtures DIR" >&2; exit 2; }
  db="$work/db"
  "$bin_dir/arxiv-index" --db "$db" -q add "$fixtures/e2e/variants.jsonl" "$fixtures/atom_feed.xml"
  clients=16 requests=20 target='/search?q=%22kv+cache%22&limit=10' distinct=--distinct
fi
[ -n "$db" ] || { echo "serve_load.sh: --db INDEX is required" >&2; exit 2; }

log="$work/serve.log"
: > "$log"  # exists before the server opens it: the poll below must not race its creation
"$bin_dir/arxiv-query" --db "$db" serve --listen 127.0.0.1:0 2>>"$log" &
server_pid=$!
port=""
for _ in $(seq 200); do  # poll the log for the port the kernel picked
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.05
done
[ -n "$port" ] || { echo "serve_load.sh: the server did not start" >&2; cat "$log" >&2; exit 1; }

rc=0
"$load_bin" --port "$port" --clients "$clients" --requests "$requests" --think-ms "$think" \
  --target "$target" $distinct || rc=$?
kill -TERM "$server_pid"
wait "$server_pid" || rc=$?
server_pid=""
if [ "$rc" != 0 ]; then
  echo "serve_load.sh: FAILED (exit $rc); server log tail:" >&2
  tail -20 "$log" >&2
fi
exit "$rc"
