#!/usr/bin/env bash
# Read replicas with Xapian's own replication (docs/replicas.md), on
# loopback: a master index written by arxiv-index with XAPIAN_MAX_CHANGESETS
# set, xapian-replicate-server serving its parent folder, xapian-replicate
# keeping a replica, and the replica searched by arxiv-query.
#
#  1. a fresh parallel build on the master; a one-shot replication is a full
#     copy, and the replica answers every query as the master does;
#     arxiv-index refuses to write to the replica;
#  2. an increment (`add`, one commit) and then a harvest against the fake
#     arXiv (one commit per page): xapian-replicate in its loop mode applies
#     them as changesets while queries run on the replica in a tight loop;
#     none fails, a total is the old or the new one for the one-commit
#     increment, and during the harvest never falls nor passes the master's;
#  3. the master rebuilt from scratch by a parallel build (a new database,
#     a new UUID) while its replication server is stopped: the replica keeps
#     answering, then follows with a full copy; `arxiv-query serve` on the
#     replica, and xapian-tcpsrv serving it to a remote arxiv-query, answer
#     across the switch without a restart;
#  4. an increment written with XAPIAN_MAX_CHANGESETS reaches the replica as
#     a changeset; one written without it leaves none, and the replica is
#     brought up to date by a full copy;
#  5. a sharded master, replicated shard by shard into a folder with its
#     stub: the replica answers as the master, refuses writes, and follows
#     an increment by one changeset per shard.
# Usage: replica_test.sh INDEX_BIN QUERY_BIN DATA_DIR FAKE_ARXIV_PY
set -uo pipefail
index_bin=$1 query_bin=$2 data=$3 fake=$4
for tool in xapian-replicate-server xapian-replicate xapian-tcpsrv xapian-delve; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: xapian-tools is not installed (scripts/setup.sh installs it)"
    exit 77
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/arxiv-replica-XXXXXX")
MASTER_DIR=$WORK/master            # what xapian-replicate-server serves
MASTER=$MASTER_DIR/index           # the master index, named "index" there
REPLICA=$WORK/replica
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "replica_test.sh: FAILED: $*" >&2
  for log in "$WORK"/*.log; do
    [ -s "$log" ] && { echo "--- $(basename "$log") ---" >&2; tail -20 "$log" >&2; }
  done
  exit 1
}
forget() {  # stops a background process of ours by its pid
  kill -TERM "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  local kept=()
  for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  pids=("${kept[@]}")
}

day() { echo "$data/2026-06-$1.jsonl.gz"; }
# The master's writers keep changesets; 100 covers a harvest of many pages.
master_index() { XAPIAN_MAX_CHANGESETS=100 "$index_bin" --db "$MASTER" --quiet "$@"; }
count() { "$query_bin" --db "$1" --count "$2"; }
uuid() { xapian-delve "$1" | sed -n 's/^UUID = //p'; }
status_of() { "$index_bin" --db "$1" status | grep -v -e '^index:' -e '^size:'; }
queries=('date:1900..' 'transformer' '"large language model"' 'cat:cs.CL' 'au:wang' 'quant* -survey')

# The replica answers like the master: counts, the top results, and the
# documents, revision, schema and harvest state that `status` shows.
same_as_master() {
  local what=$1 q
  for q in "${queries[@]}"; do
    local m r
    m=$(count "$MASTER" "$q") || fail "$what: master --count '$q' failed"
    r=$(count "$REPLICA" "$q") || fail "$what: replica --count '$q' failed (exit $?)"
    [ "$m" = "$r" ] || fail "$what: '$q': master $m, replica $r"
    diff <("$query_bin" --db "$MASTER" -f json -n 5 "$q") <("$query_bin" --db "$REPLICA" -f json -n 5 "$q") \
      >/dev/null || fail "$what: '$q': the top results differ"
  done
  diff <(status_of "$MASTER") <(status_of "$REPLICA") >&2 || fail "$what: status differs"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Polls until the process listens on 127.0.0.1:PORT (fails if it exits).
wait_for_port() {
  local pid=$1 port=$2
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "the server on port $port exited at startup"
    sleep 0.05
  done
  fail "nothing listens on port $port after 15 s"
}
# Polls FILE until the sed script finds the port the process PID announces
# there (port 0: the kernel picked it), and prints it; in $(...), follow it
# with || exit 1.
port_announced() {
  local pid=$1 file=$2 script=$3 what=$4 port
  for _ in $(seq 300); do
    port=$(sed -n "$script" "$file" 2>/dev/null)
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || fail "$what exited at startup"
    sleep 0.05
  done
  fail "$what did not start within 15 s"
}
REPL_PORT=""
start_replication_server() {
  REPL_PORT=$(free_port)
  # In a session of its own: on SIGTERM it signals its whole process group.
  setsid xapian-replicate-server --interface 127.0.0.1 --port "$REPL_PORT" "$MASTER_DIR" >>"$WORK/replicate-server.log" 2>&1 &
  REPL_SERVER=$!
  pids+=("$REPL_SERVER")
  wait_for_port "$REPL_SERVER" "$REPL_PORT"
}
replicate_once() { xapian-replicate --host 127.0.0.1 --port "$REPL_PORT" --master index --one-shot --verbose "$REPLICA"; }

# Runs queries on the replica until it holds `target` documents, failing on
# any error and on a total that is not in `allowed` (a space-separated list)
# or, with `allowed` = "rising", on one outside old..target or below the one
# before. Sets READS.
read_while_catching_up() {
  local old=$1 target=$2 allowed=$3 last=$1 n start=$SECONDS
  READS=0
  while :; do
    n=$(count "$REPLICA" 'date:1900..') || fail "a query on the replica failed during catch-up (exit $?) after $READS reads"
    READS=$((READS + 1))
    if [ "$allowed" = rising ]; then
      { [ "$n" -ge "$last" ] && [ "$n" -le "$target" ]; } ||
        fail "the replica went from $last to $n documents (catching up from $old to $target)"
    else
      [[ " $allowed " == *" $n "* ]] || fail "the replica held $n documents (expected one of: $allowed)"
    fi
    last=$n
    [ "$n" = "$target" ] && break
    [ $((SECONDS - start)) -lt 60 ] || fail "the replica did not catch up within 60 s ($n of $target)"
  done
}

# ---- 1. the first copy ----------------------------------------------------
mkdir -p "$MASTER_DIR"
master_index add --jobs 2 "$(day 12)" "$(day 13)" "$(day 14)" || fail "the fresh build failed"
start_replication_server
out=$(replicate_once) || fail "the first replication failed: $out"
grep -q "1 copies, 0 changesets, new live database" <<<"$out" || fail "the first replication was not a full copy: $out"
same_as_master "after the first copy"
docs0=$(count "$REPLICA" 'date:1900..')

# Remote search of the replica: xapian-tcpsrv, and a stub file naming it as --db.
TCP_PORT=$(free_port)
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$TCP_PORT" "$REPLICA" >"$WORK/tcpsrv.log" 2>&1 &
TCPSRV=$!
pids+=("$TCPSRV")
wait_for_port "$TCPSRV" "$TCP_PORT"
echo "remote 127.0.0.1:$TCP_PORT" >"$WORK/remote"
same_over_tcp() {
  local q m r
  for q in "${queries[@]}"; do
    r=$(count "$REPLICA" "$q") || fail "$1: replica --count '$q' failed"
    m=$(count "$WORK/remote" "$q") || fail "$1: --count '$q' through xapian-tcpsrv failed"
    [ "$m" = "$r" ] || fail "$1: '$q': $m through xapian-tcpsrv, $r on the replica"
  done
}
same_over_tcp "after the first copy"

err=$("$index_bin" --db "$REPLICA" add "$(day 15)" 2>&1) && fail "arxiv-index wrote to the replica"
grep -q "is a replica .*: it is read-only" <<<"$err" || fail "arxiv-index on the replica: $err"
err=$("$index_bin" --db "$REPLICA" upgrade 2>&1) && fail "arxiv-index upgrade opened the replica"
[ "$(count "$REPLICA" 'date:1900..')" = "$docs0" ] || fail "the replica changed under arxiv-index"

# ---- 2. increments, applied as changesets under queries -------------------
# Line-buffered: the log is read after the loop is killed, and xapian-replicate
# (1.4.29, Debian 13) leaves its output in a full stdio buffer until it exits.
stdbuf -oL xapian-replicate --host 127.0.0.1 --port "$REPL_PORT" --master index --interval 1 --reader-time 0 \
  --verbose "$REPLICA" >"$WORK/replicate.log" 2>&1 &
REPLICATE=$!
pids+=("$REPLICATE")

master_index add "$(day 15)" || fail "the increment failed"
compgen -G "$MASTER/changes*" >/dev/null || fail "the master kept no changeset"
docs1=$(count "$MASTER" 'date:1900..')
[ "$docs1" -gt "$docs0" ] || fail "the increment added nothing"
read_while_catching_up "$docs0" "$docs1" "$docs0 $docs1"
echo "increment: $docs0 -> $docs1 documents, $READS queries on the replica while it caught up"
same_as_master "after the increment"

python3 "$fake" "$data" --page-size 100 >"$WORK/fake-arxiv.port" 2>"$WORK/fake-arxiv.log" &
FAKE=$!
pids+=("$FAKE")
fake_port=$(port_announced "$FAKE" "$WORK/fake-arxiv.port" 's/^PORT //p' "the fake arXiv") || exit 1
master_index harvest --base-url "http://127.0.0.1:$fake_port/oai" --delay 0 || fail "the harvest on the master failed"
docs2=$(count "$MASTER" 'date:1900..')
[ "$docs2" -gt "$docs1" ] || fail "the harvest added nothing"
read_while_catching_up "$docs1" "$docs2" rising
echo "harvest: $docs1 -> $docs2 documents, $READS queries on the replica while it caught up"
# Every page's commit reaches the replica: wait for the loop to have applied
# the harvest's last revision, which `status` shows on both sides.
for _ in $(seq 300); do
  [ "$(status_of "$REPLICA" | grep '^revision')" = "$(status_of "$MASTER" | grep '^revision')" ] && break
  sleep 0.05
done
same_as_master "after the harvest"
forget "$REPLICATE"
# Mostly changesets; a poll that lands while a commit is being written can be
# answered with a full copy instead (docs/replicas.md), so only report them.
echo "xapian-replicate in its loop: $(grep -c 'Update complete: 0 copies, [1-9]' "$WORK/replicate.log") updates by changesets," \
  "$(grep -c 'Update complete: [1-9]' "$WORK/replicate.log") by a full copy"
grep -q 'Update complete: 0 copies, [1-9]' "$WORK/replicate.log" || fail "no increment reached the replica as a changeset"

# ---- 3. a fresh rebuild of the master -------------------------------------
"$query_bin" --db "$REPLICA" serve --listen 127.0.0.1:0 --threads 1 2>"$WORK/serve.log" &
SERVE=$!
pids+=("$SERVE")
serve_port=$(port_announced "$SERVE" "$WORK/serve.log" 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' \
  "arxiv-query serve") || exit 1
# The number of documents `arxiv-query serve` on the replica reports, or the
# HTTP error it answers.
serve_total() {
  local body
  body=$(curl -s --noproxy '*' -w '\n%{http_code}' "http://127.0.0.1:$serve_port/search?q=date:1900..&limit=0")
  if [ "${body##*$'\n'}" = 200 ]; then
    python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])' <<<"${body%$'\n'*}"
  else
    echo "HTTP ${body##*$'\n'}: ${body%$'\n'*}"
  fi
}
expect_serve_total() {
  local got
  got=$(serve_total)
  [ "$got" = "$1" ] || fail "serve on the replica $2: $got, not $1 documents"
}
expect_serve_total "$docs2" "before the rebuild"

old_uuid=$(uuid "$MASTER")
forget "$REPL_SERVER"   # a replica that asked during the build would copy the empty index
rm -rf "$MASTER"
master_index add --jobs 2 "$(day 15)" "$(day 16)" || fail "the rebuild failed"
docs3=$(count "$MASTER" 'date:1900..')
new_uuid=$(uuid "$MASTER")
[ "$new_uuid" != "$old_uuid" ] || fail "the rebuilt master kept its UUID"
[ "$docs3" != "$docs2" ] || fail "the rebuild should hold another number of documents than before"
replicate_once >/dev/null 2>&1 && fail "replication succeeded with the replication server stopped"
[ "$(count "$REPLICA" 'date:1900..')" = "$docs2" ] || fail "the replica changed while its master was away"

start_replication_server
out=$(replicate_once) || fail "replication after the rebuild failed: $out"
grep -q "1 copies, 0 changesets, new live database" <<<"$out" || fail "the rebuild was not sent as a full copy: $out"
[ "$(uuid "$REPLICA")" = "$new_uuid" ] || fail "the replica does not hold the rebuilt database"
same_as_master "after the rebuild"
same_over_tcp "after the rebuild"
# The server's pooled search saw the copy switch folders and reopened it.
expect_serve_total "$docs3" "after the full copy"
expect_serve_total "$docs3" "after the full copy (a second request)"
echo "rebuild: $docs2 -> $docs3 documents, UUID $old_uuid -> $new_uuid, followed by a full copy"

# ---- 4. an increment is a changeset only with XAPIAN_MAX_CHANGESETS -------
# Nothing else writes now, so which one the replica gets is certain.
master_index add "$(day 12)" || fail "the increment after the rebuild failed"
changesets=$(compgen -G "$MASTER/changes*" | wc -l)
[ "$changesets" = 1 ] || fail "the master kept $changesets changesets for one commit after the rebuild"
out=$(replicate_once) || fail "replication of the increment failed: $out"
grep -q "0 copies, 1 changesets, new live database" <<<"$out" || fail "the increment was not sent as a changeset: $out"
same_as_master "after an increment with changesets"

env -u XAPIAN_MAX_CHANGESETS "$index_bin" --db "$MASTER" --quiet add "$(day 13)" || fail "the last increment failed"
[ "$(compgen -G "$MASTER/changes*" | wc -l)" = 1 ] || fail "a changeset was written without XAPIAN_MAX_CHANGESETS"
out=$(replicate_once) || fail "the last replication failed: $out"
grep -q "1 copies, 0 changesets" <<<"$out" || fail "without its changeset the update was not a full copy: $out"
same_as_master "after an increment without changesets"
expect_serve_total "$(count "$MASTER" 'date:1900..')" "after the second full copy"

# ---- 5. a sharded master: one xapian-replicate per shard -------------------
# The replication server serves the sharded index's folder, whose databases
# are its shards; the replica is a folder with the master's stub and one
# replica per shard (docs/replicas.md, "A sharded index").
forget "$SERVE"
forget "$REPL_SERVER"
MASTER_DIR=$WORK/sharded
MASTER=$MASTER_DIR
REPLICA=$WORK/sharded-replica
master_index --shards 2 add --jobs 2 "$(day 12)" "$(day 13)" || fail "the sharded build failed"
start_replication_server
mkdir -p "$REPLICA"
cp "$MASTER/XAPIANDB" "$REPLICA/XAPIANDB"
replicate_shards() {
  local k
  for k in 0 1; do
    xapian-replicate --host 127.0.0.1 --port "$REPL_PORT" --master "shard$k" --one-shot --verbose "$REPLICA/shard$k" ||
      return 1
  done
}
out=$(replicate_shards 2>&1) || fail "replicating the shards failed: $out"
same_as_master "a sharded index, after the first copy"
err=$("$index_bin" --db "$REPLICA" add "$(day 15)" 2>&1) && fail "arxiv-index wrote to the sharded replica"
grep -q "is a replica of a sharded index .*: it is read-only" <<<"$err" || fail "arxiv-index on the sharded replica: $err"
master_index add "$(day 15)" || fail "the increment of the sharded master failed"
out=$(replicate_shards 2>&1) || fail "replicating the sharded increment failed: $out"
[ "$(grep -c '0 copies, 1 changesets' <<<"$out")" = 2 ] || fail "each shard's increment was not one changeset: $out"
same_as_master "a sharded index, after an increment"
echo "sharded: $(count "$REPLICA" 'date:1900..') documents in 2 replicated shards"

echo "replica_test.sh: passed"
