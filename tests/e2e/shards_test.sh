#!/usr/bin/env bash
# Sharded and remote search give exactly what one index gives (docs/shards.md).
# The bundled sample is indexed as one database, as 2 shards (a fresh
# parallel build), as 3 shards (one day first, then the rest added to the
# existing shards) and as 2 shards built apart (add --only-shard K) and put
# side by side; then one shard of the 2-shard index is served by
# xapian-tcpsrv on 127.0.0.1 and searched through a stub `auto … / remote …`.
# Every query below must print the same bytes over all four: ids and order
# (ranked, sorted both ways, filtered, paged), exact totals, facets, the
# "Did you mean" suggestion, expansions (--explain), more-like-this, the
# digest, and serve's /search and page. The remote part is skipped, with the reason,
# where xapian-tcpsrv is missing (scripts/setup.sh installs xapian-tools).
# Usage: shards_test.sh INDEX_BIN QUERY_BIN SAMPLE_DIR DIGEST_CONFIG
set -uo pipefail
index_bin=$1 query_bin=$2 sample=$3 digest_config=$4
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$index_bin" --db "$tmp/one" -q add "$sample" || fail "indexing one database"
"$index_bin" --db "$tmp/two" --shards 2 -q add "$sample" || fail "the fresh build of 2 shards"
first=$(ls "$sample" | head -1)
"$index_bin" --db "$tmp/three" --shards 3 -q add -j 1 "$sample/$first" || fail "creating 3 shards"
"$index_bin" --db "$tmp/three" -q add "$sample" || fail "adding to 3 shards"
[ -f "$tmp/two/XAPIANDB" ] && [ -d "$tmp/two/shard1" ] || fail "no stub and shards in $tmp/two"
# Two "machines" each build one shard of a 2-shard index, and the shard
# folders are put side by side under one stub.
for k in 0 1; do
  out=$("$index_bin" --db "$tmp/machine$k" --shards 2 add --only-shard "$k" "$sample" 2>&1) \
    || fail "building shard $k alone: $out"
  grep -q "left to the other shards" <<<"$out" || fail "no count of the other shard's papers: $out"
done
mkdir "$tmp/assembled"
cp "$tmp/machine0/XAPIANDB" "$tmp/assembled/"
mv "$tmp/machine0/shard0" "$tmp/machine1/shard1" "$tmp/assembled/"
grep -qx "auto shard2" "$tmp/three/XAPIANDB" || fail "the 3-shard stub does not list shard2"

# Every shard holds papers, and no paper is in two shards.
total=$("$query_bin" --db "$tmp/one" --count '*' 2>/dev/null || "$query_bin" --db "$tmp/one" --count 'date:1990..2100')
sum=0
for s in "$tmp"/three/shard*; do
  n=$("$query_bin" --db "$s" --count 'date:1990..2100') || fail "searching $s alone"
  [ "$n" -gt 0 ] || fail "$s holds no papers"
  sum=$((sum + n))
done
[ "$sum" -eq "$("$query_bin" --db "$tmp/one" --count 'date:1990..2100')" ] || fail "the shards hold $sum papers in all"

dbs=(one two three assembled)
if command -v xapian-tcpsrv >/dev/null; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # In a session of its own: stopped, xapian-tcpsrv signals its whole
  # process group (its forked children), which would otherwise be ctest's.
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$tmp/two/shard1" >"$tmp/tcpsrv.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || fail "xapian-tcpsrv stopped: $(cat "$tmp/tcpsrv.log")"
    python3 -c 'import time; time.sleep(0.05)'
  done
  mkdir "$tmp/remote"
  printf 'auto %s\nremote 127.0.0.1:%s\n' "$tmp/two/shard0" "$port" >"$tmp/remote/XAPIANDB"
  dbs+=(remote)
else
  echo "skipped (remote part only): xapian-tcpsrv is not installed (scripts/setup.sh installs xapian-tools)"
fi

queries=(
  'language model'
  '"large language model"'
  'LLM reasoning'
  'finetuning'
  'cat:cs.CL transformer'
  'au:wang'
  'date:2026-05..2026-06-10 agent'
  'ti:diffusion NOT cat:cs.CV'
  'langauge modle'
)
run_all() {  # run_all LABEL ARGS... : the same output from every database
  local label=$1; shift
  local ref="" out
  for db in "${dbs[@]}"; do
    # When each copy was indexed differs by a few seconds; nothing else may.
    out=$("$query_bin" --db "$tmp/$db" "$@" 2>&1)
    local rc=$?
    [ "$rc" -le 1 ] || fail "$label over $db (exit $rc): $out"
    out="exit $rc
$(grep -Ev '"(first_indexed|last_changed|generated|changed)"' <<<"$out")"
    if [ -z "$ref" ]; then ref=$out; continue; fi
    [ "$out" = "$ref" ] || fail "$label differs over $db:
$(diff <(echo "$ref") <(echo "$out") | head -20)"
  done
}
for q in "${queries[@]}"; do
  run_all "ranked '$q'" -f json -n 30 --facets category,primary,archive,year,month,author "$q"
  run_all "count '$q'" --count "$q"
  run_all "explain '$q'" --explain -f ids -n 5 "$q"
  for sort in submitted updated id; do
    run_all "sort $sort '$q'" -f ids -n 20 --sort "$sort" "$q"
    run_all "sort $sort reversed '$q'" -f ids -n 20 --sort "$sort" --reverse "$q"
  done
done
run_all "page 3" -f ids -n 7 --offset 14 'language model'
like=$("$query_bin" --db "$tmp/one" -f ids -n 1 '"large language model"')
run_all "like $like" -f ids -n 15 --like "$like"
run_all "like $like cs.CL" -f json -n 10 --like "$like" --explain 'cat:cs.CL'
run_all "digest" digest "$digest_config" --since 2026-06-01 --dry-run -f json

# serve over each layout: /search's JSON (with facets and a suggestion) and the page.
serve_pids=()
for db in "${dbs[@]}"; do
  "$query_bin" --db "$tmp/$db" serve --listen 127.0.0.1:0 2>"$tmp/serve-$db.log" &
  serve_pids+=($!)
done
trap 'for p in "${serve_pids[@]}"; do kill "$p" 2>/dev/null; done; cleanup' EXIT
ref=""
for i in "${!dbs[@]}"; do
  db=${dbs[$i]} port=""
  for _ in $(seq 200); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/serve-$db.log")
    [ -n "$port" ] && break
    kill -0 "${serve_pids[$i]}" 2>/dev/null || fail "serve over $db stopped: $(cat "$tmp/serve-$db.log")"
    python3 -c 'import time; time.sleep(0.05)'
  done
  [ -n "$port" ] || fail "serve over $db never listened"
  out=$(curl -sf "http://127.0.0.1:$port/search?q=langauge+model&facets=category,year,author&limit=20&format=json" \
        | grep -Ev '"(first_indexed|last_changed|changed)"') || fail "/search over $db"
  # Read whole before grep: grep -q stopping early would break curl's pipe.
  page=$(curl -sf "http://127.0.0.1:$port/?q=%22large+language+model%22") || fail "the page over $db"
  grep -q 'results' <<<"$page" || fail "the page over $db shows no results"
  if [ -z "$ref" ]; then ref=$out; elif [ "$out" != "$ref" ]; then fail "/search differs over $db"; fi
done
for p in "${serve_pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
serve_pids=()

# What cannot be written says so (exit 3) and changes nothing.
expect_refusal() {  # expect_refusal MESSAGE_PART ARGS...
  local part=$1; shift
  local out rc
  out=$("$index_bin" "$@" add "$sample/$first" 2>&1); rc=$?
  [ "$rc" -eq 3 ] && grep -q -- "$part" <<<"$out" || fail "arxiv-index $* add: exit $rc, '$out'"
}
expect_refusal "has 2 shards; --shards 3" --db "$tmp/two" --shards 3
expect_refusal "created in a new or empty folder" --db "$tmp/one" --shards 2
out=$("$index_bin" --db "$tmp/one" add --only-shard 1 "$sample/$first" 2>&1); rc=$?
[ "$rc" -eq 3 ] && grep -q "needs a sharded index" <<<"$out" || fail "--only-shard on one database: exit $rc, '$out'"
out=$("$index_bin" --db "$tmp/two" add --only-shard 2 "$sample/$first" 2>&1); rc=$?
[ "$rc" -eq 3 ] && grep -q "has 2 shards, numbered from 0" <<<"$out" || fail "--only-shard 2 of 2: exit $rc, '$out'"
if [ -n "$server_pid" ]; then expect_refusal "can be searched, not written" --db "$tmp/remote"; fi
run_all "count after refusals" --count 'language model'

echo "one index, 2 and 3 shards${server_pid:+ and a remote shard}: the same results"
